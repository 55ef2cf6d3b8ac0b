/**
 * The Sampler side of a variational run: a session that sends requests and counts what they used
 * (shots, queue seconds, USD), the final readout of the optimized circuit, and the SolverResult.
 *
 * The answer of every variational method comes from the same place: the optimized circuit is run
 * once more on the Sampler (the local simulator, IBM or Braket), read out with `finalShots` shots
 * (sampled from the exact probabilities where the backend gives them), and the best feasible sampled
 * bitstring is the answer, as on hardware.
 */
import type { Circuit } from '../quantum/circuit';
import { circuitStats, sampleCounts, type Rng } from '../quantum';
import type { Distribution, Precision, Sampler } from '../quantum/ports';
import { NoFeasibleSampleError, SolveAbortedError } from './errors';
import { lotsOfBits, type PortfolioModel } from '../portfolio';
import { sampleOf, selectionOfBitstring, selectionOfIndex, sortSamples, type ProblemModel } from './model';
import type { SampleRecord, SolveContext, SolveHints, SolverResult, VariationalReport } from './types';

/** Shots of the final readout when a run used exact probabilities. */
export const DEFAULT_FINAL_SHOTS = 1024;
/** Distinct samples kept in a result. */
const KEPT_SAMPLES = 32;

/** Requests to one Sampler for one circuit, with their usage added up. */
export class SamplerSession {
  shots = 0;
  queueSeconds = 0;
  costUsd = 0;
  requests = 0;

  constructor(
    readonly sampler: Sampler,
    readonly circuit: Circuit,
    private readonly signal?: AbortSignal,
    /** Simulator amplitude precision sent with every request (hardware ignores it); omitted: the Sampler's default (double). */
    private readonly precision?: Precision,
  ) {}

  /** Run the circuit for several parameter sets in one request (parameter broadcasting). */
  async runMany(thetas: readonly ArrayLike<number>[], shots: number | undefined): Promise<readonly Distribution[]> {
    const result = await this.sampler.run(
      {
        circuit: this.circuit,
        parameterSets: thetas.map((t) => Array.from(t)),
        ...(shots === undefined ? {} : { shots }),
        ...(this.precision === undefined ? {} : { precision: this.precision }),
      },
      this.signal,
    );
    this.requests += 1;
    this.shots += result.shotsUsed;
    this.queueSeconds += result.queueSeconds;
    this.costUsd += result.estimatedCostUsd;
    return result.distributions;
  }

  async run(theta: ArrayLike<number>, shots: number | undefined): Promise<Distribution> {
    return (await this.runMany([theta], shots))[0]!;
  }
}

/** Throw SolveAbortedError when the context's signal has fired. */
export function checkAborted(context: SolveContext, algorithm: string): void {
  if (context.signal?.aborted) throw new SolveAbortedError(`${algorithm}: cancelled`, context.signal.reason);
}

/** Yield to the event loop so that a timeout or cancellation can fire between evaluations. */
export const yieldToTimers = (): Promise<void> => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Let every timer that came due (the job's budget) fire now: a 0 ms timer runs after all timers due
 * before it, where a setImmediate continuation can run first. Used after long synchronous work.
 */
export const letDueTimersFire = (): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, 0));

/**
 * Drive a stepped computation (a generator that yields between chunks of work), letting due timers
 * fire between steps. @throws SolveAbortedError once the context's signal aborted
 */
export async function runInSteps<T>(steps: Generator<void, T, void>, context: SolveContext, algorithm: string): Promise<T> {
  for (;;) {
    checkAborted(context, algorithm);
    const r = steps.next();
    if (r.done) return r.value;
    await letDueTimersFire();
  }
}

export interface Readout {
  /** Distinct samples, best first (feasible by objective, then infeasible by energy). */
  readonly samples: SampleRecord[];
  readonly answer: SampleRecord;
  readonly finalShots: number;
  /** Shots of the readout that the Sampler did not count (sampled locally from exact probabilities). */
  readonly localShots: number;
  readonly optimumProbability?: number;
}

/**
 * Run `parameters` once more and read the state out. `shots`: the run's shots per evaluation (the
 * readout then measures `finalShots` shots on the Sampler); without, exact probabilities are asked
 * where the Sampler gives them and `finalShots` are sampled from them locally with `rng`.
 * @throws NoFeasibleSampleError when no final shot selects exactly B assets
 */
export async function readOut(
  session: SamplerSession,
  model: ProblemModel,
  parameters: ArrayLike<number>,
  options: { readonly shots?: number; readonly finalShots: number; readonly rng: Rng; readonly algorithm: string },
  hints: SolveHints,
): Promise<Readout> {
  const n = model.numQubits;
  const { finalShots } = options;
  let finalProbs: Float64Array | undefined;
  let counts: ReadonlyMap<number, number>;
  if (session.sampler.supportsExactProbabilities && options.shots === undefined) {
    const d = await session.run(parameters, undefined);
    finalProbs = (d as Extract<Distribution, { kind: 'probabilities' }>).probabilities;
    counts = sampleCounts(finalProbs, finalShots, options.rng);
  } else {
    const d = await session.run(parameters, finalShots);
    counts = d.kind === 'counts' ? d.counts : sampleCounts(d.probabilities, finalShots, options.rng);
  }
  const samples: SampleRecord[] = [];
  for (const [index, count] of counts) samples.push(sampleOf(model, selectionOfIndex(index, n), count, count / finalShots));
  sortSamples(samples);
  const answer = samples.find((s) => s.feasible);
  if (!answer) {
    throw new NoFeasibleSampleError(
      `${options.algorithm}: none of the ${finalShots} final shots is a feasible portfolio (${model.portfolioModel ? `${model.portfolioModel.lots} lots within the limits` : `exactly ${model.problem.budget} assets`}); ` +
        `raise maxIterations or shots, or use the annealing fallback`,
      { finalShots, distinctSamples: samples.length },
    );
  }
  let optimumProbability: number | undefined;
  if (hints.optimalLots !== undefined && model.portfolioModel) {
    optimumProbability = probabilityOfLots(model.portfolioModel, hints.optimalLots, finalProbs, counts, finalShots);
  } else if (hints.optimalBitstring !== undefined) {
    const k = parseInt(hints.optimalBitstring, 2);
    optimumProbability = finalProbs ? finalProbs[k]! : (counts.get(k) ?? 0) / finalShots;
  }
  return { samples, answer, finalShots, localShots: finalProbs ? finalShots : 0, ...(optimumProbability === undefined ? {} : { optimumProbability }) };
}

/** The SolverResult of a variational run from its readout and report (the circuit's stats are added here). */
export function variationalResult(
  session: SamplerSession,
  readout: Readout,
  report: Omit<VariationalReport, 'circuit'>,
  startedMs: number,
): SolverResult {
  const stats = circuitStats(session.circuit);
  const { answer } = readout;
  return {
    solver: report.algorithm,
    selection: selectionOfBitstring(answer.bitstring),
    bitstring: answer.bitstring,
    objective: answer.objective,
    energy: answer.energy,
    feasible: true,
    samples: readout.samples.slice(0, KEPT_SAMPLES),
    ...(readout.optimumProbability === undefined ? {} : { optimumProbability: readout.optimumProbability }),
    variational: {
      ...report,
      circuit: { numQubits: session.circuit.numQubits, numParameters: session.circuit.parameters.length, depth: stats.depth, gateCounts: stats.gateCounts },
    },
    shotsUsed: session.shots + readout.localShots,
    queueSeconds: session.queueSeconds,
    estimatedCostUsd: session.costUsd,
    backend: session.sampler.name,
    wallSeconds: (performance.now() - startedMs) / 1000,
  };
}

/**
 * The probability of a lot vector in the final state: every bit pattern that decodes to it (a unary
 * encoding has many), from the exact probabilities where known, else from the counted shots.
 */
function probabilityOfLots(model: PortfolioModel, lots: readonly number[], probs: Float64Array | undefined, counts: ReadonlyMap<number, number>, shots: number): number {
  const bits = new Uint8Array(model.bits.length);
  const matches = (index: number): boolean => {
    for (let b = 0; b < bits.length; b++) bits[b] = Math.floor(index / 2 ** b) % 2;
    const k = lotsOfBits(model, bits);
    return k.every((v, i) => v === lots[i]);
  };
  let p = 0;
  if (probs) {
    for (let index = 0; index < probs.length; index++) if (probs[index]! > 1e-15 && matches(index)) p += probs[index]!;
    return p;
  }
  for (const [index, count] of counts) if (matches(index)) p += count / shots;
  return p;
}
