/**
 * Failures of the CLI's own AWS SDK calls (SSM, ...) as catalogued errors: missing credentials,
 * refused access, no region, unreachable endpoint are the user's to fix (exit code 2); anything else
 * stays internal. The SDK's error names: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html
 */
import { QpoError } from '../../lib/contracts/errors';

const DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnrecognizedClientException', 'InvalidSignatureException', 'ExpiredTokenException', 'InvalidClientTokenId']);

/** `what` names the call for the message, e.g. `ssm:GetParameter /qpo/dev/force-classical`. */
export function awsCallError(error: unknown, what: string): QpoError {
  if (error instanceof QpoError) return error;
  const e = error as { name?: string; message?: string; code?: string; cause?: { code?: string } };
  const message = e.message ?? String(error);
  if (e.name === 'CredentialsProviderError' || /Could not load credentials/i.test(message))
    return new QpoError('CREDENTIALS_MISSING', `${what}: no AWS credentials; set AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY`, { cause: error });
  if (e.name && DENIED.has(e.name)) return new QpoError('ACCESS_DENIED', `${what}: AWS refused the request (${e.name}: ${message}); check the credentials and their IAM permissions`, { cause: error });
  if (/Region is missing/i.test(message)) return new QpoError('INVALID_INPUT', `--region: ${what} needs an AWS region; pass --region or set AWS_REGION`, { path: 'region', cause: error });
  const code = e.code ?? e.cause?.code;
  if (code && /^(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN)$/.test(code) || e.name === 'TimeoutError')
    return new QpoError('API_UNREACHABLE', `${what}: the AWS endpoint could not be reached (${code ?? e.name}); check the network and the region`, { cause: error });
  return new QpoError('INTERNAL', `${what} failed: ${e.name ?? 'Error'}: ${message}`, { cause: error });
}
