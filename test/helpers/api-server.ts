/**
 * The deployed REST API on 127.0.0.1: verifies each request's SigV4 signature (service
 * execute-api, 403 otherwise, as API Gateway's IAM authorization does), turns it into the API
 * Gateway proxy event and calls the real handlers (lambdas/optimize-api, lambdas/get-job).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { apiEvent } from './api-event';
import { verifySigV4 } from './sigv4';

type Handler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export async function startApi(handlers: { optimize: Handler; getJob: Handler }, stage = 'test') {
  let rejected = 0;
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const send = (r: APIGatewayProxyResult) => {
      res.writeHead(r.statusCode, r.headers as Record<string, string>);
      res.end(r.body);
    };
    if (!(await verifySigV4(req, body, { service: 'execute-api', region: 'us-east-1' }))) {
      rejected += 1;
      return send({ statusCode: 403, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: 'The request signature we calculated does not match the signature you provided.' }) });
    }
    const path = new URL(req.url ?? '/', 'http://x').pathname.replace(`/${stage}`, '');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const job = /^\/jobs\/([^/]+)$/.exec(path);
    if (req.method === 'POST' && path === '/optimize') return send(await handlers.optimize(apiEvent('POST', '/optimize', { body, headers })));
    if (req.method === 'GET' && job) return send(await handlers.getJob(apiEvent('GET', '/jobs/{jobId}', { path, headers, pathParameters: { jobId: decodeURIComponent(job[1]!) } })));
    return send({ statusCode: 404, body: JSON.stringify({ message: 'Missing Authentication Token' }) });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${stage}`,
    get rejected() {
      return rejected;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
