/**
 * A device's per-qubit readout error applied to a local Sampler's distributions, so that training on
 * the local simulator sees the distribution the device would report (train-then-sample with
 * `quantum.trainNoise: readout`). Each qubit q flips independently on measurement: a prepared 0 is
 * read as 1 with probability p1Given0[q], a prepared 1 as 0 with p0Given1[q] (the tensor product of
 * per-qubit 2x2 confusion matrices, the model of IBM's `prob_meas1_prep0` / `prob_meas0_prep1`
 * backend properties). Exact probabilities (length 2^n) are transformed in O(n 2^n); counts are not
 * (the local training asks exact probabilities).
 *
 * With `postSelectWeight` B the distribution is then conditioned on Hamming weight B, as the
 * readout keeps only feasible portfolios: without it, an expectation value under readout error is
 * dominated by the penalty of the few percent of shots flipped out of the feasible subspace, and
 * training would pick the state whose qubits leak least rather than the best portfolio.
 */
import type { Distribution, Sampler, SamplerRequest, SamplerResult } from '../quantum/ports';

/** Per-qubit readout error, indexed by logical qubit; probabilities in [0, 1). */
export interface ReadoutError {
  readonly p1Given0: readonly number[];
  readonly p0Given1: readonly number[];
}

/** `probs` (length 2^n, qubit q = bit q of the index) as read out through `error`; a new array. */
export function applyReadoutError(probs: Float64Array, error: ReadoutError): Float64Array {
  const out = Float64Array.from(probs);
  const n = Math.round(Math.log2(out.length));
  for (let q = 0; q < n; q++) {
    const e10 = error.p1Given0[q] ?? 0;
    const e01 = error.p0Given1[q] ?? 0;
    if (e10 === 0 && e01 === 0) continue;
    const bit = 1 << q;
    for (let k = 0; k < out.length; k++) {
      if (k & bit) continue;
      const a = out[k]!;
      const b = out[k | bit]!;
      out[k] = (1 - e10) * a + e01 * b;
      out[k | bit] = e10 * a + (1 - e01) * b;
    }
  }
  return out;
}

/** 1 at every index k < `length` whose Hamming weight is `weight`, else 0. */
export function weightMask(length: number, weight: number): Uint8Array {
  const mask = new Uint8Array(length);
  for (let k = 0; k < length; k++) {
    let w = 0;
    for (let x = k; x; x &= x - 1) w++;
    mask[k] = w === weight ? 1 : 0;
  }
  return mask;
}

/**
 * `probs` conditioned on Hamming weight `weight` (unchanged when none of its mass has that weight);
 * `mask` is weightMask(probs.length, weight), passed in by callers that condition many times.
 */
export function postSelect(probs: Float64Array, weight: number, mask: Uint8Array = weightMask(probs.length, weight)): Float64Array {
  const out = new Float64Array(probs.length);
  let kept = 0;
  for (let k = 0; k < probs.length; k++) {
    if (mask[k]) { out[k] = probs[k]!; kept += probs[k]!; }
  }
  if (kept <= 0) return probs;
  for (let k = 0; k < out.length; k++) out[k] = out[k]! / kept;
  return out;
}

/**
 * `inner` with `error` applied to every distribution it returns.
 * @throws Error when `inner` returns counts (ask exact probabilities: no shots)
 */
export function withReadoutError(inner: Sampler, error: ReadoutError, postSelectWeight: number | null = null): Sampler {
  let mask: Uint8Array | undefined; // the feasible indices, computed at the first evaluation
  const noisy = (d: Distribution): Distribution => {
    if (d.kind !== 'probabilities') throw new Error('withReadoutError: expected exact probabilities from the local simulator (no shots)');
    const p = applyReadoutError(d.probabilities, error);
    if (postSelectWeight === null) return { kind: 'probabilities', probabilities: p };
    if (mask?.length !== p.length) mask = weightMask(p.length, postSelectWeight);
    return { kind: 'probabilities', probabilities: postSelect(p, postSelectWeight, mask) };
  };
  return {
    ...inner,
    name: `${inner.name} + readout error`,
    async run(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
      const result = await inner.run(request, signal);
      return { ...result, distributions: result.distributions.map(noisy) };
    },
  };
}
