/**
 * Verify an AWS Signature Version 4 Authorization header on the server side: rebuild the request
 * with the headers the client says it signed, sign it again with the shared secret at the client's
 * x-amz-date, and compare. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
 */
import type { IncomingMessage } from 'node:http';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';

export const TEST_CREDENTIALS = { accessKeyId: 'AKIDQPOTEST', secretAccessKey: 'qpo-test-secret-key' };

export async function verifySigV4(req: IncomingMessage, body: string, opts: { service: string; region: string; credentials?: typeof TEST_CREDENTIALS }): Promise<boolean> {
  const auth = String(req.headers.authorization ?? '');
  const m = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  const creds = opts.credentials ?? TEST_CREDENTIALS;
  if (!m || m[1] !== creds.accessKeyId || m[3] !== opts.region || m[4] !== opts.service) return false;
  const amzDate = String(req.headers['x-amz-date'] ?? '');
  const d = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(amzDate);
  if (!d) return false;
  const signingDate = new Date(Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +d[4]!, +d[5]!, +d[6]!));
  const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
  const headers: Record<string, string> = {};
  for (const h of m[5]!.split(';')) headers[h] = String(req.headers[h] ?? '');
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const signer = new SignatureV4({ service: opts.service, region: opts.region, credentials: creds, sha256: Sha256 });
  const signed = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port) || undefined, path: url.pathname, query, headers, body },
    { signingDate },
  );
  return String(signed.headers.authorization ?? signed.headers.Authorization) === auth;
}
