/**
 * Simulated annealing on a QUBO, and the `annealing` solver of the registry (the classical fallback).
 *
 * Options follow dwave-neal's SimulatedAnnealingSampler: num_reads, num_sweeps, beta_schedule_type
 * (geometric | linear), beta_range (dwave-neal's default from the coefficients when omitted), seed.
 * Reads are independent; each starts from a uniformly random x and ends with a zero-temperature
 * polish. The kernels are those of ising-anneal.ts (one code path for the solver and the benchmark).
 */
import { objectiveQubo } from '../portfolio';
import type { Qubo } from '../portfolio/types';
import { InvalidSolverOptionError, SolveAbortedError } from './errors';
import { bitsOfSpins, isingBetaRange, isingFromQubo, type IsingModel } from './ising';
import { annealReads, concatReads, readSpins, type IsingAnnealOptions, type IsingAnnealResult, type ReadClock } from './ising-anneal';
import { bitstringOf, createLotModel, createModel, isPortfolioModel, sampleOf, selectionOfBitstring, sortSamples } from './model';
import { annealLots } from './lot-anneal';
import { encodeLots, type PortfolioModel } from '../portfolio';
import type { ReadAnnealer, SampleRecord, Solver, SolverResult } from './types';

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

/** Reads run in-process between two turns of the event loop (timers and cancellation run between blocks). */
const READS_PER_BLOCK = 8;

/**
 * Anneal a QUBO: converted once to an Ising model (isingFromQubo, s = 2x - 1), then annealed by the
 * kernels of ising-anneal.ts, in-process or on `annealer` (worker threads, lib/backends/local)
 * when given; every read ends with a zero-temperature polish. Returns the distinct final states
 * sorted by energy (including the offset; equal to the QUBO energy of x up to rounding).
 * The injected clock `now` applies in-process; worker threads time themselves.
 * @throws InvalidSolverOptionError on out-of-range options; SolveAbortedError when `signal` aborts.
 */
export async function annealQubo(
  qubo: Qubo,
  options: Partial<AnnealingOptions> = {},
  signal?: AbortSignal,
  onRead?: (read: number, total: number, best: number) => void,
  annealer?: ReadAnnealer,
): Promise<AnnealingRun> {
  const o: AnnealingOptions = { ...ANNEALING_DEFAULTS, ...options };
  checkOptions(o);
  const n = qubo.numVariables;
  const swap = o.moves === 'swap';
  if (swap && !(Number.isInteger(o.budget) && o.budget! >= 1 && o.budget! < n))
    throw new InvalidSolverOptionError('budget', `budget: ${String(o.budget)} must be an integer between 1 and ${n - 1} for swap moves`);
  const model = isingFromQubo(qubo);
  const range = o.betaRange ?? isingBetaRange(model);
  const plan: IsingAnnealOptions = {
    numReads: o.numReads,
    numSweeps: o.numSweeps,
    schedule: o.betaSchedule,
    betaRange: [range[0], range[1]],
    seed: o.seed,
    polish: true,
    ...(swap ? { moves: 'swap', budget: o.budget! } : { moves: 'flip' }),
  };
  if (signal?.aborted) throw new SolveAbortedError('annealing: cancelled', signal.reason);
  const run = annealer
    ? await annealer.run(model, { ...plan, ...(o.timeLimitSeconds === undefined ? {} : { timeLimitSeconds: o.timeLimitSeconds }) }, signal).catch((error: unknown) => {
        if (signal?.aborted) throw new SolveAbortedError('annealing: cancelled', signal.reason);
        throw error;
      })
    : await annealInBlocks(model, plan, o, signal, onRead);
  if (annealer) onRead?.(run.reads, o.numReads, run.bestEnergy);
  return { states: distinctStates(run), reads: run.reads, betaRange: [range[0], range[1]] };
}

/** The reads of `plan` in blocks of READS_PER_BLOCK on this thread, yielding to the event loop between blocks. */
async function annealInBlocks(
  model: IsingModel,
  plan: IsingAnnealOptions,
  o: AnnealingOptions,
  signal: AbortSignal | undefined,
  onRead: ((read: number, total: number, best: number) => void) | undefined,
): Promise<IsingAnnealResult> {
  const now = o.now ?? (() => performance.now());
  const started = now();
  const clock: ReadClock = { now, deadline: o.timeLimitSeconds === undefined ? Infinity : started + o.timeLimitSeconds * 1000 };
  const blocks: IsingAnnealResult[] = [];
  let done = 0;
  let best = Infinity;
  while (done < o.numReads) {
    if (signal?.aborted) throw new SolveAbortedError('annealing: cancelled', signal.reason);
    if (done > 0 && now() >= clock.deadline) break;
    const count = Math.min(READS_PER_BLOCK, o.numReads - done);
    const first = done;
    const block = annealReads(model, { ...plan, numReads: count, firstRead: first }, clock, (position, energy) => {
      best = Math.min(best, energy);
      onRead?.(first + position + 1, o.numReads, best);
    });
    blocks.push(block);
    done += block.reads;
    if (block.reads < count) break;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return concatReads(blocks, (now() - started) / 1000);
}

/** The distinct states of a run with their counts, lowest energy first (ties in read order). */
function distinctStates(run: IsingAnnealResult): AnnealedState[] {
  const seen = new Map<string, { x: Uint8Array; energy: number; count: number }>();
  for (let k = 0; k < run.reads; k++) {
    const spins = readSpins(run, k);
    const key = String.fromCharCode(...spins.map((v) => (v > 0 ? 1 : 0)));
    const hit = seen.get(key);
    if (hit) hit.count++;
    else seen.set(key, { x: bitsOfSpins(spins), energy: run.energies[k]!, count: 1 });
  }
  return [...seen.values()].sort((a, b) => a.energy - b.energy);
}

/** The `annealing` solver: simulated annealing on the portfolio; the answer is the best feasible read. */
export const annealingSolver: Solver<AnnealingOptions> = {
  name: 'annealing',
  async solve(problem, options, context, hints) {
    const started = performance.now();
    if (isPortfolioModel(problem)) return annealModel(problem, options ?? {}, context?.signal, started);
    const model = createModel(problem);
    const moves = options?.moves ?? 'swap';
    // Swap moves keep sum(x) = B, so they anneal the objective itself (no penalty, whose size would
    // otherwise set the temperature scale); flip moves anneal the penalized QUBO.
    const target = moves === 'swap' ? objectiveQubo(problem) : model.qubo;
    const run = await annealQubo(
      target,
      { ...options, moves, budget: problem.budget },
      context?.signal,
      (read, total, best) => context?.onProgress?.({ step: read, totalSteps: total, bestEnergy: best }),
      context?.annealer,
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

/**
 * Annealing of a weighted model: lot-transfer moves that keep the lot budget, bounds and sector
 * caps (lot-anneal.ts); reads and sweeps from the options (defaults of lot-anneal when omitted).
 */
function annealModel(portfolioModel: PortfolioModel, options: Partial<AnnealingOptions>, signal: AbortSignal | undefined, started: number): SolverResult {
  const run = annealLots(
    portfolioModel,
    {
      ...(options.numReads === undefined ? {} : { numReads: options.numReads }),
      // As many attempted moves per read as `numSweeps` flip sweeps over n variables: a lot sweep tries n (n - 1).
      ...(options.numSweeps === undefined ? {} : { numSweeps: Math.max(1, Math.round(options.numSweeps / Math.max(1, portfolioModel.tickers.length - 1))) }),
      seed: options.seed ?? 0,
      ...(options.betaRange ? { betaRange: options.betaRange } : {}),
    },
    signal,
  );
  const model = createLotModel(portfolioModel);
  const samples = run.states.slice(0, 64).map((s) => sampleOf(model, encodeLots(portfolioModel, s.lots), s.count, s.count / run.reads));
  const answer = samples[0]!;
  return {
    solver: 'annealing',
    selection: encodeLots(portfolioModel, run.best.lots),
    lots: run.best.lots,
    bitstring: answer.bitstring,
    objective: run.best.objective,
    energy: answer.energy,
    feasible: true,
    samples,
    shotsUsed: 0,
    wallSeconds: (performance.now() - started) / 1000,
  };
}
