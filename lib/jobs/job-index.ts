/**
 * The job index: one small entry per job (status, times, requested and answering solver, fallback
 * reason, quality, error, resubmission links), so that listing jobs never loads a ResultRecord. On
 * AWS it is a DynamoDB table fed by the job state machine's execution status events
 * (lib/jobs/dynamo-job-index.ts); locally a JSON Lines file beside the results
 * (lib/jobs/fs-job-index.ts). Both list newest first with the same filters and the same opaque
 * `nextToken`.
 *
 * Entries change by patches. Statuses only move forward: `running` never replaces a final status, and
 * a final one is replaced only by one of equal or higher rank (running < cancelled < failed <
 * succeeded: a job whose result was written succeeded, whatever was recorded before), so events that
 * arrive twice or out of order (EventBridge delivers at least once, unordered) cannot undo an outcome.
 */
import { JobValidationError } from './errors';
import type { FallbackReason } from './result';

export const JOB_STATUSES = ['running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];

const RANK: Readonly<Record<JobStatus, number>> = { running: 0, cancelled: 1, failed: 2, succeeded: 3 };

/** Whether a patch's status may replace the current one. */
export const statusMayReplace = (current: JobStatus | undefined, next: JobStatus): boolean => current === undefined || RANK[next] >= RANK[current];

/** The statuses a patch of status `next` may replace (for conditional writes). */
export const replaceableBy = (next: JobStatus): JobStatus[] => JOB_STATUSES.filter((s) => RANK[next] >= RANK[s]);

export interface JobEntry {
  readonly jobId: string;
  readonly status: JobStatus;
  /** When the job started (the execution's start), ISO 8601 UTC. */
  readonly createdAt: string;
  /** When the entry last changed, ISO 8601 UTC. */
  readonly updatedAt: string;
  /** When the job ended (succeeded, failed or cancelled), ISO 8601 UTC. */
  readonly completedAt: string | null;
  /** The requested solver: auto | quantum | classical | exact. */
  readonly solver: string | null;
  /** The solver whose answer was recorded: vqe | qaoa | annealing | exact. */
  readonly answeredBy: string | null;
  /** The backend that answered (`local`, `ibm:ibm_fez`, ...). */
  readonly backend: string | null;
  /** Why the classical fallback answered; null when it did not. */
  readonly fallbackReason: FallbackReason | null;
  readonly approximationRatio: number | null;
  /** Shots run on the quantum backend, and their estimated provider cost (USD; 0 on the simulator). */
  readonly shots: number | null;
  readonly costUsd: number | null;
  readonly tickers: readonly string[];
  readonly budget: number | null;
  /** Where the ResultRecord is (s3://... or a file path). */
  readonly location: string | null;
  /** The public error of a failed or cancelled job. */
  readonly error: { readonly code: string; readonly message: string } | null;
  /** The job this one re-runs, and the job that re-ran this one. */
  readonly resubmitOf: string | null;
  readonly resubmittedAs: string | null;
  /** Who cancelled it (an IAM ARN on AWS, user@host locally) and why. */
  readonly cancelledBy: string | null;
  /** Local runs only: the process running the job. */
  readonly runner: { readonly pid: number; readonly host: string } | null;
}

/** A change to one entry; `at` (ISO 8601) is when it happened. Absent fields are left as they are. */
export type JobPatch = { readonly jobId: string; readonly at: string } & Partial<Omit<JobEntry, 'jobId' | 'updatedAt'>>;

const EMPTY: Omit<JobEntry, 'jobId' | 'createdAt' | 'updatedAt' | 'status'> = {
  completedAt: null,
  solver: null,
  answeredBy: null,
  backend: null,
  fallbackReason: null,
  approximationRatio: null,
  shots: null,
  costUsd: null,
  tickers: [],
  budget: null,
  location: null,
  error: null,
  resubmitOf: null,
  resubmittedAs: null,
  cancelledBy: null,
  runner: null,
};

/** The fields a patch of this status may set when its status is refused (a stale or repeated event). */
const OUTCOME_FIELDS = ['status', 'completedAt', 'answeredBy', 'backend', 'fallbackReason', 'approximationRatio', 'location', 'error', 'cancelledBy'] as const;

/** The patch without the fields of its outcome (used when its status may not replace the current one). */
export function withoutOutcome(patch: JobPatch): JobPatch {
  const out: Record<string, unknown> = { ...patch };
  for (const k of OUTCOME_FIELDS) delete out[k];
  return out as JobPatch;
}

/** Apply a patch to an entry (or create it). Pure. */
export function applyPatch(entry: JobEntry | undefined, patch: JobPatch): JobEntry {
  const effective = patch.status !== undefined && !statusMayReplace(entry?.status, patch.status) ? withoutOutcome(patch) : patch;
  const defined = Object.fromEntries(Object.entries(effective).filter(([k, v]) => v !== undefined && k !== 'at'));
  const base: JobEntry = entry ?? { jobId: patch.jobId, status: 'running', createdAt: patch.createdAt ?? patch.at, updatedAt: patch.at, ...EMPTY };
  // The first start time wins (a resubmission records it before the execution's own event arrives).
  return { ...base, ...defined, createdAt: entry?.createdAt ?? base.createdAt, updatedAt: patch.at } as JobEntry;
}

/** Filters of a listing. */
export interface JobQuery {
  readonly status?: readonly JobStatus[];
  /** Jobs created at or after / before this instant (ISO 8601). */
  readonly since?: string;
  readonly until?: string;
  /** A requested solver (auto | quantum | classical | exact) or an answering one (vqe | qaoa | annealing). */
  readonly solver?: string;
  /** `activated` (any reason), `none`, or one reason. */
  readonly fallback?: string;
  /** Entries per page, 1..100. */
  readonly limit: number;
  readonly nextToken?: string;
}

export interface JobPage {
  /** Newest first (createdAt, then jobId, descending). */
  readonly jobs: readonly JobEntry[];
  /** Pass it back for the next page; null on the last page. */
  readonly nextToken: string | null;
}

export interface JobIndex {
  /** Merge a patch into the job's entry (creating it). */
  record(patch: JobPatch): Promise<void>;
  get(jobId: string): Promise<JobEntry | undefined>;
  list(query: JobQuery): Promise<JobPage>;
}

export const SOLVER_FILTERS = ['auto', 'quantum', 'classical', 'exact', 'vqe', 'qaoa', 'annealing'] as const;
export const FALLBACK_FILTERS = ['activated', 'none', 'forced', 'forced-platform', 'queue-overflow', 'backend-unavailable', 'timeout', 'backend-error', 'no-feasible-sample'] as const;
export const MAX_PAGE = 100;
export const DEFAULT_PAGE = 50;

/** Whether an entry passes the query's filters (dates included). */
export function matchesQuery(e: JobEntry, q: JobQuery): boolean {
  if (q.status && !q.status.includes(e.status)) return false;
  if (q.since && e.createdAt < q.since) return false;
  if (q.until && e.createdAt > q.until) return false;
  if (q.solver && e.solver !== q.solver && e.answeredBy !== q.solver) return false;
  if (q.fallback === 'activated' && e.fallbackReason === null) return false;
  if (q.fallback === 'none' && e.fallbackReason !== null) return false;
  if (q.fallback && q.fallback !== 'activated' && q.fallback !== 'none' && e.fallbackReason !== q.fallback) return false;
  return true;
}

/** The sort key of the newest-first order: createdAt, then jobId. */
export const orderKey = (e: Pick<JobEntry, 'createdAt' | 'jobId'>) => `${e.createdAt}#${e.jobId}`;

/** A fingerprint of the filters, so a token is refused with other filters than those that made it. */
const fingerprint = (q: JobQuery) => JSON.stringify([q.status ?? null, q.since ?? null, q.until ?? null, q.solver ?? null, q.fallback ?? null]);

/** The opaque token after `last` for query `q`. */
export function encodeToken(last: Pick<JobEntry, 'createdAt' | 'jobId'>, q: JobQuery): string {
  return Buffer.from(JSON.stringify({ k: orderKey(last), f: fingerprint(q) })).toString('base64url');
}

/**
 * The order key a token continues after.
 * @throws JobValidationError (nextToken) for a token that is not one of ours or was made by other filters.
 */
export function decodeToken(token: string, q: JobQuery): string {
  let parsed: { k?: unknown; f?: unknown } | undefined;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { k?: unknown; f?: unknown };
  } catch {
    parsed = undefined;
  }
  if (!parsed || typeof parsed.k !== 'string' || !parsed.k.includes('#'))
    throw new JobValidationError('nextToken: not a token of this API; pass the nextToken of the previous page unchanged', 'nextToken');
  if (parsed.f !== fingerprint(q)) throw new JobValidationError('nextToken: it belongs to a listing with other filters; repeat the same filters or start without a token', 'nextToken');
  return parsed.k;
}

/** One page of entries (any order in, newest first out), for indexes that hold their entries in memory. */
export function pageOf(entries: Iterable<JobEntry>, q: JobQuery): JobPage {
  const after = q.nextToken ? decodeToken(q.nextToken, q) : undefined;
  const sorted = [...entries].filter((e) => matchesQuery(e, q) && (after === undefined || orderKey(e) < after)).sort((a, b) => (orderKey(a) < orderKey(b) ? 1 : -1));
  const jobs = sorted.slice(0, q.limit);
  return { jobs, nextToken: sorted.length > q.limit ? encodeToken(jobs[jobs.length - 1]!, q) : null };
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** An ISO 8601 date or date-time as UTC ISO; a date alone is its midnight (since) or its last millisecond (until). */
function instant(value: string, field: string, endOfDay: boolean): string {
  const t = ISO.test(value) ? Date.parse(value.length === 10 ? `${value}T${endOfDay ? '23:59:59.999' : '00:00:00.000'}Z` : value) : NaN;
  if (Number.isNaN(t)) throw new JobValidationError(`${field}: '${value}' is not a date; use YYYY-MM-DD or an ISO 8601 date-time such as 2026-12-01T08:00:00Z`, field);
  return new Date(t).toISOString();
}

/**
 * A listing's query from request parameters (`status` comma-separated, `since`, `until`, `solver`,
 * `fallback`, `limit`, `nextToken`).
 * @throws JobValidationError naming the parameter, the bad value and the valid ones.
 */
export function parseJobQuery(params: Readonly<Record<string, string | undefined>>): JobQuery {
  const known = new Set(['status', 'since', 'until', 'solver', 'fallback', 'limit', 'nextToken']);
  const unknown = Object.keys(params).filter((k) => !known.has(k) && params[k] !== undefined);
  if (unknown.length) throw new JobValidationError(`${unknown[0]}: unknown parameter; use ${[...known].join(', ')}`, unknown[0]!);
  const status = params.status?.split(',').map((s) => s.trim()).filter(Boolean);
  for (const s of status ?? [])
    if (!(JOB_STATUSES as readonly string[]).includes(s)) throw new JobValidationError(`status: '${s}' is not a job status; use ${JOB_STATUSES.join(', ')} (comma-separated)`, 'status');
  if (params.solver !== undefined && !(SOLVER_FILTERS as readonly string[]).includes(params.solver))
    throw new JobValidationError(`solver: '${params.solver}' is not valid; use ${SOLVER_FILTERS.join(', ')}`, 'solver');
  if (params.fallback !== undefined && !(FALLBACK_FILTERS as readonly string[]).includes(params.fallback))
    throw new JobValidationError(`fallback: '${params.fallback}' is not valid; use ${FALLBACK_FILTERS.join(', ')}`, 'fallback');
  const limit = params.limit === undefined ? DEFAULT_PAGE : Number(params.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new JobValidationError(`limit: '${params.limit}' is out of range; must be an integer between 1 and ${MAX_PAGE}`, 'limit');
  const since = params.since === undefined ? undefined : instant(params.since, 'since', false);
  const until = params.until === undefined ? undefined : instant(params.until, 'until', true);
  if (since && until && since > until) throw new JobValidationError(`until: '${params.until}' is before since '${params.since}'`, 'until');
  const q: JobQuery = {
    limit,
    ...(status?.length ? { status: status as JobStatus[] } : {}),
    ...(since ? { since } : {}),
    ...(until ? { until } : {}),
    ...(params.solver ? { solver: params.solver } : {}),
    ...(params.fallback ? { fallback: params.fallback } : {}),
    ...(params.nextToken ? { nextToken: params.nextToken } : {}),
  };
  if (q.nextToken) decodeToken(q.nextToken, q);
  return q;
}
