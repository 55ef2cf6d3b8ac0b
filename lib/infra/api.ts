/**
 * The REST API: POST /optimize (202 + jobId; starts the job machine), GET /jobs (the job index,
 * filtered and paginated), GET /jobs/{jobId} (phase and result), POST /jobs/{jobId}/cancel and
 * POST /jobs/{jobId}/resubmit; IAM (SigV4) authorization, request validation (body and parameters),
 * throttling, access and execution logs, X-Ray. Request size is capped by the optimize handler.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StageConfig } from './config';
import { DEFAULTS } from './defaults';
import { qpoFunction } from './function';
import { ENV } from '../contracts/env';

export class JobsApi extends Construct {
  readonly api: apigw.RestApi;
  readonly functions: Record<'optimize' | 'getJob' | 'listJobs' | 'cancelJob' | 'resubmitJob', lambda.Function>;

  constructor(scope: Construct, id: string, props: { config: StageConfig; stateMachine: sfn.StateMachine; bucket: s3.IBucket; jobIndex: dynamodb.ITable; jobQueueArn: string }) {
    super(scope, id);
    const { config, stateMachine, bucket, jobIndex } = props;
    const timeout = Duration.seconds(DEFAULTS.lambdaTimeoutSeconds.api);
    const optimize = qpoFunction(this, 'Optimize', {
      handler: 'optimize-api',
      timeout,
      environment: { [ENV.STATE_MACHINE_ARN]: stateMachine.stateMachineArn, [ENV.MAX_REQUEST_BYTES]: String(DEFAULTS.maxRequestBytes) },
    });
    stateMachine.grantStartExecution(optimize);
    // A repeat of a finished job: StartExecution answers ExecutionAlreadyExists, and the function
    // compares the inputs (DescribeExecution) to answer with the original job.
    stateMachine.grantExecution(optimize, 'states:DescribeExecution');
    const getJob = qpoFunction(this, 'GetJob', {
      handler: 'get-job',
      timeout,
      environment: { [ENV.STATE_MACHINE_ARN]: stateMachine.stateMachineArn, [ENV.RESULTS_BUCKET]: bucket.bucketName, [ENV.JOBS_TABLE]: jobIndex.tableName },
    });
    stateMachine.grantRead(getJob);
    bucket.grantRead(getJob, 'portfolio-optimization/*');
    jobIndex.grantReadData(getJob);
    const listJobs = qpoFunction(this, 'ListJobs', { handler: 'list-jobs', timeout, environment: { [ENV.JOBS_TABLE]: jobIndex.tableName } });
    jobIndex.grantReadData(listJobs);
    const retention = String(config.jobIndexRetentionDays);
    const cancelJob = qpoFunction(this, 'CancelJob', {
      handler: 'cancel-job',
      timeout,
      environment: { [ENV.STATE_MACHINE_ARN]: stateMachine.stateMachineArn, [ENV.JOB_QUEUE]: props.jobQueueArn, [ENV.JOBS_TABLE]: jobIndex.tableName, [ENV.JOB_INDEX_RETENTION_DAYS]: retention },
    });
    stateMachine.grantExecution(cancelJob, 'states:DescribeExecution', 'states:StopExecution');
    cancelJob.addToRolePolicy(new iam.PolicyStatement({ sid: 'TerminateQuantumContainer', actions: ['batch:ListJobs', 'batch:TerminateJob'], resources: ['*'] }));
    jobIndex.grantReadWriteData(cancelJob);
    const resubmitJob = qpoFunction(this, 'ResubmitJob', {
      handler: 'resubmit-job',
      timeout,
      environment: { [ENV.STATE_MACHINE_ARN]: stateMachine.stateMachineArn, [ENV.JOBS_TABLE]: jobIndex.tableName, [ENV.JOB_INDEX_RETENTION_DAYS]: retention },
    });
    stateMachine.grantStartExecution(resubmitJob);
    stateMachine.grantExecution(resubmitJob, 'states:DescribeExecution');
    jobIndex.grantReadWriteData(resubmitJob);
    this.functions = { optimize, getJob, listJobs, cancelJob, resubmitJob };

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: DEFAULTS.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    this.api = new apigw.RestApi(this, 'Api', {
      restApiName: `${config.project}-${config.stage}`,
      description: 'qpo portfolio optimization jobs',
      cloudWatchRole: true,
      deployOptions: {
        stageName: config.stage,
        throttlingRateLimit: config.api.throttleRatePerSecond,
        throttlingBurstLimit: config.api.throttleBurst,
        accessLogDestination: new apigw.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.INFO,
        tracingEnabled: true,
      },
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
    });
    const validator = this.api.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });
    const jobSpecModel = this.api.addModel('JobSpec', {
      contentType: 'application/json',
      schema: {
        schema: apigw.JsonSchemaVersion.DRAFT4,
        title: 'JobSpec',
        type: apigw.JsonSchemaType.OBJECT,
        required: ['portfolio'],
        properties: { portfolio: { type: apigw.JsonSchemaType.OBJECT }, schemaVersion: { type: apigw.JsonSchemaType.INTEGER } },
      },
    });
    this.api.root.addResource('optimize').addMethod('POST', new apigw.LambdaIntegration(optimize), {
      requestValidator: validator,
      requestModels: { 'application/json': jobSpecModel },
      requestParameters: { 'method.request.header.Idempotency-Key': false },
    });
    const jobs = this.api.root.addResource('jobs');
    jobs.addMethod('GET', new apigw.LambdaIntegration(listJobs), {
      requestValidator: validator,
      requestParameters: Object.fromEntries(['status', 'since', 'until', 'solver', 'fallback', 'limit', 'nextToken'].map((q) => [`method.request.querystring.${q}`, false])),
    });
    const job = jobs.addResource('{jobId}');
    job.addMethod('GET', new apigw.LambdaIntegration(getJob), { requestValidator: validator, requestParameters: { 'method.request.path.jobId': true } });
    const cancelModel = this.api.addModel('CancelRequest', {
      contentType: 'application/json',
      schema: {
        schema: apigw.JsonSchemaVersion.DRAFT4,
        title: 'CancelRequest',
        type: apigw.JsonSchemaType.OBJECT,
        properties: { reason: { type: apigw.JsonSchemaType.STRING, maxLength: 500 } },
        additionalProperties: false,
      },
    });
    job.addResource('cancel').addMethod('POST', new apigw.LambdaIntegration(cancelJob), {
      requestValidator: validator,
      requestModels: { 'application/json': cancelModel },
      requestParameters: { 'method.request.path.jobId': true },
    });
    job.addResource('resubmit').addMethod('POST', new apigw.LambdaIntegration(resubmitJob), {
      requestValidator: validator,
      requestParameters: { 'method.request.path.jobId': true, 'method.request.header.Idempotency-Key': false },
    });
  }
}
