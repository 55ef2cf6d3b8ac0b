/**
 * A tiny JSON HTTP server on 127.0.0.1 (port 0) for the fake providers: route by method + regex,
 * each route with a name so that a test can make that one call misbehave (`inject`):
 * - before the handler runs (the server never acts on the request): `hang` (accept, read, never
 *   answer), `drop` (close the connection without an answer), `5xx` (the provider's own 500 error
 *   body), `429` (the provider's throttling error with `Retry-After`);
 * - after the handler ran (the server acted, the answer is damaged on the way): `malformed` (HTTP 200
 *   with a body that is not JSON), `truncated` (the headers promise the whole body, half of it is
 *   sent, then the connection is closed).
 * Otherwise the fakes stay faithful to the documented contracts.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Request {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
  readonly params: string[];
  /** The route's name, or undefined when no route matched. */
  readonly route?: string;
}

export interface Reply {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

export type Route = [method: string, pattern: RegExp, handler: (req: Request) => Reply | Promise<Reply>, name?: string];

export const FAULTS = ['hang', 'drop', '5xx', '429', 'malformed', 'truncated'] as const;
export type Fault = (typeof FAULTS)[number];

export interface FaultRule {
  readonly fault: Fault;
  /** Requests it still applies to (Infinity: every one). */
  remaining: number;
  /** `Retry-After` of a 429, seconds. @default 1 */
  readonly retryAfterSeconds: number;
}

export interface FakeServer {
  readonly url: string;
  /** Every request received, in order. */
  readonly log: Request[];
  /**
   * Make the route `name` (or every route: '*') misbehave for the next `times` requests
   * (default: all of them, until `clearFaults`).
   */
  inject(name: string, fault: Fault, options?: { times?: number; retryAfterSeconds?: number }): void;
  clearFaults(): void;
  /** Requests a fault was applied to, by route name. */
  readonly faulted: Map<string, number>;
  close(): Promise<void>;
}

export interface ServerOptions {
  /** The provider's error reply for an injected 5xx or 429 (its documented error body). */
  readonly errorReply?: (status: number, retryAfterSeconds?: number) => Reply;
}

const defaultError = (status: number, retryAfter?: number): Reply => ({
  status,
  body: { message: status === 429 ? 'Too many requests' : 'Internal error' },
  ...(retryAfter === undefined ? {} : { headers: { 'Retry-After': String(retryAfter) } }),
});

export async function startJsonServer(routes: () => readonly Route[], options: ServerOptions = {}): Promise<FakeServer> {
  const log: Request[] = [];
  const rules = new Map<string, FaultRule>();
  const faulted = new Map<string, number>();
  const errorReply = options.errorReply ?? defaultError;
  const ruleFor = (name: string | undefined): FaultRule | undefined => {
    const rule = (name && rules.get(name)) || rules.get('*');
    if (!rule || rule.remaining <= 0) return undefined;
    rule.remaining--;
    if (name) faulted.set(name, (faulted.get(name) ?? 0) + 1);
    return rule;
  };
  const send = (res: ServerResponse, reply: Reply) => {
    res.writeHead(reply.status, { 'Content-Type': 'application/json', ...(reply.headers ?? {}) });
    res.end(reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body));
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const base = { method: req.method ?? 'GET', path: decodeURIComponent(url.pathname), query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const route = routes().find(([m, p]) => m === base.method && p.test(base.path));
      const request: Request = { ...base, params: route ? (base.path.match(route[1]) ?? []).slice(1) : [], ...(route?.[3] ? { route: route[3] } : {}) };
      log.push(request);
      const rule = route ? ruleFor(route[3]) : undefined;
      if (rule?.fault === 'hang') return; // never answered; close() destroys the socket
      if (rule?.fault === 'drop') return void req.socket.destroy();
      if (rule?.fault === '5xx') return send(res, errorReply(500));
      if (rule?.fault === '429') return send(res, errorReply(429, rule.retryAfterSeconds));
      Promise.resolve(route ? route[2](request) : { status: 404, body: { errors: [{ code: 'not_found', message: `no route ${base.method} ${base.path}` }] } })
        .then((reply) => {
          if (rule?.fault === 'malformed') return send(res, { status: 200, body: '{"id": "job-?", "status": <html>Bad gateway</html>' });
          if (rule?.fault === 'truncated') {
            const text = reply.body === undefined ? '{}' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
            const full = Buffer.from(text.length > 1 ? text : '{"padding": true}');
            res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(full.length) });
            res.write(full.subarray(0, Math.floor(full.length / 2)));
            return void setTimeout(() => req.socket.destroy(), 5);
          }
          send(res, reply);
        })
        .catch((error: Error) => send(res, { status: 500, body: { errors: [{ code: 'fake_error', message: error.message }] } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    faulted,
    inject: (name, fault, o = {}) => void rules.set(name, { fault, remaining: o.times ?? Infinity, retryAfterSeconds: o.retryAfterSeconds ?? 1 }),
    clearFaults: () => rules.clear(),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
