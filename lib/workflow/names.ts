/**
 * Names shared by the state machine definition, its runners and the code that throws: state names
 * (the local runner binds handlers by them), error names (Retry/Catch match them), and the
 * `definitionSubstitutions` keys CDK fills with ARNs.
 */
import { errorNamesOfKind } from '../contracts/errors';
import { JOB_ERROR_NAMES } from '../jobs/errors';
import { STATE_TIMEOUT, TASK_FAILED } from '../jobs/batch-failure';

export const STATE = {
  validateAndPrepare: 'ValidateAndPrepare',
  checkCapacity: 'CheckCapacity',
  /** Pass: CheckCapacity timed out, the route becomes backend-unavailable. */
  capacityUnknown: 'CapacityCheckFailed',
  route: 'RouteJob',
  runQuantumJob: 'RunQuantumJob',
  runAnnealingFallback: 'RunAnnealingFallback',
  recordResult: 'RecordResult',
  succeeded: 'JobSucceeded',
  /** Task: count the failed job once (JobFailed), before NotifyFailure alerts. */
  recordFailure: 'RecordFailure',
  notifyFailure: 'NotifyFailure',
  failed: 'JobFailed',
  inputRejected: 'InputRejected',
  resultExists: 'ResultAlreadyExists',
  /** Sweep machine: a Map whose iterations start the job machine. */
  sweep: 'SweepJobs',
  runSweepJob: 'RunSweepJob',
} as const;

/** The Task states of the job machine, each bound to one handler. */
export const JOB_TASK_STATES = [
  STATE.validateAndPrepare,
  STATE.checkCapacity,
  STATE.runQuantumJob,
  STATE.runAnnealingFallback,
  STATE.recordResult,
  STATE.recordFailure,
  STATE.notifyFailure,
] as const;
export type JobTaskState = (typeof JOB_TASK_STATES)[number];

/** Error names: ours (from the catalogue, lib/contracts/errors.ts) and the Step Functions ones we match. */
export const ERROR = {
  ...JOB_ERROR_NAMES,
  all: 'States.ALL',
  timeout: STATE_TIMEOUT,
  taskFailed: TASK_FAILED,
} as const;

/** Every error name of kind `user` (the input-rejection catchers match them all). */
export const USER_ERROR_NAMES: readonly string[] = errorNamesOfKind('user');

/** Transient errors of the Batch service integration, retried with backoff. */
export const TRANSIENT_BATCH_ERRORS = ['Batch.AWSBatchException', 'Batch.BatchException', 'Batch.ServerException', 'Batch.TooManyRequestsException'];

/** Transient Lambda invoke errors (AWS's recommended retry set). */
export const TRANSIENT_LAMBDA_ERRORS = ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'];

/** definitionSubstitutions keys (`${Key}` in the definition). */
export const SUBST = {
  validateFn: 'ValidateAndPrepareFunctionArn',
  capacityFn: 'CheckCapacityFunctionArn',
  fallbackFn: 'AnnealingFallbackFunctionArn',
  recordFn: 'RecordResultFunctionArn',
  jobQueue: 'JobQueueArn',
  jobDefinition: 'JobDefinitionArn',
  alertsTopic: 'AlertsTopicArn',
  jobStateMachine: 'JobStateMachineArn',
} as const;
export type SubstitutionKey = (typeof SUBST)[keyof typeof SUBST];

/** The quantum path of the route decision (RouteJob Choice). */
export const PATH_QUANTUM = 'quantum';
