/**
 * The XY-mixer QAOA trained in the feasible subspace (the default QAOA method on the local
 * simulator): exact values and adjoint gradients of the circuit's state over the C(n, B) feasible
 * selections (lib/quantum qaoa-subspace.ts), L-BFGS over ascending CVaR stages and multi-start
 * (multi-start.ts), the first start from a linear ramp of angles; the answer is read out from the
 * circuit run on the Sampler (readout.ts).
 */
import { createRng, createStatevectorSampler, indexToBitstring, QaoaSubspaceSimulator } from '../quantum';
import { objectiveQubo, toIsing } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import { InvalidSolverOptionError } from './errors';
import { feasibleEnergies } from './feasible-energies';
import { multiStart, multiStartReport, type GradientModel } from './multi-start';
import { buildQaoaCircuit, hamiltonianScale, spreadState } from './qaoa-circuit';
import { readOut, SamplerSession, variationalResult } from './readout';
import type { CvarSchedule, SolveContext, SolveHints, SolverResult } from './types';
import { checkBackendSize, prepareProblem } from './variational';
import { refineIfAsked, type DeviceRefinement } from './refine';

/** What the subspace method needs of the resolved QAOA settings. */
export interface SubspaceQaoaSettings {
  readonly reps: number;
  readonly initialState: 'basis' | 'dicke';
  readonly maxEvaluations: number;
  /** L-BFGS gradient tolerance (default 1e-7). */
  readonly gradientTolerance?: number;
  readonly maxStageEvaluations: number;
  readonly restarts: number;
  readonly timeBudgetSeconds: number;
  readonly confirmBudgetSeconds?: number;
  readonly schedule: CvarSchedule;
  readonly seed: number;
  readonly finalShots: number;
  readonly warmStartBitstring?: string;
  readonly initialPoint?: readonly number[];
  readonly maxStateBytes?: number;
  /** Generations on the device before the readout (train-then-sample, refine.ts). */
  readonly refine?: DeviceRefinement;
}

/**
 * The first start of the gradient method: a linear ramp, γ_l rising and β_l falling over the layers
 * like a discretized adiabatic path (Sack & Serbyn 2021), with a total evolution time of about
 * p * 0.75 in units of the normalized cost.
 */
export function rampAngles(p: number, dt = 0.75): number[] {
  const betas = Array.from({ length: p }, (_, l) => (1 - (l + 0.5) / p) * dt);
  const gammas = Array.from({ length: p }, (_, l) => ((l + 0.5) / p) * dt);
  return [...betas, ...gammas];
}

/** Run the method; see the module doc. */
export async function runSubspaceQaoa(problem: PortfolioProblem, o: SubspaceQaoaSettings, context: SolveContext = {}, hints: SolveHints = {}): Promise<SolverResult> {
  const started = performance.now();
  const n = problem.tickers.length;
  const { seed } = o;
  const r = { ...o, mixer: 'xy' as const, penalty: 'objective' as const };
  const sampler = context.sampler ?? createStatevectorSampler({ seed, ...(o.maxStateBytes === undefined ? {} : { maxStateBytes: o.maxStateBytes }) });
  checkBackendSize(sampler, n, 'qaoa', o.maxStateBytes);
  const circuit = buildQaoaCircuit(problem, { ...r, ...(o.warmStartBitstring === undefined ? {} : { warmStartBitstring: o.warmStartBitstring }) });
  if (o.initialPoint && o.initialPoint.length !== 2 * r.reps) {
    throw new InvalidSolverOptionError('quantum.initialPoint', `quantum.initialPoint: has ${o.initialPoint.length} values; QAOA with p = ${r.reps} has ${2 * r.reps}`);
  }
  const fe = feasibleEnergies(problem);
  // The circuit's cost layer is exp(-i γ H) with H the objective's Ising form over its scale.
  const scale = hamiltonianScale(toIsing(objectiveQubo(problem)));
  const cost = Float64Array.from(fe.objective, (v) => v / scale);
  const start = r.initialState === 'dicke' ? 'dicke' : parseInt(o.warmStartBitstring ?? spreadState(problem), 2);
  const sim = new QaoaSubspaceSimulator(fe.subspace, cost, r.reps, start);
  const model: GradientModel = {
    numParameters: 2 * r.reps,
    energies: fe.standardized,
    order: fe.order,
    probabilities: (theta, out) => sim.run(theta, out),
    gradient: (weights, gradient, theta) => void sim.gradient(weights, gradient, theta),
    bitstringOf: (position) => indexToBitstring(fe.subspace.states[position]!, n),
  };
  const rng = createRng(seed);
  const toObjective = (v: number): number => v * fe.std + fe.mean;
  const run = await multiStart(model, {
    schedule: r.schedule,
    maxEvaluations: o.maxEvaluations,
    ...(o.gradientTolerance === undefined ? {} : { gradientTolerance: o.gradientTolerance }),
    maxStageEvaluations: o.maxStageEvaluations,
    maxRestarts: o.restarts,
    timeBudgetSeconds: o.timeBudgetSeconds,
    ...(o.confirmBudgetSeconds === undefined ? {} : { confirmBudgetSeconds: o.confirmBudgetSeconds }),
    initialPoints: o.initialPoint ? [o.initialPoint] : [rampAngles(r.reps)],
    // Seeded angles: β in [-pi/2, pi/2), γ in [-pi, pi) over the cost's spread (one radian of phase per standard deviation).
    randomStart: (g) => [
      ...Array.from({ length: r.reps }, () => (g.next() - 0.5) * Math.PI),
      ...Array.from({ length: r.reps }, () => ((2 * g.next() - 1) * Math.PI * scale) / Math.max(fe.std, 1e-300) / 4),
    ],
    rng,
    algorithm: 'qaoa',
    toObjective,
  }, context);
  const session = new SamplerSession(sampler, circuit, context.signal);
  const selectionModel = prepareProblem(problem).model;
  const refined = await refineIfAsked(session, selectionModel, run.x, o.refine, r.schedule, seed, context);
  const readout = await readOut(session, selectionModel, refined?.x ?? run.x, { finalShots: o.finalShots, rng, algorithm: 'qaoa' }, hints);
  return variationalResult(
    session,
    readout,
    {
      algorithm: 'qaoa',
      ansatz: 'qaoa-xy',
      reps: r.reps,
      ...multiStartReport(run, { schedule: r.schedule, toObjective }),
      finalShots: readout.finalShots,
      warmStart: o.warmStartBitstring === undefined ? 'none' : 'annealing',
      initialState: r.initialState === 'dicke' ? 'dicke' : (o.warmStartBitstring ?? spreadState(problem)),
      ...(refined ? { finalParameters: Array.from(refined.x), refinement: refined.report } : {}),
    },
    started,
  );
}

