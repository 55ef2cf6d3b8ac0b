/**
 * One AWS service endpoint on 127.0.0.1, speaking the service's wire protocol to the real SDK
 * clients (reached through AWS_ENDPOINT_URL_<SERVICE>): every request must carry a valid SigV4
 * signature for the service's signing name (403 otherwise), the operation is read from the
 * protocol (awsJson: X-Amz-Target; restJson: method + path; awsQuery: the form's Action), and
 * errors are rendered as each protocol documents them.
 * https://smithy.io/2.0/aws/protocols/index.html
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4 } from '../../helpers/sigv4';

export type Protocol = 'awsJson1_0' | 'awsJson1_1' | 'restJson' | 'awsQuery';

/** A modeled service error: HTTP status, error code (the SDK's exception name) and message. */
export class AwsServiceError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface AwsCall {
  readonly operation: string;
  /** Parsed input: JSON body (awsJson, restJson) or the form's fields (awsQuery). */
  readonly input: Record<string, any>;
  readonly accessKeyId: string;
}

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

export interface ServiceSpec {
  /** SigV4 signing name, e.g. 'batch', 'states', 'sns', 'secretsmanager', 'monitoring'. */
  readonly signingName: string;
  readonly protocol: Protocol;
  /** restJson only: [method, path, operation]. */
  readonly routes?: readonly (readonly [string, string, string])[];
  /** awsQuery only: the XML namespace of the responses. */
  readonly xmlNamespace?: string;
  /** The credentials whose signatures it accepts (several: e.g. the roles and an operator). */
  readonly credentials: Credentials | readonly Credentials[];
  /** The operation's output (a JSON object; for awsQuery, the XML of its `<OpResult>` body). */
  handle(call: AwsCall): Promise<unknown>;
}

export interface AwsEndpoint {
  readonly url: string;
  /** Requests refused for their signature. */
  readonly unsigned: number;
  close(): Promise<void>;
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export async function startAwsEndpoint(spec: ServiceSpec): Promise<AwsEndpoint> {
  let unsigned = 0;
  const server: Server = createServer((req, res) => {
    void (async () => {
      const body = await bodyOf(req);
      const requestId = randomUUID();
      const json = spec.protocol.startsWith('awsJson');
      const send = (status: number, payload: string, type: string, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'content-type': type, 'x-amzn-requestid': requestId, ...headers });
        res.end(payload);
      };
      const fail = (e: AwsServiceError) => {
        if (spec.protocol === 'awsQuery') {
          const xml = `<ErrorResponse xmlns="${spec.xmlNamespace}"><Error><Type>${e.status < 500 ? 'Sender' : 'Receiver'}</Type><Code>${e.code}</Code><Message>${xmlEscape(e.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
          return send(e.status, xml, 'text/xml');
        }
        const type = json ? `application/x-amz-json-${spec.protocol === 'awsJson1_0' ? '1.0' : '1.1'}` : 'application/json';
        return send(e.status, JSON.stringify({ __type: e.code, message: e.message }), type, { 'x-amzn-errortype': e.code });
      };
      const m = /Credential=([^/]+)\//.exec(String(req.headers.authorization ?? ''));
      let signed = false;
      for (const credentials of ([] as Credentials[]).concat(spec.credentials))
        if (await verifySigV4(req, body, { service: spec.signingName, region: 'us-east-1', credentials })) {
          signed = true;
          break;
        }
      if (!signed) {
        unsigned += 1;
        return fail(new AwsServiceError(403, spec.protocol === 'awsQuery' ? 'SignatureDoesNotMatch' : 'InvalidSignatureException', 'The request signature we calculated does not match the signature you provided.'));
      }
      let operation: string | undefined;
      let input: Record<string, any> = {};
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      if (json) {
        operation = String(req.headers['x-amz-target'] ?? '').split('.').pop();
        input = body ? JSON.parse(body) : {};
      } else if (spec.protocol === 'restJson') {
        operation = spec.routes?.find(([method, p]) => method === req.method && p === path)?.[2];
        input = body ? JSON.parse(body) : {};
      } else {
        const form = new URLSearchParams(body);
        operation = form.get('Action') ?? undefined;
        input = Object.fromEntries(form.entries());
      }
      if (!operation) return fail(new AwsServiceError(400, 'UnknownOperationException', `${req.method} ${path}: unknown operation`));
      try {
        const output = await spec.handle({ operation, input, accessKeyId: m?.[1] ?? '' });
        if (spec.protocol === 'awsQuery') {
          const xml = `<${operation}Response xmlns="${spec.xmlNamespace}"><${operation}Result>${String(output ?? '')}</${operation}Result><ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>`;
          return send(200, xml, 'text/xml');
        }
        return send(200, JSON.stringify(output ?? {}), json ? `application/x-amz-json-${spec.protocol === 'awsJson1_0' ? '1.0' : '1.1'}` : 'application/json');
      } catch (error) {
        if (error instanceof AwsServiceError) return fail(error);
        return fail(new AwsServiceError(500, 'InternalFailure', `local ${spec.signingName} endpoint: ${(error as Error).message}`));
      }
    })();
  });
  // Node closes idle keep-alive sockets after 5 s; an SDK client reusing one just then reads ECONNRESET
  // (which the SDK names TimeoutError). AWS endpoints keep them far longer, so these do too.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get unsigned() {
      return unsigned;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export { xmlEscape };
