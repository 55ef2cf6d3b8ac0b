/**
 * What the providers have used, for `qpo usage` and the health check (the runbook's "check available
 * quantum credits"):
 * - IBM Quantum: the instance's usage in its current period (`GET /v1/usage`: consumed and limit
 *   quantum seconds, remaining, whether the limit is reached, the period);
 * - Amazon Braket: the tasks qpo created (tag `qpo:job`) since a date (SearchQuantumTasks on
 *   `createdAt`), their shots and their estimated cost (QPUs: per task + per shot; simulators: the
 *   3 s minimum per task, their duration is not listed).
 * Each provider answers within its status-check deadline; one that fails is reported with its error.
 */
import { SearchQuantumTasksCommand } from '@aws-sdk/client-braket';
import { createBraketClients, sendWithin } from './braket/client';
import { braketTaskCostUsd } from './braket/devices';
import type { BackendError } from './errors';
import { IbmRuntimeClient, type IbmUsage } from './ibm/client';
import { redactorOf, type BackendEnvironment } from './providers';
import { resolveTimeouts, withinDeadline } from './timeouts';

export interface BraketSpend {
  readonly since: string;
  readonly tasks: number;
  readonly shots: number;
  readonly estimatedCostUsd: number;
  /** Tasks by device ARN. */
  readonly byDevice: Readonly<Record<string, number>>;
}

export interface ProviderUsage {
  readonly ibm: null | { readonly usage: IbmUsage; readonly remainingShare: number | null } | { readonly error: string; readonly code: string };
  readonly braket: null | BraketSpend | { readonly error: string; readonly code: string };
}

const failure = (error: unknown, env: BackendEnvironment) => ({ code: (error as BackendError).code ?? 'INTERNAL', error: redactorOf(env).redact((error as Error).message ?? String(error)) });

/** Share of the IBM limit left (0..1), or null without a limit. */
export function remainingShareOf(u: IbmUsage): number | null {
  const limit = u.usage_limit_seconds ?? null;
  if (limit === null || limit <= 0) return limit === 0 ? 0 : null;
  const remaining = u.usage_remaining_seconds ?? Math.max(0, limit - u.usage_consumed_seconds);
  return Math.max(0, Math.min(1, remaining / limit));
}

/** The usage of the configured providers (null where a provider is not configured). */
export async function providerUsage(env: BackendEnvironment, since: Date, signal?: AbortSignal): Promise<ProviderUsage> {
  const timeouts = resolveTimeouts(env.timeouts);
  const ibm = env.ibm
    ? withinDeadline(timeouts.probeSeconds, 'IBM Quantum usage', signal, async (s) => {
        const client = new IbmRuntimeClient({ ...env.ibm!, redactor: redactorOf(env), ...(env.retry ? { retry: env.retry } : {}), ...(env.timeouts ? { timeouts: env.timeouts } : {}) });
        const usage = await client.usage(s);
        return { usage, remainingShare: remainingShareOf(usage) };
      }).catch((error: unknown) => failure(error, env))
    : Promise.resolve(null);
  const braket = env.braket ? braketSpend(env, since, signal).catch((error: unknown) => failure(error, env)) : Promise.resolve(null);
  return { ibm: await ibm, braket: await braket };
}

async function braketSpend(env: BackendEnvironment, since: Date, signal?: AbortSignal): Promise<BraketSpend> {
  const clients = createBraketClients({ region: env.braket!.region ?? 'us-east-1', ...(env.timeouts ? { timeouts: env.timeouts } : {}), ...(env.braket!.endpoints ? { endpoints: env.braket!.endpoints } : {}) });
  try {
    return await withinDeadline(clients.timeouts.probeSeconds, 'Amazon Braket SearchQuantumTasks', signal, async (s) => {
      let tasks = 0;
      let shots = 0;
      let cost = 0;
      const byDevice: Record<string, number> = {};
      let nextToken: string | undefined;
      do {
        const search = new SearchQuantumTasksCommand({ filters: [{ name: 'createdAt', operator: 'GTE', values: [since.toISOString()] }], maxResults: 100, ...(nextToken ? { nextToken } : {}) });
        const page = await sendWithin((abortSignal) => clients.braket.send(search, { abortSignal }), 'SearchQuantumTasks', clients.timeouts, s);
        for (const t of page.quantumTasks ?? []) {
          if (!t.tags?.['qpo:job'] && !t.tags?.['qpo:request']) continue; // only what qpo created
          if (t.status === 'CANCELLED' && t.shots === undefined) continue;
          tasks++;
          shots += Number(t.shots ?? 0);
          cost += braketTaskCostUsd(t.deviceArn ?? '', Number(t.shots ?? 0));
          byDevice[t.deviceArn ?? '?'] = (byDevice[t.deviceArn ?? '?'] ?? 0) + 1;
        }
        nextToken = page.nextToken;
      } while (nextToken);
      return { since: since.toISOString(), tasks, shots, estimatedCostUsd: Number(cost.toFixed(4)), byDevice };
    });
  } finally {
    clients.braket.destroy();
    clients.s3.destroy();
  }
}
