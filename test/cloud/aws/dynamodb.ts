/**
 * Amazon DynamoDB, offline: dynalite (an implementation of the DynamoDB API with its validation and
 * error messages), in memory, with every AWS::DynamoDB::Table of the template created as
 * CloudFormation would (its name, key schema, attribute definitions and global secondary indexes;
 * TTL and point-in-time recovery are not modeled). dynalite does not check signatures.
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => import('node:http').Server;

export interface LocalDynamoDb {
  readonly url: string;
  readonly tables: readonly string[];
  close(): Promise<void>;
}

export async function startDynamoDb(tables: readonly { name: string; properties: Record<string, any> }[], credentials: { accessKeyId: string; secretAccessKey: string }, region: string): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // DynamoDB keeps idle connections far longer than Node's 5 s default.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ region, endpoint: url, credentials });
  try {
    for (const t of tables) {
      const p = t.properties;
      const input: CreateTableCommandInput = {
        TableName: t.name,
        KeySchema: p.KeySchema,
        AttributeDefinitions: p.AttributeDefinitions,
        BillingMode: p.BillingMode ?? 'PROVISIONED',
        ...(p.GlobalSecondaryIndexes ? { GlobalSecondaryIndexes: p.GlobalSecondaryIndexes } : {}),
        ...(p.ProvisionedThroughput ? { ProvisionedThroughput: p.ProvisionedThroughput } : {}),
      };
      await client.send(new CreateTableCommand(input));
    }
  } finally {
    client.destroy();
  }
  return { url, tables: tables.map((t) => t.name), close: () => new Promise<void>((r) => server.close(() => r())) };
}
