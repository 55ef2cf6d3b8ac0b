/**
 * `qpo simulate FILE.qasm [--shots N] [--seed S] [--threads T] [--precision double|single] [--json]`:
 * run an OpenQASM 2.0 file on the state-vector simulator and print the exact probabilities of the
 * measured bitstrings (Qiskit's order: clbit 0 rightmost, unmeasured clbits 0), and seeded counts
 * when --shots is given.
 * JSON: {"numQubits":n,"probabilities":{"0101":0.25,..},"counts":{..}}.
 */
import * as os from 'node:os';
import { Command } from 'commander';
import Table from 'cli-table3';
import { plainStyle } from './output';
import { ParallelStatevector } from '../../lib/backends/local';
import { JobValidationError } from '../../lib/jobs/errors';
import {
  createRng,
  measuredProbabilities,
  measurementMap,
  parseQasm,
  sampleMeasured,
  Simulation,
  MAX_SHOTS,
  StateTooLargeError,
  type Precision,
} from '../../lib/quantum';
import { readUserFile } from './runtime';

/** Outcomes below this probability are rounding noise of exact zeros (amplitudes ~1e-16). */
const CUTOFF = 1e-15;

function integerFlag(flag: string, text: string | undefined, lo: number, hi: number): number | undefined {
  if (text === undefined) return undefined;
  const v = Number(text);
  if (!Number.isInteger(v) || v < lo || v > hi) throw new JobValidationError(`${flag}: '${text}' must be an integer between ${lo} and ${hi}`, flag.slice(2));
  return v;
}

export interface SimulateOutput {
  readonly numQubits: number;
  readonly probabilities: Record<string, number>;
  readonly counts?: Record<string, number>;
}

/** Simulate the program text; `threads` > 1 runs on worker threads. */
export async function simulateQasm(source: string, options: { shots?: number; seed?: number; threads?: number; precision?: Precision } = {}): Promise<SimulateOutput> {
  const { circuit } = parseQasm(source);
  const map = measurementMap(circuit);
  const maxBytes = Math.floor(os.freemem() * 0.75);
  // the state vector (16 bytes) and its probabilities (8 bytes) per basis state
  const required = 24 * 2 ** circuit.numQubits;
  if (required > maxBytes) throw new StateTooLargeError(circuit.numQubits, required, maxBytes, { what: 'the state vector and its probabilities' });
  let probs: Float64Array;
  let close: (() => Promise<void>) | undefined;
  if ((options.threads ?? 1) > 1) {
    const sim = new ParallelStatevector({ threads: options.threads!, maxStateBytes: maxBytes });
    close = () => sim.close();
    await sim.run(circuit, [], true, options.precision ?? 'double');
    probs = sim.probabilities;
  } else {
    const sim = new Simulation(circuit, { maxBytes, precision: options.precision ?? 'double' });
    sim.run([]);
    probs = sim.probabilities();
  }
  try {
    const out: SimulateOutput = { numQubits: circuit.numQubits, probabilities: measuredProbabilities(map, probs, CUTOFF) };
    if (options.shots === undefined) return out;
    return { ...out, counts: sampleMeasured(map, probs, options.shots, createRng(options.seed ?? 0)) };
  } finally {
    await close?.();
  }
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('Simulate an OpenQASM 2.0 file: exact probabilities of the measured bitstrings (clbit 0 rightmost), counts with --shots')
    .argument('<file>', 'OpenQASM 2.0 program (qelib1.inc gates, gate definitions, measure, barrier)')
    .option('--shots <n>', 'also sample this many shots')
    .option('--seed <s>', 'seed of the shot sampling', '0')
    .option('--threads <t>', 'worker threads for the state vector', '1')
    .option('--precision <p>', 'amplitudes in double (float64) or single (float32) precision', 'double')
    .option('--json', 'print JSON {"numQubits":..,"probabilities":{..},"counts":{..}}')
    .action(async (file: string, flags: { shots?: string; seed: string; threads: string; precision: string; json?: boolean }) => {
      const shots = integerFlag('--shots', flags.shots, 1, MAX_SHOTS);
      const seed = integerFlag('--seed', flags.seed, 0, 2 ** 32 - 1)!;
      const threads = integerFlag('--threads', flags.threads, 1, 256)!;
      const precision = flags.precision.toLowerCase();
      if (precision !== 'double' && precision !== 'single') throw new JobValidationError(`--precision: '${flags.precision}' is not valid; use one of double, single`, 'precision');
      const source = await readUserFile(file, 'qasm');
      const out = await simulateQasm(source, { seed, threads, precision, ...(shots === undefined ? {} : { shots }) });
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(out)}\n`);
        return;
      }
      const table = new Table({ head: ['bitstring', 'probability', ...(out.counts ? ['counts'] : [])], ...plainStyle() });
      const keys = new Set([...Object.keys(out.probabilities), ...Object.keys(out.counts ?? {})]);
      for (const k of [...keys].sort()) table.push([k, (out.probabilities[k] ?? 0).toPrecision(6), ...(out.counts ? [String(out.counts[k] ?? 0)] : [])]);
      process.stdout.write(`${out.numQubits} qubits\n${table.toString()}\n`);
    });
}
