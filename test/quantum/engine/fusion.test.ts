/**
 * Gate fusion (engine/fusion.ts): groups stay within the size, keep every gate once and each
 * qubit's gates in order; with size 1 the groups are compiled.ts's runs of 1-qubit gates.
 */
import fc from 'fast-check';
import { CircuitBuilder, realAmplitudes, type GateOp } from '../../../lib/quantum';
import { fuseGates } from '../../../lib/quantum/engine';

function randomGates(n: number, seed: number, length: number): GateOp[] {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const b = new CircuitBuilder(n);
  for (let g = 0; g < length; g++) {
    const r = next();
    const a = Math.floor(next() * n);
    const c = (a + 1 + Math.floor(next() * (n - 1))) % n;
    const d = [0, 1, 2].map((i) => (a + i) % n);
    if (r < 0.5) b.ry(next(), a);
    else if (r < 0.9) b.cx(a, c);
    else b.ccx(d[0]!, d[1]!, d[2]!);
  }
  return b.build().ops.filter((op): op is GateOp => op.kind === 'gate');
}

describe('fuseGates', () => {
  test('groups within maxQubits (a larger gate alone), every gate once, per-qubit order kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 8 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 80 }), fc.integer({ min: 1, max: 4 }), (n, seed, length, k) => {
        const gates = randomGates(n, seed, length);
        const groups = fuseGates(gates, n, k);
        const order = groups.flatMap((g) => g.members);
        if (order.length !== gates.length || new Set(order).size !== gates.length) return false;
        for (const g of groups) {
          const qubits = new Set(g.members.flatMap((m) => gates[m]!.qubits));
          if (qubits.size !== g.qubits.length || ![...qubits].every((q) => g.qubits.includes(q))) return false;
          if (g.qubits.length > k && g.members.length > 1) return false;
          if ([...g.qubits].sort((a, b) => a - b).some((q, i) => q !== g.qubits[i])) return false;
        }
        for (let q = 0; q < n; q++) {
          const want = gates.map((_, i) => i).filter((i) => gates[i]!.qubits.includes(q));
          const got = order.filter((i) => gates[i]!.qubits.includes(q));
          if (want.some((g, i) => got[i] !== g)) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  test('size 1: runs of 1-qubit gates on one qubit, flushed when a multi-qubit gate touches the qubit', () => {
    const b = new CircuitBuilder(3).ry(0.1, 0).ry(0.2, 0).ry(0.3, 1).cx(0, 2).ry(0.4, 0).ry(0.5, 2);
    const gates = b.build().ops.filter((op): op is GateOp => op.kind === 'gate');
    expect(fuseGates(gates, 3, 1).map((g) => g.members)).toEqual([[0, 1], [3], [4], [2], [5]]);
  });

  test('RealAmplitudes: size 2 pairs each RY with the CX after it (the last pair takes the final RYs of its qubits)', () => {
    const circuit = realAmplitudes({ numQubits: 5, reps: 1, entanglement: 'reverse_linear' });
    const gates = circuit.ops.filter((op): op is GateOp => op.kind === 'gate');
    const groups = fuseGates(gates, 5, 2);
    const names = groups.map((g) => g.members.map((m) => gates[m]!.name).join('+'));
    expect(names).toEqual(['ry+ry+cx', 'ry+cx', 'ry+cx', 'ry+cx+ry+ry', 'ry', 'ry', 'ry']);
  });
});
