/**
 * Stage configuration of the platform (zod): names, thresholds, timeouts, schedules, alert email,
 * backends. bin/app.ts parses `config/<stage>.json` with it; constructs receive the parsed object
 * and never read process.env. Every default lives in lib/infra/defaults.ts.
 */
import { z } from 'zod';
import { BRAKET_DEVICES } from '../backends/braket/devices';
import { DEFAULTS } from './defaults';

const name = z.string().regex(/^[a-z][a-z0-9-]{1,20}$/, { error: 'use 2-21 lowercase letters, digits and -, starting with a letter' });

export const ScheduleConfig = z.strictObject({
  /** Schedule name (unique in the stage). */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
  /** EventBridge Scheduler expression: `cron(0 2 ? * MON-FRI *)` or `rate(1 day)`. */
  expression: z.string().regex(/^(cron|rate)\(.+\)$/, { error: 'use cron(...) or rate(...)' }),
  timezone: z.string().default('UTC'),
  /** The JobSpec (lib/jobs/spec.ts) the run starts with; validated by the state machine. */
  spec: z.record(z.string(), z.unknown()),
});

const BRAKET_ARN = /^arn:aws[a-z-]*:braket:[a-z0-9-]*::device\/.+$/;

/**
 * A backend the health check watches, in `quantum.backend` syntax: `local`, `ibm:<device>`,
 * `ibm:least-busy`, `braket:<alias>` (sv1, dm1, tn1, forte-1, ...) or `braket:<device ARN>`.
 * A bare device name or ARN is refused: it cannot be routed or checked, and would never alarm.
 */
export const BackendName = z.string().refine(
  (v) =>
    v === 'local' ||
    /^ibm:(least-busy|[a-z][a-z0-9_-]*)$/.test(v) ||
    (v.startsWith('braket:') && (BRAKET_ARN.test(v.slice(7)) || Object.hasOwn(BRAKET_DEVICES, v.slice(7).toLowerCase()))),
  {
    error: (issue) =>
      `'${String(issue.input)}' is not a backend name; use local, ibm:<device> (e.g. ibm:ibm_torino), ibm:least-busy, braket:<${Object.keys(BRAKET_DEVICES).join(' | ')}> or braket:<device ARN>`,
  },
);

export const StageConfig = z.strictObject({
  stage: name,
  /** Prefix of resource names. */
  project: name.default(DEFAULTS.project),
  alertEmail: z.email().optional(),
  batch: z
    .strictObject({
      maxVcpus: z.number().int().min(1).max(10_000).default(DEFAULTS.batch.maxVcpus),
      jobVcpus: z.number().positive().max(16).default(DEFAULTS.batch.jobVcpus),
      jobMemoryGiB: z.number().positive().max(120).default(DEFAULTS.batch.jobMemoryGiB),
      /** RunQuantumJob's state TimeoutSeconds (the hard backstop of the quantum path). */
      quantumStateTimeoutSeconds: z.number().int().min(60).max(86_400).default(DEFAULTS.batch.quantumStateTimeoutSeconds),
      /** Queue wait and container start allowed on top of a job's own quantum budget. */
      startupGraceSeconds: z.number().int().min(0).max(3600).default(DEFAULTS.batch.startupGraceSeconds),
    })
    .default(DEFAULTS.batch),
  fallback: z
    .strictObject({
      timeoutSeconds: z.number().int().min(30).max(900).default(DEFAULTS.fallback.timeoutSeconds),
      memoryMiB: z.number().int().min(512).max(10_240).default(DEFAULTS.fallback.memoryMiB),
    })
    .default(DEFAULTS.fallback),
  /** Quantum backends the health check watches, one P0 alarm each (`BackendName` syntax). */
  backends: z.array(BackendName).min(1).default([...DEFAULTS.backends]),
  api: z
    .strictObject({
      throttleRatePerSecond: z.number().positive().default(DEFAULTS.api.throttleRatePerSecond),
      throttleBurst: z.number().int().positive().default(DEFAULTS.api.throttleBurst),
    })
    .default(DEFAULTS.api),
  alarms: z
    .strictObject({
      fallbackRatePercent: z.number().min(0).max(100).default(DEFAULTS.alarms.fallbackRatePercent),
      completionMinutes: z.number().positive().default(DEFAULTS.alarms.completionMinutes),
      /** P1: jobs waiting at a quantum provider for a configured backend (ProviderQueueDepth). */
      queueDepth: z.number().int().positive().default(DEFAULTS.alarms.queueDepth),
      /** Alarm when this share (%) or less of the IBM instance's quantum seconds is left. */
      quantumCreditsPercent: z.number().min(0).max(100).default(DEFAULTS.alarms.quantumCreditsPercent),
      /** P3: the daily p90 of PlanError above this factor, or below its inverse (the plan model is off). */
      planErrorFactor: z.number().gt(1).default(DEFAULTS.alarms.planErrorFactor),
      /** P2: jobs waiting in the Batch queue (QueueDepth). */
      batchQueueDepth: z.number().int().positive().default(DEFAULTS.alarms.batchQueueDepth),
      noResultsMinutes: z.number().int().positive().default(DEFAULTS.alarms.noResultsMinutes),
      quantumSuccessPercent: z.number().min(0).max(100).default(DEFAULTS.alarms.quantumSuccessPercent),
      qualityRatio: z.number().min(0).max(1).default(DEFAULTS.alarms.qualityRatio),
      queueWaitSeconds: z.number().int().positive().default(DEFAULTS.alarms.queueWaitSeconds),
      batchSuccessPercent: z.number().min(0).max(100).default(DEFAULTS.alarms.batchSuccessPercent),
      failureRatePercent: z.number().min(0).max(100).default(DEFAULTS.alarms.failureRatePercent),
      failureRateCriticalPercent: z.number().min(0).max(100).default(DEFAULTS.alarms.failureRateCriticalPercent),
    })
    .default(DEFAULTS.alarms),
  healthCheckRate: z.string().regex(/^rate\(.+\)$/).default(DEFAULTS.healthCheckRate),
  schedules: z.array(ScheduleConfig).default([]),
  /** Days before results move to Glacier. */
  glacierAfterDays: z.number().int().min(1).default(DEFAULTS.glacierAfterDays),
  sweepMaxConcurrency: z.number().int().min(1).max(40).default(DEFAULTS.sweepMaxConcurrency),
  /** Seconds CheckCapacity keeps the force-classical switch before asking SSM again (a change takes effect within this plus one job). */
  forceClassicalCacheSeconds: z.number().int().min(0).max(60).default(DEFAULTS.forceClassicalCacheSeconds),
  /** Days a job index entry is kept after its last change (DynamoDB TTL). */
  jobIndexRetentionDays: z.number().int().min(1).max(3650).default(DEFAULTS.jobIndexRetentionDays),
});

export type StageConfig = z.output<typeof StageConfig>;
export type StageConfigInput = z.input<typeof StageConfig>;

/** Parse a stage config. @throws Error naming every bad field. */
export function parseStageConfig(input: unknown, source = 'stage config'): StageConfig {
  const r = StageConfig.safeParse(input);
  if (r.success) return r.data;
  const lines = r.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`${source} is invalid:\n${lines.join('\n')}`);
}
