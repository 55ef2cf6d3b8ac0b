/**
 * Annealing benchmark (issue 3): spin-flip attempts per second of lib/solvers annealIsing (the
 * single-flip kernels the portfolio solver's flip path also runs) on random
 * Ising instances dense100, dense500 and sparse2000 (degree ~6; h and J uniform in [-1, 1], fixed
 * seed, the construction of ../shared/bench-reference/gen_ising.py with our own PRNG), 1000 sweeps,
 * geometric schedule over the default beta range; on 1 thread and on all threads. Beside them, in the
 * same run, the plain TypeScript kernel naive_sa.ts of the bench reference (bundled with esbuild) on
 * the same instances, and the time to reach the best-known value of each shared QUBO instance.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { machineThreads, ParallelAnnealer } from '../lib/backends/local';
import { annealIsing, isingBetaRange, type IsingAnnealResult, isingFromEdges, isingFromSparseQubo, mulberry32, parseSparseQubo, type IsingModel } from '../lib/solvers';
import { BEST_KNOWN } from './best-known';

export interface AnnealingRow {
  readonly instance: string;
  readonly threads: number;
  /** 'qpo' or 'naive_sa' (the reference kernel). */
  readonly kernel: string;
  readonly flipsPerSecond: number;
  readonly bestEnergy: number;
  readonly seconds: number;
  readonly bestKnown?: number;
  /** flipsPerSecond / naive_sa's on the same instance (qpo rows, when the reference ran). */
  readonly ratioToNaive?: number;
}

export interface AnnealingBenchOptions {
  readonly reads?: number;
  /** Alternating samples of reference and ours per instance (the best of each is kept). */
  readonly samples?: number;
  readonly threads?: readonly number[];
  readonly instancesDir?: string | undefined;
  readonly referenceFile?: string | undefined;
  readonly onRow?: (row: AnnealingRow) => void;
}

/** The package root: the folder above that holds package.json (bench/ from source, dist/cli/ in the bundle). */
const ROOT = (() => {
  let dir = __dirname;
  while (!existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
})();
const SWEEPS = 1000;
const SEED = 12345;

/** A random instance: h and J uniform in [-1, 1]; dense (all pairs) or sparse (each spin picks deg/2 partners). */
export function randomIsing(n: number, degree: number | 'dense', seed: number): { model: IsingModel; I: number[]; J: number[]; W: number[]; h: number[] } {
  const rng = mulberry32(seed);
  const u = (): number => 2 * rng.next() - 1;
  const h = Array.from({ length: n }, u);
  const I: number[] = [];
  const J: number[] = [];
  if (degree === 'dense') {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) I.push(i), J.push(j);
  } else {
    const edges = new Set<number>();
    for (let i = 0; i < n; i++) {
      for (let d = 0; d < degree / 2; d++) {
        const j = Math.floor(rng.next() * n);
        if (j !== i) edges.add(Math.min(i, j) * n + Math.max(i, j));
      }
    }
    for (const e of [...edges].sort((a, b) => a - b)) I.push(Math.floor(e / n)), J.push(e % n);
  }
  const W = I.map(u);
  return { model: isingFromEdges(h, I, J, W), I, J, W, h };
}

/** The instance in gen_ising.py's text format (n m hot cold / h / i j J lines) for naive_sa. */
function writeGenIsing(file: string, inst: ReturnType<typeof randomIsing>): void {
  const [hot, cold] = isingBetaRange(inst.model);
  const lines = [`${inst.h.length} ${inst.W.length} ${hot} ${cold}`, inst.h.join(' '), ...inst.W.map((w, k) => `${inst.I[k]} ${inst.J[k]} ${w}`)];
  writeFileSync(file, `${lines.join('\n')}\n`);
}

/** Bundle and run naive_sa.ts on `problem`; flips per second (best of its samples) and its best energy. */
function runNaive(bundle: string, problem: string, reads: number, variant: 'dense' | 'csr'): { flipsPerSecond: number; bestEnergy: number; seconds: number } {
  const out = execFileSync(process.execPath, [bundle, problem, String(SWEEPS), String(reads), '1', variant], { encoding: 'utf8' });
  const flips = /flips\/s max (\S+)/.exec(out);
  const best = /bestE (\S+)/.exec(out);
  const time = /time min (\S+) s/.exec(out);
  if (!flips || !best || !time) throw new Error(`naive_sa printed no result: ${out}`);
  return { flipsPerSecond: Number(flips[1]), bestEnergy: Number(best[1]), seconds: Number(time[1]) };
}

export async function runAnnealingBench(options: AnnealingBenchOptions = {}): Promise<AnnealingRow[]> {
  const reads = options.reads ?? 8;
  const samples = options.samples ?? 3;
  const threadCounts = options.threads ?? [...new Set([1, machineThreads()])];
  const rows: AnnealingRow[] = [];
  const emit = (row: AnnealingRow): void => {
    rows.push(row);
    options.onRow?.(row);
  };
  const referenceFile = options.referenceFile ?? path.join(ROOT, '..', 'shared', 'bench-reference', 'naive_sa.ts');
  const instancesDir = options.instancesDir ?? path.join(ROOT, '..', 'shared', 'qubo');
  const tmp = mkdtempSync(path.join(tmpdir(), 'qpo-bench-'));
  let bundle: string | undefined;
  if (existsSync(referenceFile)) {
    bundle = path.join(tmp, 'naive_sa.cjs');
    buildSync({ entryPoints: [referenceFile], bundle: true, platform: 'node', format: 'cjs', outfile: bundle, logLevel: 'error' });
  }
  const annealers = new Map(threadCounts.filter((t) => t > 1).map((t) => [t, new ParallelAnnealer(t)]));
  try {
    const instances = [
      { name: 'dense100', inst: randomIsing(100, 'dense', SEED) },
      { name: 'dense500', inst: randomIsing(500, 'dense', SEED + 1) },
      { name: 'sparse2000', inst: randomIsing(2000, 6, SEED + 2) },
    ];
    for (const { name, inst } of instances) {
      // Alternate the reference and ours `samples` times and keep each one's best: both see the
      // same machine load (this machine is shared; compare ratios, not absolute rates).
      let naive: { flipsPerSecond: number; bestEnergy: number; seconds: number } | undefined;
      const file = path.join(tmp, `${name}.txt`);
      if (bundle) writeGenIsing(file, inst);
      const ours = new Map<number, IsingAnnealResult>();
      const opts = { numReads: reads, numSweeps: SWEEPS, seed: 1 };
      annealIsing(inst.model, { ...opts, numReads: 1, numSweeps: 50 }); // warm-up
      for (let sample = 0; sample < samples; sample++) {
        if (bundle) {
          const ref = runNaive(bundle, file, reads, name.startsWith('dense') ? 'dense' : 'csr');
          if (!naive || ref.flipsPerSecond > naive.flipsPerSecond) naive = ref;
        }
        for (const threads of threadCounts) {
          const r = threads === 1 ? annealIsing(inst.model, opts) : await annealers.get(threads)!.run(inst.model, opts);
          const prev = ours.get(threads);
          if (!prev || r.seconds < prev.seconds) ours.set(threads, r);
        }
      }
      if (naive) emit({ instance: name, threads: 1, kernel: 'naive_sa', flipsPerSecond: round(naive.flipsPerSecond), bestEnergy: round(naive.bestEnergy), seconds: round(naive.seconds) });
      for (const [threads, r] of ours) {
        const fps = r.flipAttempts / r.seconds;
        emit({
          instance: name,
          threads,
          kernel: 'qpo',
          flipsPerSecond: round(fps),
          bestEnergy: round(r.bestEnergy),
          seconds: round(r.seconds),
          ...(naive ? { ratioToNaive: round(fps / naive.flipsPerSecond) } : {}),
        });
      }
    }
    if (existsSync(instancesDir)) {
      for (const file of readdirSync(instancesDir).filter((f) => f.endsWith('.sparse')).sort()) {
        const name = file.replace(/\.sparse$/, '');
        const model = isingFromSparseQubo(parseSparseQubo(readFileSync(path.join(instancesDir, file), 'utf8')));
        const target = BEST_KNOWN[name];
        const r = annealIsing(model, { numReads: 1000, numSweeps: SWEEPS, seed: 1, timeLimitSeconds: 30, ...(target === undefined ? {} : { targetEnergy: target }) });
        emit({
          instance: name,
          threads: 1,
          kernel: 'qpo',
          flipsPerSecond: round(r.flipAttempts / r.seconds),
          bestEnergy: r.bestEnergy,
          seconds: round(r.secondsToBest),
          ...(target === undefined ? {} : { bestKnown: target }),
        });
      }
    }
  } finally {
    for (const a of annealers.values()) await a.close();
    rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
