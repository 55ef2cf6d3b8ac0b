/**
 * The variational loop shared by VQE and QAOA (sampling VQE with a CVaR objective).
 *
 * The cost is the diagonal Ising Hamiltonian of the portfolio QUBO (budget penalty included). Each
 * objective evaluation runs the parameterized circuit on the state-vector simulator and returns the
 * CVaR_alpha of the energy distribution (Barkoutsos, Nannicini, Robert, Tavernelli & Woerner,
 * "Improving Variational Quantum Optimization using CVaR", Quantum 4, 256 (2020)); alpha = 1 is the
 * plain expectation value. With `shots` the distribution is sampled as on hardware; without, the exact
 * probabilities are used (analytic). After optimization a final readout of `finalShots` shots is
 * sampled from the optimized state, and the answer is the best feasible sampled bitstring.
 */
import type { Circuit } from '../quantum/circuit';
import {
  createRng,
  createStatevectorSampler,
  cvar,
  cvarFromCounts,
  DEFAULT_MAX_STATE_BYTES,
  diagonalEnergies,
  MAX_QUBITS,
  StateTooLargeError,
  energyOrderSteps,
} from '../quantum';
import type { Distribution, Precision, Sampler } from '../quantum/ports';
import type { IsingHamiltonian } from '../quantum/observable';
import { toIsing } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import { InvalidSolverOptionError, ProblemTooLargeError } from './errors';
import { createModel, type ProblemModel } from './model';
import { getOptimizer } from './optimizers';
import type { Objective, OptimizerName } from './optimizers/types';
import { checkAborted, DEFAULT_FINAL_SHOTS, letDueTimersFire as dueTimers, readOut, runInSteps, SamplerSession, variationalResult, yieldToTimers } from './readout';
import type { CvarSchedule, SolveContext, SolveHints, SolverResult } from './types';

/** Settings common to VQE and QAOA. */
export interface VariationalSettings {
  readonly optimizer: OptimizerName;
  /** Objective evaluations (COBYLA, Nelder-Mead) or iterations (SPSA). */
  readonly maxIterations: number;
  /** Shots per evaluation; omitted = exact probabilities (analytic). 1..100000. */
  readonly shots?: number;
  /** Shots of the final readout (default: `shots`, else 1024). */
  readonly finalShots?: number;
  /** CVaR level alpha in (0, 1]; 1 = expectation value. Used when there is no `cvarSchedule`. */
  readonly cvarAlpha: number;
  /** Stages of CVaR levels (e.g. ascending to 1); overrides `cvarAlpha`. */
  readonly cvarSchedule?: CvarSchedule;
  readonly seed: number;
  readonly initialPoint?: readonly number[];
  /** Convergence tolerance of the optimizer (COBYLA rhoend, Nelder-Mead fatol/xatol; SPSA ignores it). */
  readonly tolerance?: number;
  /** Hard cap on objective evaluations (circuit runs), on top of maxIterations. */
  readonly maxEvaluations?: number;
  /** Largest state vector the simulator may allocate, in bytes (the edge passes free memory). */
  readonly maxStateBytes?: number;
  /** CMA-ES: parameter sets per generation (one Sampler request each). */
  readonly populationSize?: number;
  /** Simulator amplitude precision (float64 'double' or float32 'single'); hardware ignores it. @default 'double' */
  readonly precision?: Precision;
}

/** What a concrete algorithm supplies: the circuit, its name, and a default initial point. */
export interface VariationalPlan {
  readonly algorithm: 'vqe' | 'qaoa';
  readonly ansatzName: string;
  readonly reps: number;
  readonly circuit: Circuit;
  readonly initialPoint: (rng: () => number) => number[];
  /** Initial state of the circuit, for the report (`|0>`, `|+>`, `dicke` or a bitstring). */
  readonly initialState: string;
  readonly warmStart?: 'none' | 'annealing';
  /** Cost of each basis state (length 2^n); default: the energies of the penalized Hamiltonian. */
  readonly energies?: Float64Array;
}

export interface PreparedProblem {
  readonly model: ProblemModel;
  readonly hamiltonian: IsingHamiltonian;
}

/** The portfolio problem as a QUBO and an Ising Hamiltonian (same energies for every bitstring). */
export function prepareProblem(problem: PortfolioProblem, penalty?: number): PreparedProblem {
  return prepareModel(createModel(problem, penalty));
}

/** A solver model (selection or weighted) with its Ising Hamiltonian. */
export function prepareModel(model: ProblemModel): PreparedProblem {
  return { model, hamiltonian: toIsing(model.qubo) };
}

/**
 * Bytes per basis state of a local variational run: amplitude (16), probability (8), energy (8) and
 * the energy order (4).
 */
const BYTES_PER_BASIS_STATE = 36;

/** Refuse, before allocating anything, a simulation whose arrays exceed the memory budget. */
function checkSimulationMemory(n: number, maxBytes = DEFAULT_MAX_STATE_BYTES): void {
  const required = BYTES_PER_BASIS_STATE * 2 ** n;
  if (n > MAX_QUBITS || required > maxBytes) {
    throw new StateTooLargeError(n, required, Math.min(maxBytes, BYTES_PER_BASIS_STATE * 2 ** MAX_QUBITS), {
      what: 'the state vector, probabilities and energies',
    });
  }
}

/**
 * Refuse a problem the backend cannot run: more qubits than a device has (ProblemTooLargeError), or
 * a state the simulator's memory budget cannot hold (StateTooLargeError, which says what is needed).
 */
export function checkBackendSize(sampler: Sampler, n: number, algorithm: string, maxStateBytes?: number): void {
  if (sampler.kind === 'hardware' && n > sampler.maxQubits) {
    throw new ProblemTooLargeError(`${algorithm}: ${n} qubits exceed the ${sampler.maxQubits} qubits of backend ${sampler.name}; choose fewer tickers or another backend`, {
      field: 'portfolio.tickers',
      details: { numQubits: n, maxQubits: sampler.maxQubits },
    });
  }
  if (sampler.kind === 'simulator') checkSimulationMemory(n, maxStateBytes);
}

/**
 * The CVaR levels of `settings`: the fixed `cvarAlpha`, or the stages of `cvarSchedule` (ascending
 * CVaR, Kolotouros & Wallden 2022).
 */
export function scheduleOf(settings: Pick<VariationalSettings, 'cvarAlpha' | 'cvarSchedule'>): CvarSchedule {
  return settings.cvarSchedule ?? { kind: 'fixed', alphas: [settings.cvarAlpha] };
}

/** Run the variational loop; see the module docstring. */
export async function runVariational(
  prepared: PreparedProblem,
  plan: VariationalPlan,
  settings: VariationalSettings,
  context: SolveContext = {},
  hints: SolveHints = {},
): Promise<SolverResult> {
  const started = performance.now();
  const { model, hamiltonian } = prepared;
  const n = model.numQubits;
  const sampler = context.sampler ?? createStatevectorSampler({
    seed: settings.seed,
    ...(settings.maxStateBytes === undefined ? {} : { maxStateBytes: settings.maxStateBytes }),
  });
  checkBackendSize(sampler, n, plan.algorithm, settings.maxStateBytes);
  // The problem's diagonal and its energy order (a sort of 2^n states): in steps, the job's
  // timeout can fire between them.
  const energies = plan.energies ?? diagonalEnergies(hamiltonian);
  const order = await runInSteps(energyOrderSteps(energies), context, plan.algorithm);
  const rng = createRng(settings.seed);
  const numParameters = plan.circuit.parameters.length;
  if (settings.initialPoint && settings.initialPoint.length !== numParameters) {
    throw new InvalidSolverOptionError(
      'quantum.initialPoint',
      `quantum.initialPoint: has ${settings.initialPoint.length} values; the ${plan.ansatzName} circuit on ${n} qubits has ${numParameters} parameters`,
    );
  }
  let x = Float64Array.from(settings.initialPoint ?? plan.initialPoint(() => rng.next()));
  const initialParameters = Array.from(x);
  const trace: number[] = [];
  let best = Infinity;
  const shots = settings.shots ?? (sampler.supportsExactProbabilities ? undefined : DEFAULT_FINAL_SHOTS);
  const session = new SamplerSession(sampler, plan.circuit, context.signal, settings.precision);
  const schedule = scheduleOf(settings);

  let alpha = schedule.alphas[0]!;
  const valueOf = (d: Distribution): number =>
    d.kind === 'probabilities' ? cvar(d.probabilities, energies, alpha, order) : cvarFromCounts(d.counts, energies, alpha);
  const record = (value: number): void => {
    trace.push(value);
    best = Math.min(best, value);
    context.onProgress?.({ step: trace.length, totalSteps: settings.maxIterations, bestEnergy: best });
  };
  // After an evaluation of a large state, let a timer that came due during it (the job's budget)
  // fire before the CVaR pass over 2^n states: a 0 ms timer runs after every timer due before it,
  // where setImmediate would run first. Small states skip it (their pass costs microseconds).
  const letDueTimersFire = n >= 16 ? dueTimers : async () => undefined;
  const objective: Objective = Object.assign(
    async (theta: Float64Array): Promise<number> => {
      checkAborted(context, plan.algorithm);
      const d = await session.run(theta, shots);
      await letDueTimersFire();
      checkAborted(context, plan.algorithm);
      const value = valueOf(d);
      record(value);
      await yieldToTimers();
      return value;
    },
    {
      // Independent points (SPSA's pair) in one request: one hardware job instead of two.
      batch: async (thetas: readonly Float64Array[]): Promise<number[]> => {
        checkAborted(context, plan.algorithm);
        const ds = await session.runMany(thetas, shots);
        await letDueTimersFire();
        checkAborted(context, plan.algorithm);
        const values = ds.map(valueOf);
        values.forEach(record);
        await yieldToTimers();
        return values;
      },
    },
  );

  // One optimizer run per CVaR stage, each from the previous stage's best point.
  const minimize = getOptimizer(settings.optimizer);
  let evaluations = 0;
  let iterations = 0;
  let result: Awaited<ReturnType<typeof minimize>> | undefined;
  // maxEvaluations (the runbook's max_evals) caps all stages together, split like maxIterations.
  const evalCap = settings.maxEvaluations;
  for (let s = 0; s < schedule.alphas.length; s++) {
    alpha = schedule.alphas[s]!;
    const left = schedule.alphas.length - s;
    const budget = Math.max(1, Math.floor((settings.maxIterations - (settings.optimizer === 'spsa' ? 0 : evaluations)) / left));
    const stageCap = evalCap === undefined ? undefined : Math.max(1, Math.floor((evalCap - evaluations) / left));
    result = await minimize(objective, x, {
      maxIterations: settings.optimizer === 'spsa' ? Math.max(1, Math.floor(settings.maxIterations / schedule.alphas.length)) : budget,
      seed: settings.seed + s,
      ...(settings.tolerance === undefined ? {} : { tolerance: settings.tolerance }),
      ...(stageCap === undefined ? {} : { maxEvaluations: stageCap }),
      ...(settings.populationSize === undefined ? {} : { populationSize: settings.populationSize }),
    });
    evaluations += result.evaluations;
    iterations += result.iterations;
    x = Float64Array.from(result.x);
    if (evalCap !== undefined && evaluations >= evalCap) break;
  }
  const last = result!;

  const finalShots = settings.finalShots ?? settings.shots ?? DEFAULT_FINAL_SHOTS;
  // train-then-sample with a noisy local training Sampler: the readout is the device's
  const readoutSession = context.readoutSampler ? new SamplerSession(context.readoutSampler, plan.circuit, context.signal, settings.precision) : session;
  const readout = await readOut(readoutSession, model, last.x, { ...(settings.shots === undefined ? {} : { shots: settings.shots }), finalShots, rng, algorithm: plan.algorithm }, hints);
  return variationalResult(
    readoutSession,
    readout,
    {
      algorithm: plan.algorithm,
      ansatz: plan.ansatzName,
      reps: plan.reps,
      optimizer: settings.optimizer,
      cvarAlpha: alpha,
      shots: settings.shots ?? null,
      finalShots,
      iterations,
      evaluations,
      trace,
      finalParameters: Array.from(last.x),
      initialParameters,
      finalEnergy: last.fun,
      stopReason: last.stopReason,
      method: 'sampler',
      precision: settings.precision ?? 'double',
      cvarSchedule: schedule,
      warmStart: plan.warmStart ?? 'none',
      initialState: plan.initialState,
    },
    started,
  );
}
