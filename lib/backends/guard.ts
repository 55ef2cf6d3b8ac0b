/**
 * The one wrapper around every backend's Sampler (STYLE.md practice 14): shot budget and cost limit
 * checked before each submission (cumulative over the job), a per-request timeout that aborts (and
 * so cancels) the provider job, and one bounded retry of a request that failed transiently.
 * Usage totals are kept for the ResultRecord and metrics: a provider backend's come from its spend
 * ledger (every job the provider accepted, also those of requests that failed, timed out or were
 * cancelled); the local simulator's from the results it returned.
 */
import type { Sampler, SamplerRequest, SamplerResult } from '../quantum/ports';
import { BackendError } from './errors';
import { backoffDelayMs, sleep } from './retry';
import { redactError, type Redactor } from './redact';
import type { SpendLedger } from './spend';

export interface GuardOptions {
  /** `limits.maxShots` of the JobSpec: total shots the job may use. */
  readonly maxShots?: number;
  /** `limits.maxCostUsd` of the JobSpec: total estimated cost the job may spend. */
  readonly maxCostUsd?: number;
  /** Estimated cost of one request before it runs, USD. */
  readonly estimateCostUsd: (request: SamplerRequest) => number;
  /** Abort a request (and cancel its provider job) after this long. */
  readonly requestTimeoutSeconds?: number;
  /**
   * Total seconds the job's requests may wait in provider queues; once a returned request brings the
   * total past it, the quantum path stops with BACKEND_QUEUE_TOO_LONG (the fallback answers, reason
   * queue-overflow).
   */
  readonly maxQueueWaitSeconds?: number;
  /** Retries of a request that failed with BACKEND_REQUEST_FAILED. @default 1 */
  readonly retries?: number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** The provider's spend ledger: the source of the usage totals when given. */
  readonly ledger?: SpendLedger;
  /** Every error leaving the guard is redacted with it (provider text may echo secrets). */
  readonly redactor?: Redactor;
}

export interface GuardUsage {
  shots: number;
  costUsd: number;
  queueSeconds: number;
  /** Sampler requests answered. */
  requests: number;
  /** Provider jobs/tasks created (0 for the local simulator). */
  providerJobs: number;
}

export type GuardedSampler = Sampler & { readonly usage: Readonly<GuardUsage> };

/** Throw SHOT_LIMIT_EXCEEDED / COST_LIMIT_EXCEEDED when `shots` / `costUsd` more would cross a limit. */
export function checkLimits(used: { shots: number; costUsd: number }, next: { shots: number; costUsd: number }, limits: Pick<GuardOptions, 'maxShots' | 'maxCostUsd'>, what: string): void {
  if (limits.maxShots !== undefined && used.shots + next.shots > limits.maxShots) {
    throw new BackendError('SHOT_LIMIT_EXCEEDED', `limits.maxShots: ${what} needs ${used.shots + next.shots} shots, more than the limit of ${limits.maxShots}; raise limits.maxShots or lower quantum.shots / maxIterations`, { path: 'limits.maxShots', details: { required: used.shots + next.shots, limit: limits.maxShots } });
  }
  if (limits.maxCostUsd !== undefined && used.costUsd + next.costUsd > limits.maxCostUsd + 1e-12) {
    throw new BackendError('COST_LIMIT_EXCEEDED', `limits.maxCostUsd: ${what} is estimated at $${(used.costUsd + next.costUsd).toFixed(4)}, more than the limit of $${limits.maxCostUsd}; raise limits.maxCostUsd, lower shots / maxIterations or use a cheaper backend`, { path: 'limits.maxCostUsd', details: { estimatedUsd: used.costUsd + next.costUsd, limitUsd: limits.maxCostUsd } });
  }
}

export function guardSampler(inner: Sampler, options: GuardOptions): GuardedSampler {
  const own: GuardUsage = { shots: 0, costUsd: 0, queueSeconds: 0, requests: 0, providerJobs: 0 };
  const ledger = options.ledger;
  const usage = (): GuardUsage => {
    if (!ledger) return { ...own };
    const t = ledger.totals;
    return { shots: t.shots, costUsd: t.costUsd, queueSeconds: t.queueSeconds, requests: own.requests, providerJobs: t.providerJobs };
  };
  const wait = options.sleep ?? sleep;
  return {
    name: inner.name,
    kind: inner.kind,
    maxQubits: inner.maxQubits,
    supportsExactProbabilities: inner.supportsExactProbabilities,
    get usage() {
      return usage();
    },
    async run(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
      try {
        return await guarded(request, signal);
      } catch (error) {
        throw options.redactor ? redactError(error, options.redactor) : error;
      }
    },
  };

  async function guarded(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
    const shots = (request.shots ?? 0) * request.parameterSets.length;
    checkLimits(usage(), { shots, costUsd: options.estimateCostUsd(request) }, options, `request ${own.requests + 1} on ${inner.name}`);
    for (let attempt = 0; ; attempt++) {
      const timeout = options.requestTimeoutSeconds === undefined ? undefined : AbortSignal.timeout(options.requestTimeoutSeconds * 1000);
      const combined = timeout && signal ? AbortSignal.any([signal, timeout]) : timeout ?? signal;
      try {
        const result = await inner.run(request, combined);
        own.requests++;
        own.shots += result.shotsUsed;
        own.costUsd += result.estimatedCostUsd;
        own.queueSeconds += result.queueSeconds;
        const waited = usage().queueSeconds;
        if (options.maxQueueWaitSeconds !== undefined && waited > options.maxQueueWaitSeconds)
          throw new BackendError(
            'BACKEND_QUEUE_TOO_LONG',
            `${inner.name}: the job's requests waited ${waited.toFixed(1)} s in the provider queue, more than fallback.maxQueueWaitSeconds (${options.maxQueueWaitSeconds} s)`,
            { details: { queueWaitSeconds: waited, maxQueueWaitSeconds: options.maxQueueWaitSeconds } },
          );
        return result;
      } catch (error) {
        if (timeout?.aborted && !signal?.aborted) {
          throw new BackendError('BACKEND_JOB_TIMEOUT', `${inner.name}: a request did not finish within ${options.requestTimeoutSeconds} s; it was cancelled`, { cause: error });
        }
        if ((error as BackendError).code !== 'BACKEND_REQUEST_FAILED' || attempt >= (options.retries ?? 1) || signal?.aborted) throw error;
        await wait(backoffDelayMs(attempt, { baseDelayMs: 500, maxDelayMs: 5000 }), signal);
      }
    }
  }
}
