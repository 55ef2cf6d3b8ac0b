/**
 * A Step Functions API on 127.0.0.1 (AWS JSON 1.0 protocol: StartExecution, DescribeExecution)
 * whose executions run the job definition in-process with the local runner. As documented in
 * https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html:
 * same name and same input while the execution is open is idempotent (the same ARN); another
 * input, or any input once the execution has closed, is ExecutionAlreadyExists. Faults can be
 * injected: `throttle(n)` answers the next n calls with ThrottlingException (HTTP 400, as the
 * service does), and `run: false` keeps executions RUNNING without running them.
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
  status: 'RUNNING' | 'SUCCEEDED' | 'FAILED';
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

export async function startSfn(
  workflow: LocalWorkflow,
  handlers: () => Record<string, LocalHandler>,
  stateMachineArn: string = STATE_MACHINE_ARN,
  options: { run?: boolean } = {},
): Promise<LocalSfn> {
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
        if (options.run !== false)
          ex.done = workflow.start(JSON.parse(input.input), { name, handlers: handlers() }).then(
          (out) => {
            ex.status = 'SUCCEEDED';
            ex.output = JSON.stringify(out);
          },
          (error: Error) => {
            const failure = executionFailureOf(error);
            ex.status = 'FAILED';
            ex.error = failure?.error ?? error.name;
            ex.cause = failure?.cause ?? error.message;
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
