import { realAmplitudes } from '../../lib/quantum/ansatz';
import { CircuitBuilder } from '../../lib/quantum/builder';
import { circuitStats } from '../../lib/quantum/stats';

describe('circuitStats (Qiskit depth and count_ops)', () => {
  test('Bell circuit with measure_all: barrier adds no level, measurements do', () => {
    const c = new CircuitBuilder(2).h(0).cx(0, 1).measureAll().build();
    expect(circuitStats(c)).toEqual({
      depth: 3,
      gateCounts: { h: 1, cx: 1, barrier: 1, measure: 2 },
      numParameters: 0,
      numQubits: 2,
    });
  });

  test('a barrier aligns the wires it spans without adding depth', () => {
    // without the barrier x@1 would sit at level 1; with it, it sits after h, h on qubit 0
    const withBarrier = new CircuitBuilder(2).h(0).h(0).barrier().x(1).build();
    const without = new CircuitBuilder(2).h(0).h(0).x(1).build();
    expect(circuitStats(withBarrier).depth).toBe(3);
    expect(circuitStats(without).depth).toBe(2);
  });

  test('measurements into the same clbit serialize', () => {
    const c = new CircuitBuilder(2, { numClbits: 1 }).measure(0, 0).measure(1, 0).build();
    expect(circuitStats(c).depth).toBe(2);
  });

  test('RealAmplitudes(3, reps=1, reverse_linear): depth 4 (ry, cx, cx, ry)', () => {
    const stats = circuitStats(realAmplitudes({ numQubits: 3, reps: 1 }));
    expect(stats).toEqual({ depth: 4, gateCounts: { ry: 6, cx: 2 }, numParameters: 6, numQubits: 3 });
  });
});
