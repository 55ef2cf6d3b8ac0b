/**
 * PortfolioModel: integer lots, weight limits, sector caps and rebalancing, as a QUBO over bits and a
 * decoder back to lots (the solvers see only those two).
 *
 * Each asset i holds k_i lots of a lot budget L (sum_i k_i = L), so its weight is w_i = k_i / L. The
 * objective generalises qiskit-finance's `PortfolioOptimization` with integer `bounds` from x to k:
 *
 *   f(k) = q k^T Sigma k - mu^T k + sum_i c_i |k_i - h_i|          (lot units; daily returns)
 *
 * where h_i are the current holdings in lots (h = current weights * L, not necessarily integers) and
 * c_i the proportional transaction cost per lot (cost in basis points / 1e4). In weights,
 * f = L (q L w^T Sigma w - mu^T w + sum_i (c_i) |w_i - h_i / L|), a mean-variance utility with risk
 * aversion q L. Binary selection is the special case K_i = 1, L = B (k = x), with exactly the QUBO
 * of toQubo and so identical results.
 *
 * The encoding of k_i (lib/portfolio/encoding.ts, bounded coefficients) keeps kmin_i <= k_i <= kmax_i
 * by construction; kmin/kmax come from the per-asset lot limit and the min/max weights. With holdings,
 * k_i = floor(h_i) + t_i + b_i - s_i with a buy count b_i, a sell count s_i and a step bit t_i (only
 * when h_i is fractional): sum c_i (b_i + s_i + t_i (1 - phi_i) + (1 - t_i) phi_i), phi_i = h_i -
 * floor(h_i), is >= c_i |k_i - h_i| for every encoding of k_i and equal for the cheapest one, so the
 * QUBO's minimum is the exact minimum of f. The lot budget and the sector caps (sum over a sector of
 * k_i <= floor(cap_s L), with slack bits) are penalties; see model-qubo.ts for the penalty scale.
 */
import { boundedCoefficients } from './encoding';
import { invalidProblem, showValue } from './errors';

/** A sector: the assets (indices into the tickers) whose total weight is capped. */
export interface SectorCap {
  readonly name: string;
  readonly assets: readonly number[];
  /** Largest total weight of the sector, in [0, 1]. */
  readonly maxWeight: number;
}

/** The input of `createPortfolioModel`. Vectors have shape (n), matrices (n, n); units are daily. */
export interface PortfolioModelInput {
  readonly tickers: readonly string[];
  /** Expected daily return per asset, shape (n). */
  readonly mu: readonly number[];
  /** Daily covariance, shape (n, n), symmetric positive semi-definite. */
  readonly sigma: readonly (readonly number[])[];
  /** Risk factor q >= 0 (on lots: q L on weights). */
  readonly riskFactor: number;
  /** Lot budget L >= 1: weights move in steps of 1 / L. */
  readonly lots: number;
  /** Largest lot count per asset, shape (n) or one number (default L). */
  readonly maxLots?: number | readonly number[];
  /** Smallest / largest weight per asset, shape (n) or one number (defaults 0 and 1). */
  readonly minWeight?: number | readonly number[];
  readonly maxWeight?: number | readonly number[];
  readonly sectors?: readonly SectorCap[];
  /** Current weights (fractions of the portfolio), shape (n); rebalancing when given. */
  readonly holdings?: readonly number[];
  /** Proportional transaction cost in basis points of the traded value, shape (n) or one number (default 0). */
  readonly costBps?: number | readonly number[];
  /** Largest encoding coefficient (bounded-coefficient cap; default none). */
  readonly coefficientCap?: number;
  /**
   * `binary` (default): bounded-coefficient binary bits, ceil(log2(R + 1)) per asset; with holdings,
   * buy / sell counts and a step bit. `unary`: one bit per lot (coefficient cap 1), so the lot budget
   * is a Hamming weight over all bits (Hamming-weight-preserving ansätze keep it) and holdings are
   * priced as a thermometer code (still exact at the optimum).
   */
  readonly encoding?: 'binary' | 'unary';
}

/** One binary variable's role: a lot count's bit, a buy/sell count's bit, a step bit or a slack bit. */
export type BitRole =
  | { readonly kind: 'lots' | 'buy' | 'sell'; readonly asset: number; readonly coefficient: number }
  | { readonly kind: 'step'; readonly asset: number; readonly coefficient: 1 }
  | { readonly kind: 'slack'; readonly sector: number; readonly coefficient: number };

/** How one asset's lots are encoded: k_i = base + sum over its bits of sign * coefficient * x. */
export interface AssetEncoding {
  readonly minLots: number;
  readonly maxLots: number;
  /** The constant part of k_i (kmin, or floor(h_i) clamped into the bounds with holdings). */
  readonly base: number;
  /** Current holdings in lots (h_i = weight * L; null without rebalancing). */
  readonly holdings: number | null;
  /** Bit indices with their signed coefficients (sell bits negative). */
  readonly terms: readonly { readonly bit: number; readonly coefficient: number }[];
  /**
   * The encoded traded lots, constant + sum of weight * x over bits: >= |k_i - h_i| for every bit
   * vector and equal for the cheapest encoding of each k_i (zero without holdings).
   */
  readonly cost: { readonly constant: number; readonly terms: readonly { readonly bit: number; readonly weight: number }[] };
}

export interface PortfolioModel {
  readonly kind: 'portfolio-model';
  readonly tickers: readonly string[];
  readonly mu: readonly number[];
  readonly sigma: readonly (readonly number[])[];
  readonly riskFactor: number;
  readonly lots: number;
  /** The weight limits as given, shape (n) each (the lot bounds round them to whole lots). */
  readonly minWeight: readonly number[];
  readonly maxWeight: readonly number[];
  readonly sectors: readonly (SectorCap & { readonly maxLots: number })[];
  /** Current holdings in lots, h = weights * L (null: no rebalancing). */
  readonly holdingsLots: readonly number[] | null;
  /** Transaction cost per lot traded, in objective units (bps / 1e4), shape (n). */
  readonly costPerLot: readonly number[];
  readonly assets: readonly AssetEncoding[];
  /** Every bit, in order; qubit b is bit b. */
  readonly bits: readonly BitRole[];
  /** Slack bits per sector (constraint rows with a slack), by sector index. */
  readonly slack: readonly (readonly { readonly bit: number; readonly coefficient: number }[])[];
  /** True when the model is plain binary selection (K_i = 1, no limits, no rebalancing). */
  readonly binarySelection: boolean;
  readonly encoding: 'binary' | 'unary';
  /**
   * Unary encoding without binding sector caps (no slack bits): the lot budget is the Hamming weight
   * L - sum(kmin) of all bits (null otherwise), the subspace a Hamming-weight-preserving ansatz
   * searches. Holdings keep it: their cost is priced on the lot bits.
   */
  readonly hammingWeight: number | null;
}

function perAsset(field: string, value: number | readonly number[] | undefined, n: number, fallback: number): number[] {
  if (value === undefined) return new Array<number>(n).fill(fallback);
  if (typeof value === 'number') return new Array<number>(n).fill(value);
  if (!Array.isArray(value) || value.length !== n) throw invalidProblem(field, `${field}: ${showValue(value)} must be one number or one per asset (${n})`, { expectedLength: n });
  return [...value];
}

function checkIn(field: string, v: number, lo: number, hi: number, integer = false): void {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v)))
    throw invalidProblem(field, `${field}: ${showValue(v)} is out of range; must be ${integer ? 'an integer' : 'a number'} between ${lo} and ${hi}`, { value: v, min: lo, max: hi });
}

/**
 * Validate the input and lay out the bits.
 * @throws PortfolioError INVALID_PROBLEM naming the field: lots not an integer >= 1, limits out of
 *   [0, 1] or crossed, limits that leave no feasible lot vector (sum of minimum lots above L, sum of
 *   maximum lots below L), a sector listing an unknown asset, negative costs, holdings that are not
 *   weights.
 */
export function createPortfolioModel(input: PortfolioModelInput): PortfolioModel {
  const n = input.tickers.length;
  const L = input.lots;
  checkIn('lots', L, 1, 10_000, true);
  checkIn('riskFactor', input.riskFactor, 0, 1e6);
  const maxLots = perAsset('maxLots', input.maxLots, n, L);
  const minW = perAsset('minWeight', input.minWeight, n, 0);
  const maxW = perAsset('maxWeight', input.maxWeight, n, 1);
  const costBps = perAsset('costBps', input.costBps, n, 0);
  maxLots.forEach((k, i) => checkIn(`maxLots[${i}]`, k, 0, L, true));
  minW.forEach((w, i) => checkIn(`minWeight[${i}]`, w, 0, 1));
  maxW.forEach((w, i) => checkIn(`maxWeight[${i}]`, w, 0, 1));
  costBps.forEach((c, i) => checkIn(`costBps[${i}]`, c, 0, 10_000));
  // Lot bounds; a tiny tolerance keeps 0.4 * 5 = 2 from rounding to 1.9999999.
  const eps = 1e-9;
  const kmin = minW.map((w) => Math.max(0, Math.ceil(w * L - eps)));
  const kmax = maxW.map((w, i) => Math.min(maxLots[i]!, Math.floor(w * L + eps)));
  kmin.forEach((lo, i) => {
    if (lo > kmax[i]!)
      throw invalidProblem(`minWeight[${i}]`, `minWeight: ${input.tickers[i]} needs at least ${lo} of ${L} lots but may hold at most ${kmax[i]}; lower its minimum weight or raise its maximum (or the lot count)`, { asset: i, minLots: lo, maxLots: kmax[i] });
  });
  const sumMin = kmin.reduce((a, b) => a + b, 0);
  const sumMax = kmax.reduce((a, b) => a + b, 0);
  if (sumMin > L) throw invalidProblem('minWeight', `minWeight: the minimum weights need ${sumMin} lots but the budget is ${L}; lower them`, { sumMinLots: sumMin, lots: L });
  if (sumMax < L) throw invalidProblem('maxWeight', `maxWeight: the maximum weights allow ${sumMax} lots in all but the budget is ${L}; raise them or add assets`, { sumMaxLots: sumMax, lots: L });

  let holdingsLots: number[] | null = null;
  if (input.holdings !== undefined) {
    const h = perAsset('holdings', input.holdings, n, 0);
    h.forEach((w, i) => checkIn(`holdings[${i}]`, w, 0, 1));
    const total = h.reduce((a, b) => a + b, 0);
    if (total > 1 + 1e-6) throw invalidProblem('holdings', `holdings: the current weights sum to ${total.toFixed(6)}; they must sum to at most 1 (the rest is cash)`, { total });
    // Lots within 1e-9 of a whole number are that number (weights given to the decimals of a lot).
    holdingsLots = h.map((w) => (Math.abs(w * L - Math.round(w * L)) < eps ? Math.round(w * L) : w * L));
  }

  const bits: BitRole[] = [];
  const assets: AssetEncoding[] = [];
  const encoding = input.encoding ?? 'binary';
  const cap = encoding === 'unary' ? 1 : (input.coefficientCap ?? Infinity);
  for (let i = 0; i < n; i++) {
    const terms: { bit: number; coefficient: number }[] = [];
    const costTerms: { bit: number; weight: number }[] = [];
    let costConstant = 0;
    const add = (kind: 'lots' | 'buy' | 'sell', range: number, sign: 1 | -1) => {
      const first = bits.length;
      for (const c of boundedCoefficients(range, cap)) {
        terms.push({ bit: bits.length, coefficient: sign * c });
        bits.push({ kind, asset: i, coefficient: c });
      }
      return first;
    };
    const lo = kmin[i]!;
    const hi = kmax[i]!;
    if (holdingsLots === null) {
      add('lots', hi - lo, 1);
      assets.push({ minLots: lo, maxLots: hi, base: lo, holdings: null, terms, cost: { constant: 0, terms: [] } });
      continue;
    }
    const h = holdingsLots[i]!;
    if (encoding === 'unary') {
      // k = lo + sum of R unary bits, priced as a thermometer code from the holding (module docstring).
      const first = add('lots', hi - lo, 1);
      const hRel = Math.min(hi - lo, Math.max(0, h - lo));
      costConstant += Math.max(0, lo - h) + Math.max(0, h - hi);
      const whole = Math.floor(hRel);
      const phi = hRel - whole;
      for (let b = 0; b < hi - lo; b++) {
        const bit = first + b;
        if (b < whole) {
          costConstant += 1;
          costTerms.push({ bit, weight: -1 });
        } else if (b === whole && phi > 0) {
          costConstant += phi;
          costTerms.push({ bit, weight: 1 - 2 * phi });
        } else costTerms.push({ bit, weight: 1 });
      }
      assets.push({ minLots: lo, maxLots: hi, base: lo, holdings: h, terms, cost: { constant: costConstant, terms: costTerms } });
      continue;
    }
    // The floor of h clamped into the bounds: trades start from the nearest reachable lot count.
    const f = Math.min(hi, Math.max(lo, Math.floor(h)));
    const fractional = h > f && h < f + 1 && f < hi;
    if (fractional) {
      const phi = h - f;
      costConstant += phi;
      costTerms.push({ bit: bits.length, weight: 1 - 2 * phi });
      terms.push({ bit: bits.length, coefficient: 1 });
      bits.push({ kind: 'step', asset: i, coefficient: 1 });
    } else costConstant += Math.abs(h - f);
    const buy = add('buy', hi - f - (fractional ? 1 : 0), 1);
    const sell = add('sell', f - lo, -1);
    for (let b = buy; b < bits.length; b++) costTerms.push({ bit: b, weight: bits[b]!.coefficient });
    void sell;
    assets.push({ minLots: lo, maxLots: hi, base: f, holdings: h, terms, cost: { constant: costConstant, terms: costTerms } });
  }

  const sectors = (input.sectors ?? []).map((s, si) => {
    if (!Array.isArray(s.assets) || s.assets.length === 0 || s.assets.some((a) => !Number.isInteger(a) || a < 0 || a >= n))
      throw invalidProblem(`sectors[${si}].assets`, `sectors: '${s.name}' lists ${showValue(s.assets)}; give indices of the tickers (0..${n - 1}), at least one`, { sector: s.name });
    checkIn(`sectors[${si}].maxWeight`, s.maxWeight, 0, 1);
    const capLots = Math.floor(s.maxWeight * L + eps);
    const minInSector = s.assets.reduce((a, i) => a + kmin[i]!, 0);
    if (minInSector > capLots)
      throw invalidProblem(`sectors[${si}].maxWeight`, `sectors: '${s.name}' may hold ${capLots} lots but its minimum weights need ${minInSector}; raise its cap or lower them`, { sector: s.name });
    return { ...s, maxLots: capLots };
  });
  const slack = sectors.map((s) => {
    const maxInSector = s.assets.reduce((a, i) => a + kmax[i]!, 0);
    if (maxInSector <= s.maxLots) return []; // the cap can never bind
    const range = s.maxLots - s.assets.reduce((a, i) => a + kmin[i]!, 0);
    return boundedCoefficients(range, cap).map((c) => {
      const bit = bits.length;
      bits.push({ kind: 'slack', sector: sectors.indexOf(s), coefficient: c });
      return { bit, coefficient: c };
    });
  });

  const binarySelection = holdingsLots === null && sectors.length === 0 && assets.every((a) => a.minLots === 0 && a.maxLots === 1);
  return {
    kind: 'portfolio-model',
    tickers: [...input.tickers],
    mu: [...input.mu],
    sigma: input.sigma.map((r) => [...r]),
    riskFactor: input.riskFactor,
    lots: L,
    minWeight: minW,
    maxWeight: maxW.map((w, i) => Math.min(w, maxLots[i]! / L)),
    sectors,
    holdingsLots,
    costPerLot: costBps.map((c) => c / 1e4),
    assets,
    bits,
    slack,
    binarySelection,
    encoding,
    // Holdings add no bits in unary (their cost is priced on the lot bits); slack bits would change the weight.
    hammingWeight: encoding === 'unary' && slack.every((s) => s.length === 0) ? L - sumMin : null,
  };
}

/** The binary-selection model of the classic problem: K_i = 1, L = B. */
export function selectionModel(problem: { tickers: readonly string[]; mu: readonly number[]; sigma: readonly (readonly number[])[]; riskFactor: number; budget: number }): PortfolioModel {
  return createPortfolioModel({ tickers: problem.tickers, mu: problem.mu, sigma: problem.sigma, riskFactor: problem.riskFactor, lots: problem.budget, maxLots: 1 });
}
