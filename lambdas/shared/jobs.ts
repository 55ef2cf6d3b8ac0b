/** The job index and lifecycle ports of the API Lambdas (DynamoDB, Step Functions, Batch clients made once). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoJobIndex } from '../../lib/jobs/dynamo-job-index';
import type { APIGatewayProxyEvent } from 'aws-lambda';

let dynamo: DynamoDBClient | undefined;

/** The job index of table `table` (entries kept `retentionDays` after their last change). */
export const jobIndex = (table: string, retentionDays = 400) => new DynamoJobIndex((dynamo ??= new DynamoDBClient({})), table, retentionDays);

/** Who called the API: the IAM principal API Gateway authenticated (IAM authorization). */
export const callerOf = (event: APIGatewayProxyEvent): string => event.requestContext?.identity?.userArn ?? event.requestContext?.identity?.caller ?? 'unknown caller';

/** A JSON request body that may be absent; anything else than an object is refused by the caller. */
export function optionalBody(event: APIGatewayProxyEvent): Record<string, unknown> | undefined {
  const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  if (!text || !text.trim()) return undefined;
  const value = JSON.parse(text) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new SyntaxError('not an object');
  return value as Record<string, unknown>;
}
