/**
 * What Step Functions does for each Task `Resource` of the job and sweep machines, with the real SDK
 * clients against the local services:
 * - a Lambda function ARN: Invoke; a function error surfaces as Error = errorType and Cause = the
 *   error payload as JSON ({ errorType, errorMessage, trace }).
 * - `arn:aws:states:::batch:submitJob.sync`: SubmitJob with the Parameters, then DescribeJobs until
 *   the job ends; SUCCEEDED -> the job description (PascalCase) is the result; FAILED ->
 *   States.TaskFailed with the job description as Cause (lib/jobs/batch-failure.ts, the shape the
 *   local runner builds too). When the state's TimeoutSeconds passes or
 *   the execution stops, the job is terminated (TerminateJob), as the integration's IAM template
 *   (batch:TerminateJob) provides for.
 * - `arn:aws:states:::sns:publish`: Publish.
 * - `arn:aws:states:::states:startExecution.sync:2`: StartExecution, then DescribeExecution until it
 *   ends; the result carries Output as JSON; a failed child is States.TaskFailed.
 * A service API error surfaces as `<Service>.<exception name>` (e.g. Batch.ServerException), the
 * name the definition's Retry matches. The harness's clients make one attempt per call, so every
 * error reaches the state's Retry.
 * https://docs.aws.amazon.com/step-functions/latest/dg/integrate-optimized.html
 */
import { BatchClient, DescribeJobsCommand, SubmitJobCommand, TerminateJobCommand, type JobDetail } from '@aws-sdk/client-batch';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { batchFailureCause, TASK_FAILED } from '../../../lib/jobs/batch-failure';
import type { LambdaEmulator } from '../lambda/emulator';
import type { MachineSpec, TaskHandler } from './stepfunctions';

export interface IntegrationClients {
  readonly lambda: LambdaEmulator;
  readonly batch: BatchClient;
  readonly sns: SNSClient;
  readonly sfn: SFNClient;
  /** Milliseconds between DescribeJobs / DescribeExecution polls. @default 100 */
  readonly pollMs?: number;
}

/** An error as Step Functions names it for Retry and Catch. */
export const statesError = (name: string, cause: string) => Object.assign(new Error(cause), { name });

/** Keys in PascalCase, deeply, as the optimized integrations return service responses. */
export function pascal(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(pascal);
  if (!value || typeof value !== 'object' || value instanceof Date) return value instanceof Date ? value.getTime() : value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toUpperCase() + k.slice(1), pascal(v)]));
}

/** camelCase keys (one level per object, deeply), for the SDK's input shapes. */
function camel(value: unknown): any {
  if (Array.isArray(value)) return value.map(camel);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.charAt(0).toLowerCase() + k.slice(1), camel(v)]));
}

/** The Cause of a failed job: the DescribeJobs description, in the one shape the local runner uses too. */
const failureCause = (job: JobDetail) => {
  const attempt = job.attempts?.[job.attempts.length - 1];
  return batchFailureCause({
    jobId: job.jobId!,
    jobName: job.jobName!,
    exitCode: job.container?.exitCode ?? attempt?.container?.exitCode ?? null,
    statusReason: job.statusReason ?? attempt?.statusReason ?? 'FAILED',
    ...(job.container?.reason ? { containerReason: job.container.reason } : {}),
    ...(job.startedAt ? { startedAtMs: job.startedAt } : {}),
    ...(job.stoppedAt ? { stoppedAtMs: job.stoppedAt } : {}),
  });
};

/** Whether the service answered (an HTTP status); the SDK's wrapper of a dropped connection has none. */
const answered = (error: unknown) => (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== undefined;

const serviceError = (service: string, error: unknown) => statesError(`${service}.${answered(error) ? (error as Error).name : 'SdkClientException'}`, (error as Error).message);

/**
 * One poll of a `.sync` integration. Step Functions polls on its side and a poll that gets no answer
 * (a dropped connection: no HTTP status) is polled again, so it returns undefined; a service error
 * is thrown as `<Service>.<name>`.
 */
const poll = <T>(service: string, call: Promise<T>): Promise<T | undefined> =>
  call.catch((e: unknown) => {
    if (answered(e)) throw serviceError(service, e);
    return undefined;
  });

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done);
  });

/** The handler of one Task state, by its Resource. @throws Error for a Resource the run cannot serve */
export function taskIntegration(clients: IntegrationClients, machine: MachineSpec, stateName: string, state: Record<string, any>): TaskHandler {
  const resource = String(state.Resource);
  const pollMs = clients.pollMs ?? 100;
  const timeoutMs = Number(state.TimeoutSeconds ?? 60) * 1000;

  if (/^arn:aws:lambda:[^:]+:\d+:function:/.test(resource)) {
    return async (input) => {
      const r = await clients.lambda.invoke(resource, input);
      if (r.ok) return r.payload;
      throw statesError(r.error.errorType, JSON.stringify(r.error));
    };
  }

  if (resource === 'arn:aws:states:::batch:submitJob.sync') {
    return async (input, { signal }) => {
      const deadline = Date.now() + timeoutMs;
      const submitted = await clients.batch.send(new SubmitJobCommand(camel(input))).catch((e: unknown) => {
        throw serviceError('Batch', e);
      });
      let job: JobDetail | undefined;
      for (;;) {
        const described = await poll('Batch', clients.batch.send(new DescribeJobsCommand({ jobs: [submitted.jobId!] })));
        if (described) [job] = described.jobs ?? [];
        if (job?.status === 'SUCCEEDED') return pascal(job);
        if (job?.status === 'FAILED') throw statesError(TASK_FAILED, failureCause(job));
        if (signal.aborted || Date.now() >= deadline) {
          const reason = signal.aborted ? 'Step Functions execution stopped' : `Step Functions task ${stateName} timed out`;
          for (let attempt = 0; attempt < 3; attempt++) if (await poll('Batch', clients.batch.send(new TerminateJobCommand({ jobId: submitted.jobId!, reason })))) break;
          throw statesError('States.Timeout', reason); // the engine's own States.Timeout has already won the race
        }
        await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), signal);
      }
    };
  }

  if (resource === 'arn:aws:states:::sns:publish') {
    return async (input) => {
      const out = await clients.sns.send(new PublishCommand(input as never)).catch((e: unknown) => {
        throw serviceError('SNS', e);
      });
      return { MessageId: out.MessageId };
    };
  }

  if (resource === 'arn:aws:states:::states:startExecution.sync:2') {
    return async (input, { signal }) => {
      const p = input as { StateMachineArn: string; Name?: string; Input?: unknown };
      const started = await clients.sfn
        .send(new StartExecutionCommand({ stateMachineArn: p.StateMachineArn, ...(p.Name ? { name: p.Name } : {}), input: typeof p.Input === 'string' ? p.Input : JSON.stringify(p.Input ?? {}) }))
        .catch((e: unknown) => {
          throw serviceError('StepFunctions', e);
        });
      for (;;) {
        const d = await poll('StepFunctions', clients.sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn! })));
        if (d && d.status !== 'RUNNING') {
          const out = pascal({ ...d, $metadata: undefined, input: JSON.parse(d.input ?? 'null'), output: d.output === undefined ? undefined : JSON.parse(d.output) }) as Record<string, unknown>;
          delete out.$metadata;
          if (d.status === 'SUCCEEDED') return out;
          throw statesError('States.TaskFailed', JSON.stringify(out));
        }
        if (signal.aborted) throw statesError('States.Runtime', 'execution stopped');
        await sleep(pollMs, signal);
      }
    };
  }

  throw new Error(`${machine.name}.${stateName}: the cloud run has no integration for Resource ${resource}`);
}
