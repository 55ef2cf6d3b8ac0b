/**
 * The REST API: POST /optimize (202 + jobId; starts the job machine) and GET /jobs/{jobId}
 * (phase and result), IAM (SigV4) authorization, request validation (body and parameters),
 * throttling, access and execution logs, X-Ray. Request size is capped by the optimize handler.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { Duration } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { StageConfig } from './config';
import { DEFAULTS } from './defaults';
import { qpoFunction } from './function';
import { ENV } from '../contracts/env';

export class JobsApi extends Construct {
  readonly api: apigw.RestApi;

  constructor(scope: Construct, id: string, props: { config: StageConfig; stateMachine: sfn.StateMachine; bucket: s3.IBucket }) {
    super(scope, id);
    const { config, stateMachine, bucket } = props;
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
    const getJob = qpoFunction(this, 'GetJob', { handler: 'get-job', timeout, environment: { [ENV.STATE_MACHINE_ARN]: stateMachine.stateMachineArn, [ENV.RESULTS_BUCKET]: bucket.bucketName } });
    stateMachine.grantRead(getJob);
    bucket.grantRead(getJob, 'portfolio-optimization/*');

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
    this.api.root
      .addResource('jobs')
      .addResource('{jobId}')
      .addMethod('GET', new apigw.LambdaIntegration(getJob), { requestValidator: validator, requestParameters: { 'method.request.path.jobId': true } });
  }
}
