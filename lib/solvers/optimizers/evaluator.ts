/**
 * The objective as the optimizers see it: counts evaluations against a budget, hands the objective a
 * fresh copy of the point (so an optimizer may reuse its own buffers while the objective is running),
 * maps NaN to +Infinity, calls `onEvaluation` after every evaluation and remembers the best point.
 */
import type { MinimizeOptions, Objective } from './types';

/**
 * Signal thrown by {@link Evaluator.evaluate} when the budget is used up. It never leaves this
 * folder: every optimizer catches it and returns its best point with stopReason 'max-iterations'.
 */
export class BudgetExhausted {
  readonly kind = 'budget-exhausted';
}

/** True if `error` is the budget signal (anything else is re-thrown by the optimizers). */
export function isBudgetExhausted(error: unknown): error is BudgetExhausted {
  return error instanceof BudgetExhausted;
}

/** Objective value used by the optimizers: NaN (or a non-number) becomes +Infinity. */
export function sanitizeValue(raw: unknown): number {
  return typeof raw === 'number' && !Number.isNaN(raw) ? raw : Infinity;
}

/** The evaluation budget of a run: the optimizer's own, capped by `options.maxEvaluations`. */
export function evaluationBudget(own: number, options: Pick<MinimizeOptions, 'maxEvaluations'>): number {
  return options.maxEvaluations === undefined ? own : Math.min(own, options.maxEvaluations);
}

export class Evaluator {
  /** Evaluations made so far. */
  count = 0;
  /** Best (lowest) sanitized value seen; +Infinity before the first evaluation. */
  bestValue = Infinity;
  /** Copy of the point of `bestValue`; undefined before the first evaluation. */
  bestX: Float64Array | undefined = undefined;

  private readonly f: Objective;
  private readonly maxEvaluations: number;
  private readonly onEvaluation: MinimizeOptions['onEvaluation'];

  /**
   * @param f the user's objective
   * @param maxEvaluations budget; `evaluate` throws {@link BudgetExhausted} once it is used up
   * @param onEvaluation called after every evaluation with (count, point, sanitized value)
   */
  constructor(f: Objective, maxEvaluations: number, onEvaluation?: MinimizeOptions['onEvaluation']) {
    this.f = f;
    this.maxEvaluations = maxEvaluations;
    this.onEvaluation = onEvaluation;
  }

  /** Evaluations left in the budget. */
  get remaining(): number {
    return this.maxEvaluations - this.count;
  }

  /**
   * Evaluate the objective at `x` (not kept: the objective gets its own copy). Returns the sanitized
   * value. Throws {@link BudgetExhausted} without evaluating when the budget is used up.
   */
  async evaluate(x: Float64Array): Promise<number> {
    if (this.count >= this.maxEvaluations) throw new BudgetExhausted();
    const kept = Float64Array.from(x);
    const given = Float64Array.from(x);
    const value = sanitizeValue(await this.f(given));
    this.count += 1;
    if (this.bestX === undefined || value < this.bestValue) {
      this.bestValue = value;
      this.bestX = kept;
    }
    this.onEvaluation?.(this.count, given, value);
    return value;
  }

  /**
   * Evaluate several independent points, in one call of the objective's `batch` when it has one
   * (else one by one). Counts, best point and `onEvaluation` follow the points' order, as if they had
   * been evaluated one after the other. Throws {@link BudgetExhausted} without evaluating when the
   * budget cannot hold them all.
   */
  async evaluateMany(xs: readonly Float64Array[]): Promise<number[]> {
    const batch = this.f.batch;
    if (!batch || xs.length < 2) {
      const out: number[] = [];
      for (const x of xs) out.push(await this.evaluate(x));
      return out;
    }
    if (this.count + xs.length > this.maxEvaluations) throw new BudgetExhausted();
    const given = xs.map((x) => Float64Array.from(x));
    const raw = await batch(given.map((x) => Float64Array.from(x)));
    return given.map((x, i) => {
      const value = sanitizeValue(raw[i]);
      this.count += 1;
      if (this.bestX === undefined || value < this.bestValue) {
        this.bestValue = value;
        this.bestX = Float64Array.from(x);
      }
      this.onEvaluation?.(this.count, x, value);
      return value;
    });
  }
}
