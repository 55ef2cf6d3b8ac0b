/** The platform's CloudWatch metrics as CDK objects (namespace QuantumComputing, dimension service=qpo), shared by the alarms and the dashboards. */
import type { Duration } from 'aws-cdk-lib';
import * as cw from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../jobs/metrics';
import type { FallbackReason } from '../jobs/result';

export const REASONS: FallbackReason[] = ['forced', 'forced-platform', 'queue-overflow', 'backend-unavailable', 'timeout', 'backend-error', 'no-feasible-sample', 'test-mode', 'plan-exceeds-budget', 'quota'];
/** Reasons that are someone's choice, not a failure of the quantum path. */
export const CHOSEN_REASONS: ReadonlySet<FallbackReason> = new Set(['forced', 'forced-platform', 'test-mode']);

/** A QuantumComputing metric with the service dimension (and extra ones). */
export function qpoMetric(name: string, statistic: string, period: Duration, dims: Record<string, string> = {}): cw.Metric {
  return new cw.Metric({ namespace: METRICS_NAMESPACE, metricName: name, statistic, period, dimensionsMap: { service: METRICS_SERVICE, ...dims } });
}
