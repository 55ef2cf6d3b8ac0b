/**
 * The job state machine as plain Amazon States Language data (no aws-cdk-lib): CDK deploys it with
 * `definitionSubstitutions` filling the `${...}` ARNs, and the local runner executes it as is.
 * ASL: https://states-language.net/spec.html; Batch .sync:
 * https://docs.aws.amazon.com/step-functions/latest/dg/connect-batch.html
 *
 *   ValidateAndPrepare -> CheckCapacity -> RouteJob --quantum--> RunQuantumJob --> RecordResult -> JobSucceeded
 *                                                  \--other-----> RunAnnealingFallback --^
 *   RunQuantumJob: TimeoutSeconds, Retry on transient Batch errors; Catch States.Timeout (the state's
 *     backstop) and every other failure (a failed Batch job is States.TaskFailed with the job's
 *     description as Cause) -> RunAnnealingFallback, which re-raises a rejected input (exit code 2)
 *   user errors (every catalogued name of kind user) -> InputRejected (Fail);
 *   existing result -> ResultAlreadyExists (Fail);
 *   anything else unrecoverable -> RecordFailure (JobFailed, once) -> NotifyFailure (SNS) -> JobFailed (Fail)
 *   Exactly one outcome metric per accepted job: JobSucceeded from RecordResult, JobFailed from
 *   RecordFailure; a rejected request (the caller's mistake) is no job outcome, as a 400 is not.
 */
import { ERROR, PATH_QUANTUM, STATE, SUBST, TRANSIENT_BATCH_ERRORS, TRANSIENT_LAMBDA_ERRORS, USER_ERROR_NAMES } from './names';

export interface DefinitionOptions {
  /** TimeoutSeconds of the Lambda tasks. */
  readonly lambdaTimeoutSeconds: { readonly prepare: number; readonly capacity: number; readonly fallback: number; readonly record: number };
  /**
   * RunQuantumJob's state TimeoutSeconds (queue wait + container start + solve). The container
   * also stops its own solve at the spec's quantum.timeoutSeconds; this is the hard backstop.
   */
  readonly quantumStateTimeoutSeconds: number;
  /** The whole execution's TimeoutSeconds. */
  readonly executionTimeoutSeconds: number;
  /** Retry of transient Batch errors on RunQuantumJob. */
  readonly batchRetry: { readonly intervalSeconds: number; readonly maxAttempts: number; readonly backoffRate: number };
}

export const DEFAULT_DEFINITION_OPTIONS: DefinitionOptions = {
  lambdaTimeoutSeconds: { prepare: 60, capacity: 60, fallback: 900, record: 60 },
  quantumStateTimeoutSeconds: 1200,
  executionTimeoutSeconds: 4 * 3600,
  batchRetry: { intervalSeconds: 5, maxAttempts: 3, backoffRate: 2 },
};

const sub = (key: string) => `\${${key}}`;

type Json = Record<string, unknown>;
/** An ASL document: StartAt, States, ... */
export type AslDefinition = { StartAt: string; States: Record<string, unknown> } & Json;

const lambdaRetry = (): Json => ({ ErrorEquals: TRANSIENT_LAMBDA_ERRORS, IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' });
const catchTo = (errors: string[], next: string, resultPath = '$.failure'): Json => ({ ErrorEquals: errors, ResultPath: resultPath, Next: next });
/**
 * Catchers shared by the Lambda steps: an existing result and user errors end the run quietly
 * (ResultExists first: it is a user error with a Fail state of its own); the rest is counted once
 * by RecordFailure, then alerts.
 */
const stepCatch = (): Json[] => [
  catchTo([ERROR.resultExists], STATE.resultExists),
  catchTo(USER_ERROR_NAMES.filter((n) => n !== ERROR.resultExists), STATE.inputRejected),
  catchTo([ERROR.all], STATE.recordFailure),
];

/** The job state machine definition (ASL), with `${...}` placeholders for the ARNs. */
export function jobDefinition(options: DefinitionOptions = DEFAULT_DEFINITION_OPTIONS): AslDefinition {
  const t = options.lambdaTimeoutSeconds;
  const states: Json = {
    [STATE.validateAndPrepare]: {
      Type: 'Task',
      Comment: 'Validate the JobSpec, fix seed and job id, check the data (lib/jobs validateAndPrepareTask)',
      Resource: sub(SUBST.validateFn),
      Parameters: { 'spec.$': '$', 'executionName.$': '$$.Execution.Name' },
      // ResultPath defaults to '$' (the result replaces the raw spec); written out, aws-local-stepfunctions 3.0.0 misreads it.
      ResultSelector: { 'job.$': '$.job', quantumFailure: null },
      TimeoutSeconds: t.prepare,
      Retry: [lambdaRetry()],
      Catch: stepCatch(),
      Next: STATE.checkCapacity,
    },
    [STATE.checkCapacity]: {
      Type: 'Task',
      Comment: 'Batch queue depth and backend status, then the routing decision (lib/workflow decideRoute)',
      Resource: sub(SUBST.capacityFn),
      Parameters: { 'job.$': '$.job' },
      ResultPath: '$.route',
      TimeoutSeconds: t.capacity,
      Retry: [lambdaRetry()],
      // The task bounds its own probe (lib/jobs probeCapacity); should the state still time out, the
      // backend counts as unavailable and the fallback answers, rather than failing the job.
      Catch: [catchTo([ERROR.timeout], STATE.capacityUnknown, '$.capacityFailure'), ...stepCatch()],
      Next: STATE.route,
    },
    [STATE.capacityUnknown]: {
      Type: 'Pass',
      Comment: 'CheckCapacity timed out: route to the fallback as backend-unavailable',
      Parameters: { path: 'backend-unavailable', queueDepth: 0, backendStatus: 'unavailable', 'backendMessage.$': "States.Format('capacity check failed: {}', $.capacityFailure.Error)" },
      ResultPath: '$.route',
      Next: STATE.runAnnealingFallback,
    },
    [STATE.route]: {
      Type: 'Choice',
      Comment: 'quantum -> RunQuantumJob; classical, exact, forced, queue-overflow, backend-unavailable -> fallback',
      Choices: [{ Variable: '$.route.path', StringEquals: PATH_QUANTUM, Next: STATE.runQuantumJob }],
      Default: STATE.runAnnealingFallback,
    },
    [STATE.runQuantumJob]: {
      Type: 'Task',
      Comment: 'VQE/QAOA in the Batch container (batch-image), waiting for the job (.sync)',
      Resource: 'arn:aws:states:::batch:submitJob.sync',
      Parameters: {
        'JobName.$': "States.Format('qpo-{}', $.job.jobId)",
        JobQueue: sub(SUBST.jobQueue),
        JobDefinition: sub(SUBST.jobDefinition),
        ContainerOverrides: { Environment: [{ Name: 'QPO_JOB', 'Value.$': 'States.JsonToString($.job)' }] },
        Timeout: { 'AttemptDurationSeconds.$': '$.job.batchAttemptSeconds' },
      },
      TimeoutSeconds: options.quantumStateTimeoutSeconds,
      ResultSelector: { 'batchJobId.$': '$.JobId', 'status.$': '$.Status' },
      ResultPath: '$.quantum',
      Retry: [
        {
          ErrorEquals: TRANSIENT_BATCH_ERRORS,
          IntervalSeconds: options.batchRetry.intervalSeconds,
          MaxAttempts: options.batchRetry.maxAttempts,
          BackoffRate: options.batchRetry.backoffRate,
          JitterStrategy: 'FULL',
        },
      ],
      // A Batch job that fails (any non-zero exit, a crash, a terminated job) is States.TaskFailed;
      // only the Batch service integration's own errors, after their retries, are anything else.
      Catch: [
        catchTo([ERROR.timeout], STATE.runAnnealingFallback, '$.quantumFailure'),
        catchTo([ERROR.all], STATE.runAnnealingFallback, '$.quantumFailure'),
      ],
      Next: STATE.recordResult,
    },
    [STATE.runAnnealingFallback]: {
      Type: 'Task',
      Comment: 'Simulated annealing (or brute force for solver=exact) with the fallback reason',
      Resource: sub(SUBST.fallbackFn),
      Parameters: { 'job.$': '$.job', 'path.$': '$.route.path', 'backendMessage.$': '$.route.backendMessage', 'quantumFailure.$': '$.quantumFailure' },
      ResultPath: '$.fallback',
      TimeoutSeconds: t.fallback,
      Retry: [lambdaRetry()],
      Catch: stepCatch(),
      Next: STATE.recordResult,
    },
    [STATE.recordResult]: {
      Type: 'Task',
      Comment: 'Write the ResultRecord (no overwrite) and the job metrics; a failed write fails the run',
      Resource: sub(SUBST.recordFn),
      Parameters: { 'job.$': '$.job' },
      ResultPath: '$.result',
      TimeoutSeconds: t.record,
      Retry: [lambdaRetry(), { ErrorEquals: [ERROR.resultPersist], IntervalSeconds: 2, MaxAttempts: 2, BackoffRate: 2 }],
      Catch: stepCatch(),
      Next: STATE.succeeded,
    },
    [STATE.succeeded]: { Type: 'Succeed', OutputPath: '$.result' },
    [STATE.recordFailure]: {
      Type: 'Task',
      Comment: 'Count the failed job once: JobFailed (and by error kind), ResultsPersisted 0 for a failed write (the RecordResult function)',
      Resource: sub(SUBST.recordFn),
      Parameters: { 'jobId.$': '$$.Execution.Name', 'failure.$': '$.failure' },
      ResultPath: null,
      TimeoutSeconds: t.record,
      Retry: [lambdaRetry()],
      // Counting never changes the outcome: on its failure the job still ends by its own error.
      Catch: [{ ErrorEquals: [ERROR.all], ResultPath: null, Next: STATE.notifyFailure }],
      Next: STATE.notifyFailure,
    },
    [STATE.notifyFailure]: {
      Type: 'Task',
      Comment: 'Alert the on-call (SNS alerts topic)',
      Resource: 'arn:aws:states:::sns:publish',
      // A text for people, and the error name as a message attribute for subscription filters.
      // (Not States.JsonToString($.failure): aws-local-stepfunctions 3.0.0 drops the escaping of the
      // Cause's inner quotes there, so the local run could not read it back.)
      Parameters: {
        TopicArn: sub(SUBST.alertsTopic),
        Subject: 'qpo job failed',
        'Message.$': "States.Format('qpo job {} failed with {}. Cause: {}', $$.Execution.Name, $.failure.Error, $.failure.Cause)",
        MessageAttributes: { error: { DataType: 'String', 'StringValue.$': '$.failure.Error' } },
      },
      ResultPath: null,
      TimeoutSeconds: 30,
      Retry: [{ ErrorEquals: [ERROR.all], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
      Next: STATE.failed,
    },
    [STATE.failed]: { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' },
    [STATE.inputRejected]: { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' },
    [STATE.resultExists]: { Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' },
  };
  return {
    Comment: 'qpo portfolio optimization job (lib/workflow/definition.ts)',
    StartAt: STATE.validateAndPrepare,
    TimeoutSeconds: options.executionTimeoutSeconds,
    States: states,
  };
}

/**
 * The sweep state machine: a Map over `$.jobs` (JobSpecs, e.g. one per risk factor of an efficient
 * frontier), each iteration a nested execution of the job machine named `<execution>-<index>`.
 */
export function sweepDefinition(options: { maxConcurrency: number; executionTimeoutSeconds: number }): AslDefinition {
  return {
    Comment: 'qpo sweep: one job-machine execution per JobSpec (lib/workflow/definition.ts)',
    StartAt: STATE.sweep,
    TimeoutSeconds: options.executionTimeoutSeconds,
    States: {
      [STATE.sweep]: {
        Type: 'Map',
        ItemsPath: '$.jobs',
        MaxConcurrency: options.maxConcurrency,
        ItemSelector: { 'spec.$': '$$.Map.Item.Value', 'name.$': "States.Format('{}-{}', $$.Execution.Name, $$.Map.Item.Index)" },
        ItemProcessor: {
          ProcessorConfig: { Mode: 'INLINE' },
          StartAt: STATE.runSweepJob,
          States: {
            [STATE.runSweepJob]: {
              Type: 'Task',
              Resource: 'arn:aws:states:::states:startExecution.sync:2',
              Parameters: { StateMachineArn: sub(SUBST.jobStateMachine), 'Name.$': '$.name', 'Input.$': '$.spec' },
              ResultSelector: { 'executionArn.$': '$.ExecutionArn', 'output.$': '$.Output' },
              Retry: [{ ErrorEquals: ['StepFunctions.ExecutionLimitExceeded', 'StepFunctions.SdkClientException'], IntervalSeconds: 2, MaxAttempts: 3, BackoffRate: 2, JitterStrategy: 'FULL' }],
              End: true,
            },
          },
        },
        ResultPath: '$.results',
        End: true,
      },
    },
  };
}

/** Replace `${Key}` placeholders (what CloudFormation does with definitionSubstitutions). */
export function substitute<T extends object>(definition: T, values: Readonly<Record<string, string>>): T {
  return JSON.parse(
    JSON.stringify(definition).replace(/\$\{([A-Za-z0-9]+)\}/g, (m, key: string) => {
      const v = values[key];
      if (v === undefined) throw new Error(`no substitution for \${${key}}`);
      return v;
    }),
  ) as T;
}

/** Names of every Task state, nested ones included (ItemProcessor, Iterator, Branches). */
export function taskStateNames(definition: { States: Record<string, unknown> }): string[] {
  const names: string[] = [];
  for (const [name, raw] of Object.entries(definition.States)) {
    const s = raw as { Type: string; ItemProcessor?: { States: Record<string, unknown> }; Iterator?: { States: Record<string, unknown> }; Branches?: { States: Record<string, unknown> }[] };
    if (s.Type === 'Task') names.push(name);
    for (const inner of [s.ItemProcessor, s.Iterator, ...(s.Branches ?? [])]) if (inner) names.push(...taskStateNames(inner));
  }
  return names;
}
