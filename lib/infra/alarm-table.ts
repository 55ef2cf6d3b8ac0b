/**
 * Every alarm of the platform in one table (plain data, no CDK): what it watches, its threshold and
 * window, its severity and the topic it notifies, and the runbook section it names. lib/infra/
 * monitoring.ts builds the CloudWatch alarms from it, test/infra/alarm-table.test.ts holds the
 * synthesized template to it, and `npm run docs:alarms` renders it into docs/deploy.md.
 *
 * Severities: P0/P1 page (the paging topic), P2/P3 open tickets (the ticket topic). Pages other than
 * the P0s are composite alarms suppressed while "platform down" (every job failing, or every backend
 * unreachable) is in alarm, so one cause pages once.
 *
 * Burn-rate alerts follow the Google SRE workbook, "Alerting on SLOs", multiwindow multi-burn-rate
 * (https://sre.google/workbook/alerting-on-slos/): a page when the error budget of the 30-day SLO
 * burns 14.4x over 1 h (confirmed over 5 min) or 6x over 6 h (confirmed over 30 min), a ticket at 1x
 * over 3 days (confirmed over 6 h). The threshold is burn x (1 - target) as an error ratio; a ratio
 * above 1 cannot happen, so such a window alarms when every job in it failed (the 90 % success SLO
 * burns at most 10x).
 */
import type { StageConfig } from './config';

export type Severity = 'P0' | 'P1' | 'P2' | 'P3';
export type Topic = 'paging' | 'ticket';
export type Comparison = '>' | '>=' | '<';

export const topicOf = (s: Severity): Topic => (s === 'P0' || s === 'P1' ? 'paging' : 'ticket');

/** The SLOs of the runbook, over a rolling 30 days. */
export const SLO = {
  periodDays: 30,
  /** Jobs not rejected for their input that end with a result. */
  success: { target: 0.9 },
  /** VQE jobs (solver auto or quantum, algorithm vqe) completed within `seconds` of their start. */
  latency: { target: 0.95, seconds: 600 },
} as const;

/** The workbook's burn-rate alerts: factor, long and short windows (seconds), severity. */
export const BURN_RATES = [
  { name: 'fast', factor: 14.4, longSeconds: 3600, shortSeconds: 300, severity: 'P1' },
  { name: 'slow', factor: 6, longSeconds: 6 * 3600, shortSeconds: 1800, severity: 'P1' },
  { name: 'budget', factor: 1, longSeconds: 3 * 86_400, shortSeconds: 6 * 3600, severity: 'P3' },
] as const;

/** What a row's signal is; monitoring.ts has one CloudWatch builder per kind. */
export type SignalKind =
  | 'all-jobs-failing'
  | 'all-backends-unreachable'
  | 'backend-unreachable'
  | 'batch-compute-unavailable'
  | 'job-failure-rate'
  | 'success-error-ratio'
  | 'latency-error-ratio'
  | 'no-results-saved'
  | 'quantum-path-success'
  | 'fallback-rate'
  | 'result-quality'
  | 'queue-wait'
  | 'batch-job-success'
  | 'batch-queue-depth'
  | 'provider-queue-depth'
  | 'completion-time'
  | 'dead-letters'
  | 'quantum-credits'
  | 'plan-error';

export interface AlarmWindow {
  /** Seconds per evaluation period. */
  readonly periodSeconds: number;
  readonly evaluationPeriods: number;
}

export interface AlarmRow {
  /** Unique id; the alarm is named `<project>-<stage>-<id>`. */
  readonly id: string;
  readonly severity: Severity;
  readonly topic: Topic;
  readonly title: string;
  readonly signal: SignalKind;
  /** The metrics and how they are combined, for people (the docs' table). */
  readonly metric: string;
  readonly comparison: Comparison;
  readonly threshold: number;
  readonly window: AlarmWindow;
  /** Burn-rate rows: the short confirmation window (both windows must be in alarm). */
  readonly confirmation?: AlarmWindow;
  /** Dimension value of a per-backend row. */
  readonly backend?: string;
  /** docs/deploy.md anchor of the runbook section. */
  readonly runbook: string;
  /** Pages suppressed while the platform is down (composite alarm with an actions suppressor). */
  readonly suppressedByPlatformDown: boolean;
}

const win = (periodSeconds: number, evaluationPeriods = 1): AlarmWindow => ({ periodSeconds, evaluationPeriods });

const round = (x: number) => Math.round(x * 1e6) / 1e6;

/** The alarm table of a stage. */
export function alarmTable(config: Pick<StageConfig, 'alarms' | 'backends'>): AlarmRow[] {
  const a = config.alarms;
  const row = (r: Omit<AlarmRow, 'topic' | 'suppressedByPlatformDown'> & { suppressed?: boolean }): AlarmRow => {
    const { suppressed, ...rest } = r;
    return { ...rest, topic: topicOf(r.severity), suppressedByPlatformDown: suppressed ?? r.severity === 'P1' };
  };
  const rows: AlarmRow[] = [
    row({
      id: 'all-jobs-failing',
      severity: 'P0',
      title: 'All jobs failing',
      signal: 'all-jobs-failing',
      metric: 'JobFailed >= 3 and JobSucceeded = 0 (Sum)',
      comparison: '>=',
      threshold: 1,
      window: win(900),
      runbook: 'all-jobs-failing',
    }),
    row({
      id: 'all-backends-unreachable',
      severity: 'P0',
      title: 'Every quantum backend unreachable',
      signal: 'all-backends-unreachable',
      metric: `max over ${config.backends.join(', ')} of QuantumBackendHealthCheck (Minimum)`,
      comparison: '<',
      threshold: 1,
      window: win(300, 3),
      runbook: 'backend-unreachable',
    }),
    ...config.backends.map((backend, i) =>
      row({
        id: `backend-unreachable-${i}`,
        // The runbook's P0; paged once: suppressed while every backend is down (that P0 pages) or every job fails.
        severity: 'P0',
        suppressed: true,
        title: `Quantum backend ${backend} unreachable`,
        signal: 'backend-unreachable',
        metric: `QuantumBackendHealthCheck backend=${backend} (Minimum; missing = breaching)`,
        comparison: '<',
        threshold: 1,
        window: win(300, 3),
        backend,
        runbook: 'backend-unreachable',
      }),
    ),
    row({
      id: 'batch-compute-unavailable',
      severity: 'P1',
      title: 'Batch compute unavailable',
      signal: 'batch-compute-unavailable',
      metric: 'BatchComputeEnvironmentHealthy < 1 (Minimum) or BatchOldestRunnableSeconds > 900 (Maximum)',
      comparison: '>=',
      threshold: 1,
      window: win(300, 2),
      runbook: 'batch-compute-unavailable',
    }),
    // The runbook's "quantum job queue > 50" (P1): jobs waiting at the provider (new jobs go to the fallback).
    ...config.backends
      .filter((backend) => backend !== 'local')
      .map((backend, i) =>
        row({
          id: `provider-queue-${i}`,
          severity: 'P1',
          title: `Quantum job queue of ${backend} above ${a.queueDepth}`,
          signal: 'provider-queue-depth',
          metric: `ProviderQueueDepth backend=${backend} (Maximum)`,
          comparison: '>',
          threshold: a.queueDepth,
          window: win(300, 2),
          backend,
          runbook: 'quantum-job-queue-above-50',
        }),
      ),
    row({
      id: 'job-failure-rate-critical',
      severity: 'P1',
      title: `Job failure rate above ${a.failureRateCriticalPercent} %`,
      signal: 'job-failure-rate',
      metric: '100 * JobFailed / (JobSucceeded + JobFailed) (Sum)',
      comparison: '>',
      threshold: a.failureRateCriticalPercent,
      window: win(3600),
      runbook: 'job-failure-rate',
    }),
    row({
      id: 'no-results-saved',
      severity: 'P1',
      title: `No results saved in ${a.noResultsMinutes} minutes`,
      signal: 'no-results-saved',
      metric: 'ExecutionsStarted > 0 and ResultsPersisted < 1 (Sum)',
      comparison: '>=',
      threshold: 1,
      window: win(a.noResultsMinutes * 60),
      runbook: 'no-results-saved',
    }),
  ];
  for (const slo of ['success', 'latency'] as const) {
    const budget = 1 - SLO[slo].target;
    for (const b of BURN_RATES) {
      rows.push(
        row({
          id: `${slo}-burn-${b.name}`,
          severity: b.severity,
          title: `${slo === 'success' ? 'Success' : 'VQE latency'} SLO: error budget burning ${b.factor}x`,
          signal: slo === 'success' ? 'success-error-ratio' : 'latency-error-ratio',
          metric:
            slo === 'success'
              ? `error ratio JobFailed / (JobSucceeded + JobFailed), SLO ${SLO.success.target * 100} %`
              : `1 - PR(:${SLO.latency.seconds}) of JobCompletionTime algorithm=vqe, SLO ${SLO.latency.target * 100} % within ${SLO.latency.seconds / 60} min`,
          comparison: '>=',
          threshold: round(Math.min(1, b.factor * budget)),
          window: win(b.longSeconds),
          confirmation: win(b.shortSeconds),
          runbook: 'burn-rate-alerts',
          suppressed: b.severity === 'P1',
        }),
      );
    }
  }
  rows.push(
    row({
      id: 'quantum-job-success',
      severity: 'P2',
      title: `Quantum job success below ${a.quantumSuccessPercent} %`,
      signal: 'quantum-path-success',
      metric: '100 * QuantumPathSucceeded / (QuantumPathSucceeded + QuantumPathFailed) (Sum)',
      comparison: '<',
      threshold: a.quantumSuccessPercent,
      window: win(3600),
      runbook: 'quantum-job-success',
    }),
    row({
      id: 'job-failure-rate',
      severity: 'P2',
      title: `Job failure rate above ${a.failureRatePercent} %`,
      signal: 'job-failure-rate',
      metric: '100 * JobFailed / (JobSucceeded + JobFailed) (Sum)',
      comparison: '>',
      threshold: a.failureRatePercent,
      window: win(3600),
      runbook: 'job-failure-rate',
    }),
    row({
      id: 'fallback-rate',
      severity: 'P2',
      title: `Fallback rate above ${a.fallbackRatePercent} %`,
      signal: 'fallback-rate',
      metric: '100 * ClassicalFallbackActivated (reasons other than forced, forced-platform) / JobSucceeded (Sum)',
      comparison: '>',
      threshold: a.fallbackRatePercent,
      window: win(3600),
      runbook: 'fallback-rate',
    }),
    row({
      id: 'result-quality',
      severity: 'P2',
      title: `Result quality below ${a.qualityRatio * 100} % of the optimum`,
      signal: 'result-quality',
      metric: 'OptimizationQuality (approximation ratio, Average)',
      comparison: '<',
      threshold: a.qualityRatio,
      window: win(3600),
      runbook: 'result-quality',
    }),
    row({
      id: 'queue-wait',
      severity: 'P2',
      title: `Queue wait above ${a.queueWaitSeconds / 60} minutes`,
      signal: 'queue-wait',
      metric: 'QueueWaitTime (p90, seconds)',
      comparison: '>',
      threshold: a.queueWaitSeconds,
      window: win(900),
      runbook: 'queue-wait',
    }),
    row({
      id: 'batch-job-success',
      severity: 'P2',
      title: `Batch job success below ${a.batchSuccessPercent} %`,
      signal: 'batch-job-success',
      metric: '100 * BatchJobSucceeded / (BatchJobSucceeded + BatchJobFailed) (Sum)',
      comparison: '<',
      threshold: a.batchSuccessPercent,
      window: win(3600),
      runbook: 'batch-job-success',
    }),
    row({
      id: 'quantum-credits',
      severity: 'P2',
      title: `IBM Quantum seconds below ${a.quantumCreditsPercent} % of the instance's limit`,
      signal: 'quantum-credits',
      metric: 'RemainingQuantumShare backend=ibm (Minimum; health check, GET /v1/usage)',
      comparison: '<',
      threshold: a.quantumCreditsPercent / 100,
      window: win(3600),
      runbook: 'quantum-credits',
    }),
    row({
      id: 'batch-queue-depth',
      severity: 'P2',
      title: `Batch queue deeper than ${a.batchQueueDepth}`,
      signal: 'batch-queue-depth',
      metric: 'QueueDepth (Maximum)',
      comparison: '>',
      threshold: a.batchQueueDepth,
      window: win(300, 2),
      runbook: 'batch-queue-depth',
    }),
    row({
      id: 'slow-jobs',
      severity: 'P2',
      title: `p90 completion above ${a.completionMinutes} minutes`,
      signal: 'completion-time',
      metric: 'JobCompletionTime (p90, seconds)',
      comparison: '>',
      threshold: a.completionMinutes * 60,
      window: win(900),
      runbook: 'slow-jobs',
    }),
    // the plan model (lib/backends/plan-model.ts) drifting from what providers do, either way
    row({
      id: 'plan-error-high',
      severity: 'P3',
      title: `Jobs take more than ${a.planErrorFactor}x their planned wall time`,
      signal: 'plan-error',
      metric: 'PlanError (p90; actual / planned wall time of the quantum path)',
      comparison: '>',
      threshold: a.planErrorFactor,
      window: win(86_400),
      runbook: 'plan-error',
    }),
    row({
      id: 'plan-error-low',
      severity: 'P3',
      title: `Jobs take less than 1/${a.planErrorFactor} of their planned wall time`,
      signal: 'plan-error',
      metric: 'PlanError (p90; actual / planned wall time of the quantum path)',
      comparison: '<',
      threshold: round(1 / a.planErrorFactor),
      window: win(86_400),
      runbook: 'plan-error',
    }),
    row({
      id: 'job-index-dead-letters',
      severity: 'P3',
      title: 'Job index events undelivered',
      signal: 'dead-letters',
      metric: 'ApproximateNumberOfMessagesVisible of the job-events dead-letter queue (Maximum)',
      comparison: '>',
      threshold: 0,
      window: win(300),
      runbook: 'the-job-index',
    }),
  );
  return rows;
}

const duration = (s: number) => (s % 86_400 === 0 ? `${s / 86_400} d` : s % 3600 === 0 ? `${s / 3600} h` : `${s / 60} min`);
const windowText = (w: AlarmWindow) => (w.evaluationPeriods === 1 ? duration(w.periodSeconds) : `${w.evaluationPeriods} x ${duration(w.periodSeconds)}`);

/** The table as Markdown (docs/deploy.md renders it between its alarm-table markers). */
export function renderAlarmTable(rows: readonly AlarmRow[]): string {
  const lines = ['| alarm | severity | notifies | metric | alarms when | window | runbook |', '|---|---|---|---|---|---|---|'];
  for (const r of rows) {
    const when = `${r.comparison} ${r.threshold}`;
    const w = r.confirmation ? `${windowText(r.window)} and ${windowText(r.confirmation)}` : windowText(r.window);
    const notifies = `${r.topic}${r.suppressedByPlatformDown ? ' (suppressed while platform down)' : ''}`;
    lines.push(`| \`${r.id}\` ${r.title} | ${r.severity} | ${notifies} | ${r.metric} | ${when} | ${w} | [${r.runbook}](#${r.runbook}) |`);
  }
  return lines.join('\n');
}
