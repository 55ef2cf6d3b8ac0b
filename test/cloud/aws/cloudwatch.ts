/**
 * CloudWatch, offline: the log groups of the run (every line of every Lambda environment and
 * container), the metrics CloudWatch Logs extracts from Embedded Metric Format lines in them, and
 * PutMetricData (awsJson1_0) for code that sends metrics directly.
 * EMF: https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/CloudWatch_Embedded_Metric_Format_Specification.html
 */
import { AwsServiceError, startAwsEndpoint, type AwsEndpoint, type ServiceSpec } from './server';

export interface MetricDatum {
  readonly namespace: string;
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** The log group (EMF) or `PutMetricData`. */
  readonly source: string;
}

export interface LocalCloudWatch extends AwsEndpoint {
  readonly metrics: MetricDatum[];
  readonly logs: Map<string, string[]>;
  /** Store one log line of `group`, extracting its EMF metrics. */
  log(group: string, line: string): void;
  /** Data points of `name`, optionally with dimension values. */
  find(name: string, dimensions?: Record<string, string>): MetricDatum[];
}

/** The metrics of one EMF line (none when the line is not EMF). */
export function emfMetrics(line: string, source: string): MetricDatum[] {
  const start = line.indexOf('{');
  if (start < 0 || !line.includes('"_aws"')) return [];
  let doc: Record<string, any>;
  try {
    doc = JSON.parse(line.slice(start));
  } catch {
    return [];
  }
  const out: MetricDatum[] = [];
  for (const directive of (doc._aws?.CloudWatchMetrics ?? []) as { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] }[]) {
    for (const set of directive.Dimensions.length ? directive.Dimensions : [[]]) {
      const dimensions = Object.fromEntries(set.map((k) => [k, String(doc[k])]));
      for (const m of directive.Metrics) {
        const values = ([] as unknown[]).concat(doc[m.Name]);
        for (const v of values) if (typeof v === 'number') out.push({ namespace: directive.Namespace, name: m.Name, value: v, unit: m.Unit ?? 'None', dimensions, source });
      }
    }
  }
  return out;
}

export async function startCloudWatch(credentials: ServiceSpec['credentials']): Promise<LocalCloudWatch> {
  const metrics: MetricDatum[] = [];
  const logs = new Map<string, string[]>();
  const endpoint = await startAwsEndpoint({
    signingName: 'monitoring',
    protocol: 'awsJson1_0',
    credentials,
    handle: async ({ operation, input }) => {
      if (operation !== 'PutMetricData') throw new AwsServiceError(400, 'InvalidAction', `${operation} is not served by the local CloudWatch`);
      for (const d of (input.MetricData ?? []) as { MetricName: string; Value?: number; Values?: number[]; Unit?: string; Dimensions?: { Name: string; Value: string }[] }[]) {
        const dimensions = Object.fromEntries((d.Dimensions ?? []).map((x) => [x.Name, x.Value]));
        for (const value of d.Values ?? [d.Value ?? 0]) metrics.push({ namespace: String(input.Namespace), name: d.MetricName, value, unit: d.Unit ?? 'None', dimensions, source: 'PutMetricData' });
      }
      return {};
    },
  });
  return Object.assign(endpoint, {
    metrics,
    logs,
    log: (group: string, line: string) => {
      const lines = logs.get(group) ?? [];
      lines.push(line);
      logs.set(group, lines);
      metrics.push(...emfMetrics(line, group));
    },
    find: (name: string, dimensions: Record<string, string> = {}) =>
      metrics.filter((m) => m.name === name && Object.entries(dimensions).every(([k, v]) => m.dimensions[k] === v)),
  });
}
