/** Human-readable rendering of a ResultRecord and of a dry-run plan (cli-table3). */
import Table from 'cli-table3';
import type { DryRunReport } from '../../lib/jobs/dry-run';
import type { ResultRecord } from '../../lib/jobs/result';

const pct = (v: number) => `${(v * 100).toFixed(2)} %`;

/** The result as a table of assets and a summary. */
export function renderResult(r: ResultRecord, location: string): string {
  const table = new Table({
    head: ['Ticker', 'Selected', 'Expected return (ann.)', 'Volatility (ann.)'],
    colAligns: ['left', 'center', 'right', 'right'],
    style: { head: [], border: [] },
  });
  const { mu, sigma, tickers } = r.problem;
  tickers.forEach((t, i) => {
    table.push([t, r.solution.selection[i] ? 'yes' : '', pct(mu[i]! * 252), pct(Math.sqrt(sigma[i]![i]! * 252))]);
  });
  const lines = [
    table.toString(),
    '',
    `Portfolio     ${r.solution.selectedTickers.join(', ')}  (budget ${r.problem.budget} of ${r.problem.numAssets}, risk factor q = ${r.problem.riskFactor})`,
    `Return        ${pct(r.solution.expectedReturnAnnual)} annualized, equal weights (${pct(r.solution.expectedReturnDaily)} daily)`,
    `Volatility    ${pct(r.solution.volatilityAnnual)} annualized (${pct(r.solution.volatilityDaily)} daily)`,
    `Objective     ${r.solution.objective.toPrecision(6)}  (q x'Sigma x - mu'x, daily units)`,
  ];
  if (r.quality.approximationRatio !== null) {
    lines.push(
      `Quality       approximation ratio ${r.quality.approximationRatio.toFixed(4)} against the exact optimum ${r.quality.optimum!.toPrecision(6)}` +
        (r.quality.optimumProbability !== null ? `; P(optimum) = ${r.quality.optimumProbability.toFixed(3)}` : ''),
    );
  } else lines.push('Quality       exact optimum not computed (too many assets)');
  const v = r.variational;
  const how = v
    ? `${v.algorithm.toUpperCase()} (${v.ansatz}, reps ${v.reps}, ${v.optimizer}, CVaR alpha ${v.cvarAlpha}, ${v.evaluations} evaluations, ${v.shots === null ? 'exact probabilities' : `${v.shots} shots`}${v.precision === 'single' ? ', single precision' : ''}) on ${r.backend.name}`
    : r.solver;
  lines.push(`Solver        ${how}`);
  lines.push(
    `Fallback      ${r.fallback.activated ? `activated (${r.fallback.reason}): ${r.fallback.message ?? ''}` : 'not activated'}`,
  );
  lines.push(`Time          ${r.durations.totalSeconds.toFixed(2)} s`);
  lines.push(`Result        ${location}`);
  return lines.join('\n');
}

/** The dry-run plan. */
export function renderDryRun(plan: DryRunReport): string {
  const lines = [
    `Plan (dry run: nothing run, nothing written)`,
    `Assets        ${plan.tickers.join(', ')} (budget ${plan.spec.budget}, risk factor ${plan.spec.riskFactor})`,
    `Data          ${plan.data.source}${plan.data.start ? ` ${plan.data.start} .. ${plan.data.end}, ${plan.data.observations} daily returns, ${plan.data.droppedRows} rows dropped for missing prices` : ''}`,
    `Path          ${plan.path}${plan.path === 'quantum' ? ` (fallback ${plan.spec.fallback.enabled ? `on, timeout ${plan.spec.quantum.timeoutSeconds} s` : 'off'})` : ''}`,
  ];
  const c = plan.circuit;
  if (c) {
    const q = plan.spec.quantum;
    lines.push(
      `Circuit       ${c.algorithm === 'qaoa' ? `QAOA p=${q.reps}` : `${q.ansatz} reps=${q.reps} ${q.entanglement}`}: ${c.numQubits} qubits, ${c.numParameters} parameters, depth ${c.depth}`,
      `Gates         ${Object.entries(c.gateCounts).map(([g, k]) => `${g}: ${k}`).join(', ')}`,
      `State vector  ${(c.stateVectorBytes / 2 ** 20).toFixed(c.stateVectorBytes < 2 ** 20 ? 3 : 1)} MiB`,
      `Optimizer     ${q.optimizer}, max ${q.maxIterations} iterations, ${q.shots === undefined ? 'exact probabilities' : `${q.shots} shots`}, CVaR alpha ${q.cvarAlpha}, seed ${q.seed ?? '(random)'}${q.precision === 'single' ? ', single precision' : ''}`,
    );
  }
  const b = plan.backend;
  if (b) {
    if (!b.info) lines.push(`Backend       ${plan.spec.quantum.backend}: ${b.problem ?? 'unavailable'} (the run would fall back)`);
    else {
      lines.push(`Backend       ${b.info.name} (${b.info.kind}, ${b.info.status}, queue ${b.info.detail ?? b.info.queueDepth}, ${b.info.qubits} qubits, ${b.info.price})`);
      if (b.ranking) lines.push(`Candidates    ${b.ranking.map((r) => `${r.name} ${r.score.toFixed(3)}`).join(', ')}`);
    }
    if (b.transpiled) {
      lines.push(
        `Transpiled    depth ${b.transpiled.depth}, ${b.transpiled.swaps} swaps, physical qubits ${b.transpiled.physicalQubits.join(',')}`,
        `ISA gates     ${Object.entries(b.transpiled.gateCounts).map(([g, k]) => `${g}: ${k}`).join(', ')}`,
      );
    }
    if (b.estimate) {
      const e = b.estimate;
      lines.push(`Estimate      ${e.requests} requests, ${e.providerJobs} provider jobs/tasks, ${e.totalShots} shots, $${e.estimatedCostUsd.toFixed(4)}`);
    }
  }
  return lines.join('\n');
}

/** cli-table3 style without ANSI colours when stdout is not a terminal (pipes, files, tests). */
export function plainStyle(): { style?: { head: string[]; border: string[] } } {
  return process.stdout.isTTY ? {} : { style: { head: [], border: [] } };
}
