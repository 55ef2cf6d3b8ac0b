/**
 * CVaR level schedules: `fixed` (one alpha for the whole run, Barkoutsos et al., Quantum 4, 256
 * (2020)) or `ascending` (alpha rising in stages to 1, after Kolotouros & Wallden, "Evolving objective
 * function for improved variational quantum optimization", PRR 4, 023225 (2022), who raise alpha
 * during the optimization so that the state, first rewarded for its best tail only, ends up
 * concentrated on it). Each stage is one optimizer run from the previous stage's point.
 */
import type { CvarSchedule } from './types';

/** The default ascending stages (chosen by measurement, docs/benchmarks.md). */
export const ASCENDING_CVAR: CvarSchedule = { kind: 'ascending', alphas: [0.05, 0.2, 0.5, 1] };

/** The CVaR level of a fixed schedule when none is given (qpo's previous default). */
export const DEFAULT_FIXED_ALPHA = 0.25;

/**
 * The schedule a user's `cvarSchedule` and `cvarAlpha` describe: `fixed` at alpha (default 0.25), or
 * `ascending` from alpha (default 0.05) through the default stages above it to 1.
 */
export function cvarScheduleOf(kind: 'fixed' | 'ascending', alpha?: number): CvarSchedule {
  if (kind === 'fixed') return { kind, alphas: [alpha ?? DEFAULT_FIXED_ALPHA] };
  if (alpha === undefined) return ASCENDING_CVAR;
  return { kind, alphas: [alpha, ...ASCENDING_CVAR.alphas.filter((a) => a > alpha)] };
}
