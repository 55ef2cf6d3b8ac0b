/**
 * End-to-end benchmark: wall time and approximation ratio of each solver per problem size n on the
 * bundled real prices (most recent 3 years, budget floor(n/2), q = 0.5, seeds 1..3), printed as JSON.
 *
 *   npx tsx bench/end-to-end.ts [--sizes 4,6,8,10,12] [--seeds 3] [--solvers vqe,qaoa,annealing]
 *     [--ansatz givens|realamplitudes|...] [--precision double|single]
 *
 * `--ansatz realamplitudes` runs the VQE loop through the Sampler (Qiskit's defaults: reps 2,
 * reverse_linear, COBYLA 300 evaluations, CVaR 0.25: every evaluation one state-vector run, the
 * simulator's workload); omitted, the solver's default method. `--precision` is the simulator's.
 *
 * Each row: { solver, n, seed, seconds, cpuSeconds, approximationRatio, optimumProbability,
 * evaluations }, plus a summary per (solver, n) with the median time and the fraction of runs that
 * reached ratio 1.0. cpuSeconds are the process's (worker threads included): on a shared machine
 * the wall time also counts waits for a core.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { computeReturnStatistics, createProblem, parsePriceCsv, selectPrices, approximationRatio } from '../lib/portfolio';
import { bitstringOf, getSolver, solveExactly } from '../lib/solvers';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE', 'GE', 'T', 'MA', 'SBUX', 'AMD', 'BBY', 'RRC', 'GM', 'UAA', 'FB', 'BABA', 'SHLD'];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { sizes: { type: 'string', default: '4,6,8,10,12' }, seeds: { type: 'string', default: '3' }, solvers: { type: 'string', default: 'vqe,qaoa,annealing' }, ansatz: { type: 'string' }, precision: { type: 'string' } },
  });
  const sizes = values.sizes.split(',').map(Number);
  const seeds = Number(values.seeds);
  const solvers = values.solvers.split(',');
  const table = parsePriceCsv(readFileSync(path.join(__dirname, '..', 'data', 'stock_prices.csv'), 'utf8'));
  const results: Record<string, unknown>[] = [];
  for (const n of sizes) {
    const stats = computeReturnStatistics(selectPrices(table, { tickers: TICKERS.slice(0, n), start: '2015-04-01' }));
    const problem = createProblem({ ...stats, riskFactor: 0.5, budget: Math.floor(n / 2) });
    const exact = solveExactly(problem);
    const optimalBitstring = bitstringOf(exact.optimalSelection);
    for (const name of solvers) {
      for (let seed = 1; seed <= seeds; seed++) {
        const options = {
          seed,
          ...(name === 'vqe' && values.ansatz !== undefined ? { ansatz: values.ansatz } : {}),
          ...(name !== 'annealing' && values.precision !== undefined ? { precision: values.precision } : {}),
        };
        const cpu0 = process.cpuUsage();
        const started = performance.now();
        const r = await getSolver(name).solve(problem, options as never, {}, { optimalBitstring });
        const seconds = (performance.now() - started) / 1000;
        const cpu = process.cpuUsage(cpu0);
        results.push({
          solver: name,
          n,
          seed,
          seconds: Number(seconds.toFixed(4)),
          cpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(4)),
          approximationRatio: approximationRatio(r.objective, exact.optimum, exact.worstFeasible),
          optimumProbability: r.optimumProbability ?? null,
          evaluations: r.variational?.evaluations ?? null,
        });
      }
    }
  }
  const summary = [];
  for (const name of solvers)
    for (const n of sizes) {
      const rows = results.filter((r) => r.solver === name && r.n === n);
      const times = rows.map((r) => r.seconds as number).sort((a, b) => a - b);
      summary.push({
        solver: name,
        n,
        medianSeconds: times[Math.floor(times.length / 2)],
        optimalFraction: rows.filter((r) => (r.approximationRatio as number) >= 1 - 1e-12).length / rows.length,
        meanApproximationRatio: rows.reduce((a, r) => a + (r.approximationRatio as number), 0) / rows.length,
      });
    }
  process.stdout.write(`${JSON.stringify({ benchmark: 'end-to-end', node: process.version, results, summary }, null, 2)}\n`);
}

void main();
