/** API Gateway proxy responses: JSON bodies, errors as `{ error: { code, message, path, details } }`. */
import type { APIGatewayProxyResult } from 'aws-lambda';
import { describeError } from '../../lib/jobs/errors';

export const json = (statusCode: number, body: unknown, headers: Record<string, string> = {}): APIGatewayProxyResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});

/** Any error as its public response (400/404/409 for the caller's errors, 500 otherwise, no stack). */
export function errorResponse(error: unknown): APIGatewayProxyResult {
  const d = describeError(error);
  const httpStatus = (error as { httpStatus?: unknown }).httpStatus;
  const status = typeof httpStatus === 'number' ? httpStatus : d.httpStatus;
  const body = status >= 500 ? { code: d.body.code, message: 'internal error; see the function logs', path: null, details: null } : d.body;
  return json(status, { error: body });
}

/** A header, case-insensitively (API Gateway keeps the client's spelling). */
export function header(headers: Record<string, string | undefined> | null, name: string): string | undefined {
  const want = name.toLowerCase();
  for (const [k, v] of Object.entries(headers ?? {})) if (k.toLowerCase() === want) return v;
  return undefined;
}
