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

/** Parse `--parameters`: comma-separated numbers (radians), or `@FILE` with a JSON array. */
export function parseParameterValues(text: string | undefined, fileText?: string): number[] {
  if (text === undefined) return [];
  const raw: unknown[] = fileText !== undefined ? (JSON.parse(fileText) as unknown[]) : text.split(',').map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (!Array.isArray(raw) || raw.some((v) => typeof v !== 'number' || !Number.isFinite(v)))
    throw new JobValidationError(`--parameters: '${text}' must be comma-separated numbers (radians) or @FILE holding a JSON array of numbers`, 'parameters');
  return raw as number[];
}

/**
 * Check the parameter values against the program's inputs (OpenQASM 3 `input float` from
 * `qpo circuit --qasm`, in declaration order).
 * @throws JobValidationError naming the inputs and the flag that binds them.
 */
function checkParameters(names: readonly string[], values: readonly number[]): void {
  if (values.length === names.length) return;
  const list = names.length > 4 ? `${names.slice(0, 3).join(', ')}, …, ${names[names.length - 1]}` : names.join(', ');
  throw new JobValidationError(
    names.length === 0
      ? `--parameters: the program has no input parameters; drop --parameters (got ${values.length} values)`
      : `--parameters: the program has ${names.length} input parameter(s) (${list}) and ${values.length} value(s) were given; pass --parameters v1,v2,… (radians, in declaration order) or @FILE with a JSON array, e.g. the finalParameters of a result`,
    'parameters',
  );
}

/** Simulate the program text; `threads` > 1 runs on worker threads. */
export async function simulateQasm(source: string, options: { shots?: number; seed?: number; threads?: number; parameters?: readonly number[]; precision?: Precision } = {}): Promise<SimulateOutput> {
  const { circuit } = parseQasm(source);
  const params = options.parameters ?? [];
  checkParameters(circuit.parameters, params);
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
    await sim.run(circuit, params, true, options.precision ?? 'double');
    probs = sim.probabilities;
  } else {
    const sim = new Simulation(circuit, { maxBytes, precision: options.precision ?? 'double' });
    sim.run(params);
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

/** Outcomes by probability, highest first (ties by bitstring); `top` 0 keeps all. */
export function topOutcomes(out: SimulateOutput, top: number): string[] {
  const keys = [...new Set([...Object.keys(out.probabilities), ...Object.keys(out.counts ?? {})])];
  keys.sort((a, b) => (out.probabilities[b] ?? 0) - (out.probabilities[a] ?? 0) || (out.counts?.[b] ?? 0) - (out.counts?.[a] ?? 0) || (a < b ? -1 : 1));
  return top > 0 ? keys.slice(0, top) : keys;
}

export function simulateCommand(): Command {
  return new Command('simulate')
    .description('Simulate an OpenQASM 2.0 file: exact probabilities of the measured bitstrings (clbit 0 rightmost), counts with --shots')
    .argument('<file>', 'OpenQASM 2.0 program (qelib1.inc gates, gate definitions, measure, barrier)')
    .option('--shots <n>', 'also sample this many shots')
    .option('--seed <s>', 'seed of the shot sampling', '0')
    .option('--threads <t>', 'worker threads for the state vector', '1')
    .option('--precision <p>', 'amplitudes in double (float64) or single (float32) precision', 'double')
    .option('--top <k>', 'show the k most probable outcomes (0: all)', '32')
    .option('--parameters <values>', 'values of the program\'s input parameters (radians, comma-separated, or @FILE with a JSON array)')
    .option('--json', 'print JSON {"numQubits":..,"probabilities":{..},"counts":{..}} (every outcome unless --top is given)')
    .action(async (file: string, flags: { shots?: string; seed: string; threads: string; top: string; parameters?: string; precision: string; json?: boolean }, command: Command) => {
      const shots = integerFlag('--shots', flags.shots, 1, MAX_SHOTS);
      const seed = integerFlag('--seed', flags.seed, 0, 2 ** 32 - 1)!;
      const threads = integerFlag('--threads', flags.threads, 1, 256)!;
      const top = integerFlag('--top', flags.top, 0, 2 ** 30)!;
      const precision = flags.precision.toLowerCase();
      if (precision !== 'double' && precision !== 'single') throw new JobValidationError(`--precision: '${flags.precision}' is not valid; use one of double, single`, 'precision');
      const parameterFile = flags.parameters?.startsWith('@') ? await readUserFile(flags.parameters.slice(1), '--parameters') : undefined;
      let parameters: number[];
      try {
        parameters = parseParameterValues(flags.parameters, parameterFile);
      } catch (error) {
        if (error instanceof JobValidationError) throw error;
        throw new JobValidationError(`--parameters: '${flags.parameters}' does not hold a JSON array of numbers: ${(error as Error).message}`, 'parameters');
      }
      const source = await readUserFile(file, 'qasm');
      const out = await simulateQasm(source, { seed, threads, parameters, precision, ...(shots === undefined ? {} : { shots }) });
      const topGiven = command.getOptionValueSource('top') === 'cli';
      const keys = topOutcomes(out, top);
      if (flags.json) {
        if (!topGiven || top === 0) return void process.stdout.write(`${JSON.stringify(out)}\n`);
        const pick = (m: Record<string, number>) => Object.fromEntries(keys.filter((k) => k in m).map((k) => [k, m[k]!]));
        return void process.stdout.write(`${JSON.stringify({ ...out, probabilities: pick(out.probabilities), ...(out.counts ? { counts: pick(out.counts) } : {}) })}\n`);
      }
      const table = new Table({ head: ['bitstring', 'probability', ...(out.counts ? ['counts'] : [])], ...plainStyle() });
      for (const k of keys) table.push([k, (out.probabilities[k] ?? 0).toPrecision(6), ...(out.counts ? [String(out.counts[k] ?? 0)] : [])]);
      const total = new Set([...Object.keys(out.probabilities), ...Object.keys(out.counts ?? {})]).size;
      const more = total > keys.length ? `\n${total - keys.length} less probable outcome(s) not shown (--top 0 shows all)` : '';
      process.stdout.write(`${out.numQubits} qubits\n${table.toString()}${more}\n`);
    });
}
