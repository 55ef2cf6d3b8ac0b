/**
 * The execution plan of a quantum job: for each execution mode, the provider jobs (IBM) or tasks
 * (Braket), circuits and shots it creates, its expected queue, execution and wall time and its cost,
 * whether it fits the job's budget (`quantum.timeoutSeconds`, `limits.maxShots`, `limits.maxCostUsd`),
 * and the mode chosen. One pure function, `planExecution`, called by the dry run
 * (`qpo optimize --dry-run`), by CheckCapacity (the route: a plan that cannot fit goes to the
 * fallback as `plan-exceeds-budget` before any provider job exists) and by the quantum step (which
 * runs the plan's mode, or refuses before submitting anything).
 *
 * Modes:
 * - `per-evaluation`: one Sampler request (one provider job, or one task per parameter set on
 *   Braket without program sets) per optimizer evaluation; SPSA's pairs go as one request.
 * - `batched`: a population optimizer (separable CMA-ES, lib/solvers/optimizers/cmaes.ts) evaluates
 *   `populationSize` parameter sets per request: one IBM job with broadcast PUB rows, one Braket
 *   program-set task (or that many concurrent tasks). Without quantum.populationSize the plan widens
 *   the population (20, 30, 40) until the plan takes at most half the budget (planMode).
 * - `session`: `batched` inside an IBM Runtime session (dedicated mode): the queue is waited once,
 *   then the session's jobs run at once; billed for the session's wall time. IBM only.
 * - `train-then-sample`: the parameters are optimized on the local simulator (exact gradients of the
 *   givens ansatz); the device runs the final circuit once (plus readout calibration), on IBM in a
 *   session so that the two jobs wait the queue once.
 * `auto` takes the cheapest device-optimizing mode (per-evaluation, batched, session) whose plan
 * fits, preferring those that take at most half the budget; else `train-then-sample` when it fits,
 * and records why.
 *
 * Timeline model (lib/backends/plan-model.ts): requests run one after another (an optimizer needs the
 * last answer); the jobs of one request are created together, paced to the provider's creation limit
 * (IBM: 5 per minute); each waits the queue (in a session: only the first), runs, and is seen finished
 * at the next poll. A plan fits when its wall time is within PLAN_HEADROOM of the budget.
 */
import { deviceModel, type DeviceFacts, type DeviceModel, type ModelSettings } from '../backends/plan-model';
import { countVariationalRequests } from '../solvers/requests';
import type { OptimizerName } from '../solvers/optimizers/types';

export const EXECUTION_MODES = ['per-evaluation', 'batched', 'session', 'train-then-sample'] as const;
export type ExecutionMode = (typeof EXECUTION_MODES)[number];
export type RequestedMode = 'auto' | ExecutionMode;

/** Share of the budget a plan may take: the rest is for the readout's decoding, the record and noise. */
export const PLAN_HEADROOM = 0.8;
/** Parameter sets per request of the batched and session modes (CMA-ES population) by default. */
export const BATCHED_POPULATION_SIZE = 20;
/**
 * Populations the batched and session modes may widen to when the spec gives none: on a device a
 * generation costs a queue wait (Braket) or a creation slot (IBM: 5 per minute) nearly whatever its
 * size, so the same evaluation budget in fewer, wider generations finishes sooner.
 */
export const BATCHED_POPULATION_LADDER = [BATCHED_POPULATION_SIZE, 30, 40] as const;
/** Share of the budget the batched population is widened to stay within (the rest: a busier queue than planned). */
export const BATCHED_TARGET_SHARE = 0.5;

/** What the quantum path asks of a device, before the mode is chosen (from the JobSpec; workloadOf). */
export interface Workload {
  readonly algorithm: 'vqe' | 'qaoa';
  readonly numQubits: number;
  readonly numParameters: number;
  /** The optimizer per-evaluation runs on a device (the spec's, else the sampler path's default). */
  readonly optimizer: OptimizerName;
  /** The spec named the optimizer (batched then keeps it instead of CMA-ES). */
  readonly optimizerGiven: boolean;
  readonly maxIterations: number;
  readonly maxEvaluations?: number;
  /** CVaR stages. */
  readonly stages: number;
  readonly populationSize: number;
  /** The spec gave quantum.populationSize (the plan then keeps it; otherwise it may widen it). */
  readonly populationGiven?: boolean;
  /** Train-then-sample: CMA-ES generations on the device after training (the first also scores the trained point). */
  readonly refineIterations?: number;
  /** Shots per evaluation on a device. */
  readonly shots: number;
  readonly finalShots: number;
  /** Shots per calibration circuit of readout mitigation (hardware), null when mitigation is off. */
  readonly calibrationShots: number | null;
  /** Why train-then-sample cannot run this job, or null when it can. */
  readonly trainLocallyProblem: string | null;
}

export interface Budget {
  readonly timeoutSeconds: number;
  readonly maxShots?: number;
  readonly maxCostUsd?: number;
}

/** The plan of one mode. */
export interface ModePlan {
  readonly mode: ExecutionMode;
  /** Provider jobs (IBM) or tasks (Braket) created. */
  readonly providerJobs: number;
  /** Sampler requests (rounds of provider work, one after another). */
  readonly requests: number;
  /** Circuit executions (parameter sets), calibration included. */
  readonly circuits: number;
  readonly shots: number;
  readonly expectedQueueSeconds: number;
  readonly expectedExecutionSeconds: number;
  readonly expectedWallSeconds: number;
  readonly expectedCostUsd: number;
  /** Parameter sets per request of the batched and session modes (CMA-ES population); absent otherwise. */
  readonly populationSize?: number;
  /** Objective evaluations on the device and on the local simulator (train-then-sample trains locally). */
  readonly evaluations: { readonly device: number; readonly local: 'optimization' | 0 };
  readonly fits: boolean;
  /** Why it does not fit or cannot run (empty when it fits). */
  readonly whyNot: readonly string[];
  /** Which bound it breaks: the time budget, limits.maxShots, limits.maxCostUsd; or it cannot run here at all. */
  readonly exceeds: { readonly time: boolean; readonly shots: boolean; readonly cost: boolean; readonly unavailable: boolean };
}

/** The plan of a job: the chosen mode's figures, why it was chosen, and every mode's plan. */
export interface ExecutionPlan extends ModePlan {
  readonly requestedMode: RequestedMode;
  readonly backend: string;
  readonly reason: string;
  readonly budgetSeconds: number;
  readonly candidates: readonly ModePlan[];
}

interface Request {
  readonly sets: number;
  readonly shotsPerSet: number;
}

const round = (x: number, digits = 3) => Number(x.toFixed(digits));

function timeline(requests: readonly Request[], model: DeviceModel, session: boolean) {
  let t = 0;
  const created: number[] = [];
  let queue = 0;
  let execution = 0;
  let cost = 0;
  let jobs = 0;
  let sessionStart: number | null = null;
  for (const r of requests) {
    const n = model.jobsPerRequest(r.sets);
    const shotsPerJob = n === 0 ? 0 : (r.sets * r.shotsPerSet) / n;
    let end = t;
    for (let j = 0; j < n; j++) {
      let at = t;
      if (created.length >= model.jobsPerWindow) at = Math.max(at, created[created.length - model.jobsPerWindow]! + model.pacingWindowSeconds);
      created.push(at);
      const wait: number = session && sessionStart !== null ? 0 : model.queueSecondsPerJob;
      const run = model.executionSeconds(shotsPerJob);
      if (session && sessionStart === null) sessionStart = at + wait;
      end = Math.max(end, at + model.detectionSeconds(wait + run) + model.overheadSeconds);
      queue += wait;
      execution += run;
      cost += model.jobCostUsd(shotsPerJob);
      jobs++;
    }
    t = end + model.localSecondsPerRequest;
  }
  if (session && sessionStart !== null) cost = ((t - sessionStart) / model.timeScale) * (model.sessionUsdPerSecond ?? 0);
  return { wall: t, queue, execution, cost, jobs };
}

/** Whether a mode runs in an IBM session: `session`, and `train-then-sample` where sessions exist (one queue wait for calibration and readout). */
export function sessionOf(mode: ExecutionMode, model: Pick<DeviceModel, 'sessionUsdPerSecond'>): boolean {
  return mode === 'session' || (mode === 'train-then-sample' && model.sessionUsdPerSecond !== null);
}

/**
 * The plan of one mode. Batched and session without a population in the spec: the smallest
 * population of BATCHED_POPULATION_LADDER whose plan takes at most BATCHED_TARGET_SHARE of the
 * budget, else the one with the shortest wall time.
 */
function planMode(mode: ExecutionMode, w: Workload, model: DeviceModel, budget: Budget): ModePlan {
  if ((mode !== 'batched' && mode !== 'session') || w.populationGiven !== false || model.facts.provider === 'local') return planModeWith(mode, w, model, budget);
  const plans = BATCHED_POPULATION_LADDER.map((populationSize) => planModeWith(mode, { ...w, populationSize }, model, budget));
  return plans.find((p) => p.expectedWallSeconds <= budget.timeoutSeconds * BATCHED_TARGET_SHARE) ?? [...plans].sort((a, b) => a.expectedWallSeconds - b.expectedWallSeconds)[0]!;
}

function planModeWith(mode: ExecutionMode, w: Workload, model: DeviceModel, budget: Budget): ModePlan {
  const whyNot: string[] = [];
  let unavailable = false;
  const f = model.facts;
  const calibration: Request[] = f.kind === 'hardware' && w.calibrationShots !== null ? [{ sets: 2, shotsPerSet: w.calibrationShots }] : [];
  let optimization: Request[] = [];
  let deviceEvaluations = 0;
  if (mode === 'train-then-sample') {
    if (w.trainLocallyProblem) {
      whyNot.push(w.trainLocallyProblem);
      unavailable = true;
    }
    const k = w.refineIterations ?? 0;
    optimization = Array.from({ length: k }, (_, i) => ({ sets: w.populationSize + (i === 0 ? 1 : 0), shotsPerSet: w.shots }));
    deviceEvaluations = optimization.reduce((a, r) => a + r.sets, 0);
  } else {
    const batched = mode !== 'per-evaluation';
    const optimizer: OptimizerName = batched && !w.optimizerGiven ? 'cmaes' : w.optimizer;
    const count = countVariationalRequests({
      optimizer,
      maxIterations: w.maxIterations,
      stages: w.stages,
      populationSize: w.populationSize,
      ...(w.maxEvaluations === undefined ? {} : { maxEvaluations: w.maxEvaluations }),
    });
    optimization = count.requestSets.map((sets) => ({ sets, shotsPerSet: w.shots }));
    deviceEvaluations = count.evaluations;
    if (mode === 'session' && f.provider !== 'ibm') {
      whyNot.push(`${f.provider === 'braket' ? 'Amazon Braket has' : `${f.name} has`} no sessions (use batched: program sets)`);
      unavailable = true;
    }
  }
  const requests = [...calibration, ...optimization, { sets: 1, shotsPerSet: w.finalShots }];
  const t = timeline(requests, model, sessionOf(mode, model));
  const shots = requests.reduce((a, r) => a + r.sets * r.shotsPerSet, 0);
  const circuits = requests.reduce((a, r) => a + r.sets, 0);
  const limit = budget.timeoutSeconds * PLAN_HEADROOM;
  const exceeds = {
    time: t.wall > limit,
    shots: budget.maxShots !== undefined && f.provider !== 'local' && shots > budget.maxShots,
    cost: budget.maxCostUsd !== undefined && t.cost > budget.maxCostUsd + 1e-12,
    unavailable,
  };
  if (exceeds.time)
    whyNot.push(`expected wall time ${round(t.wall, 1)} s exceeds ${Math.round(PLAN_HEADROOM * 100)} % of quantum.timeoutSeconds (${budget.timeoutSeconds} s)`);
  if (exceeds.shots) whyNot.push(`needs ${shots} shots, more than limits.maxShots (${budget.maxShots})`);
  if (exceeds.cost) whyNot.push(`expected cost $${t.cost.toFixed(2)} exceeds limits.maxCostUsd ($${budget.maxCostUsd})`);
  return {
    mode,
    providerJobs: t.jobs,
    requests: requests.length,
    circuits,
    shots,
    expectedQueueSeconds: round(t.queue),
    expectedExecutionSeconds: round(t.execution),
    expectedWallSeconds: round(t.wall),
    expectedCostUsd: round(t.cost, 4),
    ...(mode === 'batched' || mode === 'session' ? { populationSize: w.populationSize } : {}),
    evaluations: { device: deviceEvaluations + 1, local: mode === 'train-then-sample' ? 'optimization' : 0 },
    fits: whyNot.length === 0,
    whyNot,
    exceeds,
  };
}

const DEVICE_MODES: readonly ExecutionMode[] = ['per-evaluation', 'batched', 'session'];
/**
 * auto's order among the modes that fit: those within BATCHED_TARGET_SHARE of the budget first (a
 * queue busier than planned then still finishes; a fallback would waste what was paid), then the
 * cheaper, then the faster.
 */
const better = (budgetSeconds: number) => (a: ModePlan, b: ModePlan) => {
  const margin = (p: ModePlan) => (p.expectedWallSeconds <= budgetSeconds * BATCHED_TARGET_SHARE ? 0 : 1);
  return margin(a) - margin(b) || a.expectedCostUsd - b.expectedCostUsd || a.expectedWallSeconds - b.expectedWallSeconds;
};

/**
 * The plan of a workload on a device within a budget, in the requested mode or, for `auto`, the mode
 * chosen as the module comment says. On the local simulator there are no provider jobs: the plan is
 * `per-evaluation` with zeros, and fits.
 */
export function planExecution(w: Workload, facts: DeviceFacts, budget: Budget, requested: RequestedMode = 'auto', settings: ModelSettings = {}): ExecutionPlan {
  const model = deviceModel(facts, settings);
  const candidates = EXECUTION_MODES.map((m) => planMode(m, w, model, budget));
  const byMode = (m: ExecutionMode) => candidates.find((c) => c.mode === m)!;
  const base = { requestedMode: requested, backend: facts.name, budgetSeconds: budget.timeoutSeconds, candidates };
  if (facts.provider === 'local') {
    const local = byMode('per-evaluation');
    return { ...local, ...base, reason: 'the local simulator: no provider jobs, every evaluation in-process' };
  }
  if (requested !== 'auto') {
    const c = byMode(requested);
    return { ...c, ...base, reason: c.fits ? `requested (quantum.executionMode ${requested})` : `requested (quantum.executionMode ${requested}); it does not fit: ${c.whyNot.join('; ')}` };
  }
  const onDevice = DEVICE_MODES.map(byMode).filter((c) => c.fits).sort(better(budget.timeoutSeconds));
  if (onDevice.length > 0) {
    const best = onDevice[0]!;
    const others = DEVICE_MODES.filter((m) => m !== best.mode).map(byMode);
    const notes = others.map((o) => `${o.mode}: ${o.fits ? `$${o.expectedCostUsd.toFixed(2)}` : o.whyNot.join(', ')}`);
    const within = best.expectedWallSeconds <= budget.timeoutSeconds * BATCHED_TARGET_SHARE;
    const which = within ? `the cheapest mode that optimizes on the device within ${BATCHED_TARGET_SHARE * 100} % of the budget` : 'the cheapest mode that optimizes on the device and fits';
    return { ...best, ...base, reason: `auto: ${which} (${notes.map((n, i) => `${n}${others[i]!.fits ? ` in ~${Math.round(others[i]!.expectedWallSeconds)} s` : ''}`).join('; ')})` };
  }
  const tts = byMode('train-then-sample');
  const reasons = DEVICE_MODES.map((m) => `${m}: ${byMode(m).whyNot.join(', ')}`).join('; ');
  if (tts.fits) return { ...tts, ...base, reason: `auto: no mode that optimizes on the device fits (${reasons}); trained on the local simulator, sampled on the device` };
  const fastest = [...candidates].filter((c) => c.whyNot.length > 0).sort((a, b) => a.expectedWallSeconds - b.expectedWallSeconds)[0]!;
  return { ...fastest, ...base, reason: `auto: no mode fits (${reasons}; train-then-sample: ${tts.whyNot.join(', ')})` };
}

/** One line of a plan for messages and the CLI. */
export function planSummary(p: ExecutionPlan): string {
  return `${p.mode} on ${p.backend}: ${p.providerJobs} provider jobs, ${p.shots} shots, ~${Math.round(p.expectedWallSeconds)} s wall (queue ${Math.round(p.expectedQueueSeconds)} s), ~$${p.expectedCostUsd.toFixed(2)}`;
}
