/**
 * Refinement on the device after local training (train-then-sample with `quantum.refineIterations`):
 * `iterations` generations of separable CMA-ES (optimizers/cmaes.ts) from the locally trained angles,
 * each generation one Sampler request of `populationSize` parameter sets (one IBM job with
 * broadcast PUB rows, one Braket program-set task), scoring each set by the CVaR of its sampled
 * energies (Barkoutsos et al., Quantum 4, 256 (2020)) under the penalized QUBO, so infeasible
 * samples from device noise count against it. The step size starts small (`initialStep`, default
 * 0.1 rad): the local optimum is close; the device's noise moves it a little. Returns the best point
 * seen, which is the trained one when no generation improves on it.
 */
import { quboEnergy } from '../portfolio/qubo';
import { cvarFromCounts } from '../quantum/expectation';
import type { Distribution } from '../quantum/ports';
import type { ProblemModel } from './model';
import { selectionOfIndex } from './model';
import { cmaes } from './optimizers/cmaes';
import type { Objective } from './optimizers/types';
import { checkAborted, type SamplerSession } from './readout';
import type { CvarSchedule, RefineReport, SolveContext } from './types';

export type { RefineReport } from './types';

/** What a refinement runs on the device. */
export interface RefineSettings {
  /** CMA-ES generations (one device request each); 0 = none. */
  readonly iterations: number;
  /** Parameter sets per generation. */
  readonly populationSize: number;
  /** Shots per parameter set. */
  readonly shots: number;
  /** CVaR level of the score (the schedule's last alpha). */
  readonly cvarAlpha: number;
  readonly seed: number;
  /** CMA-ES sigma_0 in radians. @default 0.1 */
  readonly initialStep?: number;
}

/** What a job asks of a refinement (the rest comes from the solver: its CVaR level and seed). */
export type DeviceRefinement = Pick<RefineSettings, 'iterations' | 'populationSize' | 'shots'>;


/** refineOnDevice when `refine` asks for generations (the schedule's last CVaR level), else undefined. */
export async function refineIfAsked(
  session: SamplerSession,
  model: ProblemModel,
  x: ArrayLike<number>,
  refine: DeviceRefinement | undefined,
  schedule: CvarSchedule,
  seed: number,
  context: SolveContext,
): Promise<Awaited<ReturnType<typeof refineOnDevice>> | undefined> {
  if (!refine || refine.iterations <= 0) return undefined;
  return refineOnDevice(session, model, x, { ...refine, cvarAlpha: schedule.alphas[schedule.alphas.length - 1]!, seed }, context);
}

/**
 * Refine `x0` on the session's sampler as the module comment says. Throws what the sampler throws
 * (BackendError) and the solver's abort error when `context.signal` fires.
 */
export async function refineOnDevice(
  session: SamplerSession,
  model: ProblemModel,
  x0: ArrayLike<number>,
  settings: RefineSettings,
  context: SolveContext = {},
): Promise<{ readonly x: Float64Array; readonly report: RefineReport }> {
  const n = model.numQubits;
  const energy = new Map<number, number>();
  const energyOf = (k: number) => {
    let e = energy.get(k);
    if (e === undefined) {
      e = quboEnergy(model.qubo, selectionOfIndex(k, n));
      energy.set(k, e);
    }
    return e;
  };
  const valueOf = (d: Distribution) => {
    if (d.kind !== 'counts') throw new Error('refineOnDevice: the device returned probabilities, not counts');
    return cvarFromCounts(d.counts, energyOf, settings.cvarAlpha);
  };
  let requests = 0;
  let evaluations = 0;
  let best = { x: Float64Array.from(x0), value: Infinity };
  const score = async (thetas: readonly Float64Array[]): Promise<number[]> => {
    checkAborted(context, 'refine');
    const ds = await session.runMany(thetas, settings.shots);
    requests++;
    evaluations += thetas.length;
    const values = ds.map(valueOf);
    values.forEach((v, i) => { if (v < best.value) best = { x: Float64Array.from(thetas[i]!), value: v }; });
    return values;
  };
  // the trained point rides along in the first generation (one request fewer than asking it alone)
  let start = Infinity;
  let first = true;
  const objective: Objective = Object.assign(async (theta: Float64Array) => (await score([theta]))[0]!, {
    batch: async (thetas: readonly Float64Array[]) => {
      if (!first) return score(thetas);
      first = false;
      const values = await score([Float64Array.from(x0), ...thetas]);
      start = values[0]!;
      return values.slice(1);
    },
  });
  if (settings.iterations > 0) {
    await cmaes(objective, Float64Array.from(x0), {
      maxIterations: settings.iterations * settings.populationSize,
      populationSize: settings.populationSize,
      initialStep: settings.initialStep ?? 0.1,
      seed: settings.seed,
    });
  }
  return { x: best.x, report: { iterations: requests, evaluations, requests, startValue: start, bestValue: best.value } };
}
