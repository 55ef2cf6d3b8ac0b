/**
 * The job index: a DynamoDB table (on-demand, point-in-time recovery, TTL) listing jobs without
 * reading their results, kept by the job-events Lambda from EventBridge: the job machine's
 * "Step Functions Execution Status Change" events (every start, whatever started it: the API, a
 * schedule, a sweep; every end, including timeouts and cancels) and the quantum queue's "Batch Job
 * State Change" events (BatchJobSucceeded / BatchJobFailed). Undeliverable events go to a dead-letter
 * queue that a P3 alarm watches. The table is derived data (rebuildable from executions and results),
 * so it is removed with the stack. Why DynamoDB and not S3: docs/deploy.md#the-job-index.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { JOB_INDEX_KEYS } from '../jobs/dynamo-job-index';
import { ENV } from '../contracts/env';
import type { StageConfig } from './config';
import { qpoFunction } from './function';

export class JobIndexTable extends Construct {
  readonly table: dynamodb.Table;
  readonly eventsFunction: lambda.Function;
  readonly deadLetters: sqs.Queue;

  constructor(scope: Construct, id: string, props: { config: StageConfig; stateMachine: sfn.IStateMachine; jobQueueArn: string }) {
    super(scope, id);
    const { config } = props;
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: JOB_INDEX_KEYS.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: JOB_INDEX_KEYS.ttl,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: JOB_INDEX_KEYS.gsi,
      partitionKey: { name: JOB_INDEX_KEYS.gsiPartitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: JOB_INDEX_KEYS.gsiSortKey, type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
    const fn = qpoFunction(this, 'JobEvents', {
      handler: 'job-events',
      timeout: Duration.seconds(30),
      environment: { [ENV.JOBS_TABLE]: this.table.tableName, [ENV.JOB_INDEX_RETENTION_DAYS]: String(config.jobIndexRetentionDays) },
    });
    this.table.grantReadWriteData(fn);
    this.eventsFunction = fn;
    this.deadLetters = new sqs.Queue(this, 'DeadLetters', { enforceSSL: true, encryption: sqs.QueueEncryption.SQS_MANAGED, retentionPeriod: Duration.days(14) });
    const target = new targets.LambdaFunction(fn, { deadLetterQueue: this.deadLetters, retryAttempts: 8, maxEventAge: Duration.hours(6) });
    new events.Rule(this, 'ExecutionStatus', {
      description: 'qpo job machine execution status changes -> the job index',
      eventPattern: { source: ['aws.states'], detailType: ['Step Functions Execution Status Change'], detail: { stateMachineArn: [props.stateMachine.stateMachineArn] } },
      targets: [target],
    });
    new events.Rule(this, 'QuantumContainerStatus', {
      description: 'qpo quantum containers that ended -> BatchJobSucceeded / BatchJobFailed',
      eventPattern: { source: ['aws.batch'], detailType: ['Batch Job State Change'], detail: { jobQueue: [props.jobQueueArn], status: ['SUCCEEDED', 'FAILED'] } },
      targets: [target],
    });
  }
}
