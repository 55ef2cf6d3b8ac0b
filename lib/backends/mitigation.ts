/**
 * Measurement (readout) error mitigation for hardware runs: calibrate each measured qubit's
 * assignment errors once, e0 = P(read 1 | prepared 0) and e1 = P(read 0 | prepared 1), from two
 * circuits broadcast in one request (all qubits in |0>, all in |1>); then correct every
 * distribution by the inverse of the tensored assignment matrix A = ⊗_i [[1-e0_i, e1_i], [e0_i, 1-e1_i]]
 * (Bravyi et al., PRA 103, 042605 (2021), "tensored" mitigation as in Qiskit Experiments'
 * LocalReadoutMitigator), clipping negative quasi-probabilities and renormalizing.
 * The corrected counts are rounded expected counts over the same number of shots.
 */
import { CircuitBuilder } from '../quantum/builder';
import type { Distribution, Sampler, SamplerRequest, SamplerResult } from '../quantum/ports';

export interface ReadoutCalibration {
  readonly method: 'tensored-readout';
  readonly calibrationShots: number;
  /** Per measured qubit: e0 = P(1|0), e1 = P(0|1). */
  readonly qubits: readonly { readonly qubit: number; readonly p1Given0: number; readonly p0Given1: number }[];
}

/** Per-qubit assignment errors from the all-0 and all-1 calibration counts. */
export function calibrate(numQubits: number, zeros: Distribution, ones: Distribution): ReadoutCalibration['qubits'] {
  const frac = (d: Distribution, q: number, bit: number) => {
    if (d.kind !== 'counts') return bit === 0 ? 0 : 0;
    let hits = 0;
    for (const [k, c] of d.counts) if (((k >> q) & 1) === bit) hits += c;
    return hits / d.shots;
  };
  return Array.from({ length: numQubits }, (_, q) => ({ qubit: q, p1Given0: frac(zeros, q, 1), p0Given1: frac(ones, q, 0) }));
}

/** Apply the inverse tensored assignment matrix to a probability vector (length 2^n), in place. */
export function correctProbabilities(p: Float64Array, qubits: ReadoutCalibration['qubits']): Float64Array {
  for (const { qubit, p1Given0: e0, p0Given1: e1 } of qubits) {
    const det = 1 - e0 - e1;
    if (Math.abs(det) < 1e-9) continue; // uninformative readout: leave the qubit alone
    const bit = 1 << qubit;
    for (let k = 0; k < p.length; k++) {
      if (k & bit) continue;
      const m0 = p[k]!;
      const m1 = p[k | bit]!;
      // A^{-1} = 1/det [[1-e1, -e1], [-e0, 1-e0]]
      p[k] = ((1 - e1) * m0 - e1 * m1) / det;
      p[k | bit] = (-e0 * m0 + (1 - e0) * m1) / det;
    }
  }
  let total = 0;
  for (let k = 0; k < p.length; k++) { if (p[k]! < 0) p[k] = 0; total += p[k]!; }
  if (total > 0) for (let k = 0; k < p.length; k++) p[k]! /= total;
  return p;
}

/** Corrected counts of one distribution (n measured qubits). */
export function mitigateCounts(d: Distribution, numQubits: number, qubits: ReadoutCalibration['qubits']): Distribution {
  if (d.kind !== 'counts') return d;
  const p = new Float64Array(2 ** numQubits);
  for (const [k, c] of d.counts) p[k] = c / d.shots;
  correctProbabilities(p, qubits);
  const counts = new Map<number, number>();
  for (let k = 0; k < p.length; k++) { const c = Math.round(p[k]! * d.shots); if (c > 0) counts.set(k, c); }
  return { kind: 'counts', counts, shots: [...counts.values()].reduce((a, b) => a + b, 0) };
}

export type MitigatedSampler = Sampler & { calibration(): ReadoutCalibration | null };

/**
 * Wrap a hardware Sampler: the first request first runs the calibration (counted in its shots and
 * cost), every distribution is then corrected. `calibrationShots` per preparation.
 */
export function withReadoutMitigation(inner: Sampler, calibrationShots = 1000): MitigatedSampler {
  let calibration: ReadoutCalibration | null = null;
  const calibrationCircuits = new Map<number, ReturnType<CircuitBuilder['build']>>();
  const circuitFor = (n: number) => {
    let c = calibrationCircuits.get(n);
    if (!c) {
      const b = new CircuitBuilder(n);
      const [flip] = b.parameterVector('flip', 1);
      for (let q = 0; q < n; q++) b.rx(flip!, q);
      c = b.build();
      calibrationCircuits.set(n, c);
    }
    return c;
  };
  return {
    name: inner.name,
    kind: inner.kind,
    maxQubits: inner.maxQubits,
    supportsExactProbabilities: inner.supportsExactProbabilities,
    calibration: () => calibration,
    async run(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
      const n = request.circuit.numQubits;
      let extra = { shotsUsed: 0, estimatedCostUsd: 0, queueSeconds: 0 };
      if (!calibration || calibration.qubits.length !== n) {
        const cal = await inner.run({ circuit: circuitFor(n), parameterSets: [[0], [Math.PI]], shots: calibrationShots }, signal);
        calibration = { method: 'tensored-readout', calibrationShots, qubits: calibrate(n, cal.distributions[0]!, cal.distributions[1]!) };
        extra = { shotsUsed: cal.shotsUsed, estimatedCostUsd: cal.estimatedCostUsd, queueSeconds: cal.queueSeconds };
      }
      const result = await inner.run(request, signal);
      return {
        distributions: result.distributions.map((d) => mitigateCounts(d, n, calibration!.qubits)),
        shotsUsed: result.shotsUsed + extra.shotsUsed,
        estimatedCostUsd: result.estimatedCostUsd + extra.estimatedCostUsd,
        queueSeconds: result.queueSeconds + extra.queueSeconds,
      };
    },
  };
}
