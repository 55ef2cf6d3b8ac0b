/**
 * The QUBO of a PortfolioModel (lib/portfolio/model.ts) and its exact penalty scale.
 *
 *   E(x) = f(k(x)) + P (sum_i k_i(x) - L)^2 + P sum_s (sum_{i in s} k_i(x) + slack_s(x) - C_s)^2
 *
 * with k_i(x) affine in the bits, f the objective with the encoded transaction cost (model.ts), L the
 * lot budget and C_s the sectors' lot caps. Every residual is an integer, so an infeasible x pays at
 * least P. The default P = 1 + the sum of the absolute values of f's linear and quadratic bit
 * coefficients bounds the spread max f - min f over all bit vectors (each monomial is 0 or 1), so
 * every feasible x has a lower energy than every infeasible one, by a margin of at least 1 — the
 * argument and the value of qiskit-optimization's LinearEqualityToPenalty, which this reduces to for
 * binary selection (there the QUBO equals toQubo's exactly).
 */
import type { PortfolioModel } from './model';
import { toQubo } from './qubo';
import type { Qubo } from './types';

/** An affine form c0 + sum_t c_t x_t over bits. */
interface Affine {
  c0: number;
  terms: { bit: number; coefficient: number }[];
}

/**
 * A quadratic form over m bits being accumulated: constant, linear (diagonal) and strict upper
 * triangle; `absSum` adds up |each contribution| to a bit coefficient (the penalty's spread bound,
 * which for binary selection is exactly qiskit's |linear| + |quadratic| objective coefficients).
 */
class QuadraticForm {
  constant = 0;
  absSum = 0;
  readonly Q: number[][];
  constructor(readonly m: number) {
    this.Q = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  }
  addLinear(bit: number, v: number): void {
    this.Q[bit]![bit]! += v;
    this.absSum += Math.abs(v);
  }
  addPair(a: number, b: number, v: number): void {
    if (a === b) this.Q[a]![a]! += v; // x^2 = x on {0,1}
    else this.Q[Math.min(a, b)]![Math.max(a, b)]! += v;
    this.absSum += Math.abs(v);
  }
  /** += scale * A * B. */
  addProduct(scale: number, A: Affine, B: Affine): void {
    this.constant += scale * A.c0 * B.c0;
    for (const t of B.terms) this.addLinear(t.bit, scale * A.c0 * t.coefficient);
    for (const t of A.terms) this.addLinear(t.bit, scale * B.c0 * t.coefficient);
    for (const a of A.terms) for (const b of B.terms) this.addPair(a.bit, b.bit, scale * a.coefficient * b.coefficient);
  }
  /** += scale * A. */
  addAffine(scale: number, A: Affine): void {
    this.constant += scale * A.c0;
    for (const t of A.terms) this.addLinear(t.bit, scale * t.coefficient);
  }
}

/** k_i(x) as an affine form. */
export function lotsForm(model: PortfolioModel, i: number): Affine {
  const a = model.assets[i]!;
  return { c0: a.base, terms: a.terms.map((t) => ({ bit: t.bit, coefficient: t.coefficient })) };
}

/** The objective f (with the encoded transaction cost, >= the true cost) as a quadratic form. */
function objectiveForm(model: PortfolioModel): QuadraticForm {
  const n = model.tickers.length;
  const form = new QuadraticForm(model.bits.length);
  const k = Array.from({ length: n }, (_, i) => lotsForm(model, i));
  for (let i = 0; i < n; i++) {
    form.addAffine(-model.mu[i]!, k[i]!);
    for (let j = 0; j < n; j++) if (model.sigma[i]![j] !== 0) form.addProduct(model.riskFactor * model.sigma[i]![j]!, k[i]!, k[j]!);
  }
  for (let i = 0; i < n; i++) {
    const c = model.costPerLot[i]!;
    const cost = model.assets[i]!.cost;
    if (c === 0) continue;
    form.constant += c * cost.constant;
    for (const t of cost.terms) form.addLinear(t.bit, c * t.weight);
  }
  return form;
}

/** The default penalty weight: 1 + the sum of |bit coefficient contributions| of the objective (module docstring). */
export function modelPenalty(model: PortfolioModel): number {
  return 1 + objectiveForm(model).absSum;
}

/**
 * The model's QUBO over its bits, with the penalty weight it was built with. A binary-selection
 * model gets toQubo's QUBO itself (the same numbers to the last bit, so today's answers do not
 * move); `general: true` builds it the general way (the tests compare the two).
 */
export function modelQubo(model: PortfolioModel, options: { penalty?: number; general?: boolean } = {}): Qubo & { penalty: number } {
  if (model.binarySelection && !options.general) {
    const { numVariables, Q, offset, penalty } = toQubo({ tickers: model.tickers, mu: model.mu, sigma: model.sigma, riskFactor: model.riskFactor, budget: model.lots }, options.penalty === undefined ? {} : { penalty: options.penalty });
    return { numVariables, Q, offset, penalty };
  }
  const form = objectiveForm(model);
  const P = options.penalty ?? 1 + form.absSum;
  const n = model.tickers.length;
  const k = Array.from({ length: n }, (_, i) => lotsForm(model, i));
  const sumOf = (assets: readonly number[], extra: Affine['terms'], minus: number): Affine => ({
    c0: assets.reduce((a, i) => a + k[i]!.c0, 0) - minus,
    terms: [...assets.flatMap((i) => k[i]!.terms), ...extra],
  });
  const budget = sumOf(
    k.map((_, i) => i),
    [],
    model.lots,
  );
  form.addProduct(P, budget, budget);
  model.sectors.forEach((s, si) => {
    const slack = model.slack[si]!;
    if (slack.length === 0 && s.assets.reduce((a, i) => a + model.assets[i]!.maxLots, 0) <= s.maxLots) return;
    const row = sumOf(s.assets, slack.map((b) => ({ bit: b.bit, coefficient: b.coefficient })), s.maxLots);
    form.addProduct(P, row, row);
  });
  return { numVariables: form.m, Q: form.Q, offset: form.constant, penalty: P };
}
