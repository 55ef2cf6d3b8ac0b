/** s3rver 3.7.1 on 127.0.0.1 with the client settings of toolchain.md §3.6. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => { run(): Promise<{ port: number }>; close(): Promise<void> };

export interface FakeS3 {
  readonly url: string;
  readonly client: S3Client;
  close(): Promise<void>;
}

export async function startFakeS3(buckets: readonly string[]): Promise<FakeS3> {
  const directory = mkdtempSync(join(tmpdir(), 'qpo-s3-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory });
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
    close: async () => { client.destroy(); await server.close(); rmSync(directory, { recursive: true, force: true }); },
  };
}
