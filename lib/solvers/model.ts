/**
 * The portfolio problem as every solver sees it: the problem, its QUBO (with the budget penalty) and
 * helpers to turn a selection into a SampleRecord. Built once per solve.
 */
import { bitstringFromSelection, objective, toQubo, quboEnergy, type PortfolioQubo } from '../portfolio';

export { bitstringFromSelection as bitstringOf, selectionFromBitstring as selectionOfBitstring } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import type { SampleRecord } from './types';

export interface ProblemModel {
  readonly problem: PortfolioProblem;
  readonly qubo: PortfolioQubo;
  /** Budget penalty weight P of the QUBO. */
  readonly penalty: number;
  readonly numAssets: number;
}

/** Build the model; `penalty` overrides the documented default budget penalty of toQubo. */
export function createModel(problem: PortfolioProblem, penalty?: number): ProblemModel {
  const qubo = penalty === undefined ? toQubo(problem) : toQubo(problem, { penalty });
  return { problem, qubo, penalty: qubo.penalty, numAssets: problem.tickers.length };
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
  return {
    bitstring: bitstringFromSelection(selection),
    count,
    probability,
    objective: objective(model.problem, selection),
    energy: quboEnergy(model.qubo, selection),
    feasible: popcount(selection) === model.problem.budget,
  };
}

/** Sort samples best first: feasible before infeasible, then by objective / energy. */
export function sortSamples(samples: SampleRecord[]): SampleRecord[] {
  return samples.sort((a, b) =>
    a.feasible !== b.feasible ? (a.feasible ? -1 : 1) : a.feasible ? a.objective - b.objective : a.energy - b.energy,
  );
}
