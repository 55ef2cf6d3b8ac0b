/**
 * An SSM Parameter Store endpoint on 127.0.0.1 speaking the AWS JSON 1.1 protocol (X-Amz-Target
 * `AmazonSSM.<Operation>`, SigV4 for service `ssm`, errors as `{ __type, message }` with HTTP 400):
 * GetParameter and PutParameter as the API reference documents them, Standard tier (values up to
 * 4 KB), ParameterNotFound, ParameterAlreadyExists without Overwrite, ValidationException.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TEST_CREDENTIALS, verifySigV4 } from './sigv4';

interface Parameter {
  Name: string;
  Type: string;
  Value: string;
  Version: number;
  LastModifiedDate: number;
}

export interface LocalSsm {
  readonly endpoint: string;
  readonly parameters: Map<string, Parameter>;
  /** Operations received, in order (after the signature check). */
  readonly calls: string[];
  /** Requests refused for their signature. */
  readonly unsigned: number;
  /** Answer the next `n` requests with 500 InternalServerError (fault injection). */
  fail(n: number): void;
  close(): Promise<void>;
}

class SsmError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export async function startSsm(initial: Record<string, string> = {}): Promise<LocalSsm> {
  const parameters = new Map<string, Parameter>();
  for (const [Name, Value] of Object.entries(initial)) parameters.set(Name, { Name, Type: 'String', Value, Version: 1, LastModifiedDate: Date.now() / 1000 });
  const calls: string[] = [];
  let unsigned = 0;
  let failing = 0;
  const arn = (name: string) => `arn:aws:ssm:us-east-1:123456789012:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  const operations: Record<string, (input: any) => unknown> = {
    GetParameter: (input) => {
      const p = parameters.get(String(input.Name));
      if (!p) throw new SsmError('ParameterNotFound', `Parameter ${String(input.Name)} not found.`);
      return { Parameter: { ...p, ARN: arn(p.Name), DataType: 'text' } };
    },
    PutParameter: (input) => {
      const name = String(input.Name ?? '');
      if (!name || name.length > 1011) throw new SsmError('ValidationException', '1 validation error detected: Value at \'name\' failed to satisfy constraint: Member must have length between 1 and 2048');
      if (typeof input.Value !== 'string' || input.Value.length === 0) throw new SsmError('ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
      if (input.Value.length > 4096) throw new SsmError('ValidationException', 'Standard tier parameters support a maximum parameter value of 4096 characters.');
      const existing = parameters.get(name);
      if (existing && input.Overwrite !== true) throw new SsmError('ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
      const type = input.Type ?? existing?.Type;
      if (!type) throw new SsmError('ValidationException', 'A parameter type is required when you create a parameter.');
      const version = (existing?.Version ?? 0) + 1;
      parameters.set(name, { Name: name, Type: type, Value: input.Value, Version: version, LastModifiedDate: Date.now() / 1000 });
      return { Version: version, Tier: 'Standard' };
    },
  };
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const reply = (status: number, payload: unknown) => {
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': `req-${calls.length}` });
      res.end(JSON.stringify(payload));
    };
    if (!(await verifySigV4(req, body, { service: 'ssm', region: 'us-east-1' }))) {
      unsigned += 1;
      return reply(400, { __type: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.' });
    }
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith('AmazonSSM.') ? target.slice('AmazonSSM.'.length) : '';
    calls.push(operation);
    if (failing > 0) {
      failing -= 1;
      return reply(500, { __type: 'InternalServerError', message: 'injected fault' });
    }
    const op = operations[operation];
    if (!op) return reply(400, { __type: 'UnknownOperationException', message: `unknown operation ${target}` });
    try {
      reply(200, op(JSON.parse(body || '{}')));
    } catch (error) {
      const e = error as SsmError;
      reply(e.status ?? 500, { __type: e.type ?? 'InternalServerError', message: e.message });
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    parameters,
    calls,
    get unsigned() {
      return unsigned;
    },
    fail: (n) => {
      failing = n;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export { TEST_CREDENTIALS };
