/**
 * Single against double precision: the error bound of float32 amplitudes, measured. Every circuit
 * runs twice on the simulator engine, once in double (c64, or r64 for real circuits) and once in
 * single precision (c32 / r32, forced also under 10 qubits, where the samplers would run double),
 * and the final probabilities and energies are compared. Prints JSON rows and the maxima.
 *
 *   npx tsx bench/precision.ts [--qasmbench DIR] [--sizes 10,16,20] [--seeds 3]
 *
 * Circuits: the QASMBench programs of `--qasmbench` (default ../shared/qasmbench when present), and
 * the ansaetze the solvers run, with seeded random parameters in [-pi, pi): RealAmplitudes
 * (reps 1-3) and EfficientSU2 (reps 2) with reverse_linear entanglement, and QAOA (p = 2) on the
 * portfolio Ising Hamiltonian of the bundled prices (first n tickers, budget n/2, q = 0.5).
 *
 * Per row: maxAbsProbability = max_k |p_single(k) - p_double(k)|, totalVariation =
 * sum_k |p_single(k) - p_double(k)| / 2, and for the portfolio rows the deviations of the energy's
 * expectation value and of CVaR_0.25 (absolute and relative to the energy's spread between the
 * best and the worst basis state), and of the probability of the lowest-energy basis state.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import {
  createRng,
  cvar,
  diagonalEnergies,
  efficientSU2,
  energyOrder,
  expectationValue,
  fromQasm,
  isRealCircuit,
  qaoaCircuit,
  realAmplitudes,
  Simulation,
  type Circuit,
  type Representation,
} from '../lib/quantum';
import { computeReturnStatistics, createProblem, parsePriceCsv, selectPrices, toIsing } from '../lib/portfolio';
import { createModel } from '../lib/solvers/model';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE', 'GE', 'T', 'MA', 'SBUX', 'AMD', 'BBY', 'RRC', 'GM', 'UAA', 'FB', 'BABA', 'SHLD'];

interface Row {
  readonly circuit: string;
  readonly qubits: number;
  readonly gates: number;
  readonly representations: string;
  readonly maxAbsProbability: number;
  readonly totalVariation: number;
  readonly energy?: {
    readonly expectationAbs: number;
    readonly expectationRel: number;
    readonly cvarAbs: number;
    readonly cvarRel: number;
    readonly groundStateProbabilityAbs: number;
  };
}

const sig = (x: number): number => Number(x.toPrecision(3));

/** Probabilities of `circuit` at `params` in double and single precision (engine representations). */
function both(circuit: Circuit, params: readonly number[]): { double: Float64Array; single: Float64Array; representations: string } {
  const real = isRealCircuit(circuit);
  const run = (representation: Representation): Float64Array => {
    const sim = new Simulation(circuit, { representation });
    sim.run(params);
    return sim.probabilities().slice();
  };
  const d: Representation = real ? 'r64' : 'c64';
  const s: Representation = real && circuit.numQubits >= 2 ? 'r32' : 'c32';
  return { double: run(d), single: run(s), representations: `${d}/${s}` };
}

function compare(name: string, circuit: Circuit, params: readonly number[], energies?: Float64Array): Row {
  const { double, single, representations } = both(circuit, params);
  let maxAbs = 0;
  let tv = 0;
  for (let k = 0; k < double.length; k++) {
    const d = Math.abs(single[k]! - double[k]!);
    maxAbs = Math.max(maxAbs, d);
    tv += d / 2;
  }
  const row = { circuit: name, qubits: circuit.numQubits, gates: circuit.ops.filter((o) => o.kind === 'gate').length, representations, maxAbsProbability: sig(maxAbs), totalVariation: sig(tv) };
  if (energies === undefined) return row;
  const order = energyOrder(energies);
  const spread = energies[order[order.length - 1]!]! - energies[order[0]!]!;
  const e = [expectationValue(double, energies), expectationValue(single, energies)];
  const c = [cvar(double, energies, 0.25, order), cvar(single, energies, 0.25, order)];
  const ground = order[0]!;
  return {
    ...row,
    energy: {
      expectationAbs: sig(Math.abs(e[1]! - e[0]!)),
      expectationRel: sig(Math.abs(e[1]! - e[0]!) / spread),
      cvarAbs: sig(Math.abs(c[1]! - c[0]!)),
      cvarRel: sig(Math.abs(c[1]! - c[0]!) / spread),
      groundStateProbabilityAbs: sig(Math.abs(single[ground]! - double[ground]!)),
    },
  };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      qasmbench: { type: 'string', default: path.join(__dirname, '..', '..', 'shared', 'qasmbench') },
      sizes: { type: 'string', default: '10,16,20' },
      seeds: { type: 'string', default: '3' },
    },
  });
  const rows: Row[] = [];
  const emit = (row: Row): void => {
    rows.push(row);
    process.stderr.write(`${JSON.stringify(row)}\n`);
  };
  if (existsSync(values.qasmbench)) {
    for (const file of readdirSync(values.qasmbench).filter((f) => f.endsWith('.qasm')).sort()) {
      const circuit = fromQasm(readFileSync(path.join(values.qasmbench, file), 'utf8'));
      emit(compare(`qasmbench/${file.replace(/\.qasm$/, '')}`, circuit, []));
    }
  } else process.stderr.write(`skipped: QASMBench folder ${values.qasmbench} not found (--qasmbench DIR)\n`);

  const table = parsePriceCsv(readFileSync(path.join(__dirname, '..', 'data', 'stock_prices.csv'), 'utf8'));
  for (const n of values.sizes.split(',').map(Number)) {
    const stats = computeReturnStatistics(selectPrices(table, { tickers: TICKERS.slice(0, n), start: '2015-04-01' }));
    const problem = createProblem({ ...stats, riskFactor: 0.5, budget: Math.floor(n / 2) });
    const ising = toIsing(createModel(problem).qubo);
    const energies = diagonalEnergies(ising);
    const ansatze: [string, Circuit][] = [
      ...[1, 2, 3].map((reps): [string, Circuit] => [`realamplitudes-reps${reps}`, realAmplitudes({ numQubits: n, reps, entanglement: 'reverse_linear' })]),
      ['efficientsu2-reps2', efficientSU2({ numQubits: n, reps: 2, entanglement: 'reverse_linear' })],
      ['qaoa-p2', qaoaCircuit(ising, 2)],
    ];
    for (const [name, circuit] of ansatze) {
      for (let seed = 1; seed <= Number(values.seeds); seed++) {
        const rng = createRng(seed);
        const params = circuit.parameters.map(() => (2 * rng.next() - 1) * Math.PI);
        emit(compare(`${name} seed ${seed}`, circuit, params, energies));
      }
    }
  }
  const max = (f: (r: Row) => number | undefined): number => Math.max(...rows.map(f).filter((x): x is number => x !== undefined));
  const summary = {
    maxAbsProbability: max((r) => r.maxAbsProbability),
    maxTotalVariation: max((r) => r.totalVariation),
    maxExpectationRel: max((r) => r.energy?.expectationRel),
    maxCvarRel: max((r) => r.energy?.cvarRel),
    maxGroundStateProbabilityAbs: max((r) => r.energy?.groundStateProbabilityAbs),
  };
  process.stdout.write(`${JSON.stringify({ benchmark: 'precision', node: process.version, results: rows, summary }, null, 2)}\n`);
}

main();
