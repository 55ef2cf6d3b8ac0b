/**
 * The quantum providers as the AWS health check and CheckCapacity see them: the IBM Quantum key and
 * CRN read from the stack's Secrets Manager secret ({"apiKey","crn"}, docs/deploy.md), cached for
 * the life of the execution environment and read again after a credentials error (a rotated key);
 * Amazon Braket through the function's role. Each status is one provider call with a time limit
 * (lib/jobs/provider-status.ts).
 * API: https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { BackendEnvironment } from '../../lib/backends/providers';
import { isAuthError, providerStatus, type ProviderStatus } from '../../lib/jobs/provider-status';
import { logger } from './runtime';

export interface IbmCredentials {
  readonly apiKey: string;
  readonly crn: string;
}

/** The IBM key from Secrets Manager, read once and again on demand. */
export class IbmKeySecret {
  private cached: Promise<IbmCredentials | null> | undefined;

  constructor(
    private readonly client: SecretsManagerClient,
    private readonly secretId: string,
    private readonly timeoutMs = 5000,
  ) {}

  /** The key and CRN, or null when the secret does not hold them (not set after deploy). */
  get(): Promise<IbmCredentials | null> {
    this.cached ??= this.read().catch((error: unknown) => {
      this.cached = undefined;
      throw error;
    });
    return this.cached;
  }

  /** Forget the cached value (after IBM refused it): the next get() reads the secret again. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async read(): Promise<IbmCredentials | null> {
    const out = await this.client.send(new GetSecretValueCommand({ SecretId: this.secretId }), { abortSignal: AbortSignal.timeout(this.timeoutMs) });
    try {
      const v = JSON.parse(out.SecretString ?? '') as Partial<IbmCredentials>;
      if (typeof v.apiKey === 'string' && v.apiKey && typeof v.crn === 'string' && v.crn) return { apiKey: v.apiKey, crn: v.crn };
    } catch {
      // not JSON: the generated placeholder of a secret nobody has set yet
    }
    logger.warn('the IBM Quantum secret holds no {"apiKey","crn"}; IBM backends are reported unavailable (docs/deploy.md)', { secretId: this.secretId });
    return null;
  }
}

/**
 * The status of `backend` from its provider; an IBM credentials error re-reads the secret once
 * (the key was rotated) and asks again. Never throws: a failure is an unavailable backend.
 */
export async function statusOf(backend: string, key: IbmKeySecret | null, timeoutMs: number): Promise<ProviderStatus> {
  const ask = async (): Promise<ProviderStatus> => {
    const ibm = backend.startsWith('ibm:') && key ? await key.get() : null;
    const env: BackendEnvironment = ibm ? { ibm } : {};
    return providerStatus(backend, env, { timeoutMs });
  };
  try {
    try {
      return await ask();
    } catch (error) {
      if (!isAuthError(error) || !key) throw error;
      key.invalidate();
      return await ask();
    }
  } catch (error) {
    return { backend, status: 'unavailable', queueDepth: null, message: (error as Error).message };
  }
}
