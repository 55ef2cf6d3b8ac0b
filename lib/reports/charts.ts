/**
 * The Vega-Lite specifications of the report and frontier charts: plain data in, a spec out (data
 * inline). Rendering is vega.ts's job.
 */
import type { ChartSpec } from './vega';

const WIDTH = 560;
const HEIGHT = 240;
const SELECTED = { domain: ['selected', 'not selected'], range: ['#2563eb', '#cbd5e1'] };

/** One asset of the selection chart. */
export interface AssetPoint {
  readonly ticker: string;
  readonly weight: number;
  readonly selected: boolean;
  /** Annual expected return, arithmetic (252 x daily mean), fraction. */
  readonly annualReturn: number;
  /** Annual volatility sqrt(252 Sigma_ii), fraction. */
  readonly volatility: number;
}

/**
 * Weight of every asset (1/B on the selection for binary selection; the answer's whole-lot weights
 * for a weighted job), with the continuous Markowitz optimum beside each bar when given (shape n).
 */
export function weightsChart(assets: readonly AssetPoint[], continuous: readonly number[] | null = null): ChartSpec {
  if (continuous) {
    const values = assets.flatMap((a, i) => [
      { ticker: a.ticker, weight: a.weight, series: 'whole lots (answer)' },
      { ticker: a.ticker, weight: continuous[i]!, series: 'continuous optimum' },
    ]);
    return {
      width: WIDTH,
      height: 180,
      title: 'Weights: the answer and the continuous optimum',
      data: { values },
      mark: { type: 'bar' },
      encoding: {
        x: { field: 'ticker', type: 'nominal', sort: null, title: 'Asset' },
        xOffset: { field: 'series', type: 'nominal' },
        y: { field: 'weight', type: 'quantitative', axis: { format: '.0%' }, title: 'Weight' },
        color: { field: 'series', type: 'nominal', title: null },
      },
    };
  }
  return {
    width: WIDTH,
    height: 180,
    title: 'Weights',
    data: { values: assets.map((a) => ({ ticker: a.ticker, weight: a.weight, status: a.selected ? 'selected' : 'not selected' })) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'ticker', type: 'nominal', sort: null, title: 'Asset' },
      y: { field: 'weight', type: 'quantitative', axis: { format: '.0%' }, title: 'Weight' },
      color: { field: 'status', type: 'nominal', scale: SELECTED, title: null },
    },
  };
}

/** Each asset's annual volatility and return, the selection highlighted, the portfolio as a diamond. */
export function riskReturnChart(assets: readonly AssetPoint[], portfolio: { readonly annualReturn: number; readonly volatility: number }): ChartSpec {
  const points = assets.map((a) => ({ label: a.ticker, volatility: a.volatility, annualReturn: a.annualReturn, status: a.selected ? 'selected' : 'not selected' }));
  return {
    width: WIDTH,
    height: HEIGHT,
    title: 'Assets and portfolio: annual volatility against annual return (arithmetic)',
    layer: [
      {
        data: { values: points },
        mark: { type: 'point', filled: true, size: 70 },
        encoding: {
          x: { field: 'volatility', type: 'quantitative', axis: { format: '.0%' }, title: 'Volatility (annual)' },
          y: { field: 'annualReturn', type: 'quantitative', axis: { format: '.0%' }, title: 'Expected return (annual)' },
          color: { field: 'status', type: 'nominal', scale: SELECTED, title: null },
        },
      },
      {
        data: { values: points },
        mark: { type: 'text', dx: 6, align: 'left', fontSize: 10 },
        encoding: { x: { field: 'volatility', type: 'quantitative' }, y: { field: 'annualReturn', type: 'quantitative' }, text: { field: 'label' } },
      },
      {
        data: { values: [{ label: 'portfolio', ...portfolio }] },
        mark: { type: 'point', shape: 'diamond', filled: true, size: 160, color: '#dc2626' },
        encoding: { x: { field: 'volatility', type: 'quantitative' }, y: { field: 'annualReturn', type: 'quantitative' } },
      },
    ],
  };
}

/**
 * The optimizer's trace: the objective (CVaR of the QUBO energy) per evaluation and the best so
 * far, with the exact optimum as a rule when known.
 */
export function convergenceChart(trace: readonly number[], optimum: number | null): ChartSpec {
  let best = Infinity;
  const values = trace.flatMap((energy, i) => {
    best = Math.min(best, energy);
    return [
      { evaluation: i + 1, value: energy, series: 'objective (CVaR)' },
      { evaluation: i + 1, value: best, series: 'best so far' },
    ];
  });
  const layers: object[] = [
    {
      data: { values },
      mark: { type: 'line', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'evaluation', type: 'quantitative', title: 'Objective evaluation' },
        y: { field: 'value', type: 'quantitative', title: 'Energy (daily units)', scale: { zero: false } },
        color: { field: 'series', type: 'nominal', scale: { domain: ['objective (CVaR)', 'best so far', 'exact optimum'], range: ['#94a3b8', '#2563eb', '#16a34a'] }, title: null },
      },
    },
  ];
  if (optimum !== null) {
    layers.push({
      data: { values: [{ value: optimum, series: 'exact optimum' }] },
      mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y: { field: 'value', type: 'quantitative' }, color: { field: 'series', type: 'nominal' } },
    });
  }
  return { width: WIDTH, height: HEIGHT, title: 'Convergence', layer: layers } as ChartSpec;
}

/** One bar of the measured distribution. */
export interface DistributionBar {
  readonly bitstring: string;
  readonly probability: number;
  readonly kind: 'optimum' | 'feasible' | 'infeasible';
}

/** The top measured bitstrings by probability, the exact optimum marked. */
export function distributionChart(bars: readonly DistributionBar[], title = 'Measured distribution (top bitstrings, asset 0 rightmost)'): ChartSpec {
  return {
    width: WIDTH,
    height: HEIGHT,
    title,
    data: { values: bars.map((b) => ({ ...b })) },
    mark: { type: 'bar' },
    encoding: {
      x: { field: 'bitstring', type: 'nominal', sort: { field: 'probability', order: 'descending' }, title: 'Bitstring', axis: { labelAngle: -45, labelFont: 'monospace' } },
      y: { field: 'probability', type: 'quantitative', title: 'Probability', axis: { format: '.0%' } },
      color: {
        field: 'kind',
        type: 'nominal',
        scale: { domain: ['optimum', 'feasible', 'infeasible'], range: ['#16a34a', '#2563eb', '#f97316'] },
        title: null,
      },
    },
  };
}

/** One answer of the comparison chart. */
export interface ComparisonBar {
  readonly label: string;
  readonly approximationRatio: number;
}

/** Approximation ratio of each answer (1 = the exact optimum). */
export function comparisonChart(bars: readonly ComparisonBar[]): ChartSpec {
  return {
    width: WIDTH,
    height: 30 * Math.max(bars.length, 1) + 20,
    title: 'Approximation ratio (1 = exact optimum)',
    data: { values: bars.map((b) => ({ ...b })) },
    mark: { type: 'bar', color: '#2563eb' },
    encoding: {
      y: { field: 'label', type: 'nominal', sort: null, title: null },
      x: { field: 'approximationRatio', type: 'quantitative', title: 'Approximation ratio', scale: { domain: [Math.min(0, ...bars.map((b) => b.approximationRatio)), 1] } },
    },
  };
}

/** One point of an efficient frontier. */
export interface FrontierChartPoint {
  /** The risk factors answered by this selection, e.g. `q 0–1`. */
  readonly label: string;
  readonly budget: number;
  readonly volatility: number;
  readonly annualReturn: number;
  readonly tickers: string;
}

/** Frontier: volatility against return per budget, each point one selection with the risk factors that chose it. */
export function frontierChart(points: readonly FrontierChartPoint[]): ChartSpec {
  const values = points.map((p) => ({ ...p, budgetLabel: `B = ${p.budget}` }));
  const encoding = {
    x: { field: 'volatility', type: 'quantitative', axis: { format: '.1%' }, title: 'Volatility (annual)', scale: { zero: false } },
    y: { field: 'annualReturn', type: 'quantitative', axis: { format: '.1%' }, title: 'Expected return (annual, arithmetic)', scale: { zero: false } },
    color: { field: 'budgetLabel', type: 'nominal', title: 'Budget' },
  };
  return {
    width: WIDTH,
    height: 320,
    title: 'Efficient frontier (equal-weight selections, one point per risk factor q)',
    data: { values },
    layer: [
      { mark: { type: 'line', point: { filled: true, size: 60 } }, encoding: { ...encoding, order: { field: 'volatility', type: 'quantitative' } } },
      { mark: { type: 'text', dx: 7, dy: -7, align: 'left', fontSize: 9 }, encoding: { x: encoding.x, y: encoding.y, text: { field: 'label', type: 'nominal' } } },
    ],
  } as ChartSpec;
}
