import { calibrate, correctProbabilities, mitigateCounts, withReadoutMitigation } from '../../lib/backends/mitigation';
import { realAmplitudes } from '../../lib/quantum/ansatz';
import { createRng } from '../../lib/quantum/random';
import { sampleCounts } from '../../lib/quantum/sampling';
import { allocateState, applyCircuit, probabilities } from '../../lib/quantum/statevector';
import type { Distribution, Sampler, SamplerRequest } from '../../lib/quantum/ports';
import { exactProbabilities, totalVariation } from '../helpers/distributions';

/** A noisy-readout sampler: exact circuit, then each bit flips with its own probability (0->1: e0, 1->0: e1). */
function noisySampler(e0: number[], e1: number[], seed = 1): Sampler {
  const rng = createRng(seed);
  return {
    name: 'noisy', kind: 'hardware', maxQubits: 8, supportsExactProbabilities: false,
    async run(r: SamplerRequest) {
      const distributions: Distribution[] = r.parameterSets.map((params) => {
        const s = allocateState(r.circuit.numQubits);
        applyCircuit(s, r.circuit, params);
        const ideal = sampleCounts(probabilities(s), r.shots!, rng);
        const counts = new Map<number, number>();
        for (const [k, c] of ideal) for (let i = 0; i < c; i++) {
          let read = k;
          for (let q = 0; q < r.circuit.numQubits; q++) {
            const bit = (k >> q) & 1;
            if (rng.next() < (bit ? e1[q]! : e0[q]!)) read ^= 1 << q;
          }
          counts.set(read, (counts.get(read) ?? 0) + 1);
        }
        return { kind: 'counts', counts, shots: r.shots! };
      });
      return { distributions, shotsUsed: r.shots! * r.parameterSets.length, queueSeconds: 0, estimatedCostUsd: 0 };
    },
  };
}

const tv = totalVariation;

describe('readout mitigation', () => {
  it('inverts a known tensored assignment matrix exactly', () => {
    const qubits = [{ qubit: 0, p1Given0: 0.1, p0Given1: 0.2 }, { qubit: 1, p1Given0: 0.05, p0Given1: 0.15 }];
    // ideal |01> (qubit0 = 1): measured distribution = A |01>
    const a0 = [0.2, 0.8]; // qubit 0 prepared 1
    const a1 = [0.95, 0.05]; // qubit 1 prepared 0
    const measured = Float64Array.from([0, 1, 2, 3], (k) => a0[k & 1]! * a1[(k >> 1) & 1]!);
    const corrected = correctProbabilities(measured, qubits);
    expect(Array.from(corrected).map((x) => Number(x.toFixed(12)))).toEqual([0, 1, 0, 0]);
  });

  it('calibrates per-qubit errors from the all-0 / all-1 runs', () => {
    const zeros: Distribution = { kind: 'counts', shots: 100, counts: new Map([[0, 90], [1, 10]]) };
    const ones: Distribution = { kind: 'counts', shots: 100, counts: new Map([[3, 80], [1, 20]]) };
    expect(calibrate(2, zeros, ones)).toEqual([{ qubit: 0, p1Given0: 0.1, p0Given1: 0 }, { qubit: 1, p1Given0: 0, p0Given1: 0.2 }]);
  });

  it('brings noisy counts closer to the exact distribution, one calibration for the run', async () => {
    const e0 = [0.03, 0.08, 0.05];
    const e1 = [0.1, 0.04, 0.12];
    const circuit = realAmplitudes({ numQubits: 3, reps: 1 });
    const params = circuit.parameters.map((_, i) => 0.7 * i - 1.2);
    const exact = exactProbabilities(circuit, params);
    const raw = await noisySampler(e0, e1, 5).run({ circuit, parameterSets: [params], shots: 20000 });
    const mitigated = withReadoutMitigation(noisySampler(e0, e1, 5), 20000);
    const out = await mitigated.run({ circuit, parameterSets: [params], shots: 20000 });
    await mitigated.run({ circuit, parameterSets: [params], shots: 20000 });
    const cal = mitigated.calibration()!;
    cal.qubits.forEach((q, i) => { expect(q.p1Given0).toBeCloseTo(e0[i]!, 1); expect(q.p0Given1).toBeCloseTo(e1[i]!, 1); });
    expect(out.shotsUsed).toBe(20000 + 2 * 20000);
    expect(tv(exact, out.distributions[0]!)).toBeLessThan(tv(exact, raw.distributions[0]!) / 3);
    expect(mitigateCounts({ kind: 'probabilities', probabilities: exact }, 3, cal.qubits).kind).toBe('probabilities');
  });
});
