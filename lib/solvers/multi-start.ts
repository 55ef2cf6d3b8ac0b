/**
 * Multi-start L-BFGS over CVaR stages, for variational circuits whose exact value and gradient the
 * solver can compute (the subspace simulators of lib/quantum).
 *
 * Each start runs one L-BFGS per stage of the CVaR schedule, each stage from the previous stage's
 * point (ascending CVaR, Kolotouros & Wallden 2022). Starts continue until the best final value has
 * been reached by two starts (`agreement`: two independent descents ending in the same minimum), or
 * the start, evaluation or time budget is used up (the running start always finishes).
 */
import type { Rng } from '../quantum/random';
import { cvarAndWeights } from '../quantum/cvar-gradient';
import { lbfgs } from './optimizers/lbfgs';
import { checkAborted, letDueTimersFire, yieldToTimers } from './readout';
import type { CvarSchedule, RestartReport, SolveContext, VariationalReport } from './types';

/** A circuit model: the probabilities over positions with energies, and their adjoint gradient. */
export interface GradientModel {
  readonly numParameters: number;
  /** Standardized energy of each position (the cost whose CVaR is minimized). */
  readonly energies: Float64Array;
  /** Positions by ascending energy. */
  readonly order: Uint32Array;
  /** Run with `theta` and write the probability of each position. */
  probabilities(theta: Float64Array, out: Float64Array): void;
  /** Gradient of <ψ|W|ψ> at the last run for the diagonal `weights`. */
  gradient(weights: Float64Array, gradient: Float64Array, theta: Float64Array): void;
  /** Bitstring (Qiskit order) of a position. */
  bitstringOf(position: number): string;
}

export interface MultiStartSettings {
  readonly schedule: CvarSchedule;
  readonly maxEvaluations: number;
  readonly maxStageEvaluations: number;
  /** L-BFGS gradient tolerance of each stage (default 1e-7; the runbook's convergence.tolerance). */
  readonly gradientTolerance?: number;
  readonly maxRestarts: number;
  /** No new start after this many seconds (but see `confirmBudgetSeconds`). */
  readonly timeBudgetSeconds: number;
  /**
   * A second start still begins after `timeBudgetSeconds` when it is predicted (by the first start's
   * duration) to end within this many seconds of the run's beginning: one start alone cannot
   * confirm its minimum. Default: no second start after the time budget.
   */
  readonly confirmBudgetSeconds?: number;
  /** Parameters of the first starts, in order (e.g. a user's initial point, a layerwise guess). */
  readonly initialPoints: readonly (readonly number[])[];
  /** Parameters of every further start. */
  readonly randomStart: (rng: Rng) => number[];
  readonly rng: Rng;
  readonly algorithm: string;
  /** Energy in reported units (objective, daily) of a standardized energy. */
  readonly toObjective: (value: number) => number;
}

export interface MultiStartResult {
  readonly x: Float64Array;
  readonly initial: readonly number[];
  /** Expectation of the standardized energy at `x`. */
  readonly value: number;
  readonly restarts: readonly RestartReport[];
  readonly restartStopReason: 'agreement' | 'max-restarts' | 'time-budget' | 'evaluation-budget';
  readonly evaluations: number;
  readonly iterations: number;
  /** CVaR (reported units) after every evaluation. */
  readonly trace: readonly number[];
}

/** Two starts agree when their final values (standardized units) differ by at most this. */
export const AGREEMENT_TOLERANCE = 1e-7;

/** Run the starts; see the module doc. */
export async function multiStart(model: GradientModel, s: MultiStartSettings, context: SolveContext): Promise<MultiStartResult> {
  const now = context.now ?? (() => performance.now() / 1000);
  const startedSeconds = now();
  const m = model.energies.length;
  const probs = new Float64Array(m);
  const weights = new Float64Array(m);
  const trace: number[] = [];
  let bestSeen = Infinity;
  let evaluations = 0;
  let iterations = 0;
  let alpha = s.schedule.alphas[0]!;
  // After an evaluation of a large model, let the job's budget fire before the next one starts.
  const yieldAfterEvaluation = m >= 1 << 16 ? letDueTimersFire : yieldToTimers;
  const valueAndGradient = async (theta: Float64Array, gradient: Float64Array): Promise<number> => {
    checkAborted(context, s.algorithm);
    model.probabilities(theta, probs);
    const value = cvarAndWeights(probs, model.energies, model.order, alpha, weights);
    model.gradient(weights, gradient, theta);
    evaluations++;
    const reported = s.toObjective(value);
    trace.push(reported);
    bestSeen = Math.min(bestSeen, reported);
    context.onProgress?.({ step: evaluations, totalSteps: s.maxEvaluations, bestEnergy: bestSeen });
    await yieldAfterEvaluation();
    return value;
  };

  const restarts: RestartReport[] = [];
  let best: { value: number; x: Float64Array; initial: readonly number[] } | undefined;
  let agreements = 0;
  let stop: MultiStartResult['restartStopReason'] = 'max-restarts';
  for (let r = 0; r < s.maxRestarts; r++) {
    const elapsed = now() - startedSeconds;
    if (r > 0 && elapsed >= s.timeBudgetSeconds) {
      const confirm = r === 1 && s.confirmBudgetSeconds !== undefined && elapsed + restarts[0]!.seconds <= s.confirmBudgetSeconds;
      if (!confirm) {
        stop = 'time-budget';
        break;
      }
    }
    if (evaluations >= s.maxEvaluations) {
      stop = 'evaluation-budget';
      break;
    }
    const initial = r < s.initialPoints.length ? [...s.initialPoints[r]!] : s.randomStart(s.rng);
    let x = Float64Array.from(initial);
    const before = evaluations;
    const startSeconds = now();
    for (const a of s.schedule.alphas) {
      alpha = a;
      const left = s.maxEvaluations - evaluations;
      if (left <= 0) break;
      const result = await lbfgs(valueAndGradient, x, { maxEvaluations: Math.min(s.maxStageEvaluations, left), gradientTolerance: s.gradientTolerance ?? 1e-7 });
      x = Float64Array.from(result.x);
      iterations += result.iterations;
    }
    model.probabilities(x, probs);
    let value = 0;
    let top = 0;
    for (let k = 0; k < m; k++) {
      value += probs[k]! * model.energies[k]!;
      if (probs[k]! > probs[top]!) top = k;
    }
    restarts.push({ index: r, evaluations: evaluations - before, finalValue: value, topBitstring: model.bitstringOf(top), topProbability: probs[top]!, seconds: now() - startSeconds });
    if (!best || value < best.value - AGREEMENT_TOLERANCE) {
      best = { value, x, initial };
      agreements = 1;
    } else if (Math.abs(value - best.value) <= AGREEMENT_TOLERANCE) {
      agreements++;
      if (agreements >= 2) {
        stop = 'agreement';
        break;
      }
    }
  }
  return { ...best!, restarts, restartStopReason: stop, evaluations, iterations, trace };
}

/**
 * The fields of a variational report that a multi-start gradient run determines (optimizer, CVaR
 * schedule and final alpha, evaluations, trace, parameters, final energy in reported units, starts);
 * the solver adds the algorithm, ansatz, readout and initial state.
 */
export function multiStartReport(
  run: MultiStartResult,
  s: Pick<MultiStartSettings, 'schedule' | 'toObjective'>,
): Pick<
  VariationalReport,
  'optimizer' | 'cvarAlpha' | 'shots' | 'iterations' | 'evaluations' | 'trace' | 'finalParameters' | 'initialParameters' | 'finalEnergy' | 'stopReason' | 'method' | 'cvarSchedule' | 'restarts' | 'restartStopReason'
> {
  return {
    optimizer: 'lbfgs',
    cvarAlpha: s.schedule.alphas[s.schedule.alphas.length - 1]!,
    shots: null,
    iterations: run.iterations,
    evaluations: run.evaluations,
    trace: run.trace,
    finalParameters: Array.from(run.x),
    initialParameters: [...run.initial],
    finalEnergy: s.toObjective(run.value),
    stopReason: run.restartStopReason === 'evaluation-budget' ? 'max-iterations' : 'converged',
    method: 'subspace-gradient',
    cvarSchedule: s.schedule,
    restarts: run.restarts,
    restartStopReason: run.restartStopReason,
  };
}
