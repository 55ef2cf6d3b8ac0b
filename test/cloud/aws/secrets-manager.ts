/**
 * AWS Secrets Manager, offline: GetSecretValue (awsJson1_1) by ARN or name, over a store the run
 * fills and rotates (a new value gets a new VersionId, as PutSecretValue does).
 * https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_GetSecretValue.html
 */
import { randomUUID } from 'node:crypto';
import { AwsServiceError, startAwsEndpoint, type AwsEndpoint, type ServiceSpec } from './server';

export interface LocalSecretsManager extends AwsEndpoint {
  /** Set (or rotate) a secret's value. */
  put(arn: string, name: string, value: string): void;
  /** GetSecretValue calls served, by secret ARN. */
  readonly reads: Map<string, number>;
}

export async function startSecretsManager(credentials: ServiceSpec['credentials']): Promise<LocalSecretsManager> {
  const secrets = new Map<string, { arn: string; name: string; value: string; versionId: string; createdDate: number }>();
  const reads = new Map<string, number>();
  const endpoint = await startAwsEndpoint({
    signingName: 'secretsmanager',
    protocol: 'awsJson1_1',
    credentials,
    handle: async ({ operation, input }) => {
      if (operation !== 'GetSecretValue') throw new AwsServiceError(400, 'InvalidRequestException', `${operation} is not served by the local Secrets Manager`);
      const id = String(input.SecretId ?? '');
      const s = [...secrets.values()].find((x) => x.arn === id || x.name === id);
      if (!s) throw new AwsServiceError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      reads.set(s.arn, (reads.get(s.arn) ?? 0) + 1);
      return { ARN: s.arn, Name: s.name, SecretString: s.value, VersionId: s.versionId, VersionStages: ['AWSCURRENT'], CreatedDate: s.createdDate / 1000 };
    },
  });
  return Object.assign(endpoint, {
    reads,
    put: (arn: string, name: string, value: string) => void secrets.set(arn, { arn, name, value, versionId: randomUUID(), createdDate: Date.now() }),
  });
}
