/**
 * Alerts: two SNS topics, TLS-only. `paging` takes the P0/P1 alarms (wire it to the on-call pager:
 * an email, a PagerDuty or Opsgenie HTTPS endpoint, a chat bot); `ticket` takes the P2/P3 alarms and
 * NotifyFailure's message for each failed job (wire it to the ticket queue). The stage's alertEmail
 * is subscribed to both.
 */
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subs from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import type { Topic } from './alarm-table';
import type { StageConfig } from './config';

export class Alerts extends Construct {
  readonly paging: sns.Topic;
  readonly ticket: sns.Topic;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.paging = new sns.Topic(this, 'Paging', { displayName: `${config.project} ${config.stage} pages (P0/P1)`, enforceSSL: true });
    this.ticket = new sns.Topic(this, 'Tickets', { displayName: `${config.project} ${config.stage} tickets (P2/P3)`, enforceSSL: true });
    if (config.alertEmail) for (const t of [this.paging, this.ticket]) t.addSubscription(new subs.EmailSubscription(config.alertEmail));
  }

  /** The topic of a severity's topic name. */
  topicOf(topic: Topic): sns.Topic {
    return topic === 'paging' ? this.paging : this.ticket;
  }

  /** NotifyFailure's topic (one failed job is a ticket). */
  get topic(): sns.Topic {
    return this.ticket;
  }
}
