/**
 * The deployed REST API on 127.0.0.1: verifies each request's SigV4 signature (service
 * execute-api, 403 otherwise, as API Gateway's IAM authorization does), turns it into the API
 * Gateway proxy event and calls the real handlers (lambdas/optimize-api, get-job, and when given
 * list-jobs, cancel-job, resubmit-job), routed as the stack's resources are.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { apiEvent } from './api-event';
import { verifySigV4 } from './sigv4';

type Handler = (event: APIGatewayProxyEvent) => Promise<APIGatewayProxyResult>;

export async function startApi(handlers: { optimize: Handler; getJob: Handler; listJobs?: Handler; cancelJob?: Handler; resubmitJob?: Handler }, stage = 'test') {
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
    const action = /^\/jobs\/([^/]+)\/(cancel|resubmit)$/.exec(path);
    if (req.method === 'POST' && path === '/optimize') return send(await handlers.optimize(apiEvent('POST', '/optimize', { body, headers })));
    if (req.method === 'GET' && path === '/jobs' && handlers.listJobs) {
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams.entries());
      return send(await handlers.listJobs({ ...apiEvent('GET', '/jobs', { path, headers }), queryStringParameters: Object.keys(query).length ? query : null }));
    }
    if (req.method === 'POST' && action) {
      const handler = action[2] === 'cancel' ? handlers.cancelJob : handlers.resubmitJob;
      const jobId = decodeURIComponent(action[1]!);
      if (handler) return send(await handler(apiEvent('POST', `/jobs/{jobId}/${action[2]}`, { path, body: body || undefined, headers, pathParameters: { jobId } })));
    }
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
