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
  circuitStats,
  createRng,
  createStatevectorSampler,
  cvar,
  cvarFromCounts,
  DEFAULT_MAX_STATE_BYTES,
  diagonalEnergies,
  MAX_QUBITS,
  StateTooLargeError,
  energyOrder,
  sampleCounts,
} from '../quantum';
import type { Distribution, Precision } from '../quantum/ports';
import type { IsingHamiltonian } from '../quantum/observable';
import { toIsing } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import { InvalidSolverOptionError, NoFeasibleSampleError, ProblemTooLargeError, SolveAbortedError } from './errors';
import { createModel, sampleOf, selectionOfBitstring, selectionOfIndex, sortSamples, type ProblemModel } from './model';
import { getOptimizer } from './optimizers';
import type { Objective, OptimizerName } from './optimizers/types';
import type { SampleRecord, SolveContext, SolveHints, SolverResult, VariationalReport } from './types';

/** Settings common to VQE and QAOA. */
export interface VariationalSettings {
  readonly optimizer: OptimizerName;
  /** Objective evaluations (COBYLA, Nelder-Mead) or iterations (SPSA). */
  readonly maxIterations: number;
  /** Shots per evaluation; omitted = exact probabilities (analytic). 1..100000. */
  readonly shots?: number;
  /** Shots of the final readout (default: `shots`, else 1024). */
  readonly finalShots?: number;
  /** CVaR level alpha in (0, 1]; 1 = expectation value. */
  readonly cvarAlpha: number;
  readonly seed: number;
  readonly initialPoint?: readonly number[];
  /** Largest state vector the simulator may allocate, in bytes (the edge passes free memory). */
  readonly maxStateBytes?: number;
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
}

export interface PreparedProblem {
  readonly model: ProblemModel;
  readonly hamiltonian: IsingHamiltonian;
}

/** The portfolio problem as a QUBO and an Ising Hamiltonian (same energies for every bitstring). */
export function prepareProblem(problem: PortfolioProblem, penalty?: number): PreparedProblem {
  const model = createModel(problem, penalty);
  const ising = toIsing(model.qubo);
  return { model, hamiltonian: ising };
}

const DEFAULT_FINAL_SHOTS = 1024;

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
const KEPT_SAMPLES = 32;

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
  const n = model.numAssets;
  const sampler = context.sampler ?? createStatevectorSampler({
    seed: settings.seed,
    ...(settings.maxStateBytes === undefined ? {} : { maxStateBytes: settings.maxStateBytes }),
  });
  // Simulators report memory limits themselves (StateTooLargeError says how much is needed and free).
  if (sampler.kind === 'hardware' && n > sampler.maxQubits) {
    throw new ProblemTooLargeError(`${plan.algorithm}: ${n} qubits exceed the ${sampler.maxQubits} qubits of backend ${sampler.name}; choose fewer tickers or another backend`, {
      field: 'portfolio.tickers',
      details: { numQubits: n, maxQubits: sampler.maxQubits },
    });
  }
  if (sampler.kind === 'simulator') checkSimulationMemory(n, settings.maxStateBytes);
  const energies = diagonalEnergies(hamiltonian);
  const order = energyOrder(energies);
  const rng = createRng(settings.seed);
  const numParameters = plan.circuit.parameters.length;
  if (settings.initialPoint && settings.initialPoint.length !== numParameters) {
    throw new InvalidSolverOptionError(
      'quantum.initialPoint',
      `quantum.initialPoint: has ${settings.initialPoint.length} values; the ${plan.ansatzName} circuit on ${n} qubits has ${numParameters} parameters`,
    );
  }
  const x0 = Float64Array.from(settings.initialPoint ?? plan.initialPoint(() => rng.next()));
  const initialParameters = Array.from(x0);
  const trace: number[] = [];
  const usage = { shots: 0, queueSeconds: 0, costUsd: 0 };
  let best = Infinity;
  const shots = settings.shots ?? (sampler.supportsExactProbabilities ? undefined : DEFAULT_FINAL_SHOTS);

  /** Run the circuit for several parameter sets in one Sampler request (parameter broadcasting). */
  const sampleMany = async (thetas: readonly ArrayLike<number>[], shotCount: number | undefined): Promise<readonly Distribution[]> => {
    const result = await sampler.run(
      {
        circuit: plan.circuit,
        parameterSets: thetas.map((t) => Array.from(t)),
        ...(shotCount === undefined ? {} : { shots: shotCount }),
        ...(settings.precision === undefined ? {} : { precision: settings.precision }),
      },
      context.signal,
    );
    usage.shots += result.shotsUsed;
    usage.queueSeconds += result.queueSeconds;
    usage.costUsd += result.estimatedCostUsd;
    return result.distributions;
  };
  const sample = async (theta: ArrayLike<number>, shotCount: number | undefined): Promise<Distribution> => (await sampleMany([theta], shotCount))[0]!;
  const valueOf = (d: Distribution): number =>
    d.kind === 'probabilities' ? cvar(d.probabilities, energies, settings.cvarAlpha, order) : cvarFromCounts(d.counts, energies, settings.cvarAlpha);
  const record = (value: number): void => {
    trace.push(value);
    best = Math.min(best, value);
    context.onProgress?.({ step: trace.length, totalSteps: settings.maxIterations, bestEnergy: best });
  };
  const checkAborted = (): void => {
    if (context.signal?.aborted) throw new SolveAbortedError(`${plan.algorithm}: cancelled`, context.signal.reason);
  };
  // Yield to the event loop so a timeout or cancellation can fire between evaluations.
  const yieldToTimers = () => new Promise<void>((resolve) => setImmediate(resolve));
  const objective: Objective = Object.assign(
    async (theta: Float64Array): Promise<number> => {
      checkAborted();
      const value = valueOf(await sample(theta, shots));
      record(value);
      await yieldToTimers();
      return value;
    },
    {
      // Independent points (SPSA's pair) in one request: one hardware job instead of two.
      batch: async (thetas: readonly Float64Array[]): Promise<number[]> => {
        checkAborted();
        const values = (await sampleMany(thetas, shots)).map(valueOf);
        values.forEach(record);
        await yieldToTimers();
        return values;
      },
    },
  );

  const minimize = getOptimizer(settings.optimizer);
  const result = await minimize(objective, x0, { maxIterations: settings.maxIterations, seed: settings.seed });

  // Final readout from the optimized state: exact probabilities sampled locally where the backend
  // gives them (so the optimum's exact probability is known), else measured shots.
  const finalShots = settings.finalShots ?? settings.shots ?? DEFAULT_FINAL_SHOTS;
  let finalProbs: Float64Array | undefined;
  let counts: ReadonlyMap<number, number>;
  if (sampler.supportsExactProbabilities && settings.shots === undefined) {
    const d = await sample(result.x, undefined);
    finalProbs = (d as Extract<Distribution, { kind: 'probabilities' }>).probabilities;
    counts = sampleCounts(finalProbs, finalShots, rng);
  } else {
    const d = await sample(result.x, finalShots);
    counts = d.kind === 'counts' ? d.counts : sampleCounts(d.probabilities, finalShots, rng);
  }
  const shotsUsed = usage.shots + (finalProbs ? finalShots : 0);
  const samples: SampleRecord[] = [];
  for (const [index, count] of counts) samples.push(sampleOf(model, selectionOfIndex(index, n), count, count / finalShots));
  sortSamples(samples);
  const answer = samples.find((s) => s.feasible);
  if (!answer) {
    throw new NoFeasibleSampleError(
      `${plan.algorithm}: none of the ${finalShots} final shots selects exactly ${model.problem.budget} assets; ` +
        `raise maxIterations or shots, or use the annealing fallback`,
      { finalShots, distinctSamples: samples.length },
    );
  }
  let optimumProbability: number | undefined;
  if (hints.optimalBitstring !== undefined) {
    const k = parseInt(hints.optimalBitstring, 2);
    optimumProbability = finalProbs ? finalProbs[k]! : (counts.get(k) ?? 0) / finalShots;
  }
  const stats = circuitStats(plan.circuit);
  const variational: VariationalReport = {
    algorithm: plan.algorithm,
    ansatz: plan.ansatzName,
    reps: plan.reps,
    optimizer: settings.optimizer,
    cvarAlpha: settings.cvarAlpha,
    shots: settings.shots ?? null,
    precision: settings.precision ?? 'double',
    finalShots,
    iterations: result.iterations,
    evaluations: result.evaluations,
    trace,
    finalParameters: Array.from(result.x),
    initialParameters,
    finalEnergy: result.fun,
    circuit: { numQubits: n, numParameters, depth: stats.depth, gateCounts: stats.gateCounts },
    stopReason: result.stopReason,
  };
  return {
    solver: plan.algorithm,
    selection: selectionOfBitstring(answer.bitstring),
    bitstring: answer.bitstring,
    objective: answer.objective,
    energy: answer.energy,
    feasible: true,
    samples: samples.slice(0, KEPT_SAMPLES),
    ...(optimumProbability === undefined ? {} : { optimumProbability }),
    variational,
    shotsUsed,
    queueSeconds: usage.queueSeconds,
    estimatedCostUsd: usage.costUsd,
    backend: sampler.name,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
