/**
 * Simulated annealing of an Ising model (ising.ts) with the kernels of ising-kernel.ts: independent
 * reads from uniformly random spins, a geometric or linear schedule over the default beta range of
 * dwave-neal, a read budget and a wall-clock budget (`timeLimitSeconds`: no read starts after it;
 * at least one read runs). Reads are numbered, and read r uses the seed deriveSeed(seed, r), so a
 * split of the reads over worker threads (lib/backends/local) gives the same states.
 */
import { betaSchedule } from './annealing-kernel';
import { InvalidSolverOptionError } from './errors';
import { isingBetaRange, isingEnergy, type IsingModel } from './ising';
import { annealCsr, annealDense, csrDeltas, denseFields } from './ising-kernel';
import { deriveSeed, mulberry32 } from './random';

export interface IsingAnnealOptions {
  readonly numReads?: number;
  readonly numSweeps?: number;
  readonly schedule?: 'geometric' | 'linear';
  readonly betaRange?: readonly [number, number];
  readonly seed?: number;
  readonly timeLimitSeconds?: number;
  /** Coupling storage: dense matrix, CSR, or auto (dense when at least 1/8 of the pairs couple). */
  readonly layout?: 'auto' | 'dense' | 'csr';
  /** First read index (for splitting reads over workers). @default 0 */
  readonly firstRead?: number;
  /** Stop early once a read reaches this energy (time-to-target runs). */
  readonly targetEnergy?: number;
}

export interface IsingAnnealResult {
  readonly bestEnergy: number;
  /** Spins (+1 / -1) of the best read. */
  readonly bestSpins: Float64Array;
  readonly reads: number;
  /** numSweeps * n * reads: spin-flip attempts made. */
  readonly flipAttempts: number;
  readonly seconds: number;
  /** Seconds from the start until the best energy was first reached. */
  readonly secondsToBest: number;
  readonly layout: 'dense' | 'csr';
  readonly betaRange: readonly [number, number];
}

/** The layout `auto` picks for a model. */
export function chooseLayout(model: IsingModel, layout: IsingAnnealOptions['layout'] = 'auto'): 'dense' | 'csr' {
  if (layout === 'csr' || model.dense === null) return 'csr';
  if (layout === 'dense') return 'dense';
  const n = model.numSpins;
  return model.col.length * 8 >= n * (n - 1) ? 'dense' : 'csr';
}

/** Anneal `model`. @throws InvalidSolverOptionError on out-of-range options */
export function annealIsing(model: IsingModel, options: IsingAnnealOptions = {}): IsingAnnealResult {
  const numReads = options.numReads ?? 10;
  const numSweeps = options.numSweeps ?? 1000;
  if (!Number.isInteger(numReads) || numReads < 1) throw new InvalidSolverOptionError('numReads', `numReads: ${numReads} must be an integer >= 1`);
  if (!Number.isInteger(numSweeps) || numSweeps < 1) throw new InvalidSolverOptionError('numSweeps', `numSweeps: ${numSweeps} must be an integer >= 1`);
  const n = model.numSpins;
  const betaRange = options.betaRange ?? isingBetaRange(model);
  const betas = betaSchedule(options.schedule ?? 'geometric', betaRange[0], betaRange[1], numSweeps);
  const layout = chooseLayout(model, options.layout);
  const seed = options.seed ?? 0;
  const first = options.firstRead ?? 0;
  const deadline = options.timeLimitSeconds === undefined ? Infinity : options.timeLimitSeconds * 1000;
  const s = new Float64Array(n);
  const field = new Float64Array(n);
  const bestSpins = new Float64Array(n);
  let bestEnergy = Infinity;
  let secondsToBest = 0;
  const started = performance.now();
  let reads = 0;
  for (let r = first; r < first + numReads; r++) {
    if (reads > 0 && performance.now() - started >= deadline) break;
    const readSeed = deriveSeed(seed, r);
    const init = mulberry32(readSeed);
    for (let i = 0; i < n; i++) s[i] = init.next() < 0.5 ? -1 : 1;
    if (layout === 'dense') {
      denseFields(n, model.h, model.dense!, s, field);
      annealDense(n, model.dense!, s, field, betas, readSeed);
    } else {
      csrDeltas(n, model.h, model.rowPtr, model.col, model.val, s, field);
      annealCsr(n, model.rowPtr, model.col, model.val, s, field, betas, readSeed);
    }
    reads++;
    const e = isingEnergy(model, s);
    if (e < bestEnergy) {
      bestEnergy = e;
      bestSpins.set(s);
      secondsToBest = (performance.now() - started) / 1000;
    }
    if (options.targetEnergy !== undefined && bestEnergy <= options.targetEnergy + 1e-9) break;
  }
  return {
    bestEnergy,
    bestSpins,
    reads,
    flipAttempts: numSweeps * n * reads,
    seconds: (performance.now() - started) / 1000,
    secondsToBest,
    layout,
    betaRange,
  };
}
