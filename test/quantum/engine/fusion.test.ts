/**
 * Gate fusion (engine/fusion.ts): groups stay within the size, keep every gate once and each
 * qubit's gates in order; with size 1 the groups are compiled.ts's runs of 1-qubit gates.
 * absorbControlled folds each lone CX / CZ into an adjacent run on its target, never past a gate
 * on that qubit.
 */
import fc from 'fast-check';
import { CircuitBuilder, realAmplitudes, type GateOp } from '../../../lib/quantum';
import { absorbControlled, fuseGates } from '../../../lib/quantum/engine';

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

describe('absorbControlled', () => {
  const gatesOf = (b: CircuitBuilder): GateOp[] => b.build().ops.filter((op): op is GateOp => op.kind === 'gate');

  test('a CX takes the run on its target before it, else the one after it; never a run on its control', () => {
    // ry(0) ry(1) cx(0,1) ry(1): the run ry(1) before the CX is taken; ry(0) and the later ry(1) stay
    const gates = gatesOf(new CircuitBuilder(2).ry(0.1, 0).ry(0.2, 1).cx(0, 1).ry(0.3, 1));
    const groups = absorbControlled(gates, fuseGates(gates, 2, 1));
    expect(groups).toEqual([{ qubits: [0], members: [0] }, { qubits: [0, 1], members: [1, 2], control: 0 }, { qubits: [1], members: [3] }]);
    // cx(0,1) first: the run after it (two RYs on qubit 1) joins, moved before the ry on qubit 0
    const after = gatesOf(new CircuitBuilder(2).cx(0, 1).ry(0.1, 0).ry(0.2, 1).ry(0.3, 1));
    expect(absorbControlled(after, fuseGates(after, 2, 1))).toEqual([{ qubits: [0, 1], members: [0, 2, 3], control: 0 }, { qubits: [0], members: [1] }]);
  });

  test('not past a gate on the target: a CX whose target is next used by another CX keeps its own instruction', () => {
    // cx(0,1) cx(1,2) ry(1): qubit 1 is touched by cx(1,2) before the ry, so cx(0,1) stays alone; cx(1,2) takes nothing on 2
    const gates = gatesOf(new CircuitBuilder(3).cx(0, 1).cx(1, 2).ry(0.5, 1));
    const groups = absorbControlled(gates, fuseGates(gates, 3, 1));
    expect(groups.map((g) => g.members)).toEqual([[0], [1], [2]]);
    expect(groups.every((g) => g.control === undefined)).toBe(true);
  });

  test('a CZ may take a run on either qubit; the other becomes the control', () => {
    const gates = gatesOf(new CircuitBuilder(2).ry(0.1, 0).cz(0, 1));
    expect(absorbControlled(gates, fuseGates(gates, 2, 1))).toEqual([{ qubits: [0, 1], members: [0, 1], control: 1 }]);
  });

  test('every gate once, each qubit\'s gates in order, on random circuits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 3, max: 6 }), (seed, n) => {
        const gates = randomGates(n, seed, 40);
        const groups = absorbControlled(gates, fuseGates(gates, n, 1));
        expect(groups.flatMap((g) => g.members).sort((a, b) => a - b)).toEqual(gates.map((_, i) => i));
        for (let q = 0; q < n; q++) {
          const order = groups.flatMap((g) => g.members.filter((m) => gates[m]!.qubits.includes(q)));
          expect(order).toEqual(gates.map((g, i) => (g.qubits.includes(q) ? i : -1)).filter((i) => i >= 0));
        }
        for (const g of groups.filter((x) => x.control !== undefined)) {
          expect(g.qubits).toHaveLength(2);
          expect(g.members.filter((m) => gates[m]!.qubits.length === 2)).toHaveLength(1);
        }
      }),
      { numRuns: 200 },
    );
  });
});
