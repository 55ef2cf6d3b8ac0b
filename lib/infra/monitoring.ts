/**
 * Monitoring: the scheduled health-check Lambda (Batch QueueDepth; per backend
 * QuantumBackendHealthCheck and ProviderQueueDepth, asked of the providers with the IBM key from the
 * stack's secret; Batch compute health), every alarm of lib/infra/alarm-table.ts, and the three dashboards
 * (lib/infra/dashboards.ts). Metrics: namespace QuantumComputing, dimension service=qpo
 * (lib/jobs/metrics.ts).
 *
 * Each table row becomes a metric alarm named `<project>-<stage>-<id>` (burn-rate rows: `-long` and
 * `-short` signals and a composite of both). P0 and ticket rows notify from their alarm; P1 rows
 * notify from a composite alarm whose actions are suppressed while `<project>-<stage>-platform-down`
 * (every job failing, or every backend unreachable) is in alarm, so one cause pages once.
 */
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC } from '../jobs/metrics';
import { ENV } from '../contracts/env';
import { CHOSEN_REASONS, qpoMetric, REASONS } from './metrics';
import { alarmTable, SLO, type AlarmRow, type AlarmWindow, type Comparison } from './alarm-table';
import type { Alerts } from './alerts';
import type { StageConfig } from './config';
import { DEFAULTS } from './defaults';
import { Dashboards } from './dashboards';
import { qpoFunction } from './function';

export { qpoMetric, REASONS, CHOSEN_REASONS };

const COMPARISON: Readonly<Record<Comparison, cw.ComparisonOperator>> = {
  '>': cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
  '>=': cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
  '<': cw.ComparisonOperator.LESS_THAN_THRESHOLD,
};

export interface MonitoringProps {
  readonly config: StageConfig;
  readonly stateMachine: sfn.StateMachine;
  readonly jobQueueArn: string;
  readonly alerts: Alerts;
  readonly jobIndexDeadLetters: sqs.IQueue;
  /** The IBM Quantum key and CRN (the health check asks IBM for its devices' status). */
  readonly ibmSecret: secrets.ISecret;
  /** Every Lambda of the stack, for the debug dashboard. */
  readonly functions: Readonly<Record<string, lambda.Function>>;
}

export class Monitoring extends Construct {
  readonly alarms: Record<string, cw.Alarm> = {};
  /** The alarm or composite that notifies, by row id. */
  readonly notifiers: Record<string, cw.IAlarm> = {};
  readonly platformDown: cw.CompositeAlarm;
  readonly healthCheck: lambda.Function;
  readonly dashboards: Dashboards;
  readonly rows: AlarmRow[];
  private readonly props: MonitoringProps;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.props = props;
    const { config, stateMachine, alerts } = props;
    const health = qpoFunction(this, 'HealthCheck', {
      handler: 'health-check',
      timeout: Duration.seconds(60),
      // IBM: the key and CRN from the stack's secret (this function may read only that secret); Braket: the role.
      environment: {
        [ENV.JOB_QUEUE]: props.jobQueueArn,
        [ENV.QUANTUM_BACKENDS]: config.backends.join(','),
        [ENV.IBM_SECRET_ARN]: props.ibmSecret.secretArn,
        [ENV.PROVIDER_STATUS_TIMEOUT_MS]: String(DEFAULTS.providerStatusTimeoutMs),
      },
    });
    this.healthCheck = health;
    health.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'BatchHealth', actions: ['batch:ListJobs', 'batch:DescribeJobQueues', 'batch:DescribeComputeEnvironments'], resources: ['*'] }),
    );
    health.addToRolePolicy(new iam.PolicyStatement({ sid: 'BraketDeviceStatus', actions: ['braket:GetDevice'], resources: ['*'] }));
    props.ibmSecret.grantRead(health);
    new scheduler.Schedule(this, 'HealthCheckSchedule', {
      description: 'qpo check_quantum_status',
      schedule: scheduler.ScheduleExpression.expression(config.healthCheckRate),
      target: new targets.LambdaInvoke(health, {}),
    });

    const prefix = `${config.project}-${config.stage}`;
    this.rows = alarmTable(config);
    const signalAlarm = (row: AlarmRow, window: AlarmWindow, suffix: string, description: string) => {
      const alarm = this.signal(row, window).createAlarm(this, `${row.id}${suffix}`, {
        alarmName: `${prefix}-${row.id}${suffix}`,
        alarmDescription: description,
        threshold: row.threshold,
        evaluationPeriods: window.evaluationPeriods,
        comparisonOperator: COMPARISON[row.comparison],
        treatMissingData: row.signal === 'backend-unreachable' ? cw.TreatMissingData.BREACHING : cw.TreatMissingData.NOT_BREACHING,
      });
      this.alarms[`${row.id}${suffix}`] = alarm;
      return alarm;
    };
    const describe = (row: AlarmRow) => `${row.severity}: ${row.title} (${row.metric} ${row.comparison} ${row.threshold}). Runbook: docs/deploy.md#${row.runbook}`;

    // Signals first: the platform-down suppressor needs the P0 ones.
    const signals = new Map<string, cw.Alarm[]>();
    for (const row of this.rows) {
      const list = row.confirmation
        ? [signalAlarm(row, row.window, '-long', `signal of ${row.id}: long window`), signalAlarm(row, row.confirmation, '-short', `signal of ${row.id}: confirmation window`)]
        : [signalAlarm(row, row.window, '', describe(row))];
      signals.set(row.id, list);
    }
    this.platformDown = new cw.CompositeAlarm(this, 'PlatformDown', {
      compositeAlarmName: `${prefix}-platform-down`,
      alarmDescription: 'Every job failing or every quantum backend unreachable: suppresses the per-cause pages (the P0 alarms page themselves). Runbook: docs/deploy.md#get-paged',
      alarmRule: cw.AlarmRule.anyOf(...signals.get('all-jobs-failing')!, ...signals.get('all-backends-unreachable')!),
    });
    for (const row of this.rows) {
      const list = signals.get(row.id)!;
      const topic = new cwActions.SnsAction(alerts.topicOf(row.topic));
      let notifier: cw.IAlarm & { addAlarmAction(...a: cw.IAlarmAction[]): void; addOkAction(...a: cw.IAlarmAction[]): void };
      if (row.confirmation || row.suppressedByPlatformDown) {
        notifier = new cw.CompositeAlarm(this, `${row.id}-notify`, {
          compositeAlarmName: `${prefix}-${row.id}`,
          alarmDescription: describe(row),
          alarmRule: cw.AlarmRule.allOf(...list),
          ...(row.suppressedByPlatformDown
            ? { actionsSuppressor: this.platformDown, actionsSuppressorWaitPeriod: Duration.minutes(5), actionsSuppressorExtensionPeriod: Duration.minutes(10) }
            : {}),
        });
      } else notifier = list[0]!;
      notifier.addAlarmAction(topic);
      notifier.addOkAction(topic);
      this.notifiers[row.id] = notifier;
    }
    this.dashboards = new Dashboards(this, 'Dashboards', { config, stateMachine, notifiers: this.notifiers, functions: props.functions, rows: this.rows });
  }

  /** The CloudWatch metric or expression of a row, over one window. */
  private signal(row: AlarmRow, window: AlarmWindow): cw.Metric | cw.MathExpression {
    const p = Duration.seconds(window.periodSeconds);
    const sum = (name: string, dims: Record<string, string> = {}) => qpoMetric(name, 'Sum', p, dims);
    const expr = (expression: string, usingMetrics: Record<string, cw.IMetric>, label: string) => new cw.MathExpression({ expression, usingMetrics, period: p, label });
    const ratio = (bad: string, good: string, label: string) =>
      expr(`IF(FILL(g, 0) + FILL(b, 0) > 0, 100 * FILL(b, 0) / (FILL(g, 0) + FILL(b, 0)), 0)`, { b: sum(bad), g: sum(good) }, label);
    switch (row.signal) {
      case 'all-jobs-failing':
        return expr('IF(FILL(f, 0) >= 3 AND FILL(s, 0) == 0, 1, 0)', { f: sum(METRIC.jobFailed), s: sum(METRIC.jobSucceeded) }, 'all jobs failing');
      case 'all-backends-unreachable': {
        const m = Object.fromEntries(this.rowsBackends().map((b, i) => [`h${i}`, qpoMetric(METRIC.backendHealth, 'Minimum', p, { backend: b })]));
        return expr(`MAX([${Object.keys(m).join(', ')}])`, m, 'best backend health');
      }
      case 'backend-unreachable':
        return qpoMetric(METRIC.backendHealth, 'Minimum', p, { backend: row.backend! });
      case 'batch-compute-unavailable':
        return expr(
          'IF(FILL(h, 1) < 1 OR FILL(r, 0) > 900, 1, 0)',
          { h: qpoMetric(METRIC.batchComputeHealthy, 'Minimum', p), r: qpoMetric(METRIC.batchOldestRunnableSeconds, 'Maximum', p) },
          'Batch compute unavailable',
        );
      case 'job-failure-rate':
        return ratio(METRIC.jobFailed, METRIC.jobSucceeded, 'job failure rate %');
      case 'success-error-ratio':
        return expr('IF(FILL(s, 0) + FILL(f, 0) > 0, FILL(f, 0) / (FILL(s, 0) + FILL(f, 0)), 0)', { f: sum(METRIC.jobFailed), s: sum(METRIC.jobSucceeded) }, 'error ratio');
      case 'latency-error-ratio':
        return expr(
          'IF(FILL(n, 0) > 0, 1 - FILL(good, 100) / 100, 0)',
          {
            good: qpoMetric(METRIC.completionTime, cw.Stats.percentileRank(SLO.latency.seconds), p, { algorithm: 'vqe' }),
            n: qpoMetric(METRIC.completionTime, 'SampleCount', p, { algorithm: 'vqe' }),
          },
          'VQE jobs over the latency objective (ratio)',
        );
      case 'no-results-saved':
        return expr(
          'IF(FILL(started, 0) > 0 AND FILL(saved, 0) < 1, 1, 0)',
          { started: this.props.stateMachine.metricStarted({ period: p, statistic: 'Sum' }), saved: sum(METRIC.resultsPersisted) },
          'runs without a saved result',
        );
      case 'quantum-path-success':
        return expr(
          'IF(FILL(ok, 0) + FILL(bad, 0) > 0, 100 * FILL(ok, 0) / (FILL(ok, 0) + FILL(bad, 0)), 100)',
          { ok: sum(METRIC.quantumPathSucceeded), bad: sum(METRIC.quantumPathFailed) },
          'quantum path success %',
        );
      case 'fallback-rate': {
        const failures = REASONS.filter((r) => !CHOSEN_REASONS.has(r));
        const m: Record<string, cw.IMetric> = Object.fromEntries(failures.map((r, i) => [`r${i}`, sum(METRIC.fallbackActivated, { reason: r })]));
        m.jobs = sum(METRIC.jobSucceeded);
        const total = failures.map((_, i) => `FILL(r${i}, 0)`).join(' + ');
        return expr(`IF(FILL(jobs, 0) > 0, 100 * (${total}) / jobs, 0)`, m, 'fallback rate % (not forced)');
      }
      case 'result-quality':
        return qpoMetric(METRIC.quality, 'Average', p);
      case 'queue-wait':
        return qpoMetric(METRIC.queueWait, 'p90', p);
      case 'batch-job-success':
        return expr(
          'IF(FILL(ok, 0) + FILL(bad, 0) > 0, 100 * FILL(ok, 0) / (FILL(ok, 0) + FILL(bad, 0)), 100)',
          { ok: sum(METRIC.batchJobSucceeded), bad: sum(METRIC.batchJobFailed) },
          'Batch job success %',
        );
      case 'batch-queue-depth':
        return qpoMetric(METRIC.queueDepth, 'Maximum', p);
      case 'quantum-credits':
        return qpoMetric(METRIC.remainingQuantumShare, 'Minimum', p, { backend: 'ibm' });
      case 'plan-error':
        return qpoMetric(METRIC.planError, 'p90', p);
      case 'provider-queue-depth':
        return qpoMetric(METRIC.providerQueueDepth, 'Maximum', p, { backend: row.backend! });
      case 'completion-time':
        return qpoMetric(METRIC.completionTime, 'p90', p);
      case 'dead-letters':
        return this.props.jobIndexDeadLetters.metricApproximateNumberOfMessagesVisible({ period: p, statistic: 'Maximum' });
    }
  }

  private rowsBackends(): string[] {
    return this.rows.filter((r) => r.signal === 'backend-unreachable').map((r) => r.backend!);
  }
}
