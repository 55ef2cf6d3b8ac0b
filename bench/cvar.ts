/**
 * The CVaR walk of the VQE loop, bucketed (lib/quantum/expectation.ts `cvar`) against the walk one
 * state at a time in energy order that it replaced (gather the first 2^n / 16 states, then scatter
 * every probability into energy order and walk on sequentially), on the workload of
 * bench/end-to-end.ts: the portfolio Ising Hamiltonian of the first n bundled stocks (budget n / 2,
 * q = 0.5) and RealAmplitudes(reps 2, reverse_linear) states with three parameter sets (wide,
 * wide, narrow angles), alpha 0.01 / 0.25 / 1. CPU milliseconds per call, both variants interleaved
 * round by round in one process; min and median over rounds; the relative difference of the values.
 *
 *   npx tsx bench/cvar.ts [--qubits 20] [--rounds 5]
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { computeReturnStatistics, createProblem, parsePriceCsv, selectPrices } from '../lib/portfolio';
import { Simulation, cvar, diagonalEnergies, energyOrder, realAmplitudes } from '../lib/quantum';
import { prepareProblem } from '../lib/solvers/variational';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE', 'GE', 'T', 'MA', 'SBUX', 'AMD', 'BBY', 'RRC', 'GM', 'UAA', 'FB', 'BABA', 'SHLD'];

/** The previous walk: one state at a time in energy order (prefix gathered, the rest scattered). */
function plainWalk(p: Float64Array, order: Uint32Array, rank: Uint32Array, sorted: Float64Array, inOrder: Float64Array, alpha: number): number {
  const size = order.length;
  let mass = 0;
  let sum = 0;
  let r = 0;
  for (; r < size >> 4; r++) {
    const x = p[order[r]!]!;
    if (x <= 0) continue;
    if (mass + x >= alpha) return (sum + (alpha - mass) * sorted[r]!) / alpha;
    mass += x;
    sum += x * sorted[r]!;
  }
  for (let k = 0; k < size; k++) inOrder[rank[k]!] = p[k]!;
  for (; r < size; r++) {
    const x = inOrder[r]!;
    if (x <= 0) continue;
    if (mass + x >= alpha) return (sum + (alpha - mass) * sorted[r]!) / alpha;
    mass += x;
    sum += x * sorted[r]!;
  }
  return sum / mass;
}

function cpuMs(f: () => unknown, repeats: number): number {
  const c0 = process.cpuUsage();
  for (let i = 0; i < repeats; i++) f();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e3 / repeats;
}

const stat = (xs: number[]): { min: number; median: number } => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: Number(s[0]!.toFixed(3)), median: Number(s[s.length >> 1]!.toFixed(3)) };
};

function main(): void {
  const { values } = parseArgs({ options: { qubits: { type: 'string', default: '20' }, rounds: { type: 'string', default: '5' } } });
  const n = Number(values.qubits);
  const rounds = Number(values.rounds);
  const table = parsePriceCsv(readFileSync(path.join(__dirname, '..', 'data', 'stock_prices.csv'), 'utf8'));
  const stats = computeReturnStatistics(selectPrices(table, { tickers: TICKERS.slice(0, n), start: '2015-04-01' }));
  const { hamiltonian } = prepareProblem(createProblem({ ...stats, riskFactor: 0.5, budget: Math.floor(n / 2) }));
  const energies = diagonalEnergies(hamiltonian);
  const order = energyOrder(energies);
  const size = order.length;
  const rank = new Uint32Array(size);
  const sorted = new Float64Array(size);
  for (let r = 0; r < size; r++) {
    rank[order[r]!] = r;
    sorted[r] = energies[order[r]!]!;
  }
  const inOrder = new Float64Array(size);
  const circuit = realAmplitudes({ numQubits: n, reps: 2, entanglement: 'reverse_linear' });
  const sim = new Simulation(circuit, {});
  const rows = [];
  for (const set of [1, 2, 3]) {
    sim.run(circuit.parameters.map((_, i) => Math.sin(7 * set + i) * (set === 3 ? 0.3 : 2)));
    const p = Float64Array.from(sim.probabilities());
    for (const alpha of [0.01, 0.25, 1]) {
      const bucketed = cvar(p, energies, alpha, order);
      const plain = plainWalk(p, order, rank, sorted, inOrder, alpha);
      const tPlain: number[] = [];
      const tBucketed: number[] = [];
      for (let round = 0; round < rounds; round++) {
        tPlain.push(cpuMs(() => plainWalk(p, order, rank, sorted, inOrder, alpha), 10));
        tBucketed.push(cpuMs(() => cvar(p, energies, alpha, order), 10));
      }
      const a = stat(tPlain);
      const b = stat(tBucketed);
      rows.push({ parameterSet: set, alpha, plainMs: a, bucketedMs: b, medianRatio: Number((b.median / a.median).toFixed(3)), relativeDifference: Math.abs(bucketed - plain) / Math.abs(plain) });
    }
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'cvar', node: process.version, qubits: n, rows }, null, 2)}\n`);
}

main();
