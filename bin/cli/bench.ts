/**
 * `qpo bench simulator|annealing`: the benchmarks of bench/ as a command; JSON `{ "results": [...] }`
 * on stdout with --json, else a table. Progress goes to stderr.
 */
import { Command, Option } from 'commander';
import Table from 'cli-table3';
import { plainStyle } from './output';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { existsSync } from 'node:fs';
import { JobValidationError } from '../../lib/jobs/errors';
import { PACKAGE_ROOT } from './runtime';

/**
 * The benchmark runner's command line: the prebuilt bench-run.js beside this bundle (plain node, no
 * loader hook: the rates of a plain node process), else bench/run.ts under `node -r tsx/cjs`.
 */
export function benchRunnerArgs(): string[] {
  const bundled = path.join(__dirname, 'bench-run.js');
  return existsSync(bundled) ? [bundled] : ['-r', require.resolve('tsx/cjs'), path.join(PACKAGE_ROOT, 'bench', 'run.ts')];
}

/**
 * Run one benchmark of bench/ in a process of its own (bench/run.ts; nothing outside bench/ imports
 * it); its progress rows pass through to stderr, its rows come back as JSON on stdout.
 */
function runBench(kind: 'simulator' | 'annealing', options: object): Promise<object[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...benchRunnerArgs(), kind, JSON.stringify(options)], {
      cwd: process.cwd(),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`the ${kind} benchmark exited with code ${code}`));
      try {
        resolve(JSON.parse(out) as object[]);
      } catch (error) {
        reject(error);
      }
    });
  });
}

function intList(flag: string, text: string, lo: number, hi: number): number[] {
  const values = text.split(',').map((s) => Number(s.trim()));
  const bad = values.find((v) => !Number.isInteger(v) || v < lo || v > hi);
  if (bad !== undefined || values.length === 0)
    throw new JobValidationError(`${flag}: '${text}' must be a comma-separated list of integers between ${lo} and ${hi}`, flag.replace(/^--/, ''));
  return values;
}

function kernelList(text: string): ('wasm' | 'js')[] {
  const values = text.split(',').map((s) => s.trim());
  if (values.length === 0 || values.some((v) => v !== 'wasm' && v !== 'js'))
    throw new JobValidationError(`--kernels: '${text}' must be a comma-separated list of wasm, js`, 'kernels');
  return [...new Set(values)] as ('wasm' | 'js')[];
}

function precisionList(text: string): ('double' | 'single')[] {
  const values = text.split(',').map((s) => s.trim());
  if (values.length === 0 || values.some((v) => v !== 'double' && v !== 'single'))
    throw new JobValidationError(`--precision: '${text}' must be a comma-separated list of double, single`, 'precision');
  return [...new Set(values)] as ('double' | 'single')[];
}

function print(rows: readonly object[], json: boolean | undefined, meta: Record<string, unknown>): void {
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...meta, results: rows }, null, 2)}\n`);
    return;
  }
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const table = new Table({ head: keys, ...plainStyle() });
  for (const r of rows) table.push(keys.map((k) => String((r as Record<string, unknown>)[k] ?? '')));
  process.stdout.write(`${table.toString()}\n`);
}

export function benchCommand(): Command {
  const bench = new Command('bench').description('Measure the simulator and the annealer (JSON rows, ratios measured in one run)');
  bench
    .command('simulator')
    .description('ns per amplitude of RY, RZ, CX, CZ and RealAmplitudes(reps=3) beside a plain Float64Array read-modify-write pass')
    .option('--qubits <list>', 'qubit counts, comma-separated', '16,20,22')
    .option('--threads <list>', 'thread counts (default: 1 and all threads)')
    .addOption(new Option('--repeats <n>', 'repetitions per measurement (the best is kept)').default('3'))
    .option('--kernels <list>', 'kernels to measure side by side: wasm (WebAssembly SIMD), js', 'wasm')
    .option('--precision <list>', 'precisions of the WebAssembly rows, side by side: double, single', 'double')
    .option('--unblocked', 'also run RealAmplitudes gate by gate without cache blocking')
    .option('--json', 'print JSON')
    .action(async (flags: { qubits: string; threads?: string; repeats: string; kernels: string; precision: string; unblocked?: boolean; json?: boolean }) => {
      const qubits = intList('--qubits', flags.qubits, 2, 30);
      const threads = flags.threads ? intList('--threads', flags.threads, 1, 64) : undefined;
      const repeats = intList('--repeats', flags.repeats, 1, 100)[0]!;
      const kernels = kernelList(flags.kernels);
      const precisions = precisionList(flags.precision);
      const rows = await runBench('simulator', { qubits, repeats, kernels, precisions, unblocked: flags.unblocked === true, ...(threads ? { threads } : {}) });
      print(rows, flags.json, { benchmark: 'simulator', node: process.version });
    });
  bench
    .command('annealing')
    .description('spin-flip attempts per second on dense100, dense500, sparse2000 and time to best-known on the shared QUBO instances')
    .option('--instances <dir>', 'folder of BiqMac .sparse QUBO instances (default ../shared/qubo when present)')
    .option('--reference <file>', 'naive_sa.ts of the bench reference, run on the same instances (default ../shared/bench-reference/naive_sa.ts when present)')
    .option('--threads <list>', 'thread counts (default: 1 and all threads)')
    .addOption(new Option('--reads <n>', 'reads per random instance').default('8'))
    .addOption(new Option('--samples <n>', 'alternating runs of the reference and ours per instance (best kept)').default('3'))
    .option('--json', 'print JSON')
    .action(async (flags: { instances?: string; reference?: string; threads?: string; reads: string; samples: string; json?: boolean }) => {
      const threads = flags.threads ? intList('--threads', flags.threads, 1, 64) : undefined;
      const reads = intList('--reads', flags.reads, 1, 100_000)[0]!;
      const samples = intList('--samples', flags.samples, 1, 100)[0]!;
      const rows = await runBench('annealing', { reads, samples, ...(threads ? { threads } : {}), instancesDir: flags.instances, referenceFile: flags.reference });
      print(rows, flags.json, { benchmark: 'annealing', node: process.version });
    });
  return bench;
}
