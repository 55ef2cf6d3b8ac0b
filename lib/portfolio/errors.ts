/**
 * Errors of lib/portfolio. Every error is a `PortfolioError` with a stable `name` and `code`, the
 * input `field` it is about (a path such as `portfolio.tickers`, `prices`, `riskFactor`, `budget`,
 * `sigma`) and JSON-safe `details`. Messages name the field, the bad value and the valid range.
 *
 * Codes (stable; lib/jobs maps them to HTTP status and exit codes):
 * - `INVALID_PRICES`: the price CSV is empty or malformed, a price is not a positive number, the date
 *   column is missing, or dates are duplicated / not ascending.
 * - `UNKNOWN_TICKER`: a requested ticker is not a column of the price table.
 * - `INSUFFICIENT_DATA`: too few price rows remain after the date range and missing-price filtering.
 * - `INVALID_PROBLEM`: a problem input is out of range or mis-shaped (budget, risk factor, mu, Sigma,
 *   selection vectors, date-range options, penalty).
 *
 * @example
 *   throw new PortfolioError('INVALID_PROBLEM', 'budget: 9 is out of range; must be between 1 and 7 for 8 assets',
 *     { field: 'budget', details: { value: 9, min: 1, max: 7 } });
 */

import { QpoError } from '../contracts/errors';

/** The stable error codes of lib/portfolio (entries of the catalogue, lib/contracts/errors.ts). */
export const PORTFOLIO_ERROR_CODES = [
  'INVALID_PRICES',
  'UNKNOWN_TICKER',
  'INSUFFICIENT_DATA',
  'INVALID_PROBLEM',
] as const;

export type PortfolioErrorCode = (typeof PORTFOLIO_ERROR_CODES)[number];

/** The input field path and facts of a PortfolioError. */
export type PortfolioErrorDetails = Readonly<Record<string, unknown>>;

export interface PortfolioErrorOptions {
  /** The input field path the error is about, e.g. `portfolio.tickers`. */
  readonly field: string;
  readonly details?: PortfolioErrorDetails;
  readonly cause?: unknown;
}

/**
 * The one error class of lib/portfolio; see the module docstring for the codes. Its `name` comes
 * from the catalogue (e.g. `QPO.UnknownTicker`); `field` is the catalogue's `path`.
 */
export class PortfolioError extends QpoError {
  declare readonly code: PortfolioErrorCode;
  declare readonly details: PortfolioErrorDetails;

  constructor(code: PortfolioErrorCode, message: string, options: PortfolioErrorOptions) {
    super(code, message, { path: options.field, details: options.details ?? {}, cause: options.cause });
  }

  /** The input field path (the same as `path`). */
  get field(): string {
    return this.path!;
  }
}

/** Type guard, optionally narrowed to one code. */
export function isPortfolioError(error: unknown, code?: PortfolioErrorCode): error is PortfolioError {
  return error instanceof PortfolioError && (code === undefined || error.code === code);
}

/** Shorthand for an `INVALID_PROBLEM` error. */
export function invalidProblem(field: string, message: string, details?: PortfolioErrorDetails): PortfolioError {
  return new PortfolioError('INVALID_PROBLEM', message, { field, details });
}

/** Renders a value for a message: numbers and strings as in JSON, arrays shortened. */
export function showValue(value: unknown): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === undefined) return 'undefined';
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
