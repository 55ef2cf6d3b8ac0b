/**
 * The lifecycle ports on AWS: the job's execution through the Step Functions API (DescribeExecution,
 * StopExecution, StartExecution) and its quantum container through the Batch API (ListJobs with a
 * JOB_NAME filter, TerminateJob). The container's name is `qpo-<jobId>` (lib/workflow/definition.ts).
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_TerminateJob.html
 */
import { DescribeExecutionCommand, StartExecutionCommand, StopExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import { ListJobsCommand, TerminateJobCommand, type BatchClient } from '@aws-sdk/client-batch';
import { QpoError } from '../contracts/errors';
import type { ExecutionStatus } from './execution-events';
import type { ExecutionInfo, JobExecutions, QuantumContainers } from './lifecycle';

/** arn:...:stateMachine:NAME -> arn:...:execution:NAME:jobId */
export const executionArnOf = (stateMachineArn: string, jobId: string) => `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${jobId}`;

/** The Batch job name of a job's quantum container. */
export const containerNameOf = (jobId: string) => `qpo-${jobId}`;

export class SfnJobExecutions implements JobExecutions {
  constructor(
    private readonly sfn: SFNClient,
    private readonly stateMachineArn: string,
  ) {}

  async describe(jobId: string): Promise<ExecutionInfo | undefined> {
    try {
      const ex = await this.sfn.send(new DescribeExecutionCommand({ executionArn: executionArnOf(this.stateMachineArn, jobId) }));
      return { status: (ex.status ?? 'RUNNING') as ExecutionStatus, input: ex.input ?? null, startDate: ex.startDate?.getTime() ?? 0 };
    } catch (error) {
      if ((error as Error).name === 'ExecutionDoesNotExist') return undefined;
      throw error;
    }
  }

  async stop(jobId: string, error: string, cause: string): Promise<void> {
    await this.sfn.send(new StopExecutionCommand({ executionArn: executionArnOf(this.stateMachineArn, jobId), error, cause: cause.slice(0, 32_768) }));
  }

  async start(name: string, input: string): Promise<{ startDate: number; existing: boolean }> {
    try {
      const out = await this.sfn.send(new StartExecutionCommand({ stateMachineArn: this.stateMachineArn, name, input }));
      return { startDate: out.startDate?.getTime() ?? Date.now(), existing: false };
    } catch (error) {
      if ((error as Error).name !== 'ExecutionAlreadyExists') throw error;
      // A closed execution's name cannot be reused; the same input under it is this very resubmission.
      const ex = await this.describe(name);
      if (ex && ex.input !== null && JSON.stringify(JSON.parse(ex.input)) === JSON.stringify(JSON.parse(input))) return { startDate: ex.startDate, existing: true };
      throw new QpoError('IDEMPOTENCY_CONFLICT', `Idempotency-Key: job '${name}' already exists with a different request; use another key`, { path: 'Idempotency-Key' });
    }
  }
}

const FINISHED = new Set(['SUCCEEDED', 'FAILED']);

export class BatchContainers implements QuantumContainers {
  constructor(
    private readonly batch: BatchClient,
    private readonly jobQueue: string,
  ) {}

  async terminate(jobId: string, reason: string): Promise<string[]> {
    // With a filter, ListJobs returns jobs of every status (jobStatus is ignored).
    const out = await this.batch.send(new ListJobsCommand({ jobQueue: this.jobQueue, filters: [{ name: 'JOB_NAME', values: [containerNameOf(jobId)] }] }));
    const live = (out.jobSummaryList ?? []).filter((j) => j.jobId && !FINISHED.has(j.status ?? ''));
    for (const j of live) await this.batch.send(new TerminateJobCommand({ jobId: j.jobId!, reason: reason.slice(0, 1000) }));
    return live.map((j) => j.jobId!);
  }
}
