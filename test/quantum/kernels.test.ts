/**
 * Every gate of GATE_ARITY, on every qubit placement (controls above and below targets,
 * non-adjacent qubits), against the dense Kronecker-product oracle, on seeded random states.
 */
import { GATE_ARITY, type GateName } from '../../lib/quantum/circuit';
import { applyGate } from '../../lib/quantum/statevector';
import { applyDenseGate, maxAbsDiff, randomState } from '../reference/dense';

const TOLERANCE = 1e-12;
const GATES = Object.keys(GATE_ARITY) as GateName[];

/** All ordered tuples of k distinct qubits out of n. */
function placements(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  for (const rest of placements(n, k - 1)) {
    for (let q = 0; q < n; q++) if (!rest.includes(q)) out.push([...rest, q]);
  }
  return out;
}

/** Angles that avoid special values (so a wrong sign or half-angle cannot hide). */
function anglesFor(name: GateName, seed: number): number[] {
  return Array.from({ length: GATE_ARITY[name].params }, (_, i) => 0.3 + 1.7 * i + 0.11 * seed);
}

describe('kernels via applyGate agree with the dense oracle', () => {
  for (const name of GATES) {
    const k = GATE_ARITY[name].qubits;
    const sizes = k === 1 ? [1, 2, 3, 4] : k === 2 ? [2, 3, 4] : [3, 4];
    for (const n of sizes) {
      const cases = placements(n, k);
      test(`${name} on n=${n}, all ${cases.length} placements`, () => {
        cases.forEach((qubits, c) => {
          const seed = 1000 * n + 17 * c + name.length;
          const angles = anglesFor(name, c);
          const start = randomState(n, seed);
          const expected = applyDenseGate(start, n, name, qubits, angles);
          const state = Float64Array.from(start);
          applyGate(state, n, name, qubits, angles);
          const diff = maxAbsDiff(state, expected);
          if (diff > TOLERANCE) throw new Error(`${name}${JSON.stringify(qubits)} angles ${angles}: max diff ${diff}`);
        });
      });
    }
  }
});
