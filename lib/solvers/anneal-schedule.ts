/**
 * The inverse-temperature schedule shared by every annealing kernel (single flips and swaps): one
 * beta per sweep, geometric (dwave-neal's default) or linear, from betaHot to betaCold. The default
 * range comes from the model (isingBetaRange in ising.ts).
 */

/**
 * A geometric or linear schedule of `numSweeps` inverse temperatures from betaHot to betaCold
 * (1/energy units). With one sweep the schedule is [betaCold].
 */
export function betaSchedule(
  kind: 'geometric' | 'linear',
  betaHot: number,
  betaCold: number,
  numSweeps: number,
): Float64Array {
  const out = new Float64Array(numSweeps);
  if (numSweeps === 1) {
    out[0] = betaCold;
    return out;
  }
  for (let s = 0; s < numSweeps; s++) {
    const t = s / (numSweeps - 1);
    out[s] = kind === 'geometric' ? betaHot * Math.pow(betaCold / betaHot, t) : betaHot + (betaCold - betaHot) * t;
  }
  return out;
}
