/** Human-readable rendering of a ResultRecord and of a dry-run plan (cli-table3). */
import Table from 'cli-table3';
import type { DryRunReport } from '../../lib/jobs/dry-run';
import type { ResultRecord } from '../../lib/jobs/result';
import type { CvarSchedule, VariationalReport } from '../../lib/solvers/types';
import { renderWeights } from './weights-output';

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
  const weighted = r.weights ? renderWeights(r, r.weights) : null;
  const lines = weighted
    ? [weighted.table, '', ...weighted.lines]
    : [
        table.toString(),
        '',
        `Portfolio     ${r.solution.selectedTickers.join(', ')}  (budget ${r.problem.budget} of ${r.problem.numAssets}, risk factor q = ${Number(r.problem.riskFactor.toPrecision(12))})`,
        `Return        ${pct(r.solution.expectedReturnAnnual)} annualized, equal weights (${pct(r.solution.expectedReturnDaily)} daily)`,
        `Volatility    ${pct(r.solution.volatilityAnnual)} annualized (${pct(r.solution.volatilityDaily)} daily)`,
        `Objective     ${r.solution.objective.toPrecision(6)}  (q x'Sigma x - mu'x, daily units)`,
      ];
  const v = r.variational;
  if (r.quality.approximationRatio !== null) {
    // P(optimum) is a property of a measured distribution: only a variational answer has one.
    lines.push(
      `Quality       approximation ratio ${r.quality.approximationRatio.toFixed(4)} against the exact optimum ${r.quality.optimum!.toPrecision(6)}` +
        (v && r.quality.optimumProbability !== null ? `; P(optimum) = ${r.quality.optimumProbability.toFixed(3)}` : ''),
    );
  } else lines.push('Quality       exact optimum not computed (too many assets)');
  const how = v
    ? `${v.algorithm.toUpperCase()} (${describeVariational(v)}) on ${r.backend.name}`
    : r.solver === 'annealing'
      ? `simulated annealing (${r.request.fallback.annealing.numReads} reads x ${r.request.fallback.annealing.numSweeps} sweeps)`
      : r.solver === 'exact'
        ? `exact (${r.weights ? 'enumeration of the feasible lot vectors' : 'brute force over the feasible selections'})`
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
    const m = c.method;
    lines.push(
      `Circuit       ${c.algorithm === 'qaoa' ? `QAOA p=${m.reps}, ${m.mixer} mixer from ${m.initialState}` : `${m.ansatz} reps=${m.reps}${m.entanglement ? ` ${m.entanglement}` : ` from ${m.initialState}`}`}: ${c.numQubits} qubits, ${c.numParameters} parameters, depth ${c.depth}`,
      `Gates         ${Object.entries(c.gateCounts).map(([g, k]) => `${g}: ${k}`).join(', ')}`,
      `State vector  ${(c.stateVectorBytes / 2 ** 20).toFixed(c.stateVectorBytes < 2 ** 20 ? 3 : 1)} MiB`,
      `Optimizer     ${m.optimizer}${m.method === 'subspace-gradient' ? ' (adjoint gradients in the feasible subspace)' : ''}, max ${m.maxIterations} evaluations, ${m.restarts > 1 ? `up to ${m.restarts} starts, ` : ''}${q.shots === undefined ? 'exact probabilities' : `${q.shots} shots`}, ${scheduleText(m.cvarSchedule)}, seed ${q.seed ?? '(random)'}${q.precision === 'single' ? ', single precision' : ''}`,
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
  const p = plan.plan;
  if (p) {
    lines.push(
      `Execution     ${p.mode} (${p.reason})`,
      `Plan          ${p.providerJobs} provider jobs, ${p.circuits} circuits, ${p.shots} shots; queue ~${Math.round(p.expectedQueueSeconds)} s, run ~${Math.round(p.expectedExecutionSeconds)} s, wall ~${Math.round(p.expectedWallSeconds)} s of ${p.budgetSeconds} s; ~$${p.expectedCostUsd.toFixed(2)}${p.populationSize === undefined ? '' : `; ${p.populationSize} parameter sets per request`}`,
      `Fits          ${p.fits ? 'yes' : `no: ${p.whyNot.join('; ')}`}`,
    );
    for (const c of p.candidates) lines.push(`  ${c.mode.padEnd(18)}${String(c.providerJobs).padStart(6)} jobs ${String(Math.round(c.expectedWallSeconds)).padStart(7)} s  $${c.expectedCostUsd.toFixed(2).padStart(9)}  ${c.fits ? 'fits' : c.whyNot.join('; ')}`);
  }
  return lines.join('\n');
}

/** cli-table3 style without ANSI colours when stdout is not a terminal (pipes, files, tests). */
export function plainStyle(): { style?: { head: string[]; border: string[] } } {
  return process.stdout.isTTY ? {} : { style: { head: [], border: [] } };
}

/** A CVaR schedule in words: `CVaR alpha 0.25` or `ascending CVaR alpha 0.05 > 0.2 > 0.5 > 1`. */
function scheduleText(s: CvarSchedule): string {
  return s.kind === 'fixed' ? `CVaR alpha ${s.alphas[0]}` : `ascending CVaR alpha ${s.alphas.join(' > ')}`;
}

/** What ran, in one line: ansatz, layers, start, optimizer, schedule, evaluations and starts, shots. */
function describeVariational(v: VariationalReport): string {
  // QAOA names its mixer (the report's ansatz is qaoa or qaoa-xy); VQE its ansatz.
  const parts = [v.algorithm === 'qaoa' ? `p = ${v.reps}, ${v.ansatz === 'qaoa-xy' ? 'XY' : 'X'} mixer` : `${v.ansatz}, reps ${v.reps}`];
  if (v.warmStart === 'annealing') parts.push('warm start from annealing');
  else if (v.initialState === 'dicke') parts.push('from the Dicke state');
  parts.push(v.method === 'subspace-gradient' ? `${v.optimizer} with adjoint gradients` : v.optimizer);
  parts.push(v.cvarSchedule ? scheduleText(v.cvarSchedule) : `CVaR alpha ${v.cvarAlpha}`);
  parts.push(`${v.evaluations} evaluations${v.restarts && v.restarts.length > 1 ? ` in ${v.restarts.length} starts` : ''}`);
  parts.push(v.shots === null ? 'exact probabilities' : `${v.shots} shots`);
  if (v.precision === 'single') parts.push('single precision');
  return parts.join(', ');
}
