/** Which fallback reason a failure of the quantum path stands for (one table for every runner). */
import { fallbackReasonOfCode } from '../contracts/errors';
import { describeError } from './errors';
import type { FallbackReason } from './result';

/** Errors meaning the backend cannot take a problem this large. */
const CAPACITY_CODES = new Set(['STATE_TOO_LARGE', 'PROBLEM_TOO_LARGE']);

/**
 * Which fallback reason an error of the quantum path maps to; null = a user error to re-throw.
 * With `solver: auto` a problem too large for the backend goes to annealing (`backend-unavailable`);
 * with `solver: quantum` it is the user's error. Other codes take the catalogue's reason
 * (lib/contracts/errors.ts); internal errors are `backend-error`.
 */
export function fallbackReasonOf(error: unknown, solver: string): FallbackReason | null {
  const { userError, body } = describeError(error);
  if (solver === 'auto' && CAPACITY_CODES.has(body.code)) return 'backend-unavailable';
  if (userError) return null;
  return fallbackReasonOfCode(body.code);
}
