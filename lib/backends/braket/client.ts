/**
 * Braket and S3 SDK clients and the device queries (GetDevice, SearchDevices). Endpoints and
 * credentials come from the SDK's standard chain (`AWS_ENDPOINT_URL_BRAKET`, `AWS_ENDPOINT_URL_S3`,
 * `AWS_REGION`, profiles, roles). A simulator ARN has no region; the client region is then
 * `AWS_REGION` or us-east-1.
 */
import { BraketClient, GetDeviceCommand, SearchDevicesCommand } from '@aws-sdk/client-braket';
import { S3Client } from '@aws-sdk/client-s3';
import { mapAwsError } from './aws-errors';
import { parseDevice, type BraketDeviceInfo } from './devices';

export interface BraketClients {
  readonly braket: BraketClient;
  readonly s3: S3Client;
}

export interface BraketClientOptions {
  readonly region?: string;
  /** SDK attempts per call (its own retry with backoff on throttling and 5xx). @default 3 */
  readonly maxAttempts?: number;
}

export function createBraketClients(options: BraketClientOptions = {}): BraketClients {
  const region = options.region ?? 'us-east-1';
  const maxAttempts = options.maxAttempts ?? 3;
  return {
    braket: new BraketClient({ region, maxAttempts }),
    s3: new S3Client({ region, maxAttempts, requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }),
  };
}

/** GetDevice, parsed. @throws BackendError (BACKEND_NOT_FOUND for an unknown ARN) */
export async function getDevice(braket: BraketClient, arn: string, signal?: AbortSignal): Promise<BraketDeviceInfo> {
  const response = await braket.send(new GetDeviceCommand({ deviceArn: arn }), signal ? { abortSignal: signal } : {}).catch((e: unknown) => {
    throw mapAwsError(e, `GetDevice ${arn}`);
  });
  return parseDevice(response);
}

/** Every gate-model device the account can see (SearchDevices, all pages). */
export async function searchDevices(braket: BraketClient): Promise<{ arn: string; name: string; provider: string; type: string; status: string }[]> {
  const out: { arn: string; name: string; provider: string; type: string; status: string }[] = [];
  let nextToken: string | undefined;
  do {
    const page = await braket.send(new SearchDevicesCommand({ filters: [], ...(nextToken ? { nextToken } : {}) })).catch((e: unknown) => {
      throw mapAwsError(e, 'SearchDevices');
    });
    for (const d of page.devices ?? []) out.push({ arn: d.deviceArn ?? '', name: d.deviceName ?? '', provider: d.providerName ?? '', type: d.deviceType ?? '', status: d.deviceStatus ?? '' });
    nextToken = page.nextToken;
  } while (nextToken);
  return out;
}
