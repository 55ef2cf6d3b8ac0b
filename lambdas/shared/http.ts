/** API Gateway proxy responses: JSON bodies, errors as `{ error: { code, message, path, details } }`. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describeError } from '../../lib/jobs/errors';

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/**
 * Any error as its public response, with the catalogue's HTTP status (lib/contracts/errors.ts):
 * the caller's mistakes as 4xx with `{ code, message, path, details }`, anything else as 5xx with
 * the code only (no message, no stack).
 */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  const d = describeError(error);
  const body = d.httpStatus >= 500 ? { code: d.body.code, message: 'internal error; see the function logs', path: null, details: null } : d.body;
  return json(d.httpStatus, { error: body });
}

/** A header, case-insensitively (API Gateway keeps the client's spelling). */
export function header(headers: Record<string, string | undefined> | null, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === want) return v;
  return undefined;
}
