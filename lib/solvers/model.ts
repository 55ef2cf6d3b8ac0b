/**
 * The problem as every solver sees it: a QUBO over qubits (with its constraint penalty), the
 * Hamming weight of the feasible states where the constraint is one, and the objective and
 * feasibility of any bit vector. Built once per solve from a binary-selection PortfolioProblem
 * (qubit i = asset i, weight B) or a weighted PortfolioModel (lib/portfolio/model.ts: qubits are
 * the model's bits, decoded to lots).
 */
import { bitstringFromSelection, decodeBits, modelQubo, objective, toQubo, quboEnergy, type PortfolioModel, type Qubo } from '../portfolio';

export { bitstringFromSelection as bitstringOf, selectionFromBitstring as selectionOfBitstring } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import type { SampleRecord } from './types';

export interface ProblemModel {
  /** The binary-selection problem (qubit i = asset i), or the weighted model's selection view. */
  readonly problem: PortfolioProblem;
  /** The weighted model, when the qubits encode lots. */
  readonly portfolioModel?: PortfolioModel;
  readonly qubo: Qubo;
  /** Constraint penalty weight P of the QUBO. */
  readonly penalty: number;
  readonly numAssets: number;
  /** Qubits of the QUBO: n for selection, the model's bits for lots. */
  readonly numQubits: number;
  /**
   * The Hamming weight of every feasible state when the main constraint is one (B for selection,
   * L - sum(kmin) for unary-encoded lots), else null. Weight-preserving ansätze search that subspace.
   */
  readonly weight: number | null;
  /** Objective (daily units; lot units for models) and feasibility of a bit vector (bit b = qubit b). */
  evaluate(bits: ArrayLike<number>): { readonly objective: number; readonly feasible: boolean };
  /**
   * The cost a subspace method sees for a state of the right weight: the objective, plus the
   * penalty for any other violated constraint (a model's sector caps).
   */
  subspaceCost(bits: ArrayLike<number>): number;
}

/** Build the model; `penalty` overrides the documented default budget penalty of toQubo. */
export function createModel(problem: PortfolioProblem, penalty?: number): ProblemModel {
  const qubo = penalty === undefined ? toQubo(problem) : toQubo(problem, { penalty });
  const n = problem.tickers.length;
  return {
    problem,
    qubo,
    penalty: qubo.penalty,
    numAssets: n,
    numQubits: n,
    weight: problem.budget,
    evaluate: (bits) => ({ objective: objective(problem, bits), feasible: popcount(bits) === problem.budget }),
    subspaceCost: (bits) => objective(problem, bits),
  };
}

/**
 * The solver model of a weighted PortfolioModel: its QUBO (modelQubo; `penalty` overrides the exact
 * default), weight from its encoding, bits decoded to lots.
 */
export function createLotModel(portfolioModel: PortfolioModel, penalty?: number): ProblemModel {
  const qubo = modelQubo(portfolioModel, penalty === undefined ? {} : { penalty });
  const m = portfolioModel;
  const selectionView: PortfolioProblem = { tickers: m.tickers, mu: m.mu, sigma: m.sigma, riskFactor: m.riskFactor, budget: Math.min(m.lots, m.tickers.length - 1) };
  return {
    problem: selectionView,
    portfolioModel: m,
    qubo,
    penalty: qubo.penalty,
    numAssets: m.tickers.length,
    numQubits: m.bits.length,
    weight: m.hammingWeight,
    evaluate: (bits) => {
      const e = decodeBits(m, bits);
      return { objective: e.objective, feasible: e.feasible };
    },
    subspaceCost: (bits) => {
      const e = decodeBits(m, bits);
      // Sector excess (whole lots over the caps) is the only violation a weight-w state can have.
      let excess = 0;
      for (const sec of m.sectors) excess += Math.max(0, sec.assets.reduce((a, i) => a + e.lots[i]!, 0) - sec.maxLots);
      return e.objective + qubo.penalty * excess;
    },
  };
}

/** The solver model of either input. */
export function modelOf(input: PortfolioProblem | PortfolioModel, penalty?: number): ProblemModel {
  return isPortfolioModel(input) ? createLotModel(input, penalty) : createModel(input, penalty);
}

/** Whether a solver input is a weighted PortfolioModel. */
export function isPortfolioModel(input: PortfolioProblem | PortfolioModel): input is PortfolioModel {
  return (input as PortfolioModel).kind === 'portfolio-model';
}

/** Selection (0/1 per asset) of basis-state index k: asset i is bit i of k. */
export function selectionOfIndex(k: number, n: number): number[] {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor(k / 2 ** i) % 2;
  return out;
}

/** Count of selected assets. */
export function popcount(selection: ArrayLike<number>): number {
  let c = 0;
  for (let i = 0; i < selection.length; i++) c += selection[i] ? 1 : 0;
  return c;
}

/** A SampleRecord for one selection with its objective, QUBO energy and feasibility. */
export function sampleOf(
  model: ProblemModel,
  selection: readonly number[],
  count: number,
  probability: number,
): SampleRecord {
  const e = model.evaluate(selection);
  return {
    bitstring: bitstringFromSelection(selection),
    count,
    probability,
    objective: e.objective,
    energy: quboEnergy(model.qubo, selection),
    feasible: e.feasible,
  };
}

/** Sort samples best first: feasible before infeasible, then by objective / energy. */
export function sortSamples(samples: SampleRecord[]): SampleRecord[] {
  return samples.sort((a, b) =>
    a.feasible !== b.feasible ? (a.feasible ? -1 : 1) : a.feasible ? a.objective - b.objective : a.energy - b.energy,
  );
}
