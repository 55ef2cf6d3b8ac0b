/**
 * s3rver 3.7.1 on 127.0.0.1 with the client settings of toolchain.md §3.6, and faults on object
 * reads (`GET /<bucket>/<key>`): hang, drop, 5xx (S3's InternalError), 429 (SlowDown with
 * Retry-After), malformed (a body that is not the object), truncated (half the object, then the
 * connection closes).
 */
import type { Fault } from './http-server';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void>; middleware: KoaMiddleware[]; httpServer?: { closeAllConnections(): void } };

interface KoaContext {
  method: string;
  path: string;
  status: number;
  body: unknown;
  type: string;
  req: { socket: { destroy(): void } };
  res: { writeHead(status: number, headers: Record<string, string>): void; write(chunk: Buffer): void; headersSent: boolean };
  respond?: boolean;
  set(name: string, value: string): void;
}
type KoaMiddleware = (ctx: KoaContext, next: () => Promise<void>) => Promise<void>;

export interface FakeS3 {
  readonly url: string;
  readonly client: S3Client;
  /** Object reads the fault applies to (default: all, until clearFaults). */
  injectRead(fault: Fault, options?: { times?: number }): void;
  clearFaults(): void;
  /** Object reads (GET of a key) received. */
  reads(): number;
  close(): Promise<void>;
}

const s3Error = (code: string, message: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`;

export async function startFakeS3(buckets: readonly string[]): Promise<FakeS3> {
  const directory = mkdtempSync(join(tmpdir(), 'qpo-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
  let rule: { fault: Fault; remaining: number } | undefined;
  let reads = 0;
  server.middleware.unshift(async (ctx, next) => {
    const isRead = ctx.method === 'GET' && ctx.path.split('/').filter(Boolean).length >= 2;
    if (isRead) reads++;
    if (!isRead || !rule || rule.remaining <= 0) return next();
    rule.remaining--;
    switch (rule.fault) {
      case 'hang': return new Promise<void>(() => undefined);
      case 'drop': ctx.req.socket.destroy(); return;
      case '5xx': ctx.status = 500; ctx.type = 'application/xml'; ctx.body = s3Error('InternalError', 'We encountered an internal error. Please try again.'); return;
      case '429': ctx.status = 503; ctx.set('Retry-After', '1'); ctx.type = 'application/xml'; ctx.body = s3Error('SlowDown', 'Please reduce your request rate.'); return;
      case 'malformed': await next(); ctx.body = '<html>Bad gateway</html>'; return;
      case 'truncated': {
        await next();
        ctx.respond = false; // write the response by hand: the promised length, half the bytes
        ctx.res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': '4096' });
        ctx.res.write(Buffer.from('{"braketSchemaHeader": {"name": "braket.task_result.gate_model_task_result", "vers'));
        setTimeout(() => ctx.req.socket.destroy(), 5);
        return;
      }
    }
  });
  const { port } = await server.run();
  const url = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'us-east-1', endpoint: url, forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED',
  });
  for (const Bucket of buckets) await client.send(new CreateBucketCommand({ Bucket }));
  return {
    url,
    client,
    injectRead: (fault, o = {}) => void (rule = { fault, remaining: o.times ?? Infinity }),
    clearFaults: () => void (rule = undefined),
    reads: () => reads,
    close: async () => { client.destroy(); server.httpServer?.closeAllConnections(); await server.close(); rmSync(directory, { recursive: true, force: true }); },
  };
}
