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
import { ASCENDING_CVAR } from './cvar-schedule';
import { InvalidSolverOptionError } from './errors';
import type { OptimizerName } from './optimizers/types';
import { buildQaoaCircuit, penaltyOf, spreadState } from './qaoa-circuit';
import { DEFAULT_FINAL_SHOTS } from './readout';
import { runSubspaceQaoa } from './subspace-qaoa';
import type { CvarSchedule, Solver } from './types';
import { prepareProblem, runVariational, type VariationalSettings } from './variational';
import { isPortfolioModel } from './model';
import type { DeviceRefinement } from './refine';

export { buildQaoaCircuit, hamiltonianScale, normalizeHamiltonian, objectiveScaledPenalty, penaltyOf } from './qaoa-circuit';
export { rampAngles, runSubspaceQaoa, type SubspaceQaoaSettings } from './subspace-qaoa';

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
  /** A second start may still begin after the time budget if predicted to end within this many seconds (multi-start.ts). */
  readonly confirmBudgetSeconds?: number;
  /** XY mixer from a basis state: start from this feasible bitstring (warm start). */
  readonly warmStartBitstring?: string;
  /** X mixer: the budget penalty, `objective` (default), `qiskit` (1 + sum |c|) or a number. */
  readonly penalty?: 'objective' | 'qiskit' | number;
  /** Train-then-sample: the exact (subspace) method even on a device; only the readout runs there. */
  readonly trainLocally?: boolean;
  /** Train-then-sample: refine the trained angles on the device before the readout (refine.ts). */
  readonly refine?: DeviceRefinement;
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

export const qaoaSolver: Solver<QaoaOptions> = {
  name: 'qaoa',
  async solve(input, options = {}, context = {}, hints = {}) {
    if (isPortfolioModel(input))
      throw new InvalidSolverOptionError('quantum.algorithm', 'quantum.algorithm: qaoa runs binary selection; for weights (lots) use vqe');
    const problem = input;
    const exactState = options.trainLocally === true || (context.sampler ? context.sampler.supportsExactProbabilities : true);
    const r = resolveQaoa(options, { exactState });
    if (r.method === 'subspace-gradient') {
      return runSubspaceQaoa(problem, {
        reps: r.reps,
        initialState: r.initialState === 'basis' ? 'basis' : 'dicke',
        maxEvaluations: Math.min(r.maxIterations, options.maxEvaluations ?? Infinity),
        ...(options.tolerance === undefined ? {} : { gradientTolerance: options.tolerance }),
        maxStageEvaluations: QAOA_DEFAULTS.maxStageEvaluations,
        restarts: r.restarts,
        timeBudgetSeconds: options.timeBudgetSeconds ?? QAOA_DEFAULTS.timeBudgetSeconds,
        ...(options.confirmBudgetSeconds === undefined ? {} : { confirmBudgetSeconds: options.confirmBudgetSeconds }),
        schedule: r.schedule,
        seed: options.seed ?? 0,
        finalShots: options.finalShots ?? DEFAULT_FINAL_SHOTS,
        ...(options.warmStartBitstring === undefined ? {} : { warmStartBitstring: options.warmStartBitstring }),
        ...(options.initialPoint === undefined ? {} : { initialPoint: options.initialPoint }),
        ...(options.maxStateBytes === undefined ? {} : { maxStateBytes: options.maxStateBytes }),
        ...(options.refine === undefined ? {} : { refine: options.refine }),
      }, context, hints);
    }
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
