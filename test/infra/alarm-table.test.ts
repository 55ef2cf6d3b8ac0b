/**
 * The alarm table (lib/infra/alarm-table.ts) is what is deployed: for every row, the synthesized
 * alarm's metrics, threshold, comparison, period and evaluation periods, the topic it notifies, the
 * runbook section its description names, and the platform-down suppression of pages; the burn-rate
 * rows as the SRE workbook's windows; the three dashboards with their SLO lines; and
 * docs/deploy.md renders the same table (stale -> npm run docs:alarms).
 */
import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { alarmTable, BURN_RATES, SLO, type AlarmRow } from '../../lib/infra/alarm-table';
import { parseStageConfig } from '../../lib/infra/config';
import { QpoStack } from '../../lib/infra/stack';
import { DEPLOY_DOC, documentedTable, withTable } from '../../scripts/render-alarm-docs';

const config = parseStageConfig({ stage: 'test', alertEmail: 'oncall@example.com', backends: ['local', 'ibm:ibm_torino'] });
const rows = alarmTable(config);
let raw: any;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  raw = Template.fromStack(new QpoStack(app, 'Alarms', { config })).toJSON();
});

const resources = (type: string) => Object.entries(raw.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
const alarmNamed = (name: string) => resources('AWS::CloudWatch::Alarm').find(([, r]) => r.Properties.AlarmName === name)?.[1].Properties;
const compositeNamed = (name: string) => resources('AWS::CloudWatch::CompositeAlarm').find(([, r]) => r.Properties.AlarmName === name)?.[1].Properties;
const topicId = (part: string) => resources('AWS::SNS::Topic').find(([id]) => id.includes(part))![0];
const OPERATOR = { '>': 'GreaterThanThreshold', '>=': 'GreaterThanOrEqualToThreshold', '<': 'LessThanThreshold' } as const;

/** Every metric name an alarm reads, and every period it reads them over. */
function metricsOf(alarm: any): { names: string[]; periods: number[] } {
  if (alarm.MetricName) return { names: [alarm.MetricName], periods: [alarm.Period] };
  const stats = (alarm.Metrics as any[]).filter((m) => m.MetricStat).map((m) => m.MetricStat);
  return { names: stats.map((s) => s.Metric.MetricName), periods: stats.map((s) => s.Period) };
}

function checkSignal(row: AlarmRow, name: string, window: AlarmRow['window']) {
  const alarm = alarmNamed(name);
  expect({ name, found: alarm !== undefined }).toEqual({ name, found: true });
  expect({ name, threshold: alarm.Threshold, op: alarm.ComparisonOperator, periods: alarm.EvaluationPeriods }).toEqual({
    name,
    threshold: row.threshold,
    op: OPERATOR[row.comparison],
    periods: window.evaluationPeriods,
  });
  const { names, periods } = metricsOf(alarm);
  expect(names.length).toBeGreaterThan(0);
  for (const metric of names) expect({ name, metric, namedInTable: row.metric.includes(metric) }).toEqual({ name, metric, namedInTable: true });
  expect(new Set(periods)).toEqual(new Set([window.periodSeconds]));
  return alarm;
}

describe('every row of the alarm table is deployed as written', () => {
  it.each(rows.map((r) => [r.id, r] as const))('%s', (_id, row) => {
    const prefix = 'qpo-test';
    const signals = row.confirmation ? [checkSignal(row, `${prefix}-${row.id}-long`, row.window), checkSignal(row, `${prefix}-${row.id}-short`, row.confirmation)] : [checkSignal(row, `${prefix}-${row.id}`, row.window)];
    const composite = compositeNamed(`${prefix}-${row.id}`);
    const notifier = row.confirmation || row.suppressedByPlatformDown ? composite : signals[0];
    expect({ id: row.id, composite: composite !== undefined }).toEqual({ id: row.id, composite: Boolean(row.confirmation || row.suppressedByPlatformDown) });
    const topic = { Ref: topicId(row.topic === 'paging' ? 'AlertsPaging' : 'AlertsTickets') };
    expect(notifier.AlarmActions).toEqual([topic]);
    expect(notifier.OKActions).toEqual([topic]);
    expect(notifier.AlarmDescription).toMatch(new RegExp(`^${row.severity}: .*Runbook: docs/deploy\\.md#${row.runbook}$`));
    if (composite) {
      const rule = JSON.stringify(composite.AlarmRule);
      expect(rule.match(/ALARM\(/g)).toHaveLength(signals.length);
      if (signals.length === 2) expect(rule).toContain(' AND ');
      expect(Boolean(composite.ActionsSuppressor)).toBe(row.suppressedByPlatformDown);
    }
    if (row.backend) expect(signals[0].Dimensions).toEqual(expect.arrayContaining([{ Name: 'backend', Value: row.backend }]));
  });

  it('has the runbook thresholds, P0/P1 to the paging topic and P2/P3 to the ticket topic', () => {
    const by = (id: string) => rows.find((r) => r.id === id)!;
    expect([by('quantum-job-success').threshold, by('fallback-rate').threshold, by('result-quality').threshold, by('queue-wait').threshold, by('batch-job-success').threshold]).toEqual([90, 20, 0.95, 300, 98]);
    expect([by('job-failure-rate').threshold, by('job-failure-rate-critical').threshold]).toEqual([10, 25]);
    expect([by('batch-compute-unavailable').severity, by('job-failure-rate-critical').severity, by('job-failure-rate').severity]).toEqual(['P1', 'P1', 'P2']);
    for (const r of rows) expect({ id: r.id, topic: r.topic }).toEqual({ id: r.id, topic: r.severity <= 'P1' ? 'paging' : 'ticket' });
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
  });

  it('PlanError: a P3 ticket when its daily p90 leaves [0.5, 2], read over all jobs (no mode dimension)', () => {
    const by = (id: string) => rows.find((r) => r.id === id)!;
    expect([by('plan-error-high'), by('plan-error-low')].map((r) => [r.severity, r.topic, r.comparison, r.threshold, r.window.periodSeconds])).toEqual([
      ['P3', 'ticket', '>', 2, 86_400],
      ['P3', 'ticket', '<', 0.5, 86_400],
    ]);
    for (const name of ['qpo-test-plan-error-high', 'qpo-test-plan-error-low']) {
      const alarm = alarmNamed(name);
      expect([alarm.MetricName, alarm.ExtendedStatistic, alarm.Dimensions, alarm.TreatMissingData]).toEqual(['PlanError', 'p90', [{ Name: 'service', Value: 'qpo' }], 'notBreaching']);
    }
    expect(alarmTable(parseStageConfig({ stage: 'test', alertEmail: 'oncall@example.com', alarms: { planErrorFactor: 4 } })).find((r) => r.id === 'plan-error-low')!.threshold).toBe(0.25);
  });

  it('burn-rate alerts: 14.4x over 1 h (5 min) and 6x over 6 h (30 min) page, 1x over 3 days (6 h) is a ticket', () => {
    expect(BURN_RATES.map((b) => [b.factor, b.longSeconds, b.shortSeconds, b.severity])).toEqual([
      [14.4, 3600, 300, 'P1'],
      [6, 21_600, 1800, 'P1'],
      [1, 259_200, 21_600, 'P3'],
    ]);
    for (const slo of ['success', 'latency'] as const) {
      const budget = 1 - SLO[slo].target;
      for (const b of BURN_RATES) {
        const row = rows.find((r) => r.id === `${slo}-burn-${b.name}`)!;
        expect(row).toMatchObject({ window: { periodSeconds: b.longSeconds }, confirmation: { periodSeconds: b.shortSeconds }, severity: b.severity });
        // An error ratio above 1 cannot happen: a burn the SLO cannot reach alarms when every job failed.
        expect(row.threshold).toBeCloseTo(Math.min(1, b.factor * budget), 9);
      }
    }
    expect(rows.find((r) => r.id === 'success-burn-fast')!.threshold).toBe(1);
    expect(rows.find((r) => r.id === 'latency-burn-fast')!.threshold).toBeCloseTo(0.72, 9);
  });

  it('platform down (every job failing or every backend unreachable) suppresses the per-backend and other pages', () => {
    const down = compositeNamed('qpo-test-platform-down');
    expect(JSON.stringify(down.AlarmRule)).toMatch(/ALARM\(.*alljobsfailing.*\) OR ALARM\(.*allbackendsunreachable/);
    const perBackend = compositeNamed('qpo-test-backend-unreachable-1');
    expect(perBackend.ActionsSuppressor).toEqual({ 'Fn::GetAtt': [resources('AWS::CloudWatch::CompositeAlarm').find(([, r]) => r.Properties.AlarmName === 'qpo-test-platform-down')![0], 'Arn'] });
    expect(perBackend).toMatchObject({ ActionsSuppressorWaitPeriod: 300, ActionsSuppressorExtensionPeriod: 600 });
    expect(down.AlarmActions).toBeUndefined();
  });
});

describe('dashboards', () => {
  const body = (name: string) => JSON.stringify(resources('AWS::CloudWatch::Dashboard').find(([, r]) => r.Properties.DashboardName === name)![1].Properties.DashboardBody);

  it('executive, on-call and debug, with the SLO target lines', () => {
    expect(resources('AWS::CloudWatch::Dashboard').map(([, r]) => r.Properties.DashboardName).sort()).toEqual(['qpo-test-debug', 'qpo-test-executive', 'qpo-test-oncall']);
    const exec = body('qpo-test-executive');
    expect(exec).toContain('\\"value\\":90');
    expect(exec).toContain('\\"value\\":95');
    expect(exec).toMatch(/error budget left/);
    expect(exec).toMatch(/EstimatedCostUsd/);
    const onCall = body('qpo-test-oncall');
    expect(onCall).toMatch(/\\"type\\":\\"alarm\\"/);
    expect(onCall).toMatch(/QuantumBackendHealthCheck/);
    expect(onCall).toMatch(/ProviderQueueDepth/);
    expect(onCall).toMatch(/BatchOldestRunnableSeconds/);
    expect(onCall).toMatch(/forced-platform/);
    expect(onCall).toMatch(/job failed/);
    expect(onCall).toMatch(/ProviderQueueSeconds/);
    expect(onCall).toMatch(/PlanError/);
    const debug = body('qpo-test-debug');
    for (const m of ['PlanError', 'ProviderQueueSeconds', 'OptimizerEvaluations', 'ShotsUsed', 'Throttles', 'ExecutionTime', 'BatchJobFailed']) expect(debug).toContain(m);
  });
});

describe('docs/deploy.md', () => {
  it('renders the alarm table of the code (stale: run npm run docs:alarms)', () => {
    const doc = readFileSync(DEPLOY_DOC, 'utf8');
    expect(withTable(doc, documentedTable())).toBe(doc);
  });

  it('names a runbook section for every anchor the alarms point to', () => {
    const doc = readFileSync(DEPLOY_DOC, 'utf8');
    const anchors = new Set([...doc.matchAll(/^#{2,4} (.+)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-')));
    for (const r of rows) expect({ runbook: r.runbook, present: anchors.has(r.runbook) }).toEqual({ runbook: r.runbook, present: true });
  });
});
