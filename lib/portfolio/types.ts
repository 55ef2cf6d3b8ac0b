/**
 * Plain-data types of the portfolio model (qiskit-finance `PortfolioOptimization` conventions).
 *
 * Objective to minimise over x in {0,1}^n:  q * x^T Sigma x - mu^T x,  subject to sum(x) = B.
 */

/** Daily simple returns and their estimators for a set of tickers. */
export interface ReturnStatistics {
  readonly tickers: readonly string[];
  /** Dates (ISO `YYYY-MM-DD`) of the price rows kept, ascending; returns are between consecutive rows. */
  readonly dates: readonly string[];
  /** Expected daily simple return per ticker (mean), shape (n). */
  readonly mu: readonly number[];
  /** Sample covariance of daily simple returns (ddof = 1), shape (n, n), symmetric. */
  readonly sigma: readonly (readonly number[])[];
  /** Number of return observations (rows kept - 1). */
  readonly observations: number;
  /** Number of price rows dropped because a chosen ticker had no price on that date. */
  readonly droppedRows: number;
}

export interface PortfolioProblem {
  readonly tickers: readonly string[];
  /** Expected daily return per asset, shape (n). */
  readonly mu: readonly number[];
  /** Covariance of daily returns, shape (n, n), symmetric. */
  readonly sigma: readonly (readonly number[])[];
  /** Risk factor q >= 0: the weight of the variance term. */
  readonly riskFactor: number;
  /** Budget B: the number of assets to hold, 0 < B < n. */
  readonly budget: number;
}

/**
 * A QUBO: E(x) = offset + sum_i Q[i][i] x_i + sum_{i<j} Q[i][j] x_i x_j  for x in {0,1}^n.
 * `Q` is n x n and only its upper triangle (i <= j) is read.
 */
export interface Qubo {
  readonly numVariables: number;
  readonly Q: readonly (readonly number[])[];
  readonly offset: number;
}

/**
 * An Ising form of a QUBO under x_i = (1 - z_i) / 2:
 * H(z) = offset + sum_i h[i] z_i + sum_{i<j} J[i][j] z_i z_j. Structurally the same as
 * `IsingHamiltonian` of lib/quantum (kept separate so the two core packages stay independent).
 */
export interface Ising {
  readonly numQubits: number;
  readonly h: readonly number[];
  readonly J: readonly (readonly number[])[];
  readonly offset: number;
}

/** The evaluation of one selection x. */
export interface SelectionEvaluation {
  /** 0/1 per ticker, in ticker order. */
  readonly selection: readonly number[];
  /** Qiskit-order bitstring: asset i is character n-1-i (asset 0 rightmost). */
  readonly bitstring: string;
  readonly selectedTickers: readonly string[];
  /** q * x^T Sigma x - mu^T x (daily units). */
  readonly objective: number;
  readonly feasible: boolean;
  /** Equal-weight portfolio of the selected assets: mean daily return sum(mu_i x_i) / sum(x) (= / B when feasible; 0 for no asset). */
  readonly expectedReturnDaily: number;
  readonly expectedReturnAnnual: number;
  /** Equal-weight portfolio volatility: sqrt(w^T Sigma w), w = x / sum(x), daily and * sqrt(252). */
  readonly volatilityDaily: number;
  readonly volatilityAnnual: number;
}
