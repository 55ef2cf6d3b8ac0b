/**
 * VQE / CVaR-VQE on the portfolio problem.
 *
 * Ansätze: `givens` (the default: Hamming-weight-preserving Givens layers from a feasible state,
 * lib/quantum givens-ansatz.ts) or Qiskit's circuit library (`realamplitudes`, `efficientsu2`,
 * `twolocal`, as in qiskit-finance's portfolio tutorial, SamplingVQE with the CVaR objective of
 * Barkoutsos et al. 2020). Qiskit's names keep Qiskit's meaning: a Qiskit ansatz runs exactly as
 * asked, with the previous defaults (reps 2, COBYLA, 300 evaluations, CVaR alpha 0.25) for whatever
 * is not given.
 *
 * Methods (`resolveVqe` picks one from what is given and what the backend offers):
 * - `subspace-gradient` (givens, exact probabilities on the local simulator): L-BFGS with adjoint
 *   gradients in the feasible subspace, ascending CVaR, multi-start (subspace-vqe.ts);
 * - `sampler` (everything else, and every hardware or shots run): the objective is measured through
 *   the Sampler and minimized by COBYLA, SPSA or Nelder-Mead (variational.ts).
 */
import type { GateName } from '../quantum/circuit';
import { createStatevectorSampler, efficientSU2, realAmplitudes, twoLocal } from '../quantum';
import type { Entanglement } from '../quantum/ansatz';
import type { Circuit } from '../quantum/circuit';
import { givensCircuit } from '../quantum/givens-ansatz';
import type { PortfolioProblem } from '../portfolio/types';
import { ASCENDING_CVAR } from './cvar-schedule';
import { InvalidSolverOptionError } from './errors';
import type { OptimizerName } from './optimizers/types';
import { DEFAULT_FINAL_SHOTS } from './readout';
import { runSubspaceVqe, spreadSelection, subspaceAnsatz, type SubspaceVqeSettings } from './subspace-vqe';
import type { CvarSchedule, Solver, SolverInput, SolverResult } from './types';
import { lotsOfBits } from '../portfolio/model-decode';
import { prepareModel, runVariational, type VariationalSettings } from './variational';
import { modelOf } from './model';
import type { DeviceRefinement } from './refine';
import { withReadoutError, type ReadoutError } from './readout-noise';

export type AnsatzName = 'givens' | 'realamplitudes' | 'efficientsu2' | 'twolocal';
export const ANSATZ_NAMES: readonly AnsatzName[] = ['givens', 'realamplitudes', 'efficientsu2', 'twolocal'];
/** Optimizers of VQE: the derivative-free ones of the registry and L-BFGS (gradient, simulator only). */
export type VqeOptimizerName = OptimizerName | 'lbfgs';

export interface VqeOptions extends Omit<VariationalSettings, 'optimizer'> {
  readonly ansatz: AnsatzName;
  /** Qiskit ansätze: repetitions; givens: brick layers. */
  readonly reps: number;
  /** Qiskit ansätze only. */
  readonly entanglement: Entanglement;
  /** TwoLocal only: rotation and entanglement blocks (default ['ry'] and ['cz']). */
  readonly rotationBlocks?: readonly GateName[];
  readonly entanglementBlocks?: readonly GateName[];
  readonly optimizer: VqeOptimizerName;
  /** Random starts at most (subspace-gradient; 1 on the sampler path). */
  readonly restarts?: number;
  /** No new start after this many seconds. */
  readonly timeBudgetSeconds?: number;
  /** A second start may still begin after the time budget if predicted to end within this many seconds (multi-start.ts). */
  readonly confirmBudgetSeconds?: number;
  /** Givens ansatz: start from this feasible bitstring (a warm start, e.g. the annealing answer). */
  readonly warmStartBitstring?: string;
  /** Givens ansatz: `basis` (a feasible selection) or `dicke` (|D^n_B>). */
  readonly initialState?: 'basis' | 'dicke';
  /**
   * Train-then-sample: optimize with the local simulator's exact method (givens: subspace gradients)
   * even when the Sampler is a device; only the final readout runs on it.
   */
  readonly trainLocally?: boolean;
  /** Train-then-sample: refine the trained angles on the device before the readout (refine.ts). */
  readonly refine?: DeviceRefinement;
  /**
   * Train-then-sample with `quantum.trainNoise: readout`: the local training (COBYLA on the exact
   * probabilities of the givens circuit) sees them through the device's readout error
   * (readout-noise.ts); the readout runs on `context.sampler`, the device.
   */
  readonly trainReadoutError?: ReadoutError;
}

/** Defaults of the Qiskit-ansatz path (the previous defaults of qpo, unchanged). */
export const QISKIT_VQE_DEFAULTS = {
  reps: 2,
  entanglement: 'reverse_linear',
  optimizer: 'cobyla',
  maxIterations: 300,
  cvarAlpha: 0.25,
} as const;

/** Defaults of the givens ansatz. */
export const GIVENS_VQE_DEFAULTS = {
  /** Brick layers. */
  reps: 4,
  /** Evaluations of value and gradient, all starts together (subspace-gradient). */
  maxEvaluations: 4000,
  maxStageEvaluations: 200,
  restarts: 8,
  /** Seconds after which no new start is made (the job's timeout is the hard limit). */
  timeBudgetSeconds: 120,
  /** Sampler path (hardware, shots): derivative-free evaluations. */
  samplerOptimizer: 'cobyla',
  samplerMaxIterations: 300,
} as const;

/** What a backend offers the solver. */
export interface VqeEnvironment {
  /** The Sampler returns exact probabilities and no shots were asked: the local simulator. */
  readonly exactState: boolean;
}

export type ResolvedVqe =
  | { readonly method: 'subspace-gradient'; readonly settings: SubspaceVqeSettings }
  | { readonly method: 'sampler'; readonly options: VqeOptions & { readonly optimizer: OptimizerName } };

/**
 * Fill the options a user did not give, as the module doc says, and pick the method.
 * @throws InvalidSolverOptionError for combinations that cannot run (L-BFGS without exact states or
 *   with a Qiskit ansatz, an entanglement for the givens ansatz)
 */
export function resolveVqe(given: Partial<VqeOptions>, env: VqeEnvironment): ResolvedVqe {
  const ansatz = given.ansatz ?? 'givens';
  const seed = given.seed ?? 0;
  if (ansatz !== 'givens') {
    if (given.optimizer === 'lbfgs') {
      throw new InvalidSolverOptionError('quantum.optimizer', `quantum.optimizer: 'lbfgs' needs exact gradients, which qpo computes for the givens ansatz; use cobyla, spsa or nelder-mead with ${ansatz}, or --ansatz givens`);
    }
    return {
      method: 'sampler',
      options: {
        ...given,
        ansatz,
        seed,
        reps: given.reps ?? QISKIT_VQE_DEFAULTS.reps,
        entanglement: given.entanglement ?? QISKIT_VQE_DEFAULTS.entanglement,
        optimizer: given.optimizer ?? QISKIT_VQE_DEFAULTS.optimizer,
        maxIterations: given.maxIterations ?? QISKIT_VQE_DEFAULTS.maxIterations,
        cvarAlpha: given.cvarAlpha ?? QISKIT_VQE_DEFAULTS.cvarAlpha,
      },
    };
  }
  if (given.entanglement !== undefined) {
    throw new InvalidSolverOptionError('quantum.entanglement', `quantum.entanglement: applies to realamplitudes, efficientsu2 and twolocal; the givens ansatz couples neighbours in brick layers (set --reps for its depth)`);
  }
  const schedule: CvarSchedule = given.cvarSchedule ?? (given.cvarAlpha === undefined ? ASCENDING_CVAR : { kind: 'fixed', alphas: [given.cvarAlpha] });
  const gradient = given.optimizer === 'lbfgs' || (given.optimizer === undefined && env.exactState && given.shots === undefined);
  if (gradient) {
    if (!env.exactState || given.shots !== undefined) {
      throw new InvalidSolverOptionError('quantum.optimizer', `quantum.optimizer: 'lbfgs' needs the exact state of the local simulator; with shots or a hardware backend use cobyla, spsa or nelder-mead`);
    }
    return {
      method: 'subspace-gradient',
      settings: {
        layers: given.reps ?? GIVENS_VQE_DEFAULTS.reps,
        schedule,
        // maxIterations and the runbook's hard cap maxEvaluations, whichever is smaller.
        maxEvaluations: Math.min(given.maxIterations ?? GIVENS_VQE_DEFAULTS.maxEvaluations, given.maxEvaluations ?? Infinity),
        ...(given.tolerance === undefined ? {} : { gradientTolerance: given.tolerance }),
        maxStageEvaluations: GIVENS_VQE_DEFAULTS.maxStageEvaluations,
        maxRestarts: given.restarts ?? GIVENS_VQE_DEFAULTS.restarts,
        timeBudgetSeconds: given.timeBudgetSeconds ?? GIVENS_VQE_DEFAULTS.timeBudgetSeconds,
        ...(given.confirmBudgetSeconds === undefined ? {} : { confirmBudgetSeconds: given.confirmBudgetSeconds }),
        initialState: given.initialState ?? 'basis',
        seed,
        finalShots: given.finalShots ?? DEFAULT_FINAL_SHOTS,
        ...(given.warmStartBitstring === undefined ? {} : { warmStartBitstring: given.warmStartBitstring }),
        ...(given.initialPoint === undefined ? {} : { initialPoint: given.initialPoint }),
        ...(given.maxStateBytes === undefined ? {} : { maxStateBytes: given.maxStateBytes }),
        ...(given.refine === undefined ? {} : { refine: given.refine }),
      },
    };
  }
  return {
    method: 'sampler',
    options: {
      ...given,
      ansatz,
      seed,
      reps: given.reps ?? GIVENS_VQE_DEFAULTS.reps,
      entanglement: 'linear',
      optimizer: (given.optimizer ?? GIVENS_VQE_DEFAULTS.samplerOptimizer) as OptimizerName,
      maxIterations: given.maxIterations ?? GIVENS_VQE_DEFAULTS.samplerMaxIterations,
      cvarAlpha: schedule.alphas[schedule.alphas.length - 1]!,
      cvarSchedule: schedule,
    },
  };
}

/**
 * The circuit of a VQE run on `problem` (what the Sampler runs): a Qiskit ansatz, or the givens
 * ansatz from its initial state (which depends on the budget).
 */
export function buildVqeCircuit(
  problem: SolverInput,
  o: Pick<VqeOptions, 'ansatz' | 'reps' | 'entanglement' | 'rotationBlocks' | 'entanglementBlocks' | 'warmStartBitstring' | 'initialState'>,
): Circuit {
  if (o.ansatz === 'givens') {
    return givensCircuit(subspaceAnsatz(modelOf(problem), { layers: o.reps, initialState: o.initialState ?? 'basis', ...(o.warmStartBitstring === undefined ? {} : { warmStartBitstring: o.warmStartBitstring }) }));
  }
  return buildAnsatz(modelOf(problem).numQubits, o);
}

/** Build the Qiskit ansatz circuit named in the options for n qubits. */
export function buildAnsatz(numQubits: number, o: Pick<VqeOptions, 'ansatz' | 'reps' | 'entanglement' | 'rotationBlocks' | 'entanglementBlocks'>): Circuit {
  switch (o.ansatz) {
    case 'realamplitudes':
      return realAmplitudes({ numQubits, reps: o.reps, entanglement: o.entanglement });
    case 'efficientsu2':
      return efficientSU2({ numQubits, reps: o.reps, entanglement: o.entanglement });
    case 'twolocal':
      return twoLocal({
        numQubits,
        reps: o.reps,
        entanglement: o.entanglement,
        rotationBlocks: [...(o.rotationBlocks ?? ['ry'])],
        entanglementBlocks: [...(o.entanglementBlocks ?? ['cz'])],
      });
    default:
      throw new InvalidSolverOptionError('quantum.ansatz', `quantum.ansatz: '${String(o.ansatz)}' is unknown; use ${ANSATZ_NAMES.join(', ')}`);
  }
}

export const vqeSolver: Solver<VqeOptions> = {
  name: 'vqe',
  async solve(problem, options = {}, context = {}, hints) {
    if (options.trainReadoutError && options.trainLocally) {
      // train on the local simulator through the device's readout error, read out on the device
      // 1. the noiseless optimum (exact gradients in the feasible subspace); 2. from there, COBYLA on the
      // same givens circuit's probabilities as the device would read them out; the readout on the device
      const { trainReadoutError, trainLocally, refine, ...rest } = options; // refine: refused with trainNoise by the JobSpec
      const ideal = createStatevectorSampler({ seed: options.seed ?? 0, ...(options.maxStateBytes === undefined ? {} : { maxStateBytes: options.maxStateBytes }) });
      const { readoutSampler, ...local } = context;
      const clean = await vqeSolver.solve(problem, { ...rest, trainLocally: true }, { ...local, sampler: ideal }, hints);
      const noisy = await vqeSolver.solve(
        problem,
        { ...rest, optimizer: rest.optimizer ?? GIVENS_VQE_DEFAULTS.samplerOptimizer, initialPoint: clean.variational!.finalParameters },
        { ...local, sampler: withReadoutError(ideal, trainReadoutError, modelOf(problem).weight), ...(context.sampler ? { readoutSampler: context.sampler } : {}) },
        hints,
      );
      // every local evaluation, both phases
      return { ...noisy, variational: { ...noisy.variational!, evaluations: noisy.variational!.evaluations + clean.variational!.evaluations } };
    }
    const exactState = options.trainLocally === true || (context.sampler ? context.sampler.supportsExactProbabilities : true);
    const resolved = resolveVqe(options, { exactState });
    const model = modelOf(problem);
    const withLots = (r: SolverResult): SolverResult => (model.portfolioModel ? { ...r, lots: lotsOfBits(model.portfolioModel, r.selection) } : r);
    if (resolved.method === 'subspace-gradient') return withLots(await runSubspaceVqe(model, resolved.settings, context, hints));
    const o = resolved.options;
    const circuit = buildVqeCircuit(problem, o);
    const prepared = prepareModel(model);
    const givens = o.ansatz === 'givens';
    return withLots(await runVariational(
      prepared,
      {
        algorithm: 'vqe',
        ansatzName: o.ansatz,
        reps: o.reps,
        circuit,
        // Seeded uniform initial angles in [-pi, pi).
        initialPoint: (rand) => circuit.parameters.map(() => (2 * rand() - 1) * Math.PI),
        initialState: givens ? (o.initialState === 'dicke' ? 'dicke' : (o.warmStartBitstring ?? spreadSelection(model.numQubits, model.weight ?? 0))) : '|0>',
        warmStart: o.warmStartBitstring === undefined ? 'none' : 'annealing',
      },
      o,
      context,
      hints,
    ));
  },
};
