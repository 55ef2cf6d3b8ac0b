import { fillRademacher, mulberry32 } from '../../../lib/solvers/optimizers/prng';

describe('mulberry32', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const a = mulberry32(123);
    const b = mulberry32(123);
    const c = mulberry32(124);

    const first = Array.from({ length: 5 }, () => a());

    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
    expect(first.every((u) => u >= 0 && u < 1)).toBe(true);
  });

  it('gives balanced ±1 Rademacher entries', () => {
    const out = fillRademacher(mulberry32(5), new Float64Array(20000));

    expect(out.every((v) => v === 1 || v === -1)).toBe(true);
    expect(Math.abs(out.reduce((s, v) => s + v, 0) / out.length)).toBeLessThan(0.02);
  });
});
