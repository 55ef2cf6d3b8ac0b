/**
 * AWS Systems Manager Parameter Store, offline (awsJson1_1): GetParameter and PutParameter over the
 * template's AWS::SSM::Parameter resources (their Name, Type and Value as CloudFormation creates
 * them), Standard tier: a value up to 4 KB, PutParameter of an existing name only with Overwrite,
 * each write a new Version.
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html
 * https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_PutParameter.html
 */
import { AwsServiceError, startAwsEndpoint, type AwsEndpoint, type ServiceSpec } from './server';

export interface SsmParameter {
  Name: string;
  Type: string;
  Value: string;
  Version: number;
  LastModifiedDate: number;
}

export interface LocalSsm extends AwsEndpoint {
  readonly parameters: Map<string, SsmParameter>;
  /** GetParameter calls served, by name. */
  readonly reads: Map<string, number>;
  /** When the last GetParameter of each name was served (epoch ms). */
  readonly lastReadMs: Map<string, number>;
}

export async function startSsm(initial: readonly { Name: string; Type: string; Value: string }[], credentials: ServiceSpec['credentials'], region: string): Promise<LocalSsm> {
  const parameters = new Map<string, SsmParameter>(initial.map((p) => [p.Name, { ...p, Version: 1, LastModifiedDate: Date.now() / 1000 }]));
  const reads = new Map<string, number>();
  const lastReadMs = new Map<string, number>();
  const arn = (name: string) => `arn:aws:ssm:${region}:123456789012:parameter${name.startsWith('/') ? '' : '/'}${name}`;
  const endpoint = await startAwsEndpoint({
    signingName: 'ssm',
    protocol: 'awsJson1_1',
    credentials,
    handle: async ({ operation, input }) => {
      const name = String(input.Name ?? '');
      if (operation === 'GetParameter') {
        const p = parameters.get(name);
        if (!p) throw new AwsServiceError(400, 'ParameterNotFound', `Parameter ${name} not found.`);
        reads.set(name, (reads.get(name) ?? 0) + 1);
        lastReadMs.set(name, Date.now());
        return { Parameter: { ...p, ARN: arn(name), DataType: 'text' } };
      }
      if (operation === 'PutParameter') {
        if (typeof input.Value !== 'string' || input.Value.length === 0)
          throw new AwsServiceError(400, 'ValidationException', "1 validation error detected: Value at 'value' failed to satisfy constraint: Member must have length greater than or equal to 1");
        if (input.Value.length > 4096) throw new AwsServiceError(400, 'ValidationException', 'Standard tier parameters support a maximum parameter value of 4096 characters.');
        const existing = parameters.get(name);
        if (existing && input.Overwrite !== true)
          throw new AwsServiceError(400, 'ParameterAlreadyExists', 'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.');
        const Version = (existing?.Version ?? 0) + 1;
        parameters.set(name, { Name: name, Type: String(input.Type ?? existing?.Type ?? 'String'), Value: input.Value, Version, LastModifiedDate: Date.now() / 1000 });
        return { Version, Tier: 'Standard' };
      }
      throw new AwsServiceError(400, 'InvalidAction', `${operation} is not served by the local Parameter Store`);
    },
  });
  return Object.assign(endpoint, { parameters, reads, lastReadMs });
}
