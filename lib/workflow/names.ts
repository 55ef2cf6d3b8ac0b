/**
 * Names shared by the state machine definition, its runners and the code that throws: state names
 * (the local runner binds handlers by them), error names (Retry/Catch match them), and the
 * `definitionSubstitutions` keys CDK fills with ARNs.
 */
import { JOB_ERROR_NAMES } from '../jobs/errors';

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
  STATE.notifyFailure,
] as const;
export type JobTaskState = (typeof JOB_TASK_STATES)[number];

/** Error names: ours (from lib/jobs) and the Step Functions / service ones we match. */
export const ERROR = {
  ...JOB_ERROR_NAMES,
  all: 'States.ALL',
  timeout: 'States.Timeout',
  taskFailed: 'States.TaskFailed',
} as const;

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

/** The plan values of the route decision (RouteJob Choice). */
export const PLAN_QUANTUM = 'quantum';
