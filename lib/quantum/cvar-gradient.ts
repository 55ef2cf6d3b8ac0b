/**
 * CVaR_alpha of a diagonal observable with its derivative by the probabilities, for gradient-based
 * CVaR-VQE (Barkoutsos et al., Quantum 4, 256 (2020) define CVaR; expectation.ts `cvar` computes the
 * same value).
 *
 * With the basis states walked by ascending energy and b the boundary state (where the accumulated
 * probability reaches alpha), CVaR_alpha = (sum_{k before b} p_k E_k + (alpha - sum_{k before b} p_k) E_b) / alpha,
 * so dCVaR/dp_k = (E_k - E_b) / alpha for the states before b and 0 for the others (b included):
 * the gradient by circuit parameters is that of <ψ|W|ψ> with the diagonal W = those weights, which
 * adjoint differentiation computes (subspace-simulator.ts). At alpha = 1 the weights are E_k minus a
 * constant, the gradient of the expectation value.
 */
import { InvalidArgumentError } from './errors';

/**
 * CVaR_alpha of `probabilities` over `energies` (same length m), walking `order` (indices by
 * ascending energy). Writes dCVaR/dp into `weights` (length m) and returns CVaR_alpha. If the
 * probabilities sum to slightly less than alpha (rounding), returns their mean energy with the
 * weights of that mean.
 * @throws InvalidArgumentError when alpha is not in (0, 1] or the lengths differ
 */
export function cvarAndWeights(
  probabilities: Float64Array,
  energies: Float64Array,
  order: Uint32Array,
  alpha: number,
  weights: Float64Array,
): number {
  if (!(alpha > 0 && alpha <= 1)) throw new InvalidArgumentError(`alpha: ${alpha} is out of range; must be in (0, 1]`, { path: 'alpha' });
  const m = energies.length;
  if (probabilities.length !== m || order.length !== m || weights.length !== m) {
    throw new InvalidArgumentError(`lengths: probabilities ${probabilities.length}, order ${order.length} and weights ${weights.length} must equal energies ${m}`, { path: 'probabilities' });
  }
  weights.fill(0);
  let mass = 0;
  let sum = 0;
  for (let t = 0; t < m; t++) {
    const k = order[t]!;
    const p = probabilities[k]!;
    if (p <= 0) continue;
    if (mass + p >= alpha) {
      const eb = energies[k]!;
      for (let u = 0; u < t; u++) {
        const kk = order[u]!;
        weights[kk] = (energies[kk]! - eb) / alpha;
      }
      return (sum + (alpha - mass) * eb) / alpha;
    }
    mass += p;
    sum += p * energies[k]!;
  }
  if (!(mass > 0)) return NaN;
  const mean = sum / mass;
  for (let k = 0; k < m; k++) weights[k] = (energies[k]! - mean) / mass;
  return mean;
}
