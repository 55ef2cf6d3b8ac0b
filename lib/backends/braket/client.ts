/**
 * Braket and S3 SDK clients and the device queries (GetDevice, SearchDevices). Endpoints and
 * credentials come from the SDK's standard chain (`AWS_ENDPOINT_URL_BRAKET`, `AWS_ENDPOINT_URL_S3`,
 * `AWS_REGION`, profiles, roles). A simulator ARN has no region; the client region is then
 * `AWS_REGION` or us-east-1.
 *
 * Deadlines (lib/backends/timeouts.ts): the clients' NodeHttpHandler has a connection timeout, a
 * request timeout (until the response headers, thrown as TimeoutError and retried by the SDK) and
 * a socket idle timeout (a body that stalls); every `send` goes through `sendWithin`, whose abort
 * signal ends the call, the SDK's own retries included, at `callSeconds`.
 */
import { BraketClient, GetDeviceCommand, SearchDevicesCommand } from '@aws-sdk/client-braket';
import { S3Client } from '@aws-sdk/client-s3';
import { mapAwsError } from './aws-errors';
import { parseDevice, type BraketDeviceInfo } from './devices';
import { BackendError } from '../errors';
import { awsRequestHandler, deadline, resolveTimeouts, secondsText, type ProviderTimeouts } from '../timeouts';

export interface BraketClients {
  readonly braket: BraketClient;
  readonly s3: S3Client;
  readonly timeouts: ProviderTimeouts;
}

export interface BraketClientOptions {
  readonly region?: string;
  /** SDK attempts per call (its own retry with backoff on throttling and 5xx). @default 3 */
  readonly maxAttempts?: number;
  readonly timeouts?: Partial<ProviderTimeouts>;
  /** API endpoints; default: the SDK's own (AWS_ENDPOINT_URL_BRAKET / AWS_ENDPOINT_URL_S3, else AWS). */
  readonly endpoints?: { readonly braket?: string; readonly s3?: string };
}

export function createBraketClients(options: BraketClientOptions = {}): BraketClients {
  const region = options.region ?? 'us-east-1';
  const maxAttempts = options.maxAttempts ?? 3;
  const requestHandler = awsRequestHandler(options.timeouts);
  return {
    braket: new BraketClient({ region, maxAttempts, requestHandler, ...(options.endpoints?.braket ? { endpoint: options.endpoints.braket } : {}) }),
    s3: new S3Client({ region, maxAttempts, requestHandler, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED', ...(options.endpoints?.s3 ? { endpoint: options.endpoints.s3, forcePathStyle: true } : {}) }),
    timeouts: resolveTimeouts(options.timeouts),
  };
}

/**
 * `send(abortSignal)` (one SDK `client.send`) ending at `seconds` (default: the call deadline), or
 * when `signal` aborts.
 * @throws the caller's abort reason; BACKEND_UNAVAILABLE (details.noAnswer) when the deadline ended
 *   the call; otherwise the SDK error mapped by mapAwsError, named `what`
 */
export async function sendWithin<Out>(send: (abortSignal: AbortSignal) => Promise<Out>, what: string, timeouts: ProviderTimeouts, signal?: AbortSignal, seconds = timeouts.callSeconds): Promise<Out> {
  const own = deadline(seconds);
  try {
    return await send(signal ? AbortSignal.any([signal, own]) : own);
  } catch (error) {
    if (signal?.aborted) throw signal.reason;
    if (own.aborted) throw new BackendError('BACKEND_UNAVAILABLE', `${what}: no answer within ${secondsText(seconds)} (the SDK's retries included: unreachable or throttled)`, { cause: error, details: { noAnswer: true } });
    throw mapAwsError(error, what);
  }
}

/** GetDevice, parsed. @throws BackendError (BACKEND_NOT_FOUND for an unknown ARN) */
export async function getDevice(clients: Pick<BraketClients, 'braket' | 'timeouts'>, arn: string, signal?: AbortSignal): Promise<BraketDeviceInfo> {
  const command = new GetDeviceCommand({ deviceArn: arn });
  return parseDevice(await sendWithin((abortSignal) => clients.braket.send(command, { abortSignal }), `GetDevice ${arn}`, clients.timeouts, signal));
}

/** Every gate-model device the account can see (SearchDevices, all pages). */
export async function searchDevices(clients: Pick<BraketClients, 'braket' | 'timeouts'>, signal?: AbortSignal): Promise<{ arn: string; name: string; provider: string; type: string; status: string }[]> {
  const out: { arn: string; name: string; provider: string; type: string; status: string }[] = [];
  let nextToken: string | undefined;
  do {
    const command = new SearchDevicesCommand({ filters: [], ...(nextToken ? { nextToken } : {}) });
    const page = await sendWithin((abortSignal) => clients.braket.send(command, { abortSignal }), 'SearchDevices', clients.timeouts, signal);
    for (const d of page.devices ?? []) out.push({ arn: d.deviceArn ?? '', name: d.deviceName ?? '', provider: d.providerName ?? '', type: d.deviceType ?? '', status: d.deviceStatus ?? '' });
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}
