/**
 * `qpo report JOB --html FILE` (and the report written beside each result in S3): one
 * self-contained HTML page of a job. Charts are Vega-Lite specs rendered to SVG by vega; the
 * circuit is lib/quantum's drawing.
 */
import { drawCircuitSvg } from '../quantum';
import type { ResultRecord } from '../jobs/result';
import { comparisonChart, convergenceChart, distributionChart, riskReturnChart, weightsChart, type DistributionBar } from './charts';
import { escapeHtml, facts, figure, num, page, pct, section, table, type Cell } from './html';
import type { ReportModel } from './model';
import { renderSvg } from './vega';

const seconds = (s: number) => `${s.toFixed(2)} s`;
const sharpe = (v: number | null) => (v === null ? '–' : v.toFixed(3));

/** The sentence that tells how the answer came about. */
export function fallbackStory(r: ResultRecord): string {
  const q = r.request.quantum;
  const v = r.variational;
  const d = r.durations;
  if (!r.fallback.activated) {
    if (v) return `The quantum path answered: ${v.algorithm.toUpperCase()} on ${r.backend.name} (${r.backend.kind}) in ${seconds(d.quantumSeconds)}, within its ${q.timeoutSeconds} s budget; the fallback was not needed.`;
    return r.solver === 'exact'
      ? `The job asked for the exact solver: brute force over every feasible selection, in ${seconds(d.fallbackSeconds)}.`
      : `The job asked for the classical solver: simulated annealing answered in ${seconds(d.fallbackSeconds)}.`;
  }
  const why: Record<string, string> = {
    forced: 'the run was forced onto the classical path (--force-fallback, fallback.force, or a platform switch)',
    'queue-overflow': `the backend's queue was deeper than the threshold (${r.request.fallback.queueThreshold} jobs)`,
    'backend-unavailable': `the backend ${q.backend} was unavailable or too small for ${r.problem.numAssets} qubits`,
    timeout: `the quantum path ran past its ${q.timeoutSeconds} s budget`,
    'backend-error': 'the quantum backend failed',
    'no-feasible-sample': 'the quantum path measured no bitstring that holds exactly the budget',
    'plan-exceeds-budget': `the execution plan could not fit the ${q.timeoutSeconds} s budget or the cost and shot limits in any mode, so no provider job was created`,
    quota: `the provider instance's usage limit was reached, so no provider job was created`,
  };
  const reason = r.fallback.reason ?? 'unknown';
  const parts = [`The classical fallback answered because ${why[reason] ?? reason}.`];
  if (r.fallback.message) parts.push(`The quantum path reported: “${r.fallback.message}”.`);
  const a = r.fallback.quantumAttempt;
  if (a) parts.push(`Before it failed, the attempt on ${a.backend} used ${a.shotsUsed} shots ($${a.estimatedCostUsd.toFixed(4)}) and waited ${seconds(a.queueWaitSeconds)} in queues.`);
  parts.push(`Quantum path ${seconds(d.quantumSeconds)}, simulated annealing ${seconds(d.fallbackSeconds)}.`);
  return parts.join(' ');
}

/** Planned against actual figures, when the record carries a plan (issue 11's execution plan). */
function planSection(r: ResultRecord): string {
  const plan = (r as unknown as { plan?: Record<string, unknown> }).plan;
  if (!plan || typeof plan !== 'object')
    return '<p class="note">This record carries no execution plan (plans are recorded for quantum jobs on providers); only what happened is shown.</p>' +
      facts([
        ['Shots used', r.cost.shotsUsed],
        ['Estimated cost', `$${r.cost.estimatedCostUsd.toFixed(4)}`],
        ['Queue wait', seconds(r.cost.queueWaitSeconds)],
        ['Wall time', seconds(r.durations.totalSeconds)],
      ]);
  const actual = (r as unknown as { actual?: Record<string, unknown> }).actual ?? {};
  const n = (v: unknown) => (typeof v === 'number' ? v : null);
  const rows: [string, number | null, number | null, (v: number) => string][] = [
    ['Provider jobs', n(plan.providerJobs), n(actual.providerJobs), (v) => String(v)],
    ['Shots', n(plan.shots), r.cost.shotsUsed, (v) => String(v)],
    ['Queue wait', n(plan.expectedQueueSeconds), r.cost.queueWaitSeconds, seconds],
    ['Wall time', n(plan.expectedWallSeconds), n(actual.wallSeconds) ?? r.durations.quantumSeconds, seconds],
    ['Cost', n(plan.expectedCostUsd), r.cost.estimatedCostUsd, (v) => `$${v.toFixed(4)}`],
  ];
  const body = rows.map(([label, p, a, f]): Cell[] => [label, p === null ? '–' : f(p), a === null ? '–' : f(a), p && a !== null ? `${(a / p).toFixed(2)}x` : '–']);
  return (
    facts([
      ['Mode', String(plan.mode ?? '–')],
      ['Fits the limits', plan.fits === undefined ? '–' : plan.fits ? 'yes' : 'no'],
    ]) + table(['', 'Planned', 'Actual', 'Actual / planned'], body)
  );
}

function distributionBars(r: ResultRecord): DistributionBar[] {
  return r.samples.map((s) => ({
    bitstring: s.bitstring,
    probability: s.probability,
    kind: s.bitstring === r.quality.optimalBitstring ? 'optimum' : s.feasible ? 'feasible' : 'infeasible',
  }));
}

/**
 * The report page of a job.
 * @returns the HTML document (UTF-8 text), self-contained.
 */
export async function renderJobReport(model: ReportModel): Promise<string> {
  const r = model.record;
  const v = r.variational;
  const perf = model.performance;
  const sections: string[] = [];
  const nav: [string, string][] = [];
  const add = (id: string, title: string, body: string) => {
    nav.push([id, title]);
    sections.push(section(id, title, body));
  };

  add(
    'summary',
    'Summary',
    facts([
      ['Portfolio', r.solution.selectedTickers.join(', ')],
      ['Problem', r.weights ? `${r.weights.lots} lots over ${r.problem.numAssets} assets (${r.weights.encoding} encoding, ${r.weights.qubits} qubits), risk factor q = ${num(r.problem.riskFactor)}` : `budget ${r.problem.budget} of ${r.problem.numAssets} assets, risk factor q = ${num(r.problem.riskFactor)}`],
      ['Answered by', v ? `${v.algorithm.toUpperCase()} on ${r.backend.name}` : r.solver],
      ['Objective', r.weights ? `${num(r.solution.objective)} (q k'Σk − μ'k${r.weights.trades ? ' + transaction cost' : ''}, lot units, daily)` : `${num(r.solution.objective)} (q x'Σx − μ'x, daily units)`],
      ['Approximation ratio', r.quality.approximationRatio === null ? 'exact optimum not computed (too many assets)' : r.quality.approximationRatio.toFixed(4)],
      ['Created', r.createdAt],
      ['Wall time', seconds(r.durations.totalSeconds)],
    ]),
  );

  const compoundedCols = perf.compounded !== null;
  const continuousCols = model.assets.some((a) => a.continuousWeight !== null);
  add(
    'selection',
    'Selection and weights',
    table(
      ['Asset', 'Selected', 'Weight', ...(continuousCols ? ['Continuous optimum'] : []), ...(compoundedCols ? ['Return (annual, compounded)'] : []), 'Return (annual, arithmetic)', 'Volatility (annual)'],
      model.assets.map((a) => [a.ticker, a.selected ? 'yes' : '', pct(a.weight, 1), ...(continuousCols ? [pct(a.continuousWeight, 1)] : []), ...(compoundedCols ? [pct(a.annualReturnCompounded)] : []), pct(a.annualReturnArithmetic), pct(a.volatility)]),
    ) +
      figure('weights', await renderSvg(weightsChart(model.assets.map((a) => ({ ...a, annualReturn: a.annualReturnArithmetic })), continuousCols ? model.assets.map((a) => a.continuousWeight ?? 0) : null))) +
      figure(
        'risk-return',
        await renderSvg(
          riskReturnChart(
            model.assets.map((a) => ({ ...a, annualReturn: a.annualReturnArithmetic })),
            { annualReturn: perf.arithmetic.expectedReturn, volatility: perf.arithmetic.volatility },
          ),
        ),
      ),
  );

  const perfRows: Cell[][] = [];
  if (perf.compounded) perfRows.push(['compounded (CAGR, PyPortfolioOpt default)', pct(perf.compounded.expectedReturn), pct(perf.compounded.volatility), sharpe(perf.compounded.sharpeRatio)]);
  perfRows.push(['arithmetic (252 × mean daily return)', pct(perf.arithmetic.expectedReturn), pct(perf.arithmetic.volatility), sharpe(perf.arithmetic.sharpeRatio)]);
  add(
    'performance',
    r.weights ? 'Expected performance (the whole-lot weights)' : 'Expected performance (equal weights)',
    table(['Annualisation', 'Expected return', 'Volatility', `Sharpe ratio (risk-free ${pct(model.riskFreeRate)})`], perfRows) +
      `<p class="note">Volatility is √(w'·252Σ·w) in both rows. Compounded returns are each asset's (p_last/p_first)^(252/m) − 1 over the data window, as PyPortfolioOpt's mean_historical_return computes them; the optimizer itself uses the arithmetic daily mean μ.${perf.compoundedNote ? ` Compounded figures are not shown: ${escapeHtml(perf.compoundedNote)}.` : ''}</p>`,
  );

  const d = r.problem.data;
  add(
    'data',
    'Data window',
    facts([
      ['Source', d.source === 'bundled' ? 'bundled daily prices (data/stock_prices.csv)' : d.source],
      ['From', d.start ?? '–'],
      ['To', d.end ?? '–'],
      ['Daily returns', d.observations ?? '–'],
      ['Rows dropped (missing prices)', d.droppedRows ?? '–'],
    ]),
  );

  if (v) {
    const q = r.request.quantum;
    add(
      'convergence',
      'Convergence',
      figure('convergence', await renderSvg(convergenceChart(v.trace, r.quality.optimum))) +
        facts([
          ['Algorithm', v.algorithm === 'qaoa' ? `QAOA, p = ${v.reps}, ${v.ansatz === 'qaoa-xy' ? 'XY mixer (keeps the budget)' : 'X mixer'}` : `VQE, ${v.ansatz}, reps ${v.reps}${q.entanglement ? `, ${q.entanglement} entanglement` : ''}`],
          ['Optimizer', `${v.optimizer}: ${v.evaluations} evaluations, ${v.iterations} iterations, stopped: ${v.stopReason}`],
          ['CVaR alpha', v.cvarAlpha],
          ['Shots per evaluation', v.shots === null ? 'exact probabilities' : v.shots],
          ['Final energy', num(v.finalEnergy)],
        ]),
    );
  }

  if (r.samples.length) {
    const isDistribution = v !== null;
    add(
      'distribution',
      isDistribution ? 'Measured distribution' : 'Annealing reads',
      figure('distribution', await renderSvg(distributionChart(distributionBars(r), isDistribution ? undefined : 'Annealing reads (distinct final states by frequency, asset 0 rightmost)'))) +
        table(
          ['Bitstring', 'Assets', 'Probability', 'Count', 'Objective', 'Budget kept'],
          r.samples.map((s) => {
            const tickers = r.problem.tickers.filter((_, i) => s.bitstring[s.bitstring.length - 1 - i] === '1');
            return [
              { html: `<span class="mono">${escapeHtml(s.bitstring)}</span>${s.bitstring === r.quality.optimalBitstring ? ' <span class="good">★ optimum</span>' : ''}` },
              tickers.join(', '),
              pct(s.probability),
              s.count,
              num(s.objective),
              s.feasible ? 'yes' : { html: '<span class="bad">no</span>' },
            ];
          }),
        ) +
        (isDistribution && r.quality.optimumProbability !== null ? `<p>P(optimum) in the final distribution: <b>${pct(r.quality.optimumProbability)}</b>.</p>` : ''),
    );
  }

  if (model.circuit) {
    const c = model.circuit;
    add(
      'circuit',
      'Circuit',
      `<div class="circuit" data-circuit>${drawCircuitSvg(c)}</div>` +
        facts([
          ['Qubits', c.numQubits],
          ['Parameters', c.parameters.length],
          ['Depth', v?.circuit.depth ?? '–'],
          ['Gates', Object.entries(v?.circuit.gateCounts ?? {}).map(([g, k]) => `${g}: ${k}`).join(', ')],
          ['Final parameters', { html: `<span class="mono">${escapeHtml((v?.finalParameters ?? []).map((p) => num(p, 4)).join(', '))}</span>` }],
        ]),
    );
  }

  add('fallback', 'How the answer came about', `<p>${escapeHtml(fallbackStory(r))}</p>`);
  add('plan', 'Plan and what happened', planSection(r));

  const ratios = model.answers.filter((a) => a.approximationRatio !== null).map((a) => ({ label: a.label, approximationRatio: a.approximationRatio! }));
  add(
    'comparison',
    'Comparison with annealing and the exact optimum',
    table(
      ['Answer', 'Assets', 'Bitstring', 'Objective', 'Approximation ratio', 'Return (annual)', 'Volatility (annual)', 'Note'],
      model.answers.map((a) => [a.label, a.tickers.join(', '), { html: `<span class="mono">${escapeHtml(a.bitstring)}</span>` }, num(a.objective), a.approximationRatio === null ? '–' : a.approximationRatio.toFixed(4), pct(a.annualReturn), pct(a.volatility), a.note]),
    ) + (ratios.length ? figure('comparison', await renderSvg(comparisonChart(ratios))) : '<p class="note">No exact optimum for this many assets: approximation ratios are not defined.</p>'),
  );

  return page(
    `qpo report ${r.jobId}`,
    `${r.solution.selectedTickers.join(', ')} · ${r.completedAt}`,
    nav,
    sections.join('\n'),
    `qpo ${r.software.qpo}, Node ${r.software.node}; report generated ${model.generatedAt}. Returns and volatilities are annualised with 252 trading days.`,
  );
}
