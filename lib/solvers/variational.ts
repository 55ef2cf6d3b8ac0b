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
  allocateState,
  circuitStats,
  compileCircuit,
  createRng,
  cvar,
  cvarFromCounts,
  diagonalEnergies,
  energyOrder,
  probabilities,
  resetState,
  sampleCounts,
} from '../quantum';
import type { IsingHamiltonian } from '../quantum/observable';
import { toIsing } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import { InvalidSolverOptionError, NoFeasibleSampleError, SolveAbortedError } from './errors';
import { createModel, sampleOf, selectionOfBitstring, selectionOfIndex, sortSamples, type ProblemModel } from './model';
import { getOptimizer } from './optimizers';
import type { OptimizerName } from './optimizers/types';
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
  const state = allocateState(n, settings.maxStateBytes === undefined ? {} : { maxBytes: settings.maxStateBytes });
  const energies = diagonalEnergies(hamiltonian);
  const order = energyOrder(energies);
  const compiled = compileCircuit(plan.circuit);
  const probs = new Float64Array(energies.length);
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
  let shotsUsed = 0;
  let best = Infinity;

  const distribution = (theta: ArrayLike<number>): Float64Array => {
    resetState(state);
    compiled.run(state, theta);
    return probabilities(state, probs);
  };
  const objective = async (theta: Float64Array): Promise<number> => {
    if (context.signal?.aborted) throw new SolveAbortedError(`${plan.algorithm}: cancelled`, context.signal.reason);
    const p = distribution(theta);
    let value: number;
    if (settings.shots === undefined) value = cvar(p, energies, settings.cvarAlpha, order);
    else {
      value = cvarFromCounts(sampleCounts(p, settings.shots, rng), energies, settings.cvarAlpha);
      shotsUsed += settings.shots;
    }
    trace.push(value);
    best = Math.min(best, value);
    context.onProgress?.({ step: trace.length, totalSteps: settings.maxIterations, bestEnergy: best });
    // Yield to the event loop so a timeout or cancellation can fire between evaluations.
    await new Promise<void>((resolve) => setImmediate(resolve));
    return value;
  };

  const minimize = getOptimizer(settings.optimizer);
  const result = await minimize(objective, x0, { maxIterations: settings.maxIterations, seed: settings.seed });

  // Final readout from the optimized state.
  const finalProbs = distribution(result.x);
  const finalShots = settings.finalShots ?? settings.shots ?? DEFAULT_FINAL_SHOTS;
  const counts = sampleCounts(finalProbs, finalShots, rng);
  shotsUsed += finalShots;
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
    optimumProbability = settings.shots === undefined ? finalProbs[k]! : (counts.get(k) ?? 0) / finalShots;
  }
  const stats = circuitStats(plan.circuit);
  const variational: VariationalReport = {
    algorithm: plan.algorithm,
    ansatz: plan.ansatzName,
    reps: plan.reps,
    optimizer: settings.optimizer,
    cvarAlpha: settings.cvarAlpha,
    shots: settings.shots ?? null,
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
    wallSeconds: (performance.now() - started) / 1000,
  };
}
