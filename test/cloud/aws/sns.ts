/**
 * Amazon SNS, offline: the Publish action of the awsQuery protocol, recording each message.
 * https://docs.aws.amazon.com/sns/latest/api/API_Publish.html
 */
import { randomUUID } from 'node:crypto';
import { AwsServiceError, startAwsEndpoint, xmlEscape, type AwsEndpoint, type ServiceSpec } from './server';

export interface PublishedMessage {
  readonly topicArn: string;
  readonly subject: string | null;
  readonly message: string;
  readonly messageId: string;
  readonly at: number;
}

export interface LocalSns extends AwsEndpoint {
  readonly published: PublishedMessage[];
}

export async function startSns(topicArns: readonly string[], credentials: ServiceSpec['credentials']): Promise<LocalSns> {
  const published: PublishedMessage[] = [];
  const endpoint = await startAwsEndpoint({
    signingName: 'sns',
    protocol: 'awsQuery',
    xmlNamespace: 'http://sns.amazonaws.com/doc/2010-03-31/',
    credentials,
    handle: async ({ operation, input }) => {
      if (operation !== 'Publish') throw new AwsServiceError(400, 'InvalidAction', `${operation} is not served by the local SNS`);
      if (!topicArns.includes(input.TopicArn)) throw new AwsServiceError(404, 'NotFound', `Topic does not exist: ${String(input.TopicArn)}`);
      if (typeof input.Message !== 'string' || input.Message.length === 0) throw new AwsServiceError(400, 'InvalidParameter', 'Invalid parameter: Empty message');
      if (Buffer.byteLength(input.Message) > 262_144) throw new AwsServiceError(400, 'InvalidParameter', 'Invalid parameter: Message too long');
      const messageId = randomUUID();
      published.push({ topicArn: input.TopicArn, subject: input.Subject ?? null, message: input.Message, messageId, at: Date.now() });
      return `<MessageId>${xmlEscape(messageId)}</MessageId>`;
    },
  });
  return Object.assign(endpoint, { published });
}
