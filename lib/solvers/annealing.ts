/**
 * Simulated annealing on a QUBO, and the `annealing` solver of the registry (the classical fallback).
 *
 * Options follow dwave-neal's SimulatedAnnealingSampler: num_reads, num_sweeps, beta_schedule_type
 * (geometric | linear), beta_range (derived from the coefficients when omitted), seed. Reads are
 * independent; each starts from a uniformly random x and ends with a zero-temperature polish.
 */
import { objectiveQubo } from '../portfolio';
import type { Qubo } from '../portfolio/types';
import { annealRead, annealReadSwap, betaSchedule, defaultBetaRange } from './annealing-kernel';
import { InvalidSolverOptionError, SolveAbortedError } from './errors';
import { bitstringOf, createModel, sampleOf, selectionOfBitstring, sortSamples } from './model';
import { deriveSeed, mulberry32 } from './random';
import type { SampleRecord, Solver } from './types';

export interface AnnealingOptions {
  /** Independent reads (restarts), default 100. */
  readonly numReads: number;
  /** Sweeps per read (one inverse temperature per sweep), default 1000. */
  readonly numSweeps: number;
  readonly betaSchedule: 'geometric' | 'linear';
  /** [betaHot, betaCold] in 1/energy units; default derived from the coefficients. */
  readonly betaRange?: readonly [number, number];
  readonly seed: number;
  /** Wall-clock budget in seconds: no new read starts after it (at least one read always runs). */
  readonly timeLimitSeconds?: number;
  /** Clock in milliseconds (default performance.now); a parameter so tests control time. */
  readonly now?: () => number;
  /**
   * Moves: 'flip' (single-variable Metropolis on the full QUBO, as dwave-neal) or 'swap'
   * (budget-preserving exchanges; needs `budget`). The portfolio solver defaults to 'swap'.
   */
  readonly moves?: 'flip' | 'swap';
  /** Number of ones every state keeps under 'swap' moves. */
  readonly budget?: number;
}

export const ANNEALING_DEFAULTS: AnnealingOptions = {
  numReads: 100,
  numSweeps: 1000,
  betaSchedule: 'geometric',
  seed: 0,
};

/** One distinct state found by annealing. */
export interface AnnealedState {
  readonly x: Uint8Array;
  readonly energy: number;
  readonly count: number;
}

export interface AnnealingRun {
  /** Distinct states, lowest energy first. */
  readonly states: readonly AnnealedState[];
  readonly reads: number;
  readonly betaRange: readonly [number, number];
}

function checkOptions(o: AnnealingOptions): void {
  const intIn = (v: number, lo: number, hi: number) => Number.isInteger(v) && v >= lo && v <= hi;
  if (!intIn(o.numReads, 1, 1_000_000))
    throw new InvalidSolverOptionError('fallback.annealing.numReads', `numReads: ${o.numReads} must be an integer between 1 and 1000000`);
  if (!intIn(o.numSweeps, 1, 10_000_000))
    throw new InvalidSolverOptionError('fallback.annealing.numSweeps', `numSweeps: ${o.numSweeps} must be an integer between 1 and 10000000`);
  if (o.betaRange && !(o.betaRange[0] > 0 && o.betaRange[1] >= o.betaRange[0]))
    throw new InvalidSolverOptionError('fallback.annealing.betaRange', `betaRange: [${o.betaRange.join(', ')}] must be [hot, cold] with 0 < hot <= cold`);
}

/** Energy of x under a QUBO (upper-triangle convention of lib/portfolio). */
function energyOf(qubo: Qubo, x: Uint8Array): number {
  const n = qubo.numVariables;
  let e = qubo.offset;
  for (let i = 0; i < n; i++) {
    if (!x[i]) continue;
    const row = qubo.Q[i]!;
    e += row[i]!;
    for (let j = i + 1; j < n; j++) if (x[j]) e += row[j]!;
  }
  return e;
}

/**
 * Anneal a QUBO. Returns the distinct final states sorted by energy (including the offset).
 * @throws InvalidSolverOptionError on out-of-range options; SolveAbortedError when `signal` aborts.
 */
export async function annealQubo(
  qubo: Qubo,
  options: Partial<AnnealingOptions> = {},
  signal?: AbortSignal,
  onRead?: (read: number, total: number, best: number) => void,
): Promise<AnnealingRun> {
  const o: AnnealingOptions = { ...ANNEALING_DEFAULTS, ...options };
  checkOptions(o);
  const n = qubo.numVariables;
  const swap = o.moves === 'swap';
  const budget = o.budget ?? 0;
  if (swap && !(Number.isInteger(budget) && budget >= 1 && budget < n))
    throw new InvalidSolverOptionError('budget', `budget: ${String(o.budget)} must be an integer between 1 and ${n - 1} for swap moves`);
  const linear = new Float64Array(n);
  const couplings = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    linear[i] = qubo.Q[i]![i]!;
    for (let j = i + 1; j < n; j++) {
      const w = qubo.Q[i]![j]!;
      couplings[i * n + j] = w;
      couplings[j * n + i] = w;
    }
  }
  const range = o.betaRange ?? defaultBetaRange(linear, couplings, n);
  const betas = betaSchedule(o.betaSchedule, range[0], range[1], o.numSweeps);
  const now = o.now ?? (() => performance.now());
  const deadline = o.timeLimitSeconds === undefined ? Infinity : now() + o.timeLimitSeconds * 1000;
  const seen = new Map<string, { x: Uint8Array; energy: number; count: number }>();
  const x = new Uint8Array(n);
  const field = new Float64Array(n);
  const members = new Int32Array(n);
  let best = Infinity;
  let reads = 0;
  for (let r = 0; r < o.numReads; r++) {
    if (signal?.aborted) throw new SolveAbortedError('annealing: cancelled', signal.reason);
    if (r > 0 && now() >= deadline) break;
    const rng = mulberry32(deriveSeed(o.seed, r));
    if (swap) {
      randomSubset(x, budget, members, rng);
      annealReadSwap(linear, couplings, n, betas, x, field, members, rng);
    } else {
      for (let i = 0; i < n; i++) x[i] = rng.next() < 0.5 ? 1 : 0;
      annealRead(linear, couplings, n, betas, x, field, rng);
    }
    reads++;
    const key = String.fromCharCode(...x);
    const hit = seen.get(key);
    if (hit) hit.count++;
    else {
      const energy = energyOf(qubo, x);
      seen.set(key, { x: Uint8Array.from(x), energy, count: 1 });
      best = Math.min(best, energy);
    }
    onRead?.(r + 1, o.numReads, best);
    // Let timers (job timeout) and cancellation run between reads.
    if ((r & 7) === 7) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  const states = [...seen.values()].sort((a, b) => a.energy - b.energy);
  return { states, reads, betaRange: [range[0], range[1]] };
}

/** Set x to a uniformly random selection of `k` ones (partial Fisher-Yates over `scratch`). */
function randomSubset(x: Uint8Array, k: number, scratch: Int32Array, rng: { next(): number }): void {
  const n = x.length;
  for (let i = 0; i < n; i++) scratch[i] = i;
  x.fill(0);
  for (let i = 0; i < k; i++) {
    const r = i + Math.floor(rng.next() * (n - i));
    const t = scratch[r]!;
    scratch[r] = scratch[i]!;
    scratch[i] = t;
    x[t] = 1;
  }
}

/** The `annealing` solver: simulated annealing on the portfolio; the answer is the best feasible read. */
export const annealingSolver: Solver<AnnealingOptions> = {
  name: 'annealing',
  async solve(problem, options, context, hints) {
    const started = performance.now();
    const model = createModel(problem);
    const moves = options?.moves ?? 'swap';
    // Swap moves keep sum(x) = B, so they anneal the objective itself (no penalty, whose size would
    // otherwise set the temperature scale); flip moves anneal the penalized QUBO.
    const target = moves === 'swap' ? objectiveQubo(problem) : model.qubo;
    const run = await annealQubo(target, { ...options, moves, budget: problem.budget }, context?.signal, (read, total, best) =>
      context?.onProgress?.({ step: read, totalSteps: total, bestEnergy: best }),
    );
    const samples: SampleRecord[] = run.states
      .slice(0, 64)
      .map((s) => sampleOf(model, Array.from(s.x), s.count, s.count / run.reads));
    sortSamples(samples);
    const answer = samples[0]!;
    const optimumCount = hints?.optimalBitstring
      ? run.states.find((s) => bitstringOf(s.x) === hints.optimalBitstring)?.count ?? 0
      : undefined;
    return {
      solver: 'annealing',
      selection: selectionOfBitstring(answer.bitstring),
      bitstring: answer.bitstring,
      objective: answer.objective,
      energy: answer.energy,
      feasible: answer.feasible,
      samples,
      ...(optimumCount === undefined ? {} : { optimumProbability: optimumCount / run.reads }),
      shotsUsed: 0,
      wallSeconds: (performance.now() - started) / 1000,
    };
  },
};
