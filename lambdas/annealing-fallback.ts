/**
 * RunAnnealingFallback task: simulated annealing (or brute force for solver=exact) with a wall-clock
 * budget below the Lambda timeout (the remaining time minus a safety margin for the answer write).
 */
import { runFallbackTask, type FallbackInput } from '../lib/jobs/tasks';
import { functionEnv, stores, wrap } from './shared/runtime';

/** Seconds kept free for writing the answer after annealing stops. */
export const SAFETY_MARGIN_SECONDS = 20;

export const handler = wrap(async (event: FallbackInput, context) => {
  const { readDataset, answers } = stores(functionEnv('annealing-fallback').RESULTS_BUCKET);
  const maxAnnealingSeconds = Math.max(1, context.getRemainingTimeInMillis() / 1000 - SAFETY_MARGIN_SECONDS);
  return runFallbackTask(event, { readDataset, answers, maxAnnealingSeconds });
});
