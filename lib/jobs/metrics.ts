/**
 * The job metrics of the operations runbook (namespace `QuantumComputing`, dimension `service`),
 * as plain data, and their CloudWatch Embedded Metric Format lines (serialized by Powertools
 * Metrics). Lambdas print the lines on stdout; local runs append them to results/metrics.jsonl.
 * EMF: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { ResultRecord } from './result';
import { codeOfName, ERROR_CATALOGUE } from '../contracts/errors';

export const METRICS_NAMESPACE = 'QuantumComputing';
export const METRICS_SERVICE = 'qpo';

/** Metric names shared by the emitters, the dashboard and the alarms. */
export const METRIC = {
  jobSucceeded: 'JobSucceeded',
  jobFailed: 'JobFailed',
  fallbackActivated: 'ClassicalFallbackActivated',
  quality: 'OptimizationQuality',
  completionTime: 'JobCompletionTime',
  queueWait: 'QueueWaitTime',
  resultsPersisted: 'ResultsPersisted',
  backendHealth: 'QuantumBackendHealthCheck',
  /** Jobs in the Batch queue (CheckCapacity, health check). */
  queueDepth: 'QueueDepth',
  /** Jobs waiting at the quantum provider, dimension `backend` (CheckCapacity, health check). */
  providerQueueDepth: 'ProviderQueueDepth',
  shotsUsed: 'ShotsUsed',
  costUsd: 'EstimatedCostUsd',
  /** 1 while the platform-wide force-classical switch is on (CheckCapacity). */
  forceClassicalActive: 'ForceClassicalActive',
  /** A job cancelled by an operator (job-events). */
  jobCancelled: 'JobCancelled',
  /** Quantum containers that ran to a verdict / that Batch failed (job-events, lib/jobs/batch-events.ts). */
  batchJobSucceeded: 'BatchJobSucceeded',
  batchJobFailed: 'BatchJobFailed',
  /** Objective evaluations of the variational optimizer (RecordResult). */
  optimizerEvaluations: 'OptimizerEvaluations',
  /** Actual / planned wall time of a hardware run (issue 11's plan). */
  planError: 'PlanError',
  /** Jobs whose quantum path was tried: it answered / it failed and the fallback answered (RecordResult). */
  quantumPathSucceeded: 'QuantumPathSucceeded',
  quantumPathFailed: 'QuantumPathFailed',
  /** The Batch compute environment is VALID and ENABLED (1) or not (0); the oldest RUNNABLE job's age, seconds (health check). */
  batchComputeHealthy: 'BatchComputeEnvironmentHealthy',
  batchOldestRunnableSeconds: 'BatchOldestRunnableSeconds',
  /** Seconds the run's provider jobs waited in queues, dimension `backend` (a provider run). */
  providerQueueSeconds: 'ProviderQueueSeconds',
  /** Quantum seconds left on the IBM instance in its period (health check), dimension `backend`. */
  remainingQuantumSeconds: 'RemainingQuantumSeconds',
  /** Share of the IBM instance's quantum seconds left (0..1, health check; alarm at 10 %). */
  remainingQuantumShare: 'RemainingQuantumShare',
} as const;

/** Fallback reasons that mean the quantum path was tried and failed. */
const QUANTUM_FAILURES: ReadonlySet<string> = new Set(['timeout', 'backend-error', 'no-feasible-sample']);

type Unit = (typeof MetricUnit)[keyof typeof MetricUnit];

export interface MetricDatum {
  readonly name: string;
  readonly unit: Unit;
  readonly value: number;
}

/** Metrics sharing one set of extra dimensions (besides `service`). */
export interface MetricGroup {
  readonly dimensions: Readonly<Record<string, string>>;
  readonly metrics: readonly MetricDatum[];
  /** EMF properties beside the metrics (searchable in the logs, not dimensions), e.g. the jobId. */
  readonly properties?: Readonly<Record<string, string>>;
}

/**
 * The metrics of a persisted, finished job: its one outcome metric JobSucceeded = 1 (RecordResult
 * emits it once; a failed job gets JobFailed from failedJobMetrics instead, never both).
 */
export function succeededJobMetrics(record: ResultRecord): MetricGroup[] {
  const metrics: MetricDatum[] = [
    { name: METRIC.jobSucceeded, unit: MetricUnit.Count, value: 1 },
    { name: METRIC.resultsPersisted, unit: MetricUnit.Count, value: 1 },
    { name: METRIC.completionTime, unit: MetricUnit.Seconds, value: record.durations.totalSeconds },
    { name: METRIC.shotsUsed, unit: MetricUnit.Count, value: record.cost.shotsUsed },
    { name: METRIC.costUsd, unit: MetricUnit.NoUnit, value: record.cost.estimatedCostUsd },
    { name: METRIC.fallbackActivated, unit: MetricUnit.Count, value: record.fallback.activated ? 1 : 0 },
  ];
  if (record.quality.approximationRatio !== null)
    metrics.push({ name: METRIC.quality, unit: MetricUnit.NoUnit, value: record.quality.approximationRatio });
  if (record.backend.kind !== 'classical')
    metrics.push({ name: METRIC.queueWait, unit: MetricUnit.Seconds, value: record.cost.queueWaitSeconds });
  if (record.variational) metrics.push({ name: METRIC.optimizerEvaluations, unit: MetricUnit.Count, value: record.variational.evaluations });
  if (record.backend.kind !== 'classical') metrics.push({ name: METRIC.quantumPathSucceeded, unit: MetricUnit.Count, value: 1 });
  else if (record.fallback.reason && QUANTUM_FAILURES.has(record.fallback.reason)) metrics.push({ name: METRIC.quantumPathFailed, unit: MetricUnit.Count, value: 1 });
  const properties = { jobId: record.jobId };
  const groups: MetricGroup[] = [{ dimensions: {}, metrics, properties }];
  // Per backend (the debug dashboard's latency), and for the VQE latency SLO: every job that asked for VQE.
  groups.push({ dimensions: { backend: record.backend.name }, metrics: [{ name: METRIC.completionTime, unit: MetricUnit.Seconds, value: record.durations.totalSeconds }], properties });
  // (Read defensively: a metric never fails the job it describes.)
  const request = record.request as Partial<ResultRecord['request']> | undefined;
  if ((request?.solver === 'auto' || request?.solver === 'quantum') && request.quantum?.algorithm === 'vqe')
    groups.push({ dimensions: { algorithm: 'vqe' }, metrics: [{ name: METRIC.completionTime, unit: MetricUnit.Seconds, value: record.durations.totalSeconds }], properties });
  if (record.fallback.reason)
    groups.push({ dimensions: { reason: record.fallback.reason }, metrics: [{ name: METRIC.fallbackActivated, unit: MetricUnit.Count, value: 1 }], properties });
  const e = record.execution;
  if (e) {
    // over all jobs (the PlanError alarm, the dashboards) and per backend / per mode (the debug dashboard)
    metrics.push({ name: METRIC.providerQueueSeconds, unit: MetricUnit.Seconds, value: e.actual.queueSeconds });
    groups.push({ dimensions: { backend: record.backend.name }, metrics: [{ name: METRIC.providerQueueSeconds, unit: MetricUnit.Seconds, value: e.actual.queueSeconds }], properties });
    if (e.planError !== null) {
      metrics.push({ name: METRIC.planError, unit: MetricUnit.NoUnit, value: e.planError });
      groups.push({ dimensions: { mode: e.mode }, metrics: [{ name: METRIC.planError, unit: MetricUnit.NoUnit, value: e.planError }], properties });
    }
  }
  return groups;
}

/**
 * The metrics of a job that failed, emitted once per job by the workflow's RecordFailure step:
 * JobFailed = 1, again under the dimension `errorKind` (provider | timeout | internal, from the
 * catalogue), and ResultsPersisted = 0 when the result was computed but could not be written. A
 * request rejected for the caller's mistake (InputRejected, ResultAlreadyExists) is no failed job.
 */
export function failedJobMetrics(failure: { jobId: string; error: string }): MetricGroup[] {
  const code = codeOfName(failure.error);
  const errorKind = code ? ERROR_CATALOGUE[code].kind : failure.error === 'States.Timeout' ? 'timeout' : 'internal';
  const metrics: MetricDatum[] = [{ name: METRIC.jobFailed, unit: MetricUnit.Count, value: 1 }];
  if (code === 'RESULT_NOT_PERSISTED') metrics.push({ name: METRIC.resultsPersisted, unit: MetricUnit.Count, value: 0 });
  const properties = { jobId: failure.jobId, error: failure.error };
  return [
    { dimensions: {}, metrics, properties },
    { dimensions: { errorKind }, metrics: [{ name: METRIC.jobFailed, unit: MetricUnit.Count, value: 1 }], properties },
  ];
}

/** One EMF JSON line per group, in namespace QuantumComputing with dimension `service`. */
export function emfLines(groups: readonly MetricGroup[], timestampMs: number = Date.now(), service: string = METRICS_SERVICE): string[] {
  return groups
    .filter((g) => g.metrics.length > 0)
    .map((g) => {
      const m = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: service });
      m.setTimestamp(timestampMs);
      if (Object.keys(g.dimensions).length > 0) m.addDimensions({ ...g.dimensions });
      for (const d of g.metrics) m.addMetric(d.name, d.unit, d.value);
      for (const [k, v] of Object.entries(g.properties ?? {})) m.addMetadata(k, v);
      const line = JSON.stringify(m.serializeMetrics());
      m.clearMetrics();
      return line;
    });
}
