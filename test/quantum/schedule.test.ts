/**
 * Gate scheduling for cache blocking (schedule.ts): every stage stays within the cap of high qubits,
 * every gate is scheduled once, each qubit sees its gates in circuit order (so the state is the same
 * up to the commutation of gates on disjoint qubits), and RealAmplitudes needs few stages.
 */
import fc from 'fast-check';
import { CircuitBuilder, realAmplitudes, type GateOp } from '../../lib/quantum';
import { scheduleStages } from '../../lib/quantum/schedule';

function gatesOf(c: { ops: readonly { kind: string }[] }): GateOp[] {
  return c.ops.filter((op): op is GateOp => op.kind === 'gate');
}

function randomGates(n: number, seed: number, length: number): GateOp[] {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const b = new CircuitBuilder(n);
  for (let g = 0; g < length; g++) {
    const a = Math.floor(next() * n);
    let c = Math.floor(next() * n);
    if (next() < 0.4 || c === a) b.ry(0.1, a);
    else {
      if (c === a) c = (a + 1) % n;
      b.cx(a, c);
    }
  }
  return gatesOf(b.build());
}

describe('scheduleStages', () => {
  test('random circuits: stages within the cap, every gate once, per-qubit order kept', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 14 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 2, max: 6 }), (n, seed, length, cap) => {
        const gates = randomGates(n, seed, length);
        const minLow = 2;
        const stages = scheduleStages(gates, n, cap, minLow);
        const flat = stages.flat();
        if (flat.length !== gates.length || new Set(flat).size !== gates.length) return false;
        for (const stage of stages) {
          const high = new Set(stage.flatMap((g) => g.qubits.filter((q) => q >= minLow)));
          if (high.size > cap && stage.length > 1) return false;
        }
        for (let q = 0; q < n; q++) {
          const want = gates.filter((g) => g.qubits.includes(q));
          const got = flat.filter((g) => g.qubits.includes(q));
          if (want.some((g, i) => got[i] !== g)) return false;
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  test('RealAmplitudes(reps=3) on 20 and 24 qubits with blocks of 16 (cap 11 above 5 low qubits): 3 stages at most', () => {
    for (const n of [20, 24]) {
      for (const entanglement of ['linear', 'reverse_linear'] as const) {
        const stages = scheduleStages(gatesOf(realAmplitudes({ numQubits: n, reps: 3, entanglement })), n, 11, 5);
        expect(stages.length).toBeLessThanOrEqual(3);
      }
    }
  });
});
