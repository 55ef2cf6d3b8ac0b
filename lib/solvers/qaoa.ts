/**
 * QAOA (Farhi, Goldstone & Gutmann, arXiv:1411.4028) and the Quantum Alternating Operator Ansatz with
 * the XY mixer (Hadfield et al., Algorithms 12, 34 (2019)) on the portfolio problem, with the CVaR
 * objective (Barkoutsos et al. 2020). The cost layer uses the Hamiltonian scaled so its largest
 * coefficient is 1 (the angle scale then does not depend on the data's units).
 *
 * Mixers:
 * - `xy` (the default): the ring XY mixer keeps sum(x) = B, so the cost is the objective alone; it
 *   starts from the Dicke state |D^n_B> (the uniform superposition of the feasible selections,
 *   Bärtschi & Eidenbenz 2019) or from one feasible basis state (`initialState: basis`: the spread
 *   selection, or the annealing answer as a warm start).
 * - `x`: Qiskit's QAOAAnsatz mixer from |+>^n on the penalized QUBO. The budget penalty defaults to
 *   the objective's scale (`penalty: objective`: the sum of the objective's absolute QUBO
 *   coefficients, which still puts every infeasible selection above every feasible one) instead of
 *   qiskit-optimization's 1 + that sum, which in daily units is ~100 times the objective's range and
 *   flattens the objective's part of the cost layer.
 *
 * Methods: on the local simulator the XY-mixer circuit is trained with exact adjoint gradients in the
 * feasible subspace (lib/quantum qaoa-subspace.ts), L-BFGS over ascending CVaR stages and multi-start
 * (multi-start.ts), the first start from a linear ramp of angles (the discretized adiabatic path of
 * Sack & Serbyn, Quantum 5, 491 (2021)); otherwise (X mixer, shots, hardware) the objective is
 * measured through the Sampler and minimized by a derivative-free optimizer (variational.ts).
 */
import { createRng, createStatevectorSampler, indexToBitstring, qaoaCircuit, QaoaSubspaceSimulator } from '../quantum';
import type { IsingHamiltonian } from '../quantum/observable';
import type { Circuit } from '../quantum/circuit';
import { bitstringFromSelection, defaultPenalty, objectiveQubo, toIsing } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import { ASCENDING_CVAR } from './cvar-schedule';
import { InvalidSolverOptionError } from './errors';
import { feasibleEnergies } from './feasible-energies';
import { multiStart, type GradientModel } from './multi-start';
import type { OptimizerName } from './optimizers/types';
import { DEFAULT_FINAL_SHOTS, readOut, SamplerSession, variationalResult } from './readout';
import type { CvarSchedule, Solver, SolveContext, SolveHints, SolverResult } from './types';
import { checkBackendSize, prepareProblem, runVariational, type VariationalSettings } from './variational';

export interface QaoaOptions extends Omit<VariationalSettings, 'optimizer'> {
  /** Number of QAOA layers p. */
  readonly reps: number;
  readonly mixer: 'x' | 'xy';
  /** XY mixer: `dicke` (default) or `basis` (the spread selection or `warmStartBitstring`). */
  readonly initialState?: 'basis' | 'dicke';
  readonly optimizer: OptimizerName | 'lbfgs';
  /** Random starts at most (subspace-gradient method). */
  readonly restarts?: number;
  readonly timeBudgetSeconds?: number;
  /** XY mixer from a basis state: start from this feasible bitstring (warm start). */
  readonly warmStartBitstring?: string;
  /** X mixer: the budget penalty, `objective` (default), `qiskit` (1 + sum |c|) or a number. */
  readonly penalty?: 'objective' | 'qiskit' | number;
}

/** Defaults (chosen by measurement, docs/benchmarks.md). */
export const QAOA_DEFAULTS = {
  reps: 2,
  mixer: 'xy',
  /** Evaluations of value and gradient, all starts together (subspace-gradient). */
  maxEvaluations: 3000,
  maxStageEvaluations: 200,
  restarts: 10,
  timeBudgetSeconds: 120,
  /** Sampler path. */
  optimizer: 'cobyla',
  maxIterations: 300,
  cvarAlpha: 0.25,
} as const;

export interface ResolvedQaoa {
  readonly method: 'subspace-gradient' | 'sampler';
  readonly mixer: 'x' | 'xy';
  readonly initialState: 'basis' | 'dicke' | 'plus';
  readonly reps: number;
  readonly optimizer: OptimizerName | 'lbfgs';
  /** Evaluations (all starts together for subspace-gradient) or SPSA iterations. */
  readonly maxIterations: number;
  readonly restarts: number;
  readonly schedule: CvarSchedule;
  readonly penalty: 'objective' | 'qiskit' | number;
}

/**
 * Fill what a user did not give (see QAOA_DEFAULTS and the module doc) and pick the method.
 * @throws InvalidSolverOptionError for L-BFGS where no exact gradients exist (X mixer, shots, hardware)
 */
export function resolveQaoa(given: Partial<QaoaOptions>, env: { readonly exactState: boolean }): ResolvedQaoa {
  const mixer = given.mixer ?? QAOA_DEFAULTS.mixer;
  const exact = env.exactState && given.shots === undefined;
  const gradient = mixer === 'xy' && (given.optimizer === 'lbfgs' || (given.optimizer === undefined && exact));
  if (given.optimizer === 'lbfgs' && !(mixer === 'xy' && exact)) {
    throw new InvalidSolverOptionError('quantum.optimizer', `quantum.optimizer: 'lbfgs' needs exact gradients, which qpo computes for the XY-mixer QAOA on the local simulator without shots; use cobyla, spsa or nelder-mead`);
  }
  const schedule: CvarSchedule =
    given.cvarSchedule ?? (given.cvarAlpha !== undefined ? { kind: 'fixed', alphas: [given.cvarAlpha] } : gradient ? ASCENDING_CVAR : { kind: 'fixed', alphas: [QAOA_DEFAULTS.cvarAlpha] });
  return {
    method: gradient ? 'subspace-gradient' : 'sampler',
    mixer,
    initialState: mixer === 'x' ? 'plus' : (given.initialState ?? (given.warmStartBitstring ? 'basis' : 'dicke')),
    reps: given.reps ?? QAOA_DEFAULTS.reps,
    optimizer: given.optimizer ?? (gradient ? 'lbfgs' : QAOA_DEFAULTS.optimizer),
    maxIterations: given.maxIterations ?? (gradient ? QAOA_DEFAULTS.maxEvaluations : QAOA_DEFAULTS.maxIterations),
    restarts: given.restarts ?? (gradient ? QAOA_DEFAULTS.restarts : 1),
    schedule,
    penalty: given.penalty ?? 'objective',
  };
}

/** The largest absolute linear or quadratic coefficient of a Hamiltonian (1 when all are zero). */
export function hamiltonianScale(h: IsingHamiltonian): number {
  let scale = 0;
  for (let i = 0; i < h.numQubits; i++) {
    scale = Math.max(scale, Math.abs(h.h[i]!));
    for (let j = i + 1; j < h.numQubits; j++) scale = Math.max(scale, Math.abs(h.J[i]![j]!));
  }
  return scale === 0 ? 1 : scale;
}

/** The Hamiltonian divided by its largest absolute linear or quadratic coefficient. */
export function normalizeHamiltonian(h: IsingHamiltonian): IsingHamiltonian {
  const scale = hamiltonianScale(h);
  return {
    numQubits: h.numQubits,
    h: h.h.map((v) => v / scale),
    J: h.J.map((row) => row.map((v) => v / scale)),
    offset: h.offset / scale,
  };
}

/**
 * The objective-scaled budget penalty: 1.001 times the sum of the absolute objective coefficients
 * (lib/portfolio `defaultPenalty` minus its 1). The objective's spread over all selections is at most
 * that sum, so an infeasible selection (penalized by at least P) still lies above every feasible one,
 * with a margin of 0.1 % of the sum instead of 1.
 */
export function objectiveScaledPenalty(problem: PortfolioProblem): number {
  return 1.001 * (defaultPenalty(problem) - 1);
}

/** The penalty weight of the X-mixer cost for a penalty choice (undefined: toQubo's default). */
export function penaltyOf(problem: PortfolioProblem, penalty: ResolvedQaoa['penalty']): number | undefined {
  if (typeof penalty === 'number') return penalty;
  return penalty === 'objective' ? objectiveScaledPenalty(problem) : undefined;
}

/** A feasible basis state with the B ones spread evenly around the ring (Qiskit order). */
function spreadState(problem: PortfolioProblem): string {
  const n = problem.tickers.length;
  const x = new Array<number>(n).fill(0);
  for (let k = 0; k < problem.budget; k++) x[Math.floor((k * n) / problem.budget)] = 1;
  return bitstringFromSelection(x);
}

/**
 * The QAOA circuit for a problem: the XY mixer's cost layer of the normalized objective from the
 * Dicke state or a basis state, or the X mixer's of the normalized penalized Hamiltonian.
 */
export function buildQaoaCircuit(
  problem: PortfolioProblem,
  o: Pick<ResolvedQaoa, 'reps' | 'mixer' | 'initialState' | 'penalty'> & { readonly warmStartBitstring?: string },
): Circuit {
  if (o.mixer === 'xy') {
    const initialState = o.initialState === 'dicke' ? { dicke: problem.budget } : (o.warmStartBitstring ?? spreadState(problem));
    return qaoaCircuit(normalizeHamiltonian(toIsing(objectiveQubo(problem))), o.reps, { kind: 'xy', initialState });
  }
  return qaoaCircuit(normalizeHamiltonian(prepareProblem(problem, penaltyOf(problem, o.penalty)).hamiltonian), o.reps);
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

async function runSubspaceQaoa(problem: PortfolioProblem, r: ResolvedQaoa, o: Partial<QaoaOptions>, context: SolveContext, hints: SolveHints): Promise<SolverResult> {
  const started = performance.now();
  const n = problem.tickers.length;
  const seed = o.seed ?? 0;
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
    maxEvaluations: r.maxIterations,
    maxStageEvaluations: QAOA_DEFAULTS.maxStageEvaluations,
    maxRestarts: r.restarts,
    timeBudgetSeconds: o.timeBudgetSeconds ?? QAOA_DEFAULTS.timeBudgetSeconds,
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
  const readout = await readOut(session, prepareProblem(problem).model, run.x, { finalShots: o.finalShots ?? DEFAULT_FINAL_SHOTS, rng, algorithm: 'qaoa' }, hints);
  return variationalResult(
    session,
    readout,
    {
      algorithm: 'qaoa',
      ansatz: 'qaoa-xy',
      reps: r.reps,
      optimizer: 'lbfgs',
      cvarAlpha: r.schedule.alphas[r.schedule.alphas.length - 1]!,
      shots: null,
      finalShots: readout.finalShots,
      iterations: run.iterations,
      evaluations: run.evaluations,
      trace: run.trace,
      finalParameters: Array.from(run.x),
      initialParameters: [...run.initial],
      finalEnergy: toObjective(run.value),
      stopReason: run.restartStopReason === 'evaluation-budget' ? 'max-iterations' : 'converged',
      method: 'subspace-gradient',
      cvarSchedule: r.schedule,
      warmStart: o.warmStartBitstring === undefined ? 'none' : 'annealing',
      initialState: r.initialState === 'dicke' ? 'dicke' : (o.warmStartBitstring ?? spreadState(problem)),
      restarts: run.restarts,
      restartStopReason: run.restartStopReason,
    },
    started,
  );
}

export const qaoaSolver: Solver<QaoaOptions> = {
  name: 'qaoa',
  async solve(problem, options = {}, context = {}, hints = {}) {
    const exactState = context.sampler ? context.sampler.supportsExactProbabilities : true;
    const r = resolveQaoa(options, { exactState });
    if (r.method === 'subspace-gradient') return runSubspaceQaoa(problem, r, options, context, hints);
    const prepared = prepareProblem(problem, r.mixer === 'x' ? penaltyOf(problem, r.penalty) : undefined);
    const circuit = buildQaoaCircuit(problem, { ...r, ...(options.warmStartBitstring === undefined ? {} : { warmStartBitstring: options.warmStartBitstring }) });
    return runVariational(
      prepared,
      {
        algorithm: 'qaoa',
        ansatzName: r.mixer === 'xy' ? 'qaoa-xy' : 'qaoa',
        reps: r.reps,
        circuit,
        // Small seeded angles around a gentle linear ramp.
        initialPoint: (rand) => circuit.parameters.map(() => 0.1 + 0.4 * rand()),
        initialState: r.initialState === 'plus' ? '|+>' : r.initialState === 'dicke' ? 'dicke' : (options.warmStartBitstring ?? spreadState(problem)),
        warmStart: options.warmStartBitstring === undefined ? 'none' : 'annealing',
      },
      {
        ...options,
        seed: options.seed ?? 0,
        optimizer: r.optimizer as OptimizerName,
        maxIterations: r.maxIterations,
        cvarAlpha: r.schedule.alphas[r.schedule.alphas.length - 1]!,
        cvarSchedule: r.schedule,
      },
      context,
      hints,
    );
  },
};
