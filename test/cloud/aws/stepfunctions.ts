/**
 * AWS Step Functions, offline (awsJson1_0): StartExecution, DescribeExecution, StopExecution and
 * ListExecutions over the state machines of the template, each execution run by
 * aws-local-stepfunctions on the machine's rendered definition (DefinitionString with its
 * DefinitionSubstitutions), every Task bound to its Resource through `integrations.ts`.
 * StartExecution of a STANDARD machine is idempotent for a RUNNING execution with the same name and
 * input; a closed execution or another input under the name is ExecutionAlreadyExists.
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 */
import '../../../lib/workflow/polyfill';
import { randomUUID } from 'node:crypto';
import { StateMachine } from 'aws-local-stepfunctions';
import { AwsServiceError, startAwsEndpoint, type AwsEndpoint, type ServiceSpec } from './server';

export interface MachineSpec {
  readonly logicalId: string;
  readonly arn: string;
  readonly name: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly roleArn: string;
  /** The rendered ASL the machine runs. */
  readonly definition: { StartAt: string; States: Record<string, any>; TimeoutSeconds?: number };
}

/** One event of an execution's history (aws-local-stepfunctions' event log). */
export interface HistoryEvent {
  readonly type: string;
  readonly timestamp: number;
  readonly state?: { name: string; type: string };
  readonly Error?: string;
  readonly Cause?: string;
  readonly catch?: { catcher: { ErrorEquals: string[]; Next: string } };
  readonly retry?: { retrier: { ErrorEquals: string[] }; attempt: number };
}

export interface Execution {
  readonly arn: string;
  readonly name: string;
  readonly machine: MachineSpec;
  readonly input: string;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';
  readonly startDate: number;
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  readonly history: HistoryEvent[];
  readonly done: Promise<void>;
  abort(): void;
}

/** A Task's handler: receives the effective input (Parameters applied); throws `{ name: Error, message: Cause }`. */
export type TaskHandler = (input: unknown, ctx: { execution: Execution; signal: AbortSignal }) => Promise<unknown>;

export interface LocalStepFunctions extends AwsEndpoint {
  readonly executions: Map<string, Execution>;
  readonly machines: readonly MachineSpec[];
}

/**
 * A documented override of the run: executions named `execution` run `state` with `seconds` as
 * its TimeoutSeconds (so a state timeout can happen within the run); every other execution runs
 * the template's definition unchanged.
 */
export interface TimeoutOverride {
  readonly execution: string;
  readonly state: string;
  readonly seconds: number;
}

export interface StepFunctionsOptions {
  readonly machines: readonly MachineSpec[];
  readonly timeoutOverrides?: readonly TimeoutOverride[];
  readonly credentials: ServiceSpec['credentials'];
  /** The handler of each Task state (by machine, state name and definition). */
  readonly taskHandler: (machine: MachineSpec, stateName: string, state: Record<string, any>) => TaskHandler;
}

/** Task states of a definition, nested ones (Map, Parallel) included. */
export function taskStates(definition: { States: Record<string, any> }): [string, Record<string, any>][] {
  const out: [string, Record<string, any>][] = [];
  for (const [name, s] of Object.entries(definition.States)) {
    if (s.Type === 'Task') out.push([name, s]);
    for (const inner of [s.ItemProcessor, s.Iterator, ...(s.Branches ?? [])]) if (inner) out.push(...taskStates(inner));
  }
  return out;
}

const NAME = /^[A-Za-z0-9_-]{1,80}$/;

export async function startStepFunctions(options: StepFunctionsOptions): Promise<LocalStepFunctions> {
  const executions = new Map<string, Execution>();
  // Constructing validates the definition (asl-validator): once per machine.
  const compiled = new Map(options.machines.map((m) => [m.arn, new StateMachine(m.definition as never)]));
  /** The machine an execution runs: the template's, or its copy with the execution's timeout override. */
  const machineFor = (machine: MachineSpec, name: string): { engine: StateMachine; definition: MachineSpec['definition'] } => {
    const rules = (options.timeoutOverrides ?? []).filter((o) => o.execution === name && taskStates(machine.definition).some(([s]) => s === o.state));
    if (rules.length === 0) return { engine: compiled.get(machine.arn)!, definition: machine.definition };
    const definition = JSON.parse(JSON.stringify(machine.definition)) as MachineSpec['definition'];
    for (const rule of rules) for (const [state, s] of taskStates(definition)) if (state === rule.state) s.TimeoutSeconds = rule.seconds;
    return { engine: new StateMachine(definition as never, { validationOptions: { noValidate: true } }), definition };
  };

  const start = (machine: MachineSpec, name: string, input: string): Execution => {
    const arn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
    const controller = new AbortController();
    const history: HistoryEvent[] = [];
    const execution: Execution = {
      arn,
      name,
      machine,
      input,
      status: 'RUNNING',
      startDate: Date.now(),
      history,
      done: Promise.resolve(),
      abort: () => controller.abort(),
    };
    const { engine, definition } = machineFor(machine, name);
    const handlers = Object.fromEntries(
      taskStates(definition).map(([stateName, state]) => {
        const handle = options.taskHandler(machine, stateName, state);
        return [stateName, (i: unknown) => handle(i, { execution, signal: controller.signal })];
      }),
    );
    const run = engine.run(JSON.parse(input), {
      overrides: { taskResourceLocalHandlers: handlers as never },
      noThrowOnAbort: true,
      context: { Execution: { Id: arn, Name: name, RoleArn: machine.roleArn }, StateMachine: { Id: machine.arn, Name: machine.name } } as never,
    });
    controller.signal.addEventListener('abort', () => run.abort());
    const collect = (async () => {
      for await (const e of run.eventLogs as AsyncIterable<HistoryEvent>) history.push(e);
    })();
    (execution as { done: Promise<void> }).done = run.result.then(
      (out) => {
        if (controller.signal.aborted) return;
        execution.status = 'SUCCEEDED';
        execution.output = JSON.stringify(out);
      },
      (error: Error & { cause?: Error }) => {
        if (execution.status !== 'RUNNING') return;
        if (error.name === 'ExecutionTimeoutError') {
          execution.status = 'TIMED_OUT';
          execution.error = 'States.Timeout';
          return;
        }
        // ExecutionError wraps what ended the run: a Fail state (name = Error, message = Cause) or an uncaught task error.
        const e = error.cause ?? error;
        execution.status = 'FAILED';
        execution.error = e.name;
        execution.cause = e.message;
      },
    ).then(async () => {
      execution.stopDate = Date.now();
      // The event log closes with the execution; never wait on it for long.
      await Promise.race([collect.catch(() => undefined), new Promise((r) => setTimeout(r, 2000).unref())]);
    });
    executions.set(arn, execution);
    return execution;
  };

  const describe = (e: Execution) => ({
    executionArn: e.arn,
    stateMachineArn: e.machine.arn,
    name: e.name,
    status: e.status,
    startDate: e.startDate / 1000,
    ...(e.stopDate ? { stopDate: e.stopDate / 1000 } : {}),
    input: e.input,
    inputDetails: { included: true },
    ...(e.output !== undefined ? { output: e.output, outputDetails: { included: true } } : {}),
    ...(e.error !== undefined ? { error: e.error } : {}),
    ...(e.cause !== undefined ? { cause: e.cause } : {}),
  });

  const endpoint = await startAwsEndpoint({
    signingName: 'states',
    protocol: 'awsJson1_0',
    credentials: options.credentials,
    handle: async ({ operation, input }) => {
      const find = () => {
        const e = executions.get(String(input.executionArn ?? ''));
        if (!e) throw new AwsServiceError(400, 'ExecutionDoesNotExist', `Execution Does Not Exist: '${String(input.executionArn)}'`);
        return e;
      };
      switch (operation) {
        case 'StartExecution': {
          const machine = options.machines.find((m) => m.arn === input.stateMachineArn);
          if (!machine) throw new AwsServiceError(400, 'StateMachineDoesNotExist', `State Machine Does Not Exist: '${String(input.stateMachineArn)}'`);
          const name = String(input.name ?? randomUUID());
          if (!NAME.test(name)) throw new AwsServiceError(400, 'InvalidName', `Invalid Name: '${name}'`);
          const body = String(input.input ?? '{}');
          try {
            JSON.parse(body);
          } catch {
            throw new AwsServiceError(400, 'InvalidExecutionInput', 'Invalid State Machine Execution Input: not JSON');
          }
          if (Buffer.byteLength(body) > 262_144) throw new AwsServiceError(400, 'InvalidExecutionInput', 'Invalid State Machine Execution Input: larger than 256 KiB');
          const arn = `${machine.arn.replace(':stateMachine:', ':execution:')}:${name}`;
          const existing = executions.get(arn);
          if (existing) {
            if (existing.status === 'RUNNING' && existing.input === body) return { executionArn: arn, startDate: existing.startDate / 1000 };
            throw new AwsServiceError(400, 'ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
          }
          const e = start(machine, name, body);
          return { executionArn: e.arn, startDate: e.startDate / 1000 };
        }
        case 'DescribeExecution':
          return describe(find());
        case 'StopExecution': {
          const e = find();
          if (e.status === 'RUNNING') {
            e.status = 'ABORTED';
            e.error = input.error;
            e.cause = input.cause;
            e.abort();
          }
          return { stopDate: Date.now() / 1000 };
        }
        case 'ListExecutions': {
          const list = [...executions.values()].filter((e) => e.machine.arn === input.stateMachineArn && (!input.statusFilter || e.status === input.statusFilter));
          return { executions: list.map((e) => ({ executionArn: e.arn, stateMachineArn: e.machine.arn, name: e.name, status: e.status, startDate: e.startDate / 1000, ...(e.stopDate ? { stopDate: e.stopDate / 1000 } : {}) })) };
        }
        default:
          throw new AwsServiceError(400, 'UnknownOperationException', operation);
      }
    },
  });
  return Object.assign(endpoint, { executions, machines: options.machines });
}
