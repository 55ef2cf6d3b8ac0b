/** AWS SDK errors of Braket and S3 as BackendErrors (exception names from the Braket API reference). */
import { BackendError, type BackendErrorCode } from '../errors';

const CODE_BY_NAME: Record<string, BackendErrorCode> = {
  AccessDeniedException: 'BACKEND_AUTH_FAILED',
  UnrecognizedClientException: 'BACKEND_AUTH_FAILED',
  InvalidSignatureException: 'BACKEND_AUTH_FAILED',
  ExpiredTokenException: 'BACKEND_AUTH_FAILED',
  CredentialsProviderError: 'BACKEND_NOT_CONFIGURED',
  DeviceOfflineException: 'BACKEND_UNAVAILABLE',
  DeviceRetiredException: 'BACKEND_UNAVAILABLE',
  ResourceNotFoundException: 'BACKEND_NOT_FOUND',
  NoSuchKey: 'BACKEND_BAD_RESPONSE',
  NoSuchBucket: 'BACKEND_NOT_CONFIGURED',
};

/** Wrap an SDK error; BackendErrors and aborts pass through unchanged. */
export function mapAwsError(error: unknown, what: string): unknown {
  if (error instanceof BackendError) return error;
  const e = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  if (e?.name === 'AbortError') return error;
  const code = CODE_BY_NAME[e?.name ?? ''] ?? 'BACKEND_REQUEST_FAILED';
  return new BackendError(code, `${what}: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`, {
    cause: error,
    details: { awsError: e?.name ?? null, httpStatus: e?.$metadata?.httpStatusCode ?? null },
    ...(code === 'BACKEND_NOT_FOUND' ? { path: 'quantum.backend' } : {}),
  });
}
