/**
 * An S3-compatible server on 127.0.0.1 (s3rver) with conditional writes: s3rver ignores
 * If-None-Match, so a Koa middleware in front answers 412 PreconditionFailed when the key exists,
 * as S3 documents. Client settings per ../shared/toolchain.md section 3.6.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver');

export interface LocalS3 {
  readonly client: S3Client;
  readonly endpoint: string;
  /** The environment an SDK client built with `new S3Client({})` needs to reach this server (a Lambda's or the container's). */
  readonly sdkEnv: Readonly<Record<string, string>>;
  /** Fail the next `n` PUTs with 500 InternalError (fault injection). */
  failPuts(n: number): void;
  /** Fail the next `n` PUTs of keys matching `key` (every one when `n` is Infinity) with 500 InternalError. */
  failPutsOf(key: RegExp, n: number): void;
  /** PUTs refused by injected faults, by key. */
  readonly refusedPuts: string[];
  close(): Promise<void>;
}

/**
 * @param options.accessKeys more key pairs s3rver accepts besides its own S3RVER (it reads the key id
 *   of a SigV4 request but does not check the signature)
 */
export async function startS3(buckets: string[], options: { accessKeys?: readonly [string, string][] } = {}): Promise<LocalS3> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const account = require('s3rver/lib/models/account') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } };
  for (const [id, secret] of options.accessKeys ?? []) account.DUMMY_ACCOUNT.createKeyPair(id, secret);
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: mkdtempSync(path.join(tmpdir(), 'qpo-s3-')) });
  let failing = 0;
  const targeted: { key: RegExp; left: number }[] = [];
  const refusedPuts: string[] = [];
  server.middleware.unshift(async (ctx: any, next: () => Promise<void>) => {
    const key = decodeURIComponent(ctx.path).split('/').slice(2).join('/');
    const fault = ctx.method === 'PUT' ? targeted.find((t) => t.left > 0 && t.key.test(key)) : undefined;
    if (ctx.method === 'PUT' && (failing > 0 || fault)) {
      if (fault) fault.left -= 1;
      else failing -= 1;
      refusedPuts.push(key);
      ctx.status = 500;
      ctx.type = 'application/xml';
      ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>InternalError</Code><Message>injected fault</Message></Error>';
      return;
    }
    if (ctx.method === 'PUT' && ctx.get('if-none-match') === '*' && !ctx.get('x-amz-copy-source')) {
      const [, bucket, ...rest] = decodeURIComponent(ctx.path).split('/');
      if (bucket && rest.length && (await server.store.existsObject(bucket, rest.join('/')))) {
        ctx.status = 412;
        ctx.type = 'application/xml';
        ctx.body = '<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>PreconditionFailed</Code><Message>At least one of the pre-conditions you specified did not hold</Message></Error>';
        return;
      }
    }
    await next();
  });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    region: 'us-east-1',
    endpoint,
    forcePathStyle: true,
    maxAttempts: 1,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  for (const Bucket of buckets) await client.send(new CreateBucketCommand({ Bucket }));
  return {
    client,
    endpoint,
    sdkEnv: {
      AWS_REGION: 'us-east-1',
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
      AWS_REQUEST_CHECKSUM_CALCULATION: 'WHEN_REQUIRED',
      AWS_RESPONSE_CHECKSUM_VALIDATION: 'WHEN_REQUIRED',
    },
    failPuts: (n) => {
      failing = n;
    },
    failPutsOf: (key, n) => void targeted.push({ key, left: n }),
    refusedPuts,
    close: async () => {
      client.destroy();
      await server.close();
    },
  };
}
