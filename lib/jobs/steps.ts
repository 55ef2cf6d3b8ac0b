/**
 * The steps of one job, each a function over plain data so the local runner, the Lambdas and the
 * Batch container can run the same code: quantum solve, annealing fallback, exact reference.
 */
import type { PortfolioProblem } from '../portfolio/types';
import { annealingSolver, exactSolver, qaoaSolver, solveExactly, vqeSolver } from '../solvers';
import type { GateName } from '../quantum/circuit';
import type { SolveContext, SolveHints, SolverResult } from '../solvers/types';
import type { ExactSolution } from '../solvers/exact';
import { JobValidationError } from './errors';
import type { JobSpec } from './spec';

/** Largest n for which the exact optimum is computed as the quality reference (about 0.1 s at 22). */
export const QUALITY_REFERENCE_MAX_ASSETS = 22;

/** The exact optimum and worst feasible value, when n allows. */
export function exactReference(problem: PortfolioProblem): ExactSolution | null {
  return problem.tickers.length <= QUALITY_REFERENCE_MAX_ASSETS ? solveExactly(problem) : null;
}

/** The ansatz settings of a JobSpec's quantum section, as buildAnsatz takes them. */
export function ansatzOptionsOf(q: JobSpec['quantum']) {
  return {
    ansatz: q.ansatz,
    reps: q.reps,
    entanglement: q.entanglement,
    ...(q.rotationBlocks ? { rotationBlocks: q.rotationBlocks as GateName[] } : {}),
    ...(q.entanglementBlocks ? { entanglementBlocks: q.entanglementBlocks as GateName[] } : {}),
  };
}

/** Run the quantum path (VQE or QAOA on the local simulator) with the spec's settings. */
export async function runQuantumStep(
  spec: JobSpec,
  seed: number,
  problem: PortfolioProblem,
  context: SolveContext,
  hints: SolveHints,
  maxStateBytes?: number,
): Promise<SolverResult> {
  const q = spec.quantum;
  if (q.backend !== 'local') {
    throw new JobValidationError(`quantum.backend: '${q.backend}' is not available; use local (the in-process simulator)`, 'quantum.backend');
  }
  const common = {
    optimizer: q.optimizer,
    maxIterations: q.maxIterations,
    cvarAlpha: q.cvarAlpha,
    seed,
    ...(q.shots === undefined ? {} : { shots: q.shots }),
    ...(q.initialPoint === undefined ? {} : { initialPoint: q.initialPoint }),
    ...(maxStateBytes === undefined ? {} : { maxStateBytes }),
  };
  if (q.algorithm === 'qaoa') return qaoaSolver.solve(problem, { ...common, reps: q.reps, mixer: q.mixer }, context, hints);
  return vqeSolver.solve(
    problem,
    { ...common, ...ansatzOptionsOf(q) },
    context,
    hints,
  );
}

/** Run simulated annealing with the spec's fallback.annealing settings. */
export async function runAnnealingStep(
  spec: JobSpec,
  seed: number,
  problem: PortfolioProblem,
  context: SolveContext,
  hints: SolveHints,
): Promise<SolverResult> {
  const a = spec.fallback.annealing;
  return annealingSolver.solve(
    problem,
    {
      numReads: a.numReads,
      numSweeps: a.numSweeps,
      betaSchedule: a.betaSchedule,
      seed: a.seed ?? seed,
      ...(a.betaRange ? { betaRange: a.betaRange } : {}),
      ...(a.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: a.timeLimitSeconds }),
    },
    context,
    hints,
  );
}

/** Brute force as the answering solver (`solver: exact`). */
export function runExactStep(problem: PortfolioProblem, context: SolveContext): Promise<SolverResult> {
  return exactSolver.solve(problem, {}, context);
}
