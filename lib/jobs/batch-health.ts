/**
 * Whether the quantum path's Batch compute can run jobs (the runbook's P1 "Batch compute
 * unavailable"): every compute environment of the job queue VALID and ENABLED
 * (DescribeJobQueues, DescribeComputeEnvironments), and the age of the oldest RUNNABLE job (ListJobs;
 * a job that stays RUNNABLE is the symptom of compute that cannot be placed: no Fargate capacity, no
 * IP addresses left in the subnets, a vCPU limit).
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeComputeEnvironments.html
 */
import { DescribeComputeEnvironmentsCommand, DescribeJobQueuesCommand, paginateListJobs, type BatchClient } from '@aws-sdk/client-batch';
import { METRIC, type MetricGroup } from './metrics';

export interface BatchHealth {
  /** True when the queue is VALID and ENABLED and so is each of its compute environments. */
  readonly healthy: boolean;
  /** Why not, for the logs. */
  readonly problems: readonly string[];
  /** Seconds the oldest RUNNABLE job has waited (0 when none). */
  readonly oldestRunnableSeconds: number;
}

export async function batchHealth(batch: BatchClient, jobQueue: string, now: number = Date.now()): Promise<BatchHealth> {
  const problems: string[] = [];
  const queues = await batch.send(new DescribeJobQueuesCommand({ jobQueues: [jobQueue] }));
  const queue = queues.jobQueues?.[0];
  if (!queue) problems.push(`job queue ${jobQueue} does not exist`);
  else if (queue.state !== 'ENABLED' || queue.status !== 'VALID') problems.push(`job queue ${queue.jobQueueName}: ${queue.state}/${queue.status} ${queue.statusReason ?? ''}`.trim());
  const environments = (queue?.computeEnvironmentOrder ?? []).map((c) => c.computeEnvironment!).filter(Boolean);
  if (queue && environments.length === 0) problems.push(`job queue ${queue.jobQueueName} has no compute environment`);
  if (environments.length) {
    const out = await batch.send(new DescribeComputeEnvironmentsCommand({ computeEnvironments: environments }));
    for (const ce of out.computeEnvironments ?? [])
      if (ce.state !== 'ENABLED' || ce.status !== 'VALID') problems.push(`compute environment ${ce.computeEnvironmentName}: ${ce.state}/${ce.status} ${ce.statusReason ?? ''}`.trim());
  }
  let oldest = now;
  for await (const page of paginateListJobs({ client: batch, pageSize: 100 }, { jobQueue, jobStatus: 'RUNNABLE' })) for (const j of page.jobSummaryList ?? []) if (j.createdAt !== undefined) oldest = Math.min(oldest, j.createdAt);
  return { healthy: problems.length === 0, problems, oldestRunnableSeconds: Math.max(0, (now - oldest) / 1000) };
}

/** The health as metrics: BatchComputeEnvironmentHealthy (1/0) and BatchOldestRunnableSeconds. */
export function batchHealthMetrics(h: BatchHealth): MetricGroup[] {
  return [
    {
      dimensions: {},
      metrics: [
        { name: METRIC.batchComputeHealthy, unit: 'Count', value: h.healthy ? 1 : 0 },
        { name: METRIC.batchOldestRunnableSeconds, unit: 'Seconds', value: h.oldestRunnableSeconds },
      ],
    },
  ];
}
