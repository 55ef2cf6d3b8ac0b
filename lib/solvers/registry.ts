/** The solver registry: every solver by its public name. */
import { annealingSolver } from './annealing';
import { UnknownSolverError } from './errors';
import { exactSolver } from './exact';
import { qaoaSolver } from './qaoa';
import type { Solver } from './types';
import { vqeSolver } from './vqe';

const SOLVERS = {
  exact: exactSolver,
  annealing: annealingSolver,
  vqe: vqeSolver,
  qaoa: qaoaSolver,
} as const;

export type SolverName = keyof typeof SOLVERS;
export const SOLVER_NAMES = Object.keys(SOLVERS) as SolverName[];

/** Look a solver up by name. @throws UnknownSolverError. */
export function getSolver(name: string): Solver<unknown> {
  const solver = (SOLVERS as Record<string, Solver<never>>)[name];
  if (!solver) throw new UnknownSolverError(name, SOLVER_NAMES);
  return solver as Solver<unknown>;
}
