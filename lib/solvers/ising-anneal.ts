/**
 * Simulated annealing of an Ising model (ising.ts) with the kernels of ising-kernel.ts (single-spin
 * flips, dense or CSR couplings) and swap-kernel.ts (budget-preserving swaps): independent reads
 * from random spins, a geometric or linear schedule over dwave-neal's default beta range, a read
 * budget and a wall-clock budget (`timeLimitSeconds`: no read starts after it; at least one read
 * runs). Every read is returned, in read order, as typed arrays.
 *
 * Read r draws everything (start state, proposals, acceptances) from one xorshift32 stream seeded
 * with deriveSeed(seed, r), so splitting reads into blocks (in-process between event-loop turns, or
 * over worker threads in lib/backends/local) gives the same states as one block.
 */
import { betaSchedule } from './anneal-schedule';
import { InvalidSolverOptionError } from './errors';
import { isingBetaRange, isingEnergy, type IsingModel } from './ising';
import { annealCsr, annealDense, csrCanDescend, csrDeltas, denseCanDescend, denseFields, xorshift32, xorshiftState, ZERO_TEMPERATURE } from './ising-kernel';
import { deriveSeed } from './random';
import { annealSwap, polishSwap, swapMembers } from './swap-kernel';

export interface IsingAnnealOptions {
  /** Reads (independent restarts). @default 10 */
  readonly numReads?: number;
  /** Sweeps per read, one inverse temperature each. @default 1000 */
  readonly numSweeps?: number;
  readonly schedule?: 'geometric' | 'linear';
  /** [betaHot, betaCold] in 1/energy units. @default isingBetaRange(model) */
  readonly betaRange?: readonly [number, number];
  readonly seed?: number;
  readonly timeLimitSeconds?: number;
  /** Coupling storage of the flip kernel: dense matrix, CSR, or auto (dense when at least 1/8 of the pairs couple). */
  readonly layout?: 'auto' | 'dense' | 'csr';
  /** First read index (for splitting reads over blocks or workers). @default 0 */
  readonly firstRead?: number;
  /** Stop early once a read reaches this energy (time-to-target runs). */
  readonly targetEnergy?: number;
  /**
   * 'flip': single-spin Metropolis moves (dwave-neal). 'swap': exchanges of a +1 and a -1 spin,
   * keeping `budget` spins at +1 (dense couplings only). @default 'flip'
   */
  readonly moves?: 'flip' | 'swap';
  /** Spins at +1 in every state under swap moves (1 <= budget < n). */
  readonly budget?: number;
  /** End each read with a zero-temperature descent (greedy flips, or best swaps) to a local minimum. @default false */
  readonly polish?: boolean;
}

export interface IsingAnnealResult {
  readonly numSpins: number;
  /** Index of the first read of this result (reads firstRead .. firstRead + reads - 1). */
  readonly firstRead: number;
  readonly reads: number;
  /** Final energy of each read, in read order (length `reads`). */
  readonly energies: Float64Array;
  /** Final spins (+1 / -1) of each read, row-major `reads` x `numSpins`. */
  readonly spins: Int8Array;
  readonly bestEnergy: number;
  /** Position (0-based, within this result) of the first read with the best energy. */
  readonly bestRead: number;
  /** numSweeps * n * reads: flip (or swap) attempts made. */
  readonly flipAttempts: number;
  readonly seconds: number;
  /** Seconds from the start of the run that produced the best read until it ended. */
  readonly secondsToBest: number;
  readonly layout: 'dense' | 'csr';
  readonly betaRange: readonly [number, number];
}

/** The milliseconds clock of a run and the time after which no read starts. */
export interface ReadClock {
  readonly now: () => number;
  readonly deadline: number;
}

/** The layout `auto` picks for a model. */
export function chooseLayout(model: IsingModel, layout: IsingAnnealOptions['layout'] = 'auto'): 'dense' | 'csr' {
  if (layout === 'csr' || model.dense === null) return 'csr';
  if (layout === 'dense') return 'dense';
  const n = model.numSpins;
  return model.col.length * 8 >= n * (n - 1) ? 'dense' : 'csr';
}

/** Spins of read `k` (0-based within `result`), a view into `result.spins`. */
export function readSpins(result: IsingAnnealResult, k: number): Int8Array {
  return result.spins.subarray(k * result.numSpins, (k + 1) * result.numSpins);
}

function checkOptions(model: IsingModel, o: IsingAnnealOptions): void {
  const n = model.numSpins;
  const numReads = o.numReads ?? 10;
  const numSweeps = o.numSweeps ?? 1000;
  if (!Number.isInteger(numReads) || numReads < 1) throw new InvalidSolverOptionError('numReads', `numReads: ${numReads} must be an integer >= 1`);
  if (!Number.isInteger(numSweeps) || numSweeps < 1) throw new InvalidSolverOptionError('numSweeps', `numSweeps: ${numSweeps} must be an integer >= 1`);
  if (o.moves !== 'swap') return;
  const budget = o.budget ?? 0;
  if (!(Number.isInteger(budget) && budget >= 1 && budget < n))
    throw new InvalidSolverOptionError('budget', `budget: ${String(o.budget)} must be an integer between 1 and ${n - 1} for swap moves`);
  if (model.dense === null || o.layout === 'csr')
    throw new InvalidSolverOptionError('moves', `moves: 'swap' needs dense couplings (n <= 4000, layout 'auto' or 'dense'), got n = ${n}, layout ${o.layout ?? 'auto'}`);
}

/** Anneal `model` on this thread, timing against performance.now. @throws InvalidSolverOptionError on out-of-range options */
export function annealIsing(model: IsingModel, options: IsingAnnealOptions = {}): IsingAnnealResult {
  const now = (): number => performance.now();
  const limit = options.timeLimitSeconds;
  return annealReads(model, options, { now, deadline: limit === undefined ? Infinity : now() + limit * 1000 });
}

/**
 * Reads firstRead .. firstRead + numReads - 1 of `model`; no read after the first starts once
 * clock.now() >= clock.deadline. `onRead` sees each read's position and energy as it ends.
 * @throws InvalidSolverOptionError on out-of-range options
 */
export function annealReads(
  model: IsingModel,
  options: IsingAnnealOptions,
  clock: ReadClock,
  onRead?: (position: number, energy: number) => void,
): IsingAnnealResult {
  checkOptions(model, options);
  const numReads = options.numReads ?? 10;
  const numSweeps = options.numSweeps ?? 1000;
  const n = model.numSpins;
  const betaRange = options.betaRange ?? isingBetaRange(model);
  const betas = betaSchedule(options.schedule ?? 'geometric', betaRange[0], betaRange[1], numSweeps);
  const swap = options.moves === 'swap';
  const layout = swap ? 'dense' : chooseLayout(model, options.layout);
  const budget = options.budget ?? 0;
  const seed = options.seed ?? 0;
  const first = options.firstRead ?? 0;
  const s = new Float64Array(n);
  const field = new Float64Array(n);
  const members = new Int32Array(n);
  let energies = new Float64Array(Math.min(numReads, 64));
  let spins = new Int8Array(energies.length * n);
  let bestEnergy = Infinity;
  let bestRead = -1;
  let secondsToBest = 0;
  const started = clock.now();
  let reads = 0;
  while (reads < numReads) {
    if (reads > 0 && clock.now() >= clock.deadline) break;
    let r = xorshiftState(deriveSeed(seed, first + reads));
    if (swap) {
      r = randomSubset(n, budget, s, members, r);
      denseFields(n, model.h, model.dense!, s, field);
      swapMembers(n, s, members);
      annealSwap(n, model.dense!, s, field, members, budget, betas, r);
      if (options.polish) polishSwap(n, model.dense!, s, field, members, budget);
    } else {
      for (let i = 0; i < n; i++) {
        r = xorshift32(r);
        s[i] = r < 0 ? -1 : 1;
      }
      if (layout === 'dense') {
        denseFields(n, model.h, model.dense!, s, field);
        r = annealDense(n, model.dense!, s, field, betas, r);
        for (let k = 0; options.polish && k < n && denseCanDescend(n, s, field); k++) annealDense(n, model.dense!, s, field, ZERO_TEMPERATURE, r);
      } else {
        csrDeltas(n, model.h, model.rowPtr, model.col, model.val, s, field);
        r = annealCsr(n, model.rowPtr, model.col, model.val, s, field, betas, r);
        for (let k = 0; options.polish && k < n && csrCanDescend(n, field); k++) annealCsr(n, model.rowPtr, model.col, model.val, s, field, ZERO_TEMPERATURE, r);
      }
    }
    if (reads === energies.length) {
      energies = grow(energies, Math.min(numReads, 2 * reads));
      spins = grow(spins, energies.length * n);
    }
    const e = isingEnergy(model, s);
    energies[reads] = e;
    for (let i = 0; i < n; i++) spins[reads * n + i] = s[i]!;
    if (e < bestEnergy) {
      bestEnergy = e;
      bestRead = reads;
      secondsToBest = (clock.now() - started) / 1000;
    }
    onRead?.(reads, e);
    reads++;
    if (options.targetEnergy !== undefined && bestEnergy <= options.targetEnergy + 1e-9) break;
  }
  return {
    numSpins: n,
    firstRead: first,
    reads,
    energies: energies.slice(0, reads),
    spins: spins.slice(0, reads * n),
    bestEnergy,
    bestRead,
    flipAttempts: numSweeps * n * reads,
    seconds: (clock.now() - started) / 1000,
    secondsToBest,
    layout,
    betaRange: [betaRange[0], betaRange[1]],
  };
}

/**
 * Concatenate results of consecutive read blocks (in the order given) into one. `seconds` is the
 * caller's wall time of the whole run; secondsToBest is the best block's own.
 */
export function concatReads(blocks: readonly IsingAnnealResult[], seconds: number): IsingAnnealResult {
  const head = blocks[0];
  if (!head) throw new Error('concatReads: no blocks (a bug: every run has at least one read)');
  const n = head.numSpins;
  const reads = blocks.reduce((a, b) => a + b.reads, 0);
  const energies = new Float64Array(reads);
  const spins = new Int8Array(reads * n);
  let at = 0;
  let bestRead = -1;
  let bestEnergy = Infinity;
  let secondsToBest = 0;
  for (const b of blocks) {
    energies.set(b.energies, at);
    spins.set(b.spins, at * n);
    if (b.bestEnergy < bestEnergy) {
      bestEnergy = b.bestEnergy;
      bestRead = at + b.bestRead;
      secondsToBest = b.secondsToBest;
    }
    at += b.reads;
  }
  return {
    ...head,
    reads,
    energies,
    spins,
    bestEnergy,
    bestRead,
    flipAttempts: blocks.reduce((a, b) => a + b.flipAttempts, 0),
    seconds,
    secondsToBest,
  };
}

/** Set s to `k` spins at +1 chosen uniformly (partial Fisher-Yates over `scratch`). @returns the rng state */
function randomSubset(n: number, k: number, s: Float64Array, scratch: Int32Array, rng: number): number {
  let r = rng;
  for (let i = 0; i < n; i++) scratch[i] = i;
  s.fill(-1);
  for (let i = 0; i < k; i++) {
    r = xorshift32(r);
    const pick = i + Math.floor(((r >>> 0) * (n - i)) / 4294967296);
    const t = scratch[pick]!;
    scratch[pick] = scratch[i]!;
    scratch[i] = t;
    s[t] = 1;
  }
  return r;
}

function grow<T extends Float64Array | Int8Array>(a: T, length: number): T {
  const out = new (a.constructor as new (len: number) => T)(length);
  out.set(a);
  return out;
}
