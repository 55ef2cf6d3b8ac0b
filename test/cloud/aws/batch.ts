/**
 * AWS Batch, offline (restJson): SubmitJob, DescribeJobs, ListJobs (paginated), TerminateJob over
 * the job queues and job definitions of the template. A job moves SUBMITTED -> PENDING -> RUNNABLE
 * -> STARTING -> RUNNING -> SUCCEEDED | FAILED; its container is the image built from the
 * Dockerfile (container/image.ts) run as a process with the job definition's environment, the
 * submit's containerOverrides, its secrets read from Secrets Manager, and the variables Batch on
 * Fargate sets. A non-zero exit or a signal fails the job ("Essential container in task exited");
 * past attemptDurationSeconds Batch stops it (SIGTERM, SIGKILL 30 s later) with "Job attempt
 * duration exceeded timeout"; TerminateJob stops it with the caller's reason.
 * https://docs.aws.amazon.com/batch/latest/APIReference/Welcome.html
 *
 * Faults for the run: a SubmitJob answered with an error, a container killed as the OOM killer
 * would, and jobs of other tenants waiting in a queue (they count in ListJobs, never run).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import type { ContainerImage } from '../container/image';
import { AwsServiceError, startAwsEndpoint, type AwsEndpoint, type ServiceSpec } from './server';

export type BatchStatus = 'SUBMITTED' | 'PENDING' | 'RUNNABLE' | 'STARTING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
const WAITING: BatchStatus[] = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING'];

export interface JobDefinitionSpec {
  readonly arn: string;
  readonly name: string;
  /** ContainerProperties, intrinsics resolved. */
  readonly container: Record<string, any>;
  readonly timeout?: { AttemptDurationSeconds?: number };
  readonly retryAttempts: number;
  readonly image: ContainerImage;
  readonly logGroup: string;
}

export interface BatchFaults {
  /** SubmitJob errors, each used once, for job names matching. */
  submitErrors: { match: RegExp; status: number; code: string }[];
  /** Containers to kill (SIGKILL) after `afterMs`, with the reason Batch gives, for job names matching. */
  kills: { match: RegExp; afterMs: number; reason: string }[];
}

/** A job as DescribeJobs returns it (camelCase). */
export type JobDetail = Record<string, any> & { jobId: string; jobName: string; status: BatchStatus };

export interface LocalBatch extends AwsEndpoint {
  readonly jobs: Map<string, JobDetail>;
  readonly faults: BatchFaults;
  /** Jobs of other tenants waiting in `queueArn` (counted by ListJobs, never started). */
  addForeignJobs(queueArn: string, count: number, status?: BatchStatus): void;
  /** The jobs this run started containers for. */
  readonly started: JobDetail[];
}

export interface BatchOptions {
  readonly queues: readonly { arn: string; name: string }[];
  readonly definitions: readonly JobDefinitionSpec[];
  readonly credentials: ServiceSpec['credentials'];
  readonly region: string;
  readonly runRoot: string;
  /** Variables the platform adds to a container, given its environment so far (endpoints, credentials, sandbox preload). */
  readonly platformEnv: (job: JobDetail, env: Readonly<Record<string, string>>) => Record<string, string>;
  /** Secrets Manager lookup for `valueFrom` (`<secret ARN>:<json key>::`). @throws when missing */
  readonly secret: (valueFrom: string) => Promise<string>;
  readonly onLog?: (job: JobDetail, line: string) => void;
  /** Milliseconds between the waiting statuses. @default 40 */
  readonly stepMs?: number;
}

const nowSeconds = () => Date.now();

export async function startBatch(options: BatchOptions): Promise<LocalBatch> {
  const jobs = new Map<string, JobDetail>();
  const procs = new Map<string, { proc: ChildProcess; killReason: string | null; timers: NodeJS.Timeout[] }>();
  const faults: BatchFaults = { submitErrors: [], kills: [] };
  const started: JobDetail[] = [];
  const stepMs = options.stepMs ?? 40;

  const queueOf = (ref: string) => options.queues.find((q) => q.arn === ref || q.name === ref);
  const definitionOf = (ref: string) => options.definitions.find((d) => d.arn === ref || d.name === ref || `${d.name}:1` === ref || d.arn.replace(/:\d+$/, '') === ref);

  const finish = (job: JobDetail, exitCode: number | null, reason: string | null, statusReason: string) => {
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return;
    const stoppedAt = nowSeconds();
    job.container.exitCode = exitCode ?? undefined;
    if (reason) job.container.reason = reason;
    job.attempts = [{ container: { exitCode: exitCode ?? undefined, ...(reason ? { reason } : {}), logStreamName: job.container.logStreamName, taskArn: job.container.taskArn }, startedAt: job.startedAt, stoppedAt, statusReason }];
    job.stoppedAt = stoppedAt;
    job.statusReason = statusReason;
    job.status = exitCode === 0 ? 'SUCCEEDED' : 'FAILED';
    const p = procs.get(job.jobId);
    if (p) for (const t of p.timers) clearTimeout(t);
  };

  const stop = (job: JobDetail, statusReason: string, containerReason: string | null) => {
    const p = procs.get(job.jobId);
    if (!p) {
      // Not started yet: Batch cancels it.
      if (WAITING.includes(job.status)) {
        job.status = 'FAILED';
        job.statusReason = statusReason;
        job.stoppedAt = nowSeconds();
      }
      return;
    }
    p.killReason = statusReason;
    job.container.reason = containerReason ?? undefined;
    p.proc.kill('SIGTERM');
    p.timers.push(setTimeout(() => p.proc.kill('SIGKILL'), 30_000));
  };

  const startContainer = async (job: JobDetail, def: JobDefinitionSpec) => {
    const c = def.container;
    const env: Record<string, string> = { ...def.image.env };
    for (const e of (c.Environment ?? []) as { Name: string; Value: string }[]) env[e.Name] = String(e.Value);
    for (const e of job.container.environment as { name: string; value: string }[]) env[e.name] = e.value;
    try {
      for (const s of (c.Secrets ?? []) as { Name: string; ValueFrom: string }[]) env[s.Name] = await options.secret(s.ValueFrom);
    } catch (error) {
      job.status = 'FAILED';
      job.stoppedAt = nowSeconds();
      job.statusReason = `ResourceInitializationError: unable to pull secrets or registry auth: ${(error as Error).message}`;
      return;
    }
    job.status = 'RUNNING';
    job.startedAt = nowSeconds();
    started.push(job);
    const taskId = randomUUID().replace(/-/g, '');
    job.container.taskArn = `arn:aws:ecs:${options.region}:123456789012:task/batch/${taskId}`;
    job.container.logStreamName = `${c.LogConfiguration?.Options?.['awslogs-stream-prefix'] ?? 'batch'}/default/${taskId}`;
    const base = {
      ...env,
      AWS_BATCH_JOB_ID: job.jobId,
      AWS_BATCH_JQ_NAME: queueOf(job.jobQueue)!.name,
      AWS_BATCH_CE_NAME: 'compute',
      AWS_BATCH_JOB_ATTEMPT: '1',
      AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE',
      AWS_REGION: options.region,
      AWS_DEFAULT_REGION: options.region,
      HOME: path.join(def.image.root, 'home', def.image.user ?? 'root'),
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOSTNAME: `ip-10-0-1-${Math.floor(Math.random() * 250)}.ec2.internal`,
    };
    const fullEnv = { ...base, ...options.platformEnv(job, base) };
    mkdirSync(fullEnv.HOME, { recursive: true });
    const argv = [...def.image.entrypoint, ...((job.container.command as string[] | undefined)?.length ? job.container.command : def.image.cmd)];
    const exe = argv[0] === 'node' ? process.execPath : argv[0]!;
    const proc = spawn(exe, argv.slice(1), { cwd: def.image.workdir, env: fullEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    const entry = { proc, killReason: null as string | null, timers: [] as NodeJS.Timeout[] };
    procs.set(job.jobId, entry);
    for (const stream of [proc.stdout!, proc.stderr!]) createInterface({ input: stream }).on('line', (line) => options.onLog?.(job, line));
    const attempt = job.timeout?.attemptDurationSeconds;
    if (attempt) entry.timers.push(setTimeout(() => stop(job, 'Job attempt duration exceeded timeout', null), attempt * 1000));
    const kill = faults.kills.findIndex((k) => k.match.test(job.jobName));
    if (kill >= 0) {
      const [k] = faults.kills.splice(kill, 1);
      entry.timers.push(
        setTimeout(() => {
          entry.killReason = 'Essential container in task exited';
          job.container.reason = k!.reason;
          proc.kill('SIGKILL');
        }, k!.afterMs),
      );
    }
    proc.on('exit', (code, signal) => {
      const exitCode = code ?? (signal === 'SIGKILL' ? 137 : signal === 'SIGTERM' ? 143 : 1);
      finish(job, exitCode, job.container.reason ?? null, entry.killReason ?? 'Essential container in task exited');
    });
  };

  const advance = (job: JobDetail, def: JobDefinitionSpec) => {
    const order: BatchStatus[] = ['PENDING', 'RUNNABLE', 'STARTING'];
    let i = 0;
    const step = () => {
      if (job.status === 'FAILED') return;
      if (i < order.length) {
        job.status = order[i++]!;
        setTimeout(step, stepMs);
      } else void startContainer(job, def);
    };
    setTimeout(step, stepMs);
  };

  const submit = (input: Record<string, any>): Record<string, unknown> => {
    const queue = queueOf(String(input.jobQueue));
    if (!queue) throw new AwsServiceError(400, 'ClientException', `JobQueue ${String(input.jobQueue)} not found.`);
    const def = definitionOf(String(input.jobDefinition));
    if (!def) throw new AwsServiceError(400, 'ClientException', `Job definition ${String(input.jobDefinition)} not found.`);
    if (!/^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/.test(String(input.jobName ?? ''))) throw new AwsServiceError(400, 'ClientException', 'jobName: must be 1-128 letters, digits, hyphens and underscores');
    const fault = faults.submitErrors.findIndex((f) => f.match.test(String(input.jobName)));
    if (fault >= 0) {
      const [f] = faults.submitErrors.splice(fault, 1);
      throw new AwsServiceError(f!.status, f!.code, 'injected fault');
    }
    const attempt = input.timeout?.attemptDurationSeconds ?? def.timeout?.AttemptDurationSeconds;
    if (attempt !== undefined && attempt < 60) throw new AwsServiceError(400, 'ClientException', 'timeout.attemptDurationSeconds: the minimum is 60 seconds');
    const c = def.container;
    const overrides = (input.containerOverrides ?? {}) as { environment?: { name: string; value: string }[]; command?: string[] };
    const jobId = randomUUID();
    const job: JobDetail = {
      jobArn: `arn:aws:batch:${options.region}:123456789012:job/${jobId}`,
      jobName: String(input.jobName),
      jobId,
      jobQueue: queue.arn,
      status: 'SUBMITTED',
      attempts: [],
      createdAt: nowSeconds(),
      retryStrategy: { attempts: def.retryAttempts },
      dependsOn: [],
      jobDefinition: def.arn,
      parameters: {},
      container: {
        image: String(c.Image),
        command: overrides.command ?? c.Command ?? [],
        jobRoleArn: c.JobRoleArn,
        executionRoleArn: c.ExecutionRoleArn,
        volumes: [],
        environment: mergeEnvironment(((c.Environment ?? []) as { Name: string; Value: string }[]).map((e) => ({ name: e.Name, value: String(e.Value) })), overrides.environment ?? []),
        mountPoints: [],
        readonlyRootFilesystem: c.ReadonlyRootFilesystem ?? false,
        ulimits: [],
        resourceRequirements: ((c.ResourceRequirements ?? []) as { Type: string; Value: string }[]).map((r) => ({ type: r.Type, value: r.Value })),
        secrets: ((c.Secrets ?? []) as { Name: string; ValueFrom: string }[]).map((s) => ({ name: s.Name, valueFrom: s.ValueFrom })),
        networkConfiguration: { assignPublicIp: c.NetworkConfiguration?.AssignPublicIp ?? 'DISABLED' },
        logConfiguration: { logDriver: 'awslogs', options: c.LogConfiguration?.Options ?? {} },
      },
      ...(attempt !== undefined ? { timeout: { attemptDurationSeconds: attempt } } : {}),
      tags: input.tags ?? {},
      propagateTags: input.propagateTags ?? false,
      platformCapabilities: ['FARGATE'],
    };
    jobs.set(jobId, job);
    advance(job, def);
    return { jobArn: job.jobArn, jobName: job.jobName, jobId };
  };

  const endpoint = await startAwsEndpoint({
    signingName: 'batch',
    protocol: 'restJson',
    credentials: options.credentials,
    routes: [
      ['POST', '/v1/submitjob', 'SubmitJob'],
      ['POST', '/v1/describejobs', 'DescribeJobs'],
      ['POST', '/v1/listjobs', 'ListJobs'],
      ['POST', '/v1/terminatejob', 'TerminateJob'],
    ],
    handle: async ({ operation, input }) => {
      switch (operation) {
        case 'SubmitJob':
          return submit(input);
        case 'DescribeJobs':
          return { jobs: ((input.jobs ?? []) as string[]).map((id) => jobs.get(id)).filter(Boolean) };
        case 'ListJobs': {
          const queue = queueOf(String(input.jobQueue ?? ''));
          if (!queue) throw new AwsServiceError(400, 'ClientException', `jobQueue ${String(input.jobQueue)} not found`);
          const status: BatchStatus = input.jobStatus ?? 'RUNNING';
          const all = [...jobs.values()].filter((j) => j.jobQueue === queue.arn && j.status === status);
          const start = Number(input.nextToken ?? 0);
          const size = Math.min(Number(input.maxResults ?? 100), 100);
          const page = all.slice(start, start + size);
          return {
            jobSummaryList: page.map((j) => ({ jobArn: j.jobArn, jobId: j.jobId, jobName: j.jobName, createdAt: j.createdAt, status: j.status, ...(j.startedAt ? { startedAt: j.startedAt } : {}) })),
            ...(start + size < all.length ? { nextToken: String(start + size) } : {}),
          };
        }
        case 'TerminateJob': {
          const job = jobs.get(String(input.jobId));
          if (!job) throw new AwsServiceError(400, 'ClientException', `Job ${String(input.jobId)} not found`);
          stop(job, String(input.reason ?? 'Terminated'), null);
          return {};
        }
        default:
          throw new AwsServiceError(400, 'UnknownOperationException', operation);
      }
    },
  });
  const closeEndpoint = endpoint.close;
  return Object.assign(endpoint, {
    jobs,
    faults,
    started,
    addForeignJobs: (queueArn: string, count: number, status: BatchStatus = 'RUNNABLE') => {
      for (let i = 0; i < count; i++) {
        const jobId = randomUUID();
        jobs.set(jobId, { jobId, jobName: `other-tenant-${i}`, jobArn: `arn:aws:batch:${options.region}:123456789012:job/${jobId}`, jobQueue: queueArn, status, createdAt: nowSeconds(), container: {}, attempts: [] });
      }
    },
    close: async () => {
      for (const p of procs.values()) {
        for (const t of p.timers) clearTimeout(t);
        p.proc.kill('SIGKILL');
      }
      await closeEndpoint();
    },
  });
}

/** The job definition's variables with the overrides applied (an override replaces the same name). */
function mergeEnvironment(base: { name: string; value: string }[], overrides: { name: string; value: string }[]): { name: string; value: string }[] {
  const byName = new Map(base.map((e) => [e.name, e]));
  for (const e of overrides) byName.set(e.name, e);
  return [...byName.values()];
}
