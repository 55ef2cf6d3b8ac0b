/**
 * cdk-nag AwsSolutions findings this stack accepts, each with its reason (cdk-nag 3 reads them
 * through aws-cdk-lib's Validations). Ids with logical ids are computed, so they follow renames.
 */
import { Validations, type CfnElement, type Stack } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

const S3_WILDCARD_ACTIONS = ['s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'];

export interface AcknowledgementTargets {
  readonly bucket: IConstruct;
  /** Lambdas the state machine invokes (their `:*` version ARNs). */
  readonly invokedFunctions: readonly IConstruct[];
  readonly scheduledFunctions: readonly IConstruct[];
  readonly jobStateMachine: IConstruct;
  /** The job index table (its GSI ARNs end in /index/*). */
  readonly jobIndexTable: IConstruct;
}

export function acknowledgeFindings(stack: Stack, t: AcknowledgementTargets): void {
  const id = (c: IConstruct) => stack.resolve(stack.getLogicalId(c.node.defaultChild as CfnElement)) as string;
  const ack = (rule: string, reason: string) => Validations.of(stack).acknowledge({ id: rule, reason });
  const bucket = id(t.bucket);
  for (const action of S3_WILDCARD_ACTIONS)
    ack(`AwsSolutions-IAM5[Action::${action}]`, `CDK grantRead/grantReadWrite action groups, limited to the results bucket prefixes (portfolio-optimization/*, datasets/*)`);
  ack(`AwsSolutions-IAM5[Resource::<${bucket}.Arn>/portfolio-optimization/*]`, 'one object per job under the job prefix; job ids are not known at deploy time');
  ack(`AwsSolutions-IAM5[Resource::<${bucket}.Arn>/braket-tasks/*]`, 'Amazon Braket task results, one folder per task under the Braket prefix; task ids are not known at deploy time');
  ack(`AwsSolutions-IAM5[Resource::<${bucket}.Arn>/datasets/*]`, 'read-only access to the uploaded price datasets');
  ack(
    'AwsSolutions-IAM5[Resource::*]',
    'actions without resource-level permissions: X-Ray PutTraceSegments, batch:ListJobs/DescribeJobs/TerminateJob (job ids unknown), Braket quantum tasks (task ARNs unknown), ecr:GetAuthorizationToken, logs delivery of the state machine',
  );
  for (const fn of [...t.invokedFunctions, ...t.scheduledFunctions])
    ack(`AwsSolutions-IAM5[Resource::<${id(fn)}.Arn>:*]`, 'Lambda invoke permission includes the function versions and aliases (CDK grantInvoke)');
  const sm = id(t.jobStateMachine);
  ack(
    `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:<AWS::Region>:<AWS::AccountId>:execution:{"Fn::Select":[6,{"Fn::Split":[":",{"Ref":"${sm}"}]}]}:*]`,
    'describe/stop executions of the job state machine only (execution names are job ids, unknown at deploy time)',
  );
  ack(`AwsSolutions-IAM5[Resource::<${id(t.jobIndexTable)}.Arn>/index/*]`, 'CDK grantReadData/grantReadWriteData on the job index includes its global secondary index (byCreated), queried by the listing');
  ack('AwsSolutions-SQS3', 'the queue is itself the dead-letter queue of the job-events EventBridge targets (EventBridge DLQs are not SQS redrive policies, which cdk-nag cannot see)');
  ack('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', 'the AWS-managed minimal Lambda logging policy');
  ack('AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]', 'the AWS-managed policy API Gateway needs to write its execution logs');
  ack('AwsSolutions-COG4', 'the API uses IAM (SigV4) authorization; there are no end-user identities to put in Cognito');
  ack('AwsSolutions-APIG3', 'IAM-authorized internal API with throttling; a WAF WebACL can be attached per account policy (docs/deploy.md)');
  ack('AwsSolutions-SMG4', 'the IBM Quantum API key is issued and rotated in the IBM Quantum console, not by a rotation Lambda (docs/deploy.md)');
}
