/**
 * HTTP to the deployed qpo API, signed with AWS Signature Version 4 (service `execute-api`) by the
 * AWS SDK's signer; credentials from the default provider chain (env, profile, SSO, instance role).
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/permissions.html
 */
import { Sha256 } from '@aws-crypto/sha256-js';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { QpoError } from '../../lib/contracts/errors';
import { JobValidationError } from '../../lib/jobs/errors';

/** Seconds a request to the API may take before it is abandoned. */
export const API_TIMEOUT_SECONDS = 30;

/** The API's region: --region, else the execute-api host name, else AWS_REGION. */
export function regionOf(apiUrl: URL, explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const fromHost = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(apiUrl.hostname)?.[1];
  const region = explicit ?? fromHost ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (!region) throw new JobValidationError('--region: cannot tell the API region from the URL; pass --region or set AWS_REGION', 'region');
  return region;
}

/** The API URL: --api, else QPO_API_URL; a user error naming both when neither is set. */
export function apiUrlOf(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): URL {
  const api = explicit ?? env.QPO_API_URL;
  if (!api) throw new JobValidationError('--api: no API URL; pass --api URL or set QPO_API_URL (the ApiUrl output of cdk deploy)', 'api');
  return parseApiUrl(api);
}

export function parseApiUrl(api: string): URL {
  try {
    const url = new URL(api);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    return url;
  } catch {
    throw new JobValidationError(`--api: '${api}' is not a URL; use the ApiUrl output of cdk deploy (https://ID.execute-api.REGION.amazonaws.com/STAGE/)`, 'api');
  }
}

export interface SignedResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Send a signed JSON request to `path` under the API URL. */
export async function signedRequest(api: URL, region: string, method: 'GET' | 'POST', path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}): Promise<SignedResponse> {
  const url = new URL(`${api.pathname.replace(/\/$/, '')}${path}`, api);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = { host: url.host, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers };
  let credentials;
  try {
    credentials = await defaultProvider({ timeout: 5000, maxRetries: 1 })();
  } catch (error) {
    throw new QpoError('CREDENTIALS_MISSING', `no AWS credentials to sign the request: ${(error as Error).message}; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`, { cause: error });
  }
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });
  const query: Record<string, string> = {};
  url.searchParams.forEach((v, k) => (query[k] = v));
  const signed = await signer.sign({ method, protocol: url.protocol, hostname: url.hostname, port: url.port ? Number(url.port) : undefined, path: url.pathname, query, headers, ...(body ? { body } : {}) });
  let res: Response;
  let text: string;
  try {
    res = await fetch(url, { method, headers: signed.headers as Record<string, string>, signal: AbortSignal.timeout(API_TIMEOUT_SECONDS * 1000), ...(body ? { body } : {}) });
    text = await res.text();
  } catch (error) {
    const e = error as { name?: string; cause?: { code?: string; message?: string } };
    const why = e.name === 'TimeoutError' ? `no answer within ${API_TIMEOUT_SECONDS} s` : (e.cause?.code ?? e.cause?.message ?? (error as Error).message);
    throw new QpoError('API_UNREACHABLE', `the API at ${url.origin} could not be reached (${why}); check --api / QPO_API_URL and the network`, { path: 'api', cause: error });
  }
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, body: parsed };
}
