import { InvalidArgumentError } from '../../lib/quantum/errors';
import { createRng, xoshiro128StarStar } from '../../lib/quantum/random';

describe('xoshiro128**', () => {
  test('matches the reference C code from state (1, 2, 3, 4)', () => {
    const rng = xoshiro128StarStar(1, 2, 3, 4);
    const out = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(out).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  test('createRng(42) seeds through SplitMix64 like the reference C code', () => {
    const rng = createRng(42);
    const out = Array.from({ length: 6 }, () => rng.nextUint32());
    expect(out).toEqual([1776835114, 4165204688, 17111135, 2317295270, 2792088233, 2554630222]);
  });
});

describe('createRng', () => {
  test('is deterministic for a seed and differs across seeds', () => {
    const a = createRng(7);
    const b = createRng(7);
    const c = createRng(8);
    const sa = Array.from({ length: 100 }, () => a.next());
    expect(Array.from({ length: 100 }, () => b.next())).toEqual(sa);
    expect(Array.from({ length: 100 }, () => c.next())).not.toEqual(sa);
  });

  test('next() is in [0, 1) with mean near 1/2; nextUint32() is an unsigned 32-bit integer', () => {
    const rng = createRng(-3);
    let sum = 0;
    let bad = 0;
    for (let i = 0; i < 20000; i++) {
      const x = rng.next();
      if (!(x >= 0 && x < 1)) bad++;
      sum += x;
      const u = rng.nextUint32();
      if (!(Number.isInteger(u) && u >= 0 && u < 2 ** 32)) bad++;
    }
    expect(bad).toBe(0);
    expect(sum / 20000).toBeCloseTo(0.5, 2);
  });

  test('rejects a seed that is not a safe integer', () => {
    expect(() => createRng(1.5)).toThrow(InvalidArgumentError);
    expect(() => createRng(Number.NaN)).toThrow(/seed: NaN is not a safe integer/);
  });
});
