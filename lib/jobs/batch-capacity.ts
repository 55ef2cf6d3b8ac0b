/**
 * BatchCapacityProbe: queue depth of an AWS Batch job queue through ListJobs (every page, each of
 * the waiting and running statuses). API: https://docs.aws.amazon.com/batch/latest/APIReference/API_ListJobs.html
 * Backend status is delegated (the quantum backends provide it); without a delegate it is 'unknown'.
 * Every ListJobs call carries the caller's abort signal; `batchClient()` builds the client with the
 * providers' connection and request timeouts (lib/backends/timeouts.ts).
 */
import { BatchClient, ListJobsCommand, type JobStatus } from '@aws-sdk/client-batch';
import { awsRequestHandler, type ProviderTimeouts } from '../backends/timeouts';
import type { BackendStatusReport, CapacityProbe } from './capacity';

/** A Batch client whose every request has a connection, request and socket-idle timeout. */
export function batchClient(timeouts: Partial<ProviderTimeouts> = {}): BatchClient {
  return new BatchClient({ requestHandler: awsRequestHandler(timeouts) });
}

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

  async queueDepth(signal?: AbortSignal): Promise<number> {
    let depth = 0;
    for (const jobStatus of QUEUED_STATUSES) {
      let nextToken: string | undefined;
      do {
        const page = await this.client.send(new ListJobsCommand({ jobQueue: this.jobQueue, jobStatus, maxResults: 100, ...(nextToken ? { nextToken } : {}) }), signal ? { abortSignal: signal } : {});
        depth += page.jobSummaryList?.length ?? 0;
        nextToken = page.nextToken;
      } while (nextToken);
    }
    return depth;
  }

  backendStatus(backend: string): Promise<BackendStatusReport> {
    return this.backends(backend);
  }
}
