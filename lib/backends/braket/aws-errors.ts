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

/** Node socket errors and the SDK's request timeout: the service gave no (complete) answer. */
const NO_ANSWER = new Set(['TimeoutError', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE']);

/** Messages of a socket that closed before the whole answer arrived. */
const NO_ANSWER_TEXT = /socket hang up|^aborted\b|ECONNRESET|ECONNREFUSED|ETIMEDOUT|premature close/i;

/** Wrap an SDK error; BackendErrors and aborts pass through unchanged. */
export function mapAwsError(error: unknown, what: string): unknown {
  if (error instanceof BackendError) return error;
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number }; $response?: unknown };
  if (e?.name === 'AbortError') return error;
  const status = e?.$metadata?.httpStatusCode ?? null;
  // The SDK's retry middleware wraps what is not an Error of its realm as "AWS SDK error wrapper for <name>: <message>".
  const wrapped = /^AWS SDK error wrapper for (\w+): ([\s\S]*)$/.exec(e?.message ?? '');
  const name = wrapped?.[1] ?? e?.name ?? '';
  const text = wrapped?.[2] ?? e?.message ?? String(error);
  if (NO_ANSWER.has(name) || NO_ANSWER.has(e?.code ?? '') || NO_ANSWER_TEXT.test(text)) {
    return new BackendError('BACKEND_UNAVAILABLE', `${what}: no answer (${e?.code ?? name}: ${text.split('\n')[0]})`, { cause: error, details: { noAnswer: true, httpStatus: status } });
  }
  // A 2xx whose body the SDK could not parse (truncated or not JSON).
  if (status !== null && status < 300) {
    return new BackendError('BACKEND_BAD_RESPONSE', `${what}: the answer (HTTP ${status}) could not be read: ${e?.message ?? String(error)}`, { cause: error, details: { httpStatus: status } });
  }
  const code = status === 503 && !CODE_BY_NAME[e?.name ?? ''] ? 'BACKEND_UNAVAILABLE' : (CODE_BY_NAME[e?.name ?? ''] ?? 'BACKEND_REQUEST_FAILED');
  return new BackendError(code, `${what}: ${e?.name ?? 'Error'}: ${e?.message ?? String(error)}`, {
    cause: error,
    details: { awsError: e?.name ?? null, httpStatus: status },
    ...(code === 'BACKEND_NOT_FOUND' ? { path: 'quantum.backend' } : {}),
  });
}
