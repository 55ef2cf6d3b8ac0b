/**
 * Compiled circuits: fusion of 1-qubit runs (diagonal, real and complex products) matches the
 * unfused program and the dense oracle; ranged application over split loop ranges equals one call;
 * re-binding changes only the angles.
 */
import fc from 'fast-check';
import { CircuitBuilder, compileCircuit, param, type Circuit, type GateName } from '../../lib/quantum';
import { applyDenseCircuit, maxAbsDiff, randomState } from '../reference/dense';

const ONE_QUBIT: GateName[] = ['h', 'x', 'y', 'z', 's', 'sdg', 't', 'tdg', 'sx', 'sxdg', 'rx', 'ry', 'rz', 'p', 'u'];

function randomCircuit(n: number, seed: number, length: number): Circuit {
  let s = seed;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const b = new CircuitBuilder(n, { parameters: ['a', 'b'] });
  for (let g = 0; g < length; g++) {
    const q = Math.floor(next() * n);
    if (next() < 0.2 && n > 1) {
      const t = (q + 1 + Math.floor(next() * (n - 1))) % n;
      b.cx(q, t);
      continue;
    }
    const name = ONE_QUBIT[Math.floor(next() * ONE_QUBIT.length)]!;
    const angle = next() < 0.5 ? param(Math.floor(next() * 2), 2 * next() - 1, next()) : 6 * next() - 3;
    const angles = name === 'u' ? [angle, 0.3, -0.2] : ['rx', 'ry', 'rz', 'p'].includes(name) ? [angle] : [];
    b.gate(name, [q], angles);
  }
  return b.build();
}

describe('CompiledProgram', () => {
  test('fused and unfused programs equal the dense oracle on random circuits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 40 }), (n, seed, length) => {
        const circuit = randomCircuit(n, seed, length);
        const params = [0.7, -1.3];
        const start = randomState(n, seed);
        const fused = start.slice();
        const raw = start.slice();
        compileCircuit(circuit).run(fused, params);
        compileCircuit(circuit, { fuse: false }).run(raw, params);
        const dense = applyDenseCircuit(start, circuit, params);
        return maxAbsDiff(fused, dense) < 1e-10 && maxAbsDiff(raw, dense) < 1e-10;
      }),
      { numRuns: 150 },
    );
  });

  test('runs of 1-qubit gates on one qubit become one instruction each', () => {
    const c = new CircuitBuilder(2).h(0).rz(0.3, 0).ry(0.2, 1).t(0).cx(0, 1).rz(0.1, 1).rz(0.2, 1).build();
    const p = compileCircuit(c);
    expect(p.numGates).toBe(7);
    expect(p.numInstructions).toBe(4); // [h rz t] on 0, [ry] on 1, cx, [rz rz] on 1
    expect(compileCircuit(c, { fuse: false }).numInstructions).toBe(7);
  });

  test('applying each instruction over a split loop range equals one full-range call', () => {
    const circuit = randomCircuit(6, 42, 60);
    const whole = randomState(6, 1);
    const split = whole.slice();
    const p = compileCircuit(circuit);
    p.run(whole, [0.1, 0.2]);
    p.bind([0.1, 0.2]);
    for (let i = 0; i < p.numInstructions; i++) {
      const span = p.span(i);
      const cut = Math.floor(span / 3);
      p.apply(split, i, cut, span);
      p.apply(split, i, 0, cut);
    }
    expect(maxAbsDiff(split, whole)).toBe(0);
  });

  test('re-binding with new parameters gives the state of a fresh compile', () => {
    const circuit = randomCircuit(4, 7, 30);
    const p = compileCircuit(circuit);
    const a = randomState(4, 3);
    p.run(a.slice(), [1, 2]);
    const again = a.slice();
    p.run(again, [0.5, -0.5]);
    const fresh = a.slice();
    compileCircuit(circuit).run(fresh, [0.5, -0.5]);
    expect(maxAbsDiff(again, fresh)).toBe(0);
  });
});
