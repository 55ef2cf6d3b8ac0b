/** Alerts: the SNS topic of NotifyFailure and of every alarm, TLS-only, with the on-call email. */
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { StageConfig } from './config';

export class Alerts extends Construct {
  readonly topic: sns.Topic;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', { displayName: `${config.project} ${config.stage} alerts`, enforceSSL: true });
    if (config.alertEmail) this.topic.addSubscription(new subs.EmailSubscription(config.alertEmail));
  }
}
