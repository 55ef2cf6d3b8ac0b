/**
 * The one Solver interface every solver (exact, annealing, vqe, qaoa) implements, and the shape of
 * what they return. Plain data only, so results survive JSON.stringify.
 */
import type { PortfolioModel } from '../portfolio/model';
import type { PortfolioProblem } from '../portfolio/types';

/** What a solver solves: binary selection (qubit i = asset i) or a weighted model (its bits encode lots). */
export type SolverInput = PortfolioProblem | PortfolioModel;
import type { Sampler } from '../quantum/ports';
import type { IsingModel } from './ising';
import type { IsingAnnealOptions, IsingAnnealResult } from './ising-anneal';

/** Progress of a running solve, reported after each objective evaluation or annealing read. */
export interface SolveProgress {
  readonly step: number;
  readonly totalSteps: number;
  /** Best energy (objective units) seen so far, if any. */
  readonly bestEnergy?: number;
}

/**
 * Where annealing reads run, e.g. worker threads (lib/backends/local ParallelAnnealer). It must
 * return the reads options.firstRead .. + numReads in read order, each read r computed as
 * annealIsing does it (seed deriveSeed(seed, r)), so the answer does not depend on where they ran.
 */
export interface ReadAnnealer {
  run(model: IsingModel, options: IsingAnnealOptions, signal?: AbortSignal): Promise<IsingAnnealResult>;
}

/** Context of one solve: cancellation and progress. Seeds and clocks are parameters, never globals. */
export interface SolveContext {
  /** Aborting cancels the solve with SolveAbortedError at the next evaluation boundary. */
  readonly signal?: AbortSignal;
  /** Where variational solvers run their circuits (default: the in-process state-vector simulator). */
  readonly sampler?: Sampler;
  /**
   * Where the final readout runs when it is not `sampler` (train-then-sample with a noisy local
   * training Sampler: the readout, and what it costs, is the device's).
   */
  readonly readoutSampler?: Sampler;
  /** Where the annealing solver runs its reads (default: in-process, between event-loop turns). */
  readonly annealer?: ReadAnnealer;
  readonly onProgress?: (progress: SolveProgress) => void;
  /** Clock for time budgets, in seconds (default performance.now() / 1000). */
  readonly now?: () => number;
}

/** One distinct measured / sampled bitstring. */
export interface SampleRecord {
  /** Qiskit order: asset i is character n-1-i (asset 0 rightmost). */
  readonly bitstring: string;
  /** Times seen (shots or annealing reads); for exact probabilities, the probability times shots. */
  readonly count: number;
  /** Probability of this bitstring in the final distribution (count / shots when sampled). */
  readonly probability: number;
  /** Portfolio objective q x^T Sigma x - mu^T x. */
  readonly objective: number;
  /** QUBO energy (objective + budget penalty). */
  readonly energy: number;
  readonly feasible: boolean;
}

/** One random start of a multi-start run. */
export interface RestartReport {
  /** Start index 0.. (its parameters come from the run's seed and this index). */
  readonly index: number;
  readonly evaluations: number;
  /** Expectation value of the standardized cost at the end of the start (lower is better). */
  readonly finalValue: number;
  /** Most probable bitstring of the start's final state and its probability. */
  readonly topBitstring: string;
  readonly topProbability: number;
  /** Seconds the start took (the solve context's clock). */
  readonly seconds: number;
}

/**
 * The CVaR levels of a run: `fixed` (one alpha, Barkoutsos et al. 2020) or `ascending` (stages of
 * rising alpha ending at 1, the ascending-CVaR schedule of Kolotouros & Wallden, PRR 4, 023225 (2022)).
 */
export interface CvarSchedule {
  readonly kind: 'fixed' | 'ascending';
  /** Alpha of each stage, in order. */
  readonly alphas: readonly number[];
}

/** What a refinement on the device did (refine.ts): device evaluations (parameter sets) and requests, and the best CVaR seen. */
export interface RefineReport {
  readonly iterations: number;
  readonly evaluations: number;
  readonly requests: number;
  /** CVaR of the trained point on the device, and of the returned point. */
  readonly startValue: number;
  readonly bestValue: number;
}

/** Details of a variational (VQE / QAOA) run. */
export interface VariationalReport {
  readonly algorithm: 'vqe' | 'qaoa';
  readonly ansatz: string;
  readonly reps: number;
  readonly optimizer: string;
  /** CVaR level of the last stage (the only one for a fixed schedule). */
  readonly cvarAlpha: number;
  /**
   * How the parameters were trained: `sampler` (the objective measured through the Sampler, as on
   * hardware) or `subspace-gradient` (exact values and adjoint gradients of the Hamming-weight
   * ansatz in the feasible subspace; the final state still comes from the Sampler).
   */
  readonly method?: 'sampler' | 'subspace-gradient';
  readonly cvarSchedule?: CvarSchedule;
  /** `annealing`: the ansatz starts from the annealing answer (Egger et al., Quantum 5, 479 (2021)). */
  readonly warmStart?: 'none' | 'annealing';
  /** Initial state of the circuit: `|0>`, `|+>`, `dicke` or a basis bitstring (Qiskit order). */
  readonly initialState?: string;
  /** Multi-start runs, in order; the answer comes from the start with the lowest final value. */
  readonly restarts?: readonly RestartReport[];
  /** Why no further start was made: `agreement` (the best value was reached twice), `max-restarts`, `time-budget` or `evaluation-budget`. */
  readonly restartStopReason?: string;
  /** Train-then-sample with refinement: the CMA-ES generations run on the device after local training (refine.ts). */
  readonly refinement?: RefineReport;
  /** Shots per evaluation; null means exact probabilities (analytic). */
  readonly shots: number | null;
  /** Simulator amplitude precision of the run ('double' = float64, 'single' = float32). */
  readonly precision?: 'double' | 'single';
  /** Shots of the final readout from which the answer is picked. */
  readonly finalShots: number;
  readonly iterations: number;
  readonly evaluations: number;
  /** Objective value (CVaR of the QUBO energy) after each evaluation, in order. */
  readonly trace: readonly number[];
  readonly finalParameters: readonly number[];
  readonly initialParameters: readonly number[];
  readonly finalEnergy: number;
  readonly circuit: {
    readonly numQubits: number;
    readonly numParameters: number;
    readonly depth: number;
    readonly gateCounts: Readonly<Record<string, number>>;
  };
  readonly stopReason: string;
}

export interface SolverResult {
  readonly solver: string;
  /** 0/1 per qubit: per asset in ticker order for selection, per model bit for a weighted model. */
  readonly selection: readonly number[];
  /** Whole lots per asset (weighted models only), shape (n). */
  readonly lots?: readonly number[];
  readonly bitstring: string;
  readonly objective: number;
  readonly energy: number;
  readonly feasible: boolean;
  /** Distinct samples, best energy first (at most a few dozen kept). */
  readonly samples: readonly SampleRecord[];
  /**
   * Probability of `optimalBitstring` (when the caller passed it) in the final measured distribution.
   */
  readonly optimumProbability?: number;
  readonly variational?: VariationalReport;
  /** Shots spent on the quantum device/simulator (0 for classical solvers). */
  readonly shotsUsed: number;
  /** Seconds spent waiting in provider queues (variational solvers). */
  readonly queueSeconds?: number;
  /** Estimated cost in USD of the quantum runs (variational solvers). */
  readonly estimatedCostUsd?: number;
  /** The Sampler that ran the circuits (variational solvers), e.g. `local`. */
  readonly backend?: string;
  readonly wallSeconds: number;
}

/** Hints a solver may use, e.g. the exact optimum's bitstring to report its probability. */
export interface SolveHints {
  readonly optimalBitstring?: string;
  /** A weighted model's exact optimum in lots: P(optimum) sums every encoding of it. */
  readonly optimalLots?: readonly number[];
}

export interface Solver<Options> {
  readonly name: string;
  /**
   * Solve the problem. Options are validated at the boundary (lib/jobs, zod); omitted options take
   * the solver's documented defaults. Throws SolverError subclasses.
   */
  readonly solve: (
    problem: SolverInput,
    options?: Partial<Options>,
    context?: SolveContext,
    hints?: SolveHints,
  ) => Promise<SolverResult>;
}
