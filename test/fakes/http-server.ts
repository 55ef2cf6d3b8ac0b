/** A tiny JSON HTTP server on 127.0.0.1 (port 0) for the fake providers: route by method + regex. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Request {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly params: string[];
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type Route = [method: string, pattern: RegExp, handler: (req: Request) => Reply | Promise<Reply>];

export interface FakeServer {
  readonly url: string;
  /** Every request received, in order. */
  readonly log: Request[];
  close(): Promise<void>;
}

export async function startJsonServer(routes: () => readonly Route[]): Promise<FakeServer> {
  const log: Request[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const base = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const route = routes().find(([m, p]) => m === base.method && p.test(base.path));
      const request: Request = { ...base, params: route ? (base.path.match(route[1]) ?? []).slice(1) : [] };
      log.push(request);
      Promise.resolve(route ? route[2](request) : { status: 404, body: { errors: [{ code: 'not_found', message: `no route ${base.method} ${base.path}` }] } })
        .then((reply) => {
          res.writeHead(reply.status, { 'Content-Type': 'application/json', ...(reply.headers ?? {}) });
          res.end(reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
        })
        .catch((error: Error) => {
          res.writeHead(500, { 'Content-Type': 'application/json' });
          res.end(JSON.stringify({ errors: [{ code: 'fake_error', message: error.message }] }));
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
