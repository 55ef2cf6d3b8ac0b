/**
 * The local runner: executes the job state machine definition (lib/workflow/definition.ts, the same
 * data CDK deploys) in-process with aws-local-stepfunctions, every Task bound to a local handler
 * (lib/workflow/handlers.ts). Executions are named like StartExecution's `name`: starting a name
 * again with the same input returns the same execution, with another input it is refused.
 * https://github.com/nibble-4bits/aws-local-stepfunctions
 */
import './polyfill';
import { StateMachine } from 'aws-local-stepfunctions';
import { QpoError } from '../contracts/errors';
import { DEFAULT_DEFINITION_OPTIONS, jobDefinition, substitute, taskStateNames, type DefinitionOptions } from './definition';
import { SUBST, type SubstitutionKey } from './names';

type Json = Parameters<StateMachine['run']>[0];
export type LocalHandler = (input: never) => Promise<unknown>;

/** Placeholder ARNs for the local run (no task ever calls them: every Task has a local handler). */
export const LOCAL_SUBSTITUTIONS: Readonly<Record<SubstitutionKey, string>> = {
  [SUBST.validateFn]: 'arn:aws:lambda:local:000000000000:function:qpo-validate-and-prepare',
  [SUBST.capacityFn]: 'arn:aws:lambda:local:000000000000:function:qpo-check-capacity',
  [SUBST.fallbackFn]: 'arn:aws:lambda:local:000000000000:function:qpo-annealing-fallback',
  [SUBST.recordFn]: 'arn:aws:lambda:local:000000000000:function:qpo-record-result',
  [SUBST.jobQueue]: 'arn:aws:batch:local:000000000000:job-queue/qpo-local',
  [SUBST.jobDefinition]: 'arn:aws:batch:local:000000000000:job-definition/qpo-local:1',
  [SUBST.alertsTopic]: 'arn:aws:sns:local:000000000000:qpo-alerts',
  [SUBST.jobStateMachine]: 'arn:aws:states:local:000000000000:stateMachine:qpo-jobs',
};

/**
 * The local run's numbers: the same states, but the budgets are the spec's own (the handlers
 * abort at quantum.timeoutSeconds, up to 24 h), so the state backstops sit above them.
 */
export const LOCAL_DEFINITION_OPTIONS: DefinitionOptions = {
  ...DEFAULT_DEFINITION_OPTIONS,
  lambdaTimeoutSeconds: { prepare: 600, capacity: 60, fallback: 86_400, record: 600 },
  quantumStateTimeoutSeconds: 86_400 + 60,
  executionTimeoutSeconds: 3 * 86_400,
};

/** A StartExecution name reused with a different input (Step Functions' ExecutionAlreadyExists). */
export class ExecutionAlreadyExistsError extends QpoError {
  constructor(readonly executionName: string) {
    super('EXECUTION_EXISTS', `an execution named '${executionName}' already exists with a different input; use a new job id or Idempotency-Key`, { path: 'jobId' });
  }
}

export interface RunOptions {
  /** The execution name ($$.Execution.Name): the job id unless the spec names one. */
  readonly name: string;
  readonly handlers: Readonly<Record<string, LocalHandler>>;
  /** Milliseconds per retry attempt, by state name (tests). */
  readonly retryIntervalOverrides?: Readonly<Record<string, number | number[]>>;
}

export class LocalWorkflow {
  readonly definition: { States: Record<string, unknown> };
  private readonly machine: StateMachine;
  private readonly executions = new Map<string, { input: string; result: Promise<unknown> }>();

  /**
   * `validate: true` checks the definition with the library's validator (ajv, 0.3-3 s). The CLI
   * skips it: the definition is a constant that the test suite validates with asl-validator and
   * with this constructor.
   */
  constructor(
    definition: { States: Record<string, unknown> } = substitute(jobDefinition(LOCAL_DEFINITION_OPTIONS), LOCAL_SUBSTITUTIONS),
    options: { validate?: boolean } = {},
  ) {
    this.definition = definition;
    this.machine = new StateMachine(definition as ConstructorParameters<typeof StateMachine>[0], {
      validationOptions: { noValidate: options.validate === false },
    });
  }

  /**
   * Start (or join) the execution `name`. Resolves to the Succeed state's output.
   * @throws the error a task threw that failed the execution (a user error, JobFailedError,
   *   ResultExistsError, ...), or ExecutionAlreadyExistsError.
   */
  start(input: unknown, options: RunOptions): Promise<unknown> {
    const key = JSON.stringify(input);
    const existing = this.executions.get(options.name);
    if (existing) {
      if (existing.input !== key) return Promise.reject(new ExecutionAlreadyExistsError(options.name));
      return existing.result;
    }
    const result = this.execute(input, options);
    this.executions.set(options.name, { input: key, result });
    return result;
  }

  private async execute(input: unknown, options: RunOptions): Promise<unknown> {
    const missing = taskStateNames(this.definition).filter((n) => !options.handlers[n]);
    if (missing.length) throw new Error(`no local handler for task state(s) ${missing.join(', ')}`);
    const lambdaStates = lambdaTaskStates(this.definition);
    const failures: unknown[] = [];
    const handlers = Object.fromEntries(
      Object.entries(options.handlers).map(([name, handler]) => [
        name,
        async (i: unknown) => {
          try {
            return await handler(i as never);
          } catch (error) {
            failures.push(error);
            throw lambdaStates.has(name) ? asLambdaError(error) : error;
          }
        },
      ]),
    );
    const execution = this.machine.run(input as Json, {
      overrides: {
        taskResourceLocalHandlers: handlers as never,
        ...(options.retryIntervalOverrides ? { retryIntervalOverrides: { ...options.retryIntervalOverrides } } : {}),
      },
      context: { Execution: { Id: `local:${options.name}`, Name: options.name } } as never,
    });
    try {
      return await execution.result;
    } catch (error) {
      // Surface the task's own error (code, path, message) that failed the execution, rather than
      // the Fail state's summary: the last one thrown under the Fail state's error name. The
      // execution's own Error and Cause (what DescribeExecution shows) stay readable beside it.
      const failState = (error as { cause?: { name?: unknown; message?: unknown } }).cause;
      const failedAs = typeof failState?.name === 'string' ? failState.name : 'States.Runtime';
      const own = [...failures].reverse().find((f) => (f as { name?: unknown } | null)?.name === failedAs);
      const thrown = own ?? failures[failures.length - 1] ?? error;
      if (thrown && typeof thrown === 'object')
        EXECUTION_FAILURES.set(thrown, { error: failedAs, cause: typeof failState?.message === 'string' ? failState.message : String((error as Error).message) });
      throw thrown;
    }
  }
}

const EXECUTION_FAILURES = new WeakMap<object, { error: string; cause: string }>();

/** The failed execution's Error and Cause (as DescribeExecution reports them) behind an error `start` threw. */
export function executionFailureOf(error: unknown): { error: string; cause: string } | undefined {
  return error && typeof error === 'object' ? EXECUTION_FAILURES.get(error) : undefined;
}

/**
 * An error as Lambda reports it to Step Functions: `Error` is the error's name (Lambda's
 * `errorType`) and `Cause` the JSON of `{ errorMessage, errorType, trace }`.
 * https://docs.aws.amazon.com/step-functions/latest/dg/concepts-error-handling.html
 */
export function asLambdaError(error: unknown): Error {
  const e = error as { name?: unknown; message?: unknown; stack?: unknown } | null;
  const errorType = typeof e?.name === 'string' && e.name ? e.name : 'Error';
  const errorMessage = typeof e?.message === 'string' ? e.message : String(error);
  const trace = typeof e?.stack === 'string' ? e.stack.split('\n') : [];
  return Object.assign(new Error(JSON.stringify({ errorType, errorMessage, trace })), { name: errorType });
}

/** Task states whose Resource is a Lambda function (not an `arn:aws:states:::` service integration). */
export function lambdaTaskStates(definition: { States: Record<string, unknown> }): Set<string> {
  const out = new Set<string>();
  for (const [name, raw] of Object.entries(definition.States)) {
    const s = raw as { Type?: string; Resource?: unknown };
    if (s.Type === 'Task' && typeof s.Resource === 'string' && !s.Resource.startsWith('arn:aws:states:::')) out.add(name);
  }
  return out;
}

let shared: LocalWorkflow | undefined;
/** The process-wide job machine of the CLI (built once, not re-validated: see the constructor). */
export function localJobWorkflow(): LocalWorkflow {
  shared ??= new LocalWorkflow(undefined, { validate: false });
  return shared;
}

export { DEFAULT_DEFINITION_OPTIONS, type DefinitionOptions };
