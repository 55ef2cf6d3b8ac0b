/**
 * Monitoring: the scheduled health-check Lambda (Batch QueueDepth; per backend
 * QuantumBackendHealthCheck and ProviderQueueDepth, asked of the providers with the IBM key from the
 * stack's secret), the dashboard of the runbook's SLOs and the P0/P1/P2 alarms, all wired to the
 * alerts topic. Metrics: namespace QuantumComputing, dimension service=qpo (lib/jobs/metrics.ts).
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
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../jobs/metrics';
import { ENV } from '../contracts/env';
import type { FallbackReason } from '../jobs/result';
import type { StageConfig } from './config';
import { DEFAULTS } from './defaults';
import { qpoFunction } from './function';

const REASONS: FallbackReason[] = ['forced', 'queue-overflow', 'backend-unavailable', 'timeout', 'backend-error', 'no-feasible-sample', 'plan-exceeds-budget', 'quota'];

/** A QuantumComputing metric with the service dimension (and extra ones). */
export function qpoMetric(name: string, statistic: string, period: Duration, dims: Record<string, string> = {}): cw.Metric {
  return new cw.Metric({ namespace: METRICS_NAMESPACE, metricName: name, statistic, period, dimensionsMap: { service: METRICS_SERVICE, ...dims } });
}

export class Monitoring extends Construct {
  readonly dashboard: cw.Dashboard;
  readonly alarms: Record<string, cw.Alarm> = {};
  readonly healthCheck: lambda.Function;

  constructor(
    scope: Construct,
    id: string,
    props: { config: StageConfig; stateMachine: sfn.StateMachine; jobQueueArn: string; alerts: sns.ITopic; ibmSecret: secrets.ISecret },
  ) {
    super(scope, id);
    const { config, stateMachine, alerts } = props;
    const a = config.alarms;
    const five = Duration.minutes(5);

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
    health.addToRolePolicy(new iam.PolicyStatement({ sid: 'ListJobs', actions: ['batch:ListJobs'], resources: ['*'] }));
    health.addToRolePolicy(new iam.PolicyStatement({ sid: 'BraketDeviceStatus', actions: ['braket:GetDevice'], resources: ['*'] }));
    props.ibmSecret.grantRead(health);
    new scheduler.Schedule(this, 'HealthCheckSchedule', {
      description: 'qpo check_quantum_status',
      schedule: scheduler.ScheduleExpression.expression(config.healthCheckRate),
      target: new targets.LambdaInvoke(health, {}),
    });

    const add = (key: string, alarm: cw.Alarm) => {
      alarm.addAlarmAction(new cwActions.SnsAction(alerts));
      alarm.addOkAction(new cwActions.SnsAction(alerts));
      this.alarms[key] = alarm;
    };
    const failed = stateMachine.metricFailed({ period: five, statistic: 'Sum' });
    const succeeded = stateMachine.metricSucceeded({ period: five, statistic: 'Sum' });
    add(
      'allJobsFailing',
      new cw.MathExpression({ expression: 'IF(FILL(f, 0) >= 3 AND FILL(s, 0) == 0, 1, 0)', usingMetrics: { f: failed, s: succeeded }, period: Duration.minutes(15), label: 'all jobs failing' }).createAlarm(this, 'AllJobsFailing', {
        alarmDescription: 'P0: every job in the last 15 minutes failed (>= 3 failures, no success). Runbook: docs/deploy.md#all-jobs-failing',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    );
    config.backends.forEach((backend, i) =>
      add(
        `backendUnreachable${i}`,
        qpoMetric(METRIC.backendHealth, 'Minimum', five, { backend }).createAlarm(this, `BackendUnreachable${i}`, {
          alarmDescription: `P0: quantum backend ${backend} unreachable: its provider reported it down (or the health check did not report) for 15 minutes. Runbook: docs/deploy.md#backend-unreachable`,
          threshold: 1,
          evaluationPeriods: 3,
          comparisonOperator: cw.ComparisonOperator.LESS_THAN_THRESHOLD,
          treatMissingData: cw.TreatMissingData.BREACHING,
        }),
      ),
    );
    const hour = Duration.hours(1);
    add(
      'fallbackRate',
      new cw.MathExpression({
        expression: 'IF(FILL(jobs, 0) > 0, 100 * FILL(fb, 0) / jobs, 0)',
        usingMetrics: { fb: qpoMetric(METRIC.fallbackActivated, 'Sum', hour), jobs: qpoMetric(METRIC.jobSucceeded, 'Sum', hour) },
        period: hour,
        label: 'fallback rate %',
      }).createAlarm(this, 'FallbackRate', {
        alarmDescription: `P1: more than ${a.fallbackRatePercent} % of jobs answered by the classical fallback in the last hour. Runbook: docs/deploy.md#fallback-rate`,
        threshold: a.fallbackRatePercent,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      'completionTime',
      qpoMetric(METRIC.completionTime, 'p90', Duration.minutes(15)).createAlarm(this, 'CompletionTime', {
        alarmDescription: `P1: p90 job completion time above ${a.completionMinutes} minutes. Runbook: docs/deploy.md#slow-jobs`,
        threshold: a.completionMinutes * 60,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    );
    // The runbook's "quantum job queue > 50" (P1): jobs waiting at the provider, per provider backend.
    config.backends
      .filter((backend) => backend !== 'local')
      .forEach((backend, i) =>
        add(
          `providerQueue${i}`,
          qpoMetric(METRIC.providerQueueDepth, 'Maximum', five, { backend }).createAlarm(this, `ProviderQueue${i}`, {
            alarmDescription: `P1: quantum job queue > ${a.queueDepth}: more than ${a.queueDepth} jobs wait at the provider for ${backend} (new jobs go to the fallback). Runbook: docs/deploy.md#quantum-job-queue-above-50`,
            threshold: a.queueDepth,
            evaluationPeriods: 2,
            comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
            treatMissingData: cw.TreatMissingData.NOT_BREACHING,
          }),
        ),
      );
    // The runbook's "check available quantum credits": the IBM instance's quantum seconds left (health check).
    add(
      'quantumCredits',
      qpoMetric(METRIC.remainingQuantumShare, 'Minimum', Duration.hours(1), { backend: 'ibm' }).createAlarm(this, 'QuantumCredits', {
        alarmDescription: `P2: less than ${a.quantumCreditsPercent} % of the IBM Quantum instance's quantum seconds are left in its period (qpo usage shows them); jobs fall back (reason quota) once they are used up. Runbook: docs/deploy.md#quantum-credits`,
        threshold: a.quantumCreditsPercent / 100,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      'queueDepth',
      qpoMetric(METRIC.queueDepth, 'Maximum', five).createAlarm(this, 'QueueDepth', {
        alarmDescription: `P2: more than ${a.batchQueueDepth} jobs waiting in the Batch queue. Runbook: docs/deploy.md#batch-queue-depth`,
        threshold: a.batchQueueDepth,
        evaluationPeriods: 2,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    );
    const window = Duration.minutes(a.noResultsMinutes);
    add(
      'noResults',
      new cw.MathExpression({
        expression: 'IF(FILL(started, 0) > 0 AND FILL(saved, 0) < 1, 1, 0)',
        usingMetrics: { started: stateMachine.metricStarted({ period: window, statistic: 'Sum' }), saved: qpoMetric(METRIC.resultsPersisted, 'Sum', window) },
        period: window,
        label: 'runs without a saved result',
      }).createAlarm(this, 'NoResultsSaved', {
        alarmDescription: `P1: jobs ran but no result was saved in ${a.noResultsMinutes} minutes (ResultsPersisted). Runbook: docs/deploy.md#no-results-saved`,
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    );
    add(
      'executionsFailed',
      failed.createAlarm(this, 'ExecutionsFailed', {
        alarmDescription: 'P2: a job execution failed (NotifyFailure also sent the details). Runbook: docs/deploy.md#executions-failed',
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      }),
    );

    this.dashboard = new cw.Dashboard(this, 'Dashboard', { dashboardName: `${config.project}-${config.stage}` });
    const graph = (title: string, left: cw.IMetric[], extra: Partial<cw.GraphWidgetProps> = {}) => new cw.GraphWidget({ title, left, width: 8, height: 6, ...extra });
    this.dashboard.addWidgets(
      new cw.AlarmStatusWidget({ title: 'Alarms', alarms: Object.values(this.alarms), width: 24, height: 3 }),
      graph('Job success rate %', [
        new cw.MathExpression({ expression: 'IF(s + f > 0, 100 * s / (s + f), 100)', usingMetrics: { s: succeeded, f: failed }, label: 'success %', period: five }),
      ]),
      graph('Completion time (s)', [qpoMetric(METRIC.completionTime, 'p50', five), qpoMetric(METRIC.completionTime, 'p90', five)]),
      graph('Fallback by reason', REASONS.map((reason) => qpoMetric(METRIC.fallbackActivated, 'Sum', five, { reason })), { stacked: true }),
      graph('Result quality (approximation ratio)', [qpoMetric(METRIC.quality, 'Average', five), qpoMetric(METRIC.quality, 'Minimum', five)]),
      graph('Queue wait (s) and Batch queue depth', [qpoMetric(METRIC.queueWait, 'p90', five)], { right: [qpoMetric(METRIC.queueDepth, 'Maximum', five)] }),
      graph(
        'Provider queue depth (jobs)',
        config.backends.filter((b) => b !== 'local').map((backend) => qpoMetric(METRIC.providerQueueDepth, 'Maximum', five, { backend })),
      ),
      graph('Results persisted', [qpoMetric(METRIC.resultsPersisted, 'Sum', five), qpoMetric(METRIC.resultsPersisted, 'Minimum', five)]),
      graph('Backend health (1 = up)', config.backends.map((backend) => qpoMetric(METRIC.backendHealth, 'Minimum', five, { backend }))),
      graph('Shots and cost (USD)', [qpoMetric(METRIC.shotsUsed, 'Sum', hour)], { right: [qpoMetric(METRIC.costUsd, 'Sum', hour)] }),
      graph('Executions', [succeeded, failed, stateMachine.metricTimedOut({ period: five })]),
    );
  }
}
