/**
 * The three dashboards of a stage, one per audience, with the SLO targets as horizontal lines:
 * - `<project>-<stage>-executive`: SLO attainment and error budget left over 30 days, cost, volume;
 * - `<project>-<stage>-oncall`: every alarm, backend health, provider and Batch queues, Batch compute,
 *   the force-classical switch, fallback reasons, the recent failed jobs (job-events log);
 * - `<project>-<stage>-debug`: latency per backend, plan error, shots and cost, optimizer
 *   evaluations, the Lambdas' duration, errors and throttles, Batch and the state machine.
 */
import { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { METRIC, METRICS_NAMESPACE, METRICS_SERVICE } from '../jobs/metrics';
import { SLO, type AlarmRow } from './alarm-table';
import type { StageConfig } from './config';
import { qpoMetric, REASONS } from './metrics';

export interface DashboardsProps {
  readonly config: StageConfig;
  readonly stateMachine: sfn.StateMachine;
  readonly notifiers: Readonly<Record<string, cw.IAlarm>>;
  readonly functions: Readonly<Record<string, lambda.Function>>;
  readonly rows: readonly AlarmRow[];
}

const line = (value: number, label: string): cw.HorizontalAnnotation => ({ value, label, color: '#d62728' });

export class Dashboards extends Construct {
  readonly executive: cw.Dashboard;
  readonly onCall: cw.Dashboard;
  readonly debug: cw.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardsProps) {
    super(scope, id);
    const { config, stateMachine } = props;
    const prefix = `${config.project}-${config.stage}`;
    const day = Duration.days(1);
    const month = Duration.days(SLO.periodDays);
    const five = Duration.minutes(5);
    const hour = Duration.hours(1);
    const a = config.alarms;
    const expr = (expression: string, usingMetrics: Record<string, cw.IMetric>, label: string, period: Duration) => new cw.MathExpression({ expression, usingMetrics, label, period });
    const sum = (name: string, period: Duration, dims: Record<string, string> = {}) => qpoMetric(name, 'Sum', period, dims);
    const successPct = (period: Duration) =>
      expr('IF(FILL(s, 0) + FILL(f, 0) > 0, 100 * FILL(s, 0) / (FILL(s, 0) + FILL(f, 0)), 100)', { s: sum(METRIC.jobSucceeded, period), f: sum(METRIC.jobFailed, period) }, 'jobs succeeded %', period);
    const vqeWithin = (period: Duration) => qpoMetric(METRIC.completionTime, cw.Stats.percentileRank(SLO.latency.seconds), period, { algorithm: 'vqe' }).with({ label: `VQE jobs within ${SLO.latency.seconds / 60} min %` });
    const budgetLeft = (key: string, attainment: cw.IMetric, target: number, label: string) =>
      expr(`100 * (1 - (100 - ${key}) / ${Math.round((1 - target) * 100)})`, { [key]: attainment }, label, month);
    const graph = (title: string, left: cw.IMetric[], extra: Partial<cw.GraphWidgetProps> = {}) => new cw.GraphWidget({ title, left, width: 8, height: 6, ...extra });
    const search = (metric: string, dims: string[], stat: string, period: Duration, label: string) =>
      new cw.MathExpression({ expression: `SEARCH('{${METRICS_NAMESPACE},${['service', ...dims].join(',')}} service="${METRICS_SERVICE}" MetricName="${metric}"', '${stat}', ${period.toSeconds()})`, label, usingMetrics: {}, period });

    this.executive = new cw.Dashboard(this, 'Executive', { dashboardName: `${prefix}-executive`, defaultInterval: Duration.days(30) });
    this.executive.addWidgets(
      new cw.TextWidget({
        markdown: `## qpo ${config.stage}: service levels\nSuccess SLO: ${SLO.success.target * 100} % of jobs (not rejected for their input) end with a result. Latency SLO: ${SLO.latency.target * 100} % of VQE jobs complete within ${SLO.latency.seconds / 60} minutes. Both over ${SLO.periodDays} days; alerts: docs/deploy.md#burn-rate-alerts.`,
        width: 24,
        height: 2,
      }),
      new cw.SingleValueWidget({
        title: `Last ${SLO.periodDays} days`,
        metrics: [
          successPct(month),
          budgetLeft('sa', successPct(month), SLO.success.target, 'success error budget left %'),
          vqeWithin(month),
          budgetLeft('la', vqeWithin(month), SLO.latency.target, 'latency error budget left %'),
          sum(METRIC.costUsd, month).with({ label: 'estimated cost USD' }),
          sum(METRIC.jobSucceeded, month).with({ label: 'jobs answered' }),
        ],
        width: 24,
        height: 4,
      }),
      graph('Jobs succeeded % (daily)', [successPct(day)], { leftAnnotations: [line(SLO.success.target * 100, `SLO ${SLO.success.target * 100} %`)], leftYAxis: { min: 0, max: 100 } }),
      graph(`VQE jobs within ${SLO.latency.seconds / 60} min % (daily)`, [vqeWithin(day)], { leftAnnotations: [line(SLO.latency.target * 100, `SLO ${SLO.latency.target * 100} %`)], leftYAxis: { min: 0, max: 100 } }),
      graph('Estimated cost (USD per day) and shots', [sum(METRIC.costUsd, day)], { right: [sum(METRIC.shotsUsed, day)] }),
      graph('Fallback rate % (daily)', [this.fallbackPct(day)], { leftAnnotations: [line(a.fallbackRatePercent, `runbook ${a.fallbackRatePercent} %`)], leftYAxis: { min: 0, max: 100 } }),
      graph('Result quality (approximation ratio, daily)', [qpoMetric(METRIC.quality, 'Average', day), qpoMetric(METRIC.quality, 'Minimum', day)], {
        leftAnnotations: [line(a.qualityRatio, `runbook ${a.qualityRatio}`)],
      }),
      graph('Jobs per day', [sum(METRIC.jobSucceeded, day), sum(METRIC.jobFailed, day), sum(METRIC.jobCancelled, day)]),
    );

    this.onCall = new cw.Dashboard(this, 'OnCall', { dashboardName: `${prefix}-oncall`, defaultInterval: Duration.hours(6) });
    const failures = props.functions['job-events'];
    this.onCall.addWidgets(
      new cw.AlarmStatusWidget({ title: 'Alarms (pages and tickets)', alarms: Object.values(props.notifiers), width: 24, height: 4 }),
      graph('Backend health (1 = up)', config.backends.map((backend) => qpoMetric(METRIC.backendHealth, 'Minimum', five, { backend })), { leftAnnotations: [line(1, 'up')] }),
      graph('Provider queues (jobs waiting at the provider)', [search('ProviderQueueDepth', ['backend'], 'Maximum', five, 'provider queue')]),
      graph('Batch queue depth and oldest RUNNABLE job (s)', [qpoMetric(METRIC.queueDepth, 'Maximum', five)], {
        right: [qpoMetric(METRIC.batchOldestRunnableSeconds, 'Maximum', five)],
        leftAnnotations: [line(a.queueDepth, `runbook ${a.queueDepth}`)],
      }),
      graph('Batch compute healthy (1) and force-classical switch on (1)', [qpoMetric(METRIC.batchComputeHealthy, 'Minimum', five), qpoMetric(METRIC.forceClassicalActive, 'Maximum', five)]),
      graph('Fallback by reason', REASONS.map((reason) => sum(METRIC.fallbackActivated, five, { reason })), { stacked: true }),
      graph('Jobs: succeeded, failed, cancelled', [sum(METRIC.jobSucceeded, five), sum(METRIC.jobFailed, five), sum(METRIC.jobCancelled, five)]),
      graph('Queue wait p90 (s)', [qpoMetric(METRIC.queueWait, 'p90', five)], { leftAnnotations: [line(a.queueWaitSeconds, `runbook ${a.queueWaitSeconds} s`)] }),
      graph('Provider queue seconds p90 by backend (waited at IBM / Braket)', [search(METRIC.providerQueueSeconds, ['backend'], 'p90', five, 'provider queue s')]),
      graph('Plan error p90 (actual / planned wall time, daily)', [qpoMetric(METRIC.planError, 'p90', day)], {
        leftAnnotations: [line(a.planErrorFactor, `alarm > ${a.planErrorFactor}`), line(1 / a.planErrorFactor, `alarm < ${Number((1 / a.planErrorFactor).toFixed(3))}`)],
      }),
      graph('Quantum path and Batch job success %', [
        expr('IF(FILL(ok, 0) + FILL(bad, 0) > 0, 100 * FILL(ok, 0) / (FILL(ok, 0) + FILL(bad, 0)), 100)', { ok: sum(METRIC.quantumPathSucceeded, hour), bad: sum(METRIC.quantumPathFailed, hour) }, 'quantum path %', hour),
        expr('IF(FILL(bok, 0) + FILL(bbad, 0) > 0, 100 * FILL(bok, 0) / (FILL(bok, 0) + FILL(bbad, 0)), 100)', { bok: sum(METRIC.batchJobSucceeded, hour), bbad: sum(METRIC.batchJobFailed, hour) }, 'Batch jobs %', hour),
      ], { leftAnnotations: [line(a.quantumSuccessPercent, `quantum ${a.quantumSuccessPercent} %`), line(a.batchSuccessPercent, `Batch ${a.batchSuccessPercent} %`)], leftYAxis: { min: 0, max: 100 } }),
      ...(failures?.logGroup
        ? [
            new cw.LogQueryWidget({
              title: 'Recent failed jobs (job-events)',
              logGroupNames: [failures.logGroup.logGroupName],
              queryLines: ['fields @timestamp, jobId, code, message, userError', 'filter message = "job failed"', 'sort @timestamp desc', 'limit 25'],
              width: 24,
              height: 6,
            }),
          ]
        : []),
    );

    this.debug = new cw.Dashboard(this, 'Debug', { dashboardName: `${prefix}-debug`, defaultInterval: Duration.hours(24) });
    const fns = Object.entries(props.functions);
    this.debug.addWidgets(
      graph('Completion time p90 by backend (s)', [search(METRIC.completionTime, ['backend'], 'p90', five, 'p90')], { width: 12 }),
      graph('Plan error (actual / planned wall time)', [qpoMetric(METRIC.planError, 'p50', hour), qpoMetric(METRIC.planError, 'Maximum', hour), search(METRIC.planError, ['mode'], 'p90', hour, 'p90 by mode')], { leftAnnotations: [line(1, 'as planned')], width: 12 }),
      graph('Provider queue seconds by backend (p50, max)', [search(METRIC.providerQueueSeconds, ['backend'], 'p50', hour, 'p50'), search(METRIC.providerQueueSeconds, ['backend'], 'Maximum', hour, 'max')], { width: 12 }),
      graph('Shots and estimated cost (USD)', [sum(METRIC.shotsUsed, hour)], { right: [sum(METRIC.costUsd, hour)] }),
      graph('Optimizer evaluations per job', [qpoMetric(METRIC.optimizerEvaluations, 'Average', hour), qpoMetric(METRIC.optimizerEvaluations, 'Maximum', hour)]),
      graph('State machine: execution time p90 (ms) and outcomes', [stateMachine.metricTime({ statistic: 'p90', period: five })], {
        right: [stateMachine.metricStarted({ period: five }), stateMachine.metricFailed({ period: five }), stateMachine.metricTimedOut({ period: five }), stateMachine.metricAborted({ period: five })],
      }),
      graph('Lambda duration p90 (ms)', fns.map(([name, fn]) => fn.metricDuration({ statistic: 'p90', period: five, label: name })), { width: 12 }),
      graph('Lambda errors and throttles', fns.flatMap(([name, fn]) => [fn.metricErrors({ period: five, label: `${name} errors` }), fn.metricThrottles({ period: five, label: `${name} throttles` })]), { width: 12 }),
      graph('Batch: containers succeeded / failed, queue wait p90 (s)', [sum(METRIC.batchJobSucceeded, five), sum(METRIC.batchJobFailed, five)], { right: [qpoMetric(METRIC.queueWait, 'p90', five)] }),
    );
  }

  private fallbackPct(period: Duration): cw.IMetric {
    const m: Record<string, cw.IMetric> = Object.fromEntries(REASONS.map((r, i) => [`r${i}`, qpoMetric(METRIC.fallbackActivated, 'Sum', period, { reason: r })]));
    m.jobs = qpoMetric(METRIC.jobSucceeded, 'Sum', period);
    return new cw.MathExpression({ expression: `IF(FILL(jobs, 0) > 0, 100 * (${REASONS.map((_, i) => `FILL(r${i}, 0)`).join(' + ')}) / jobs, 0)`, usingMetrics: m, label: 'fallback % (all reasons)', period });
  }
}
