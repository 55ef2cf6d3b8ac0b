/**
 * BatchCapacityProbe: queue depth of an AWS Batch job queue through ListJobs (every page, each of
 * the waiting and running statuses). API: https://docs.aws.amazon.com/batch/latest/APIReference/API_ListJobs.html
 * Backend status is delegated (the quantum backends provide it); without a delegate it is 'unknown'.
 */
import { BatchClient, paginateListJobs, type JobStatus } from '@aws-sdk/client-batch';
import type { BackendStatusReport, CapacityProbe } from './capacity';

/** The statuses counted as queue depth. */
export const QUEUED_STATUSES: readonly JobStatus[] = ['SUBMITTED', 'PENDING', 'RUNNABLE', 'STARTING', 'RUNNING'];

export class BatchCapacityProbe implements CapacityProbe {
  constructor(
    private readonly client: BatchClient,
    private readonly jobQueue: string,
    private readonly backends: (backend: string) => Promise<BackendStatusReport> = async () => ({
      status: 'unknown',
      message: null,
    }),
  ) {}

  async queueDepth(): Promise<number> {
    let depth = 0;
    for (const jobStatus of QUEUED_STATUSES) {
      for await (const page of paginateListJobs({ client: this.client, pageSize: 100 }, { jobQueue: this.jobQueue, jobStatus })) {
        depth += page.jobSummaryList?.length ?? 0;
      }
    }
    return depth;
  }

  backendStatus(backend: string): Promise<BackendStatusReport> {
    return this.backends(backend);
  }
}
