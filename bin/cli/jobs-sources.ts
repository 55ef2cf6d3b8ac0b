/**
 * Where `qpo jobs` finds jobs: the local results directory (its job index `jobs.jsonl`, requests and
 * results, processes on this machine), or the deployed API (GET /jobs, GET /jobs/{id},
 * POST /jobs/{id}/cancel, POST /jobs/{id}/resubmit, SigV4-signed). Both speak the lifecycle of
 * lib/jobs/lifecycle.ts; locally its ports are the index entry, the request file and the process.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { QpoError } from '../../lib/contracts/errors';
import type { ExecutionStatus } from '../../lib/jobs/execution-events';
import { FileResultStore } from '../../lib/jobs/fs-store';
import { parseJobQuery, type JobEntry, type JobPage } from '../../lib/jobs/job-index';
import { cancelJob, NO_PROVIDER_SESSIONS, resubmitJob, type CancelReport, type ExecutionInfo, type JobExecutions, type ResubmitReport } from '../../lib/jobs/lifecycle';
import type { ResultRecord } from '../../lib/jobs/result';
import { apiError } from './remote';
import { localDeps } from './runtime';
import { regionOf, signedRequest } from './signed-http';
import { runLocalJob, trackingOf } from './local-jobs';

export interface JobDetail {
  readonly entry: JobEntry | null;
  /** The API's GET /jobs/{id} answer, or the local result. */
  readonly phase: string;
  readonly result: ResultRecord | null;
  readonly raw: unknown;
}

export interface JobsSource {
  /** For messages: the results directory or the API URL. */
  readonly where: string;
  list(params: Record<string, string | undefined>): Promise<JobPage>;
  show(jobId: string): Promise<JobDetail>;
  cancel(jobId: string, reason: string | undefined): Promise<CancelReport>;
  resubmit(jobId: string, key: string | undefined): Promise<ResubmitReport>;
}

/** Seconds `qpo jobs cancel` waits for a local job's process to end after SIGTERM, before SIGKILL. */
export const KILL_GRACE_SECONDS = 10;

const STATUS_OF: Readonly<Record<JobEntry['status'], ExecutionStatus>> = { running: 'RUNNING', succeeded: 'SUCCEEDED', failed: 'FAILED', cancelled: 'ABORTED' };

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class LocalJobs implements JobsSource {
  readonly where: string;
  private readonly tracking;
  private readonly results: FileResultStore;

  constructor(private readonly outputDir: string) {
    this.where = path.resolve(outputDir);
    this.tracking = trackingOf(outputDir);
    this.results = new FileResultStore(this.where);
  }

  /** A job recorded running whose process on this machine is gone ended without an outcome: it failed. */
  private async reconcile(entry: JobEntry): Promise<JobEntry> {
    if (entry.status !== 'running' || !entry.runner || entry.runner.host !== os.hostname() || alive(entry.runner.pid)) return entry;
    const at = new Date().toISOString();
    const patch = { jobId: entry.jobId, at, status: 'failed' as const, completedAt: at, error: { code: 'JOB_FAILED', message: `the qpo process (pid ${entry.runner.pid}) ended without recording an outcome` } };
    await this.tracking.index.record(patch);
    return (await this.tracking.index.get(entry.jobId)) ?? entry;
  }

  async list(params: Record<string, string | undefined>): Promise<JobPage> {
    const query = parseJobQuery(params);
    for (const e of (await this.tracking.index.entries()).values()) if (e.status === 'running') await this.reconcile(e);
    return this.tracking.index.list(query);
  }

  async show(jobId: string): Promise<JobDetail> {
    const found = await this.tracking.index.get(jobId);
    const result = (await this.results.get(jobId)) ?? null;
    if (!found && !result) throw new QpoError('JOB_NOT_FOUND', `jobId: no job '${jobId}' in ${this.where}; pass --output DIR, or --api for the deployed platform`, { path: 'jobId' });
    const entry = found ? await this.reconcile(found) : null;
    return { entry, phase: entry?.status ?? 'succeeded', result, raw: { entry, result } };
  }

  private executions(): JobExecutions {
    return {
      describe: async (jobId): Promise<ExecutionInfo | undefined> => {
        const found = await this.tracking.index.get(jobId);
        if (!found) return undefined;
        const entry = await this.reconcile(found);
        return { status: STATUS_OF[entry.status], input: await this.tracking.requests.get(jobId), startDate: Date.parse(entry.createdAt) };
      },
      stop: async (jobId) => {
        const runner = (await this.tracking.index.get(jobId))?.runner;
        if (!runner || runner.host !== os.hostname())
          throw new QpoError('JOB_NOT_CANCELLABLE', `jobId: job '${jobId}' runs on ${runner?.host ?? 'an unknown machine'}; cancel it there`, { path: 'jobId' });
        if (!alive(runner.pid)) return;
        process.kill(runner.pid, 'SIGTERM');
        for (let waited = 0; waited < KILL_GRACE_SECONDS * 1000 && alive(runner.pid); waited += 100) await sleep(100);
        if (alive(runner.pid)) process.kill(runner.pid, 'SIGKILL');
      },
      start: async (name, input) => {
        const existing = await this.tracking.index.get(name);
        if (existing) {
          const same = (await this.tracking.requests.get(name)) === null ? false : JSON.stringify(JSON.parse((await this.tracking.requests.get(name))!)) === JSON.stringify(JSON.parse(input));
          if (!same) throw new QpoError('IDEMPOTENCY_CONFLICT', `Idempotency-Key: job '${name}' already exists with a different request; use another key`, { path: 'Idempotency-Key' });
          return { startDate: Date.parse(existing.createdAt), existing: true };
        }
        const startDate = Date.now();
        // A local resubmission runs now, in this process; its outcome is in the index either way.
        await runLocalJob(JSON.parse(input) as Record<string, unknown>, this.outputDir, { ...localDeps(this.outputDir), newJobId: () => name, metricsFile: path.join(this.where, 'metrics.jsonl') }).catch(() => undefined);
        return { startDate, existing: false };
      },
    };
  }

  cancel(jobId: string, reason: string | undefined): Promise<CancelReport> {
    const by = `${os.userInfo().username}@${os.hostname()}`;
    return cancelJob(jobId, { by, ...(reason ? { reason } : {}) }, {
      executions: this.executions(),
      containers: { terminate: async () => [] },
      providerSessions: NO_PROVIDER_SESSIONS,
      index: this.tracking.index,
      now: Date.now,
    });
  }

  resubmit(jobId: string, key: string | undefined): Promise<ResubmitReport> {
    return resubmitJob(jobId, key === undefined ? {} : { key }, { executions: this.executions(), index: this.tracking.index, now: Date.now });
  }
}

export class RemoteJobs implements JobsSource {
  readonly where: string;
  private readonly region: string;

  constructor(
    private readonly api: URL,
    region: string | undefined,
  ) {
    this.where = api.toString();
    this.region = regionOf(api, region);
  }

  private async call(method: 'GET' | 'POST', p: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Record<string, unknown>> {
    const res = await signedRequest(this.api, this.region, method, p, opts);
    if (res.status >= 300) throw apiError(res.status, res.body);
    return res.body as Record<string, unknown>;
  }

  async list(params: Record<string, string | undefined>): Promise<JobPage> {
    parseJobQuery(params); // the same checks the API makes, before any request
    const query = new URLSearchParams(Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined)).toString();
    return (await this.call('GET', `/jobs${query ? `?${query}` : ''}`)) as unknown as JobPage;
  }

  async show(jobId: string): Promise<JobDetail> {
    const out = await this.call('GET', `/jobs/${encodeURIComponent(jobId)}`);
    return { entry: null, phase: String(out.phase), result: (out.result as ResultRecord | undefined) ?? null, raw: out };
  }

  async cancel(jobId: string, reason: string | undefined): Promise<CancelReport> {
    return (await this.call('POST', `/jobs/${encodeURIComponent(jobId)}/cancel`, { body: reason ? { reason } : {} })) as unknown as CancelReport;
  }

  async resubmit(jobId: string, key: string | undefined): Promise<ResubmitReport> {
    return (await this.call('POST', `/jobs/${encodeURIComponent(jobId)}/resubmit`, key ? { headers: { 'idempotency-key': key } } : {})) as unknown as ResubmitReport;
  }
}
