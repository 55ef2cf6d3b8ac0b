/**
 * The feasible selections of a portfolio problem (sum(x) = B) as the weight-B subspace of n qubits,
 * with the objective q x'Σx - μ'x of each one: the diagonal cost that a Hamming-weight-preserving
 * ansatz sees (the budget penalty is zero on every feasible selection).
 *
 * Energies are also kept standardized, (objective - mean) / standard deviation over all feasible
 * selections, so that optimizer tolerances do not depend on the data's units (daily returns give
 * objective differences of ~1e-5). The order of the states by energy and the exact optimum fall out
 * for free; the solvers do not use the latter (it is the brute force answer, reported only when the
 * caller passes it as a hint).
 */
import { energyOrderSteps } from '../quantum/expectation';
import { WeightSubspace } from '../quantum/weight-subspace';
import type { PortfolioProblem } from '../portfolio/types';
import { InvalidSolverOptionError } from './errors';
import type { ProblemModel } from './model';

export interface FeasibleEnergies {
  readonly subspace: WeightSubspace;
  /** Objective of each position (daily units), length C(n, B). */
  readonly objective: Float64Array;
  /** (objective - mean) / std over the subspace (std = 1 when all are equal). */
  readonly standardized: Float64Array;
  /** Positions by ascending energy (ties by position). */
  readonly order: Uint32Array;
  readonly mean: number;
  readonly std: number;
}

/** Build the subspace and the energies, O(C(n, B) B^2). */
export function feasibleEnergies(problem: PortfolioProblem, subspace?: WeightSubspace): FeasibleEnergies {
  const steps = feasibleEnergiesSteps(problem, subspace);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `feasibleEnergies` in steps (about `chunk` selections of work each), so that a caller can keep
 * its event loop, and its time budget, alive: C(24, 12) = 2.7M selections are some 40 steps.
 */
export function* feasibleEnergiesSteps(problem: PortfolioProblem, subspace = new WeightSubspace(problem.tickers.length, problem.budget), chunk = 1 << 17): Generator<void, FeasibleEnergies, void> {
  const n = problem.tickers.length;
  const q = problem.riskFactor;
  const diag = new Float64Array(n);
  const pair = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    diag[i] = q * problem.sigma[i]![i]! - problem.mu[i]!;
    for (let j = 0; j < n; j++) pair[i * n + j] = 2 * q * problem.sigma[i]![j]!;
  }
  const m = subspace.dimension;
  const objective = new Float64Array(m);
  const ones = new Int32Array(n);
  for (let r = 0; r < m; r++) {
    if (r > 0 && r % chunk === 0) yield;
    const x = subspace.states[r]!;
    let k = 0;
    for (let i = 0; i < n; i++) if ((x >>> i) & 1) ones[k++] = i; // states are uint32 (n <= 30)
    let e = 0;
    for (let a = 0; a < k; a++) {
      const i = ones[a]!;
      e += diag[i]!;
      for (let b = a + 1; b < k; b++) e += pair[i * n + ones[b]!]!;
    }
    objective[r] = e;
  }
  return yield* summarize(subspace, objective);
}

/** Mean, standard deviation, standardized energies and the energy order of a subspace's objectives. */
function* summarize(subspace: WeightSubspace, objective: Float64Array): Generator<void, FeasibleEnergies, void> {
  const m = subspace.dimension;
  let mean = 0;
  for (let r = 0; r < m; r++) mean += objective[r]!;
  mean /= m;
  let variance = 0;
  for (let r = 0; r < m; r++) variance += (objective[r]! - mean) ** 2;
  const std = Math.sqrt(variance / m) || 1;
  const standardized = new Float64Array(m);
  for (let r = 0; r < m; r++) standardized[r] = (objective[r]! - mean) / std;
  // by ascending standardized energy, ties by position (a radix sort: 2.7M positions at n = 24, B = 12)
  const order = yield* energyOrderSteps(standardized);
  return { subspace, objective, standardized, order, mean, std };
}

/**
 * The feasible energies of any solver model with a Hamming-weight constraint, in steps: every
 * weight-w state of its qubits with the model's subspace cost (a weighted model's exact objective,
 * plus the penalty for sector caps it breaks), O(C(m, w) n^2). Binary selection takes the faster
 * feasibleEnergiesSteps.
 * @throws InvalidSolverOptionError (path quantum.ansatz) when the model has no Hamming weight;
 *   InvalidArgumentError (from WeightSubspace) when the subspace is too large.
 */
export function* feasibleEnergiesOfModelSteps(model: ProblemModel, chunk = 1 << 14): Generator<void, FeasibleEnergies, void> {
  if (!model.portfolioModel) return yield* feasibleEnergiesSteps(model.problem);
  if (model.weight === null) throw new InvalidSolverOptionError('quantum.ansatz', 'quantum.ansatz: the model has no Hamming-weight constraint (binary lot encoding); use a Qiskit ansatz such as realamplitudes, or the unary encoding');
  const subspace = new WeightSubspace(model.numQubits, model.weight);
  const m = subspace.dimension;
  const objective = new Float64Array(m);
  const bits = new Uint8Array(model.numQubits);
  for (let r = 0; r < m; r++) {
    if (r > 0 && r % chunk === 0) yield;
    const x = subspace.states[r]!;
    for (let b = 0; b < bits.length; b++) bits[b] = Math.floor(x / 2 ** b) % 2;
    objective[r] = model.subspaceCost(bits);
  }
  return yield* summarize(subspace, objective);
}
