/**
 * CVaR-VQE with a Hamming-weight-preserving ansatz trained by exact gradients in the feasible
 * subspace (the default VQE method on the local simulator).
 *
 * - Ansatz: brick layers of Givens rotations (lib/quantum givens-ansatz.ts) from a feasible basis
 *   state (the B assets spread evenly, or the annealing answer as a warm start, Egger, Mareček &
 *   Woerner, "Warm-starting quantum optimization", Quantum 5, 479 (2021)), or from the Dicke state.
 *   Every amplitude stays on selections of exactly B assets, so the cost is the objective alone.
 * - Values and gradients: the circuit is simulated in the C(n, B)-dimensional feasible subspace and
 *   differentiated by the adjoint method (lib/quantum subspace-simulator.ts), all parameters for
 *   about three simulations.
 * - Optimizer: L-BFGS (optimizers/lbfgs.ts) on CVaR_alpha with alpha rising in stages to 1 (ascending
 *   CVaR, Kolotouros & Wallden, "Evolving objective function for improved variational quantum
 *   optimization", PRR 4, 023225 (2022)), each stage from the previous one's point; at alpha = 1 the
 *   state is driven onto the lowest-energy selections it can reach.
 * - Multi-start: starts from seeded random angles in [-pi, pi) until the best final value has been
 *   reached by two starts (agreement), or the start, evaluation or time budget is used up.
 * - Answer: the best start's circuit (`givensCircuit`, the Dicke or X preparation and CX-CRY-CX
 *   Givens gates) is run on the Sampler and read out like every other variational run (readout.ts).
 */
import { createRng, createStatevectorSampler } from '../quantum';
import { givensAnsatz, givensCircuit, type GivensAnsatz, type WeightInitialState } from '../quantum/givens-ansatz';
import { SubspaceSimulator } from '../quantum/subspace-simulator';
import { indexToBitstring } from '../quantum/sampling';
import type { PortfolioProblem } from '../portfolio/types';
import { InvalidSolverOptionError } from './errors';
import { feasibleEnergiesOfModelSteps } from './feasible-energies';
import { createModel, type ProblemModel } from './model';
import { multiStart, multiStartReport, type GradientModel } from './multi-start';
import { checkAborted, letDueTimersFire, readOut, runInSteps, SamplerSession, variationalResult } from './readout';
import { refineIfAsked, type DeviceRefinement } from './refine';
import type { CvarSchedule, SolveContext, SolveHints, SolverResult } from './types';
import { checkBackendSize, prepareModel } from './variational';

export interface SubspaceVqeSettings {
  /** Brick layers of Givens rotations (n parameters each for n > 2). */
  readonly layers: number;
  readonly schedule: CvarSchedule;
  /** Evaluations (value and gradient) of all starts together. */
  readonly maxEvaluations: number;
  /** L-BFGS gradient tolerance (default 1e-7). */
  readonly gradientTolerance?: number;
  /** Evaluations of one L-BFGS stage at most. */
  readonly maxStageEvaluations: number;
  /** Random starts at most. */
  readonly maxRestarts: number;
  /** No new start after this many seconds (the running one finishes). */
  readonly timeBudgetSeconds: number;
  readonly confirmBudgetSeconds?: number;
  /** `basis`: the spread selection (or `warmStartBitstring`); `dicke`: |D^n_B>. */
  readonly initialState: 'basis' | 'dicke';
  /** A feasible bitstring (Qiskit order) to start from, e.g. the annealing answer. */
  readonly warmStartBitstring?: string;
  /** Angles of the first start (radians, one per parameter); the others are random. */
  readonly initialPoint?: readonly number[];
  readonly seed: number;
  /** Shots of the final readout. */
  readonly finalShots: number;
  readonly maxStateBytes?: number;
  /** Generations on the device before the readout (train-then-sample, refine.ts). */
  readonly refine?: DeviceRefinement;
}

/** Subspaces this large (positions) build their pair tables in steps the job's timeout can interrupt. */
const LARGE_SUBSPACE = 1 << 16;

/** The feasible basis state with the B ones spread evenly over the n qubits (Qiskit order). */
export function spreadSelection(n: number, budget: number): string {
  const x = new Array<string>(n).fill('0');
  for (let k = 0; k < budget; k++) x[n - 1 - Math.floor((k * n) / budget)] = '1';
  return x.join('');
}

/**
 * The ansatz the settings describe for a problem or solver model: numQubits qubits holding the
 * feasible Hamming weight (B assets for selection; L - sum(kmin) lot bits for a unary-encoded model).
 * @throws InvalidSolverOptionError when the model has no Hamming-weight constraint.
 */
export function subspaceAnsatz(input: PortfolioProblem | ProblemModel, s: Pick<SubspaceVqeSettings, 'layers' | 'initialState' | 'warmStartBitstring'>): GivensAnsatz {
  const model = 'numQubits' in input ? input : createModel(input);
  const n = model.numQubits;
  const weight = model.weight;
  if (weight === null)
    throw new InvalidSolverOptionError('quantum.ansatz', 'quantum.ansatz: the givens ansatz keeps a Hamming weight, and this model has none (binary lot encoding); use realamplitudes, or the unary encoding');
  const initialState: WeightInitialState =
    s.initialState === 'dicke' ? { kind: 'dicke' } : { kind: 'basis', bitstring: s.warmStartBitstring ?? spreadSelection(n, weight) };
  return givensAnsatz({ numQubits: n, weight, layers: s.layers, initialState });
}

/** Run the method; see the module docstring. */
export async function runSubspaceVqe(
  input: PortfolioProblem | ProblemModel,
  settings: SubspaceVqeSettings,
  context: SolveContext = {},
  hints: SolveHints = {},
): Promise<SolverResult> {
  const started = performance.now();
  const prepared = prepareModel('numQubits' in input ? input : createModel(input));
  const problem = prepared.model;
  const n = problem.numQubits;
  const sampler = context.sampler ?? createStatevectorSampler({
    seed: settings.seed,
    ...(settings.maxStateBytes === undefined ? {} : { maxStateBytes: settings.maxStateBytes }),
  });
  checkBackendSize(sampler, n, 'vqe', settings.maxStateBytes);
  const ansatz = subspaceAnsatz(problem, settings);
  if (settings.initialPoint && settings.initialPoint.length !== ansatz.numParameters) {
    throw new InvalidSolverOptionError(
      'quantum.initialPoint',
      `quantum.initialPoint: has ${settings.initialPoint.length} values; the givens ansatz on ${n} qubits with ${settings.layers} layers has ${ansatz.numParameters} parameters`,
    );
  }
  // The setup (energies of C(n, B) selections, their order, the Givens pair tables) in steps: the
  // job's timeout can fire between them.
  const fe = await runInSteps(feasibleEnergiesOfModelSteps(problem), context, 'vqe');
  if (fe.subspace.dimension >= LARGE_SUBSPACE) {
    for (const op of ansatz.ops) {
      if (op.kind !== 'givens') continue;
      fe.subspace.pairs(op.i, op.j); // built once, kept by the subspace
      await letDueTimersFire();
      checkAborted(context, 'vqe');
    }
  }
  const sim = new SubspaceSimulator(ansatz, fe.subspace);
  const model: GradientModel = {
    numParameters: ansatz.numParameters,
    energies: fe.standardized,
    order: fe.order,
    probabilities(theta, out) {
      const psi = sim.run(theta);
      for (let r = 0; r < psi.length; r++) out[r] = psi[r]! * psi[r]!;
    },
    gradient: (weights, gradient, theta) => void sim.gradient(weights, gradient, theta),
    bitstringOf: (position) => indexToBitstring(fe.subspace.states[position]!, n),
  };
  const rng = createRng(settings.seed);
  const toObjective = (v: number): number => v * fe.std + fe.mean;
  const run = await multiStart(model, {
    schedule: settings.schedule,
    maxEvaluations: settings.maxEvaluations,
    ...(settings.gradientTolerance === undefined ? {} : { gradientTolerance: settings.gradientTolerance }),
    maxStageEvaluations: settings.maxStageEvaluations,
    maxRestarts: settings.maxRestarts,
    timeBudgetSeconds: settings.timeBudgetSeconds,
    ...(settings.confirmBudgetSeconds === undefined ? {} : { confirmBudgetSeconds: settings.confirmBudgetSeconds }),
    initialPoints: settings.initialPoint ? [settings.initialPoint] : [],
    // Seeded uniform angles in [-pi, pi).
    randomStart: (r) => Array.from({ length: ansatz.numParameters }, () => (2 * r.next() - 1) * Math.PI),
    rng,
    algorithm: 'vqe',
    toObjective,
  }, context);

  const session = new SamplerSession(sampler, givensCircuit(ansatz), context.signal);
  const refined = await refineIfAsked(session, prepared.model, run.x, settings.refine, settings.schedule, settings.seed, context);
  const readout = await readOut(session, prepared.model, refined?.x ?? run.x, { finalShots: settings.finalShots, rng, algorithm: 'vqe' }, hints);
  return variationalResult(
    session,
    readout,
    {
      algorithm: 'vqe',
      ansatz: 'givens',
      reps: settings.layers,
      ...multiStartReport(run, { schedule: settings.schedule, toObjective }),
      finalShots: settings.finalShots,
      warmStart: settings.warmStartBitstring === undefined ? 'none' : 'annealing',
      initialState: ansatz.initialState.kind === 'dicke' ? 'dicke' : ansatz.initialState.bitstring,
      ...(refined ? { finalParameters: Array.from(refined.x), refinement: refined.report } : {}),
    },
    started,
  );
}
