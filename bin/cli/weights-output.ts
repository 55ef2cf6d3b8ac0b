/** Human-readable rendering of a weighted ResultRecord (the record's `weights` section, cli-table3). */
import Table from 'cli-table3';
import type { ResultRecord } from '../../lib/jobs/result';
import type { WeightsSection } from '../../lib/jobs/weights-record';

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;
const usd = (v: number) => `$${v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The weights table (lots, weight, continuous optimum, shares, trade) and the weighted summary lines. */
export function renderWeights(r: ResultRecord, w: WeightsSection): { table: string; lines: string[] } {
  const head = ['Ticker', 'Lots', 'Weight'];
  if (w.continuous) head.push('Continuous');
  if (w.allocation) head.push('Shares', 'Value');
  if (w.trades) head.push('Trade');
  const table = new Table({ head, style: { head: [], border: [] }, colAligns: head.map((_, i) => (i === 0 ? 'left' : 'right')) });
  w.tickers.forEach((t, i) => {
    const row = [t, String(w.lotsPerAsset[i]), pct(w.weights[i]!)];
    if (w.continuous) row.push(pct(w.continuous.weights[i]!));
    if (w.allocation) row.push(String(w.allocation.shares[i]), usd(w.allocation.shares[i]! * w.allocation.prices[i]!));
    if (w.trades) {
      const trade = w.trades.find((x) => x.ticker === t);
      row.push(trade ? `${trade.side} ${pct(Math.abs(trade.toWeight - trade.fromWeight))}` : '');
    }
    table.push(row);
  });
  const a = w.performance.arithmetic;
  const c = w.performance.compounded;
  const sharpe = (v: number | null) => (v === null ? 'n/a' : v.toFixed(2));
  const lines = [
    `Portfolio     ${w.lots} lots (weights in steps of ${pct(1 / w.lots)}), ${w.encoding} encoding on ${w.qubits} qubits, risk factor q = ${Number(w.riskFactor.toPrecision(12))}`,
    `Return        ${c ? `${pct(c.expectedReturn)} compounded, ` : ''}${pct(a.expectedReturn)} arithmetic (annual)`,
    `Volatility    ${pct(a.volatility)} annualized`,
    `Sharpe        ${c ? `${sharpe(c.sharpeRatio)} compounded, ` : ''}${sharpe(a.sharpeRatio)} arithmetic (risk-free rate ${pct(w.performance.riskFreeRate)})`,
    `Objective     ${w.objective.toPrecision(6)}  (q k'Sigma k - mu'k${w.trades ? ' + transaction cost' : ''}, lot units, daily)`,
  ];
  if (w.continuous)
    lines.push(`Continuous    objective gap ${w.continuous.objectiveGap.toPrecision(3)}, tracking error ${pct(w.continuous.trackingErrorAnnual)} a year (${w.continuous.solver})`);
  if (w.trades) {
    const total = w.trades.reduce((s, t) => s + t.costFraction, 0);
    lines.push(`Trades        ${w.trades.length} (${w.trades.map((t) => `${t.side} ${t.ticker} ${pct(Math.abs(t.toWeight - t.fromWeight))}`).join(', ') || 'none'}), cost ${pct(total)} of the portfolio${w.allocation ? ` (${usd(total * w.allocation.capitalUsd)})` : ''}`);
  }
  if (w.allocation) lines.push(`Allocation    ${usd(w.allocation.capitalUsd)} at the ${w.allocation.pricesDate} closes: ${usd(w.allocation.leftoverUsd)} left in cash (greedy, PyPortfolioOpt's DiscreteAllocation)`);
  if (w.sweep) {
    const best = w.sweep.find((s) => s.riskFactor === w.riskFactor);
    lines.push(`Max Sharpe    risk factor ${w.riskFactor} of ${w.sweep.map((s) => s.riskFactor).join(', ')} (Sharpe ${sharpe(best?.sharpeRatio ?? null)})`);
  }
  void r;
  return { table: table.toString(), lines };
}
