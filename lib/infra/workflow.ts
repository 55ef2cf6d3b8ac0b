/**
 * The job state machine (STANDARD) built from lib/workflow's plain definition, with the ARNs filled
 * by definitionSubstitutions, logging (ALL) and X-Ray on; its task Lambdas; and the sweep machine
 * (a Map starting one job execution per JobSpec). IAM is written out because CDK cannot infer it
 * from a string definition.
 */
import { Arn, ArnFormat, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { jobDefinition, sweepDefinition } from '../workflow/definition';
import { SUBST } from '../workflow/names';
import type { QuantumBatch } from './batch';
import type { StageConfig } from './config';
import { DEFAULTS } from './defaults';
import { qpoFunction } from './function';
import { ENV } from '../contracts/env';

export interface WorkflowProps {
  readonly config: StageConfig;
  readonly bucket: s3.IBucket;
  readonly batch: QuantumBatch;
  readonly fallback: lambda.IFunction;
  readonly alerts: sns.ITopic;
}

export class JobWorkflow extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly sweepMachine: sfn.StateMachine;
  readonly functions: Record<'prepare' | 'capacity' | 'record', lambda.Function>;

  constructor(scope: Construct, id: string, props: WorkflowProps) {
    super(scope, id);
    const { config, bucket, batch } = props;
    const t = DEFAULTS.lambdaTimeoutSeconds;
    const prepare = qpoFunction(this, 'ValidateAndPrepare', {
      handler: 'validate-and-prepare',
      timeout: Duration.seconds(t.prepare),
      environment: { [ENV.RESULTS_BUCKET]: bucket.bucketName, [ENV.QUANTUM_STARTUP_GRACE_SECONDS]: String(config.batch.startupGraceSeconds) },
      withPrices: true,
    });
    // CheckCapacity asks the job's provider too: the IBM key from the stack's secret (read only that
    // secret), Braket device status through its role.
    const capacity = qpoFunction(this, 'CheckCapacity', {
      handler: 'check-capacity',
      timeout: Duration.seconds(t.capacity),
      environment: { [ENV.JOB_QUEUE]: batch.queue.jobQueueArn, [ENV.IBM_SECRET_ARN]: batch.ibmSecret.secretArn, [ENV.PROVIDER_STATUS_TIMEOUT_MS]: String(DEFAULTS.providerStatusTimeoutMs) },
    });
    const record = qpoFunction(this, 'RecordResult', { handler: 'record-result', timeout: Duration.seconds(t.record), environment: { [ENV.RESULTS_BUCKET]: bucket.bucketName }, withPrices: true });
    bucket.grantRead(prepare, 'datasets/*');
    // ValidateAndPrepare refuses a job id that already has a result (HeadObject) before any work.
    bucket.grantRead(prepare, 'portfolio-optimization/*');
    bucket.grantReadWrite(record, 'portfolio-optimization/*');
    bucket.grantRead(record, 'datasets/*');
    capacity.addToRolePolicy(new iam.PolicyStatement({ sid: 'ListJobs', actions: ['batch:ListJobs'], resources: ['*'] }));
    capacity.addToRolePolicy(new iam.PolicyStatement({ sid: 'BraketDeviceStatus', actions: ['braket:GetDevice'], resources: ['*'] }));
    batch.ibmSecret.grantRead(capacity);
    this.functions = { prepare, capacity, record };

    const definition = jobDefinition({
      lambdaTimeoutSeconds: { prepare: t.prepare, capacity: t.capacity, fallback: config.fallback.timeoutSeconds, record: t.record },
      quantumStateTimeoutSeconds: config.batch.quantumStateTimeoutSeconds,
      executionTimeoutSeconds: DEFAULTS.executionTimeoutSeconds,
      batchRetry: { intervalSeconds: 5, maxAttempts: 3, backoffRate: 2 },
    });
    const logGroup = new logs.LogGroup(this, 'ExecutionLogs', { retention: DEFAULTS.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    this.stateMachine = new sfn.StateMachine(this, 'JobStateMachine', {
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromString(JSON.stringify(definition)),
      definitionSubstitutions: {
        [SUBST.validateFn]: prepare.functionArn,
        [SUBST.capacityFn]: capacity.functionArn,
        [SUBST.fallbackFn]: props.fallback.functionArn,
        [SUBST.recordFn]: record.functionArn,
        [SUBST.jobQueue]: batch.queue.jobQueueArn,
        [SUBST.jobDefinition]: batch.jobDefinition.jobDefinitionArn,
        [SUBST.alertsTopic]: props.alerts.topicArn,
      },
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    for (const fn of [prepare, capacity, record, props.fallback]) fn.grantInvoke(this.stateMachine);
    props.alerts.grantPublish(this.stateMachine);
    const stack = Stack.of(this);
    const rule = (name: string) => Arn.format({ service: 'events', resource: 'rule', resourceName: name, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }, stack);
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'SubmitQuantumJob', actions: ['batch:SubmitJob'], resources: [batch.queue.jobQueueArn, batch.jobDefinition.jobDefinitionArn] }),
    );
    this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ sid: 'WatchQuantumJob', actions: ['batch:DescribeJobs', 'batch:TerminateJob'], resources: ['*'] }));
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'BatchSyncRule', actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'], resources: [rule('StepFunctionsGetEventsForBatchJobsRule')] }),
    );

    const sweepLogs = new logs.LogGroup(this, 'SweepLogs', { retention: DEFAULTS.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    this.sweepMachine = new sfn.StateMachine(this, 'SweepStateMachine', {
      definitionBody: sfn.DefinitionBody.fromString(
        JSON.stringify(sweepDefinition({ maxConcurrency: config.sweepMaxConcurrency, executionTimeoutSeconds: DEFAULTS.executionTimeoutSeconds })),
      ),
      definitionSubstitutions: { [SUBST.jobStateMachine]: this.stateMachine.stateMachineArn },
      logs: { destination: sweepLogs, level: sfn.LogLevel.ALL, includeExecutionData: true },
      tracingEnabled: true,
    });
    this.stateMachine.grantStartExecution(this.sweepMachine);
    this.stateMachine.grantExecution(this.sweepMachine, 'states:DescribeExecution', 'states:StopExecution');
    this.sweepMachine.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'NestedExecutionSyncRule',
        actions: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        resources: [rule('StepFunctionsGetEventsForStepFunctionsExecutionRule')],
      }),
    );
  }
}
