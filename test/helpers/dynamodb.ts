/**
 * DynamoDB on 127.0.0.1: dynalite (an implementation of the DynamoDB API, with its validation and
 * error messages), in memory, with the job index table as lib/infra/job-index.ts declares it.
 */
import type { AddressInfo } from 'node:net';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { JOB_INDEX_KEYS } from '../../lib/jobs/dynamo-job-index';
import { TEST_CREDENTIALS } from './sigv4';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: Record<string, unknown>) => import('node:http').Server;

export interface LocalDynamo {
  readonly client: DynamoDBClient;
  readonly endpoint: string;
  createJobIndexTable(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function startDynamo(): Promise<LocalDynamo> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  // Node closes idle keep-alive sockets after 5 s; a client reusing one just then reads ECONNRESET.
  // DynamoDB keeps them far longer, so the tests do too.
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  const k = JOB_INDEX_KEYS;
  return {
    client,
    endpoint,
    createJobIndexTable: async (TableName) => {
      await client.send(
        new CreateTableCommand({
          TableName,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: k.partitionKey, AttributeType: 'S' },
            { AttributeName: k.gsiPartitionKey, AttributeType: 'S' },
            { AttributeName: k.gsiSortKey, AttributeType: 'S' },
          ],
          KeySchema: [{ AttributeName: k.partitionKey, KeyType: 'HASH' }],
          GlobalSecondaryIndexes: [
            {
              IndexName: k.gsi,
              KeySchema: [
                { AttributeName: k.gsiPartitionKey, KeyType: 'HASH' },
                { AttributeName: k.gsiSortKey, KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'ALL' },
            },
          ],
        }),
      );
    },
    close: async () => {
      client.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
