/**
 * A Step Functions API on 127.0.0.1 (AWS JSON 1.0 protocol: StartExecution, DescribeExecution,
 * StopExecution) whose executions run the job definition in-process with the local runner. A start
 * with the name and input of a running execution is idempotent; another input under a name, or any
 * start under the name of a closed execution, is ExecutionAlreadyExists, as documented in
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html
 * StopExecution ends a running execution ABORTED with the given error and cause (the local run's
 * own completion is then ignored): https://docs.aws.amazon.com/step-functions/latest/apireference/API_StopExecution.html
 * Faults can be injected: `throttle(n)` answers the next n calls with ThrottlingException (HTTP 400,
 * as the service does), and `run: false` keeps executions RUNNING without running them.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SFNClient } from '@aws-sdk/client-sfn';
import { ExecutionAlreadyExistsError, executionFailureOf, type LocalHandler, type LocalWorkflow } from '../../lib/workflow/local-runner';
import { TEST_CREDENTIALS, verifySigV4 } from './sigv4';

export const STATE_MACHINE_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:qpo-test';

interface Execution {
  arn: string;
  name: string;
  input: string;
  startDate: number;
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';
  stopDate?: number;
  output?: string;
  error?: string;
  cause?: string;
  done: Promise<void>;
}

export interface LocalSfn {
  readonly client: SFNClient;
  /** The endpoint (AWS_ENDPOINT_URL_SFN for a child process). */
  readonly url: string;
  readonly executions: Map<string, Execution>;
  readonly unsigned: number;
  /** Answer the next `n` calls with ThrottlingException (`Rate exceeded`). */
  throttle(n: number): void;
  close(): Promise<void>;
}

/** A "Step Functions Execution Status Change" event's detail (EventBridge), as Step Functions sends it. */
export interface ExecutionStatusDetail {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: string;
  startDate: number;
  stopDate: number | null;
  input: string;
  output: string | null;
  error: string | null;
  cause: string | null;
}

export interface SfnServerOptions {
  /** The state machine this server runs (default STATE_MACHINE_ARN). */
  readonly stateMachineArn?: string;
  /**
   * Receives each execution's status changes (RUNNING, then its end) as the detail of the
   * EventBridge event Step Functions publishes (times in epoch milliseconds).
   */
  readonly onStatusChange?: (detail: ExecutionStatusDetail) => void | Promise<void>;
  /** false: executions stay RUNNING and never run (default true). */
  readonly run?: boolean;
}

export async function startSfn(workflow: LocalWorkflow, handlers: () => Record<string, LocalHandler>, options: SfnServerOptions = {}): Promise<LocalSfn> {
  const { stateMachineArn = STATE_MACHINE_ARN, onStatusChange } = options;
  const publish = async (ex: Execution) =>
    onStatusChange?.({
      executionArn: ex.arn,
      stateMachineArn,
      name: ex.name,
      status: ex.status,
      startDate: Math.round(ex.startDate * 1000),
      stopDate: ex.stopDate === undefined ? null : Math.round(ex.stopDate * 1000),
      input: ex.input,
      output: ex.output ?? null,
      error: ex.error ?? null,
      cause: ex.cause ?? null,
    });
  const executions = new Map<string, Execution>();
  let unsigned = 0;
  let throttled = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(payload));
    };
    if (!(await verifySigV4(req, body, { service: 'states', region: 'us-east-1' }))) {
      unsigned += 1;
      return reply(403, { __type: 'InvalidSignatureException', message: 'signature does not match' });
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    if (throttled > 0) {
      throttled -= 1;
      return reply(400, { __type: 'ThrottlingException', message: 'Rate exceeded' });
    }
    const input = JSON.parse(body || '{}');
    if (target === 'AWSStepFunctions.StartExecution') {
      if (input.stateMachineArn !== stateMachineArn) return reply(400, { __type: 'StateMachineDoesNotExist', message: input.stateMachineArn });
      const name = input.name as string;
      const arn = `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
      const existing = executions.get(name);
      if (existing && (existing.input !== input.input || existing.status !== 'RUNNING'))
        return reply(400, { __type: 'ExecutionAlreadyExists', message: new ExecutionAlreadyExistsError(name).message });
      if (!existing) {
        const ex: Execution = { arn, name, input: input.input, startDate: Date.now() / 1000, status: 'RUNNING', done: Promise.resolve() };
        await publish(ex);
        if (options.run !== false)
          ex.done = workflow.start(JSON.parse(input.input), { name, handlers: handlers() }).then(
          (out) => {
            if (ex.status !== 'RUNNING') return;
            ex.status = 'SUCCEEDED';
            ex.stopDate = Date.now() / 1000;
            ex.output = JSON.stringify(out);
            return publish(ex);
          },
          (error: Error) => {
            if (ex.status !== 'RUNNING') return;
            const failure = executionFailureOf(error);
            ex.status = 'FAILED';
            ex.stopDate = Date.now() / 1000;
            ex.error = failure?.error ?? error.name;
            ex.cause = failure?.cause ?? error.message;
            return publish(ex);
          },
        );
        executions.set(name, ex);
      }
      return reply(200, { executionArn: arn, startDate: executions.get(name)!.startDate });
    }
    if (target === 'AWSStepFunctions.DescribeExecution') {
      const ex = [...executions.values()].find((e) => e.arn === input.executionArn);
      if (!ex) return reply(400, { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${input.executionArn}'` });
      const { done: _done, ...rest } = ex;
      return reply(200, { ...rest, executionArn: ex.arn, stateMachineArn });
    }
    if (target === 'AWSStepFunctions.StopExecution') {
      const ex = [...executions.values()].find((e) => e.arn === input.executionArn);
      if (!ex) return reply(400, { __type: 'ExecutionDoesNotExist', message: `Execution Does Not Exist: '${input.executionArn}'` });
      if (ex.status === 'RUNNING') {
        ex.status = 'ABORTED';
        ex.stopDate = Date.now() / 1000;
        ex.error = input.error;
        ex.cause = input.cause;
        await publish(ex);
      }
      return reply(200, { stopDate: ex.stopDate });
    }
    return reply(400, { __type: 'UnknownOperationException', message: target });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const client = new SFNClient({ region: 'us-east-1', endpoint: `http://127.0.0.1:${port}`, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  return {
    client,
    url: `http://127.0.0.1:${port}`,
    executions,
    get unsigned() {
      return unsigned;
    },
    throttle: (n) => {
      throttled = n;
    },
    close: async () => {
      client.destroy();
      await Promise.allSettled([...executions.values()].map((e) => e.done));
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
