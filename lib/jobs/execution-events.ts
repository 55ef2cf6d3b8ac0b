/**
 * A job execution's status as the job index records it. On AWS the events are Step Functions'
 * "Step Functions Execution Status Change" events (EventBridge, detail: name, status, startDate,
 * stopDate, input, output, error, cause; input and output are left out above 248 KiB):
 * https://docs.aws.amazon.com/step-functions/latest/dg/eventbridge-integration.html
 * Local runs describe their own execution the same way, so both feed one mapping.
 */
import { codeOfName, ERROR_CATALOGUE, templateMessage } from '../contracts/errors';
import type { JobPatch } from './job-index';
import type { FallbackReason } from './result';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export interface ExecutionStatusEvent {
  /** The execution name (the job id unless the spec names one). */
  readonly name: string;
  readonly status: ExecutionStatus;
  /** Milliseconds since the epoch. */
  readonly startDate: number;
  readonly stopDate: number | null;
  /** The execution's input (the JobSpec JSON) and output (RecordResult's summary), when included. */
  readonly input: string | null;
  readonly output: string | null;
  readonly error: string | null;
  readonly cause: string | null;
}

/** RecordResult's output, the job machine's output (lib/workflow/handlers.ts recordWithMetrics). */
export interface JobOutput {
  readonly jobId: string;
  readonly location: string;
  readonly solver: string;
  readonly backend?: string;
  readonly fallback: { readonly activated: boolean; readonly reason: FallbackReason | null };
  readonly approximationRatio: number | null;
  /** Shots used and their estimated provider cost, USD (ResultRecord.cost). */
  readonly cost?: { readonly shots: number; readonly estimatedCostUsd: number };
}

/** The name Step Functions records for a cancelled job (StopExecution's `error`). */
export const CANCELLED_ERROR = 'QPO.JobCancelled';

/**
 * The public error of a failed execution: the catalogued code of its error name and, for the
 * caller's own mistakes, the message (read from a Lambda error's Cause); never the raw Cause, whose
 * stack frames and provider echoes stay in the logs.
 */
export function executionError(error: string | null | undefined, cause: string | null | undefined, status: string): { code: string; message: string } {
  if (status === 'ABORTED') return { code: 'JOB_CANCELLED', message: error === CANCELLED_ERROR && cause ? cause : 'the job was stopped before it finished' };
  const code = codeOfName(error);
  if (!code) return { code: error === 'States.Timeout' || status === 'TIMED_OUT' ? 'QUANTUM_TIMEOUT' : 'INTERNAL', message: `the job ${status === 'TIMED_OUT' ? 'timed out' : 'failed'}; see the execution's history` };
  const { kind } = ERROR_CATALOGUE[code];
  let message: string | undefined;
  try {
    const parsed = JSON.parse(cause ?? '') as { errorMessage?: unknown };
    if (typeof parsed.errorMessage === 'string') message = parsed.errorMessage;
  } catch {
    // not a Lambda error's Cause
  }
  return { code, message: kind === 'user' && message ? message : templateMessage(code, null) };
}

const parse = (text: string | null): Record<string, unknown> | null => {
  if (!text) return null;
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
};

/** The job id of an execution: the spec's jobId when it names one, else the execution name. */
export function jobIdOfExecution(name: string, input: string | null): string {
  const id = parse(input)?.jobId;
  return typeof id === 'string' && id ? id : name;
}

/** The index patch of an execution status event. */
export function patchOfExecution(e: ExecutionStatusEvent): JobPatch {
  const spec = parse(e.input);
  const portfolio = spec?.portfolio as { tickers?: unknown } | undefined;
  const request = {
    ...(Array.isArray(portfolio?.tickers) ? { tickers: portfolio.tickers.filter((t): t is string => typeof t === 'string') } : {}),
    ...(spec ? { solver: typeof spec.solver === 'string' ? spec.solver : 'auto' } : {}),
    ...(typeof spec?.budget === 'number' ? { budget: spec.budget } : {}),
  };
  const base = { jobId: jobIdOfExecution(e.name, e.input), createdAt: new Date(e.startDate).toISOString(), ...request };
  const at = new Date(e.stopDate ?? e.startDate).toISOString();
  switch (e.status) {
    case 'RUNNING':
    case 'PENDING_REDRIVE':
      return { ...base, at, status: 'running' };
    case 'SUCCEEDED': {
      const out = parse(e.output) as Partial<JobOutput> | null;
      return {
        ...base,
        at,
        status: 'succeeded',
        completedAt: at,
        error: null,
        ...(out
          ? {
              answeredBy: out.solver ?? null,
              backend: out.backend ?? null,
              fallbackReason: out.fallback?.activated ? (out.fallback.reason ?? null) : null,
              approximationRatio: out.approximationRatio ?? null,
              location: out.location ?? null,
              ...(out.cost ? { shots: out.cost.shots, costUsd: out.cost.estimatedCostUsd } : {}),
            }
          : {}),
      };
    }
    case 'ABORTED':
      return { ...base, at, status: 'cancelled', completedAt: at, error: executionError(e.error, e.cause, e.status) };
    default:
      return { ...base, at, status: 'failed', completedAt: at, error: executionError(e.error, e.cause, e.status) };
  }
}

/** Whether a failed execution's error is the caller's own (a rejected input): it does not count against the success SLO. */
export function isUserFailure(patch: JobPatch): boolean {
  const code = patch.error?.code;
  return code !== undefined && code in ERROR_CATALOGUE && ERROR_CATALOGUE[code as keyof typeof ERROR_CATALOGUE].kind === 'user';
}
