/**
 * The platform stack: assertions on every resource kind and the properties that matter, one
 * snapshot (the deployed state machine definition), and the synthesized definition run locally.
 * One synth without Lambda bundling (aws:cdk:bundling-stacks: []) shared by the tests.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readFile } from 'node:fs/promises';
import { App } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import aslValidator from 'asl-validator';
import { parseStageConfig } from '../../lib/infra/config';
import { HANDLER_TAG } from '../../lib/infra/function';
import { ENV, envNamesOf, FUNCTION_ENV, type FunctionName } from '../../lib/contracts/env';
import { QpoStack } from '../../lib/infra/stack';
import { FileResultStore } from '../../lib/jobs';
import { STATE } from '../../lib/workflow';
import { LocalWorkflow } from '../../lib/workflow/local-runner';
import { runJobLocally, type LocalRunDeps } from '../../lib/workflow/run-local';
import { logicalIdOf, renderAsl } from '../helpers/render-asl';
import { PRICES_CSV } from '../helpers/problems';

const config = parseStageConfig({
  stage: 'test',
  alertEmail: 'oncall@example.com',
  backends: ['local', 'ibm:ibm_torino'],
  schedules: [{ name: 'nightly', expression: 'cron(0 2 ? * MON-FRI *)', spec: { portfolio: { tickers: ['AAPL', 'JPM'] } } }],
});
let template: Template;
let raw: any;

beforeAll(() => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  const stack = new QpoStack(app, 'Test', { config });
  template = Template.fromStack(stack);
  raw = template.toJSON();
});

const jobMachineId = () => logicalIdOf(raw, 'AWS::StepFunctions::StateMachine', 'JobStateMachine');

describe('QpoStack resources', () => {
  it('results bucket: amazon-braket- name, encrypted, versioned, private, TLS only, access-logged, Glacier after 90 days', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketName: { 'Fn::Join': ['', Match.arrayWith([Match.stringLikeRegexp('^amazon-braket-qpo-test-')])] },
      BucketEncryption: Match.anyValue(),
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'results/' }),
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'portfolio-optimization/', Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }] })]) },
    });
    template.resourceCountIs('AWS::S3::Bucket', 2);
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  it('Batch: Fargate compute (256 vCPUs), queue, job definition 4 vCPU / 8 GiB with the results bucket, non-root image, timeout above the state timeout', () => {
    template.hasResourceProperties('AWS::Batch::ComputeEnvironment', { Type: 'managed', ComputeResources: Match.objectLike({ Type: 'FARGATE', MaxvCpus: 256 }) });
    template.resourceCountIs('AWS::Batch::JobQueue', 1);
    template.hasResourceProperties('AWS::Batch::JobDefinition', {
      PlatformCapabilities: ['FARGATE'],
      Timeout: { AttemptDurationSeconds: 1260 },
      ContainerProperties: Match.objectLike({
        ResourceRequirements: Match.arrayWith([{ Type: 'MEMORY', Value: '8192' }, { Type: 'VCPU', Value: '4' }]),
        Environment: Match.arrayWith([Match.objectLike({ Name: 'RESULTS_BUCKET' }), Match.objectLike({ Name: 'QPO_BRAKET_BUCKET' })]),
        Secrets: Match.arrayWith([Match.objectLike({ Name: 'QPO_IBM_API_KEY' }), Match.objectLike({ Name: 'QPO_IBM_INSTANCE_CRN' })]),
        ReadonlyRootFilesystem: true,
      }),
    });
    template.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'REJECT' });
  });

  it('job role: its S3 prefix, Braket tasks and the IBM secret only', () => {
    const roleId = logicalIdOf(raw, 'AWS::IAM::Role', 'BatchJobRole');
    const policy = Object.values(raw.Resources as Record<string, any>).find((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId));
    const statements = JSON.stringify(policy.Properties.PolicyDocument.Statement);
    expect(statements).toContain('braket:CreateQuantumTask');
    expect(statements).toContain('secretsmanager:GetSecretValue');
    expect(statements).toContain('/portfolio-optimization/*');
    expect(statements).not.toMatch(/"s3:\*"|"\*:\*"/);
  });

  it('the optimize function may describe executions (a repeat of a finished job answers with it), never start them from GET', () => {
    const policyOf = (id: string) => {
      const roleId = logicalIdOf(raw, 'AWS::IAM::Role', id);
      const p = Object.values(raw.Resources as Record<string, any>).find((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId));
      return JSON.stringify(p.Properties.PolicyDocument.Statement);
    };
    expect(policyOf('OptimizeServiceRole')).toMatch(/states:StartExecution[\s\S]*states:DescribeExecution|states:DescribeExecution[\s\S]*states:StartExecution/);
    expect(policyOf('GetJobServiceRole')).not.toContain('states:StartExecution');
  });

  it('Lambdas: Node 24 on arm64, traced, configured through the environment', () => {
    const fns = Object.values(raw.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Runtime?.startsWith('nodejs24'));
    expect(fns.length).toBe(11);
    for (const fn of fns) expect(fn.Properties).toMatchObject({ Architectures: ['arm64'], TracingConfig: { Mode: 'Active' } });
    template.hasResourceProperties('AWS::Lambda::Function', { Timeout: 900, MemorySize: 3008, Environment: { Variables: Match.objectLike({ RESULTS_BUCKET: Match.anyValue() }) } });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ QUANTUM_BACKENDS: 'local,ibm:ibm_torino', JOB_QUEUE: Match.anyValue(), QPO_IBM_SECRET_ARN: Match.anyValue() }) } });
  });

  it('every function is given exactly the variables its handler reads (lib/contracts/env.ts), by name', () => {
    const lambdas = Object.values(raw.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Tags?.some((t: any) => t.Key === HANDLER_TAG));
    const handlers = lambdas.map((r) => r.Properties.Tags.find((t: any) => t.Key === HANDLER_TAG).Value as FunctionName).sort();
    expect(handlers).toEqual(Object.keys(FUNCTION_ENV).filter((f) => f !== 'batch').sort());
    for (const r of lambdas) {
      const handler = r.Properties.Tags.find((t: any) => t.Key === HANDLER_TAG).Value as FunctionName;
      const given = Object.keys(r.Properties.Environment.Variables);
      const { all, required } = envNamesOf(handler);
      expect({ handler, missing: required.filter((k) => !given.includes(k)) }).toEqual({ handler, missing: [] });
      // Beyond what the handler reads, only the runtime settings of Node and Powertools.
      expect({ handler, unread: given.filter((k) => !all.includes(k) && !['NODE_OPTIONS', 'POWERTOOLS_SERVICE_NAME', 'POWERTOOLS_METRICS_NAMESPACE', 'AWS_NODEJS_CONNECTION_REUSE_ENABLED'].includes(k)) }).toEqual({ handler, unread: [] });
    }
    // The Batch container: the job definition's environment and secrets, the state machine's override (QPO_JOB).
    const container = Object.values(raw.Resources as Record<string, any>).find((r) => r.Type === 'AWS::Batch::JobDefinition')!.Properties.ContainerProperties;
    const given = [...container.Environment.map((e: any) => e.Name), ...container.Secrets.map((e: any) => e.Name), ENV.QPO_JOB];
    expect(envNamesOf('batch').required.filter((k) => !given.includes(k))).toEqual([]);
    expect(given.filter((k) => !envNamesOf('batch').all.includes(k))).toEqual([]);
  });

  it('state machines: STANDARD, logging ALL, X-Ray, ARNs through definitionSubstitutions, least-privilege role', () => {
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      StateMachineType: 'STANDARD',
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
      TracingConfiguration: { Enabled: true },
      DefinitionSubstitutions: Match.objectLike({
        ValidateAndPrepareFunctionArn: Match.anyValue(),
        AnnealingFallbackFunctionArn: Match.anyValue(),
        JobQueueArn: Match.anyValue(),
        JobDefinitionArn: Match.anyValue(),
        AlertsTopicArn: Match.anyValue(),
      }),
    });
    template.resourceCountIs('AWS::StepFunctions::StateMachine', 2);
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: 'sns:Publish' }), Match.objectLike({ Sid: 'SubmitQuantumJob', Action: 'batch:SubmitJob' })]) },
    });
  });

  it('API: IAM auth on every method, validation, throttling, access logs', () => {
    template.resourcePropertiesCountIs('AWS::ApiGateway::Method', { AuthorizationType: 'AWS_IAM' }, 5);
    const paths = Object.values(raw.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::ApiGateway::Resource').map((r) => r.Properties.PathPart).sort();
    expect(paths).toEqual(['cancel', 'jobs', 'optimize', 'resubmit', '{jobId}'].sort());
    template.hasResourceProperties('AWS::ApiGateway::Method', {
      HttpMethod: 'GET',
      RequestParameters: Match.objectLike({ 'method.request.querystring.status': false, 'method.request.querystring.nextToken': false, 'method.request.querystring.since': false }),
    });
    template.hasResourceProperties('AWS::ApiGateway::Model', { Schema: Match.objectLike({ title: 'CancelRequest', additionalProperties: false }) });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'POST', RequestParameters: { 'method.request.header.Idempotency-Key': false }, RequestModels: Match.anyValue() });
    template.hasResourceProperties('AWS::ApiGateway::Method', { HttpMethod: 'GET', RequestParameters: { 'method.request.path.jobId': true } });
    template.hasResourceProperties('AWS::ApiGateway::RequestValidator', { ValidateRequestBody: true, ValidateRequestParameters: true });
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      StageName: 'test',
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      MethodSettings: [Match.objectLike({ ThrottlingRateLimit: 10, ThrottlingBurstLimit: 20, LoggingLevel: 'INFO' })],
      TracingEnabled: true,
    });
  });

  it('schedules: the stage config JobSpecs and the health check', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 2 ? * MON-FRI *)',
      Target: Match.objectLike({ Input: JSON.stringify({ portfolio: { tickers: ['AAPL', 'JPM'] } }) }),
    });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  it('alerts: a paging and a ticket topic, both TLS-only with the on-call email (alarms: test/infra/alarm-table.test.ts)', () => {
    template.resourceCountIs('AWS::SNS::Topic', 2);
    template.resourcePropertiesCountIs('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'oncall@example.com' }, 2);
  });

  it('the force-classical switch: an SSM parameter created off, read (only) by CheckCapacity with a 30 s cache', () => {
    template.hasResourceProperties('AWS::SSM::Parameter', { Name: '/qpo/test/force-classical', Type: 'String', Value: JSON.stringify({ forced: false, reason: null, setBy: null, setAt: null }) });
    const paramId = logicalIdOf(raw, 'AWS::SSM::Parameter', 'ForceClassical');
    const capacity = Object.entries(raw.Resources as Record<string, any>).find(([, r]) => r.Type === 'AWS::Lambda::Function' && r.Properties.Tags?.some((t: any) => t.Value === 'check-capacity'))!;
    expect(capacity[1].Properties.Environment.Variables).toMatchObject({ FORCE_CLASSICAL_PARAMETER: { Ref: paramId }, FORCE_CLASSICAL_CACHE_SECONDS: '30' });
    const roleId = capacity[1].Properties.Role['Fn::GetAtt'][0];
    const policies = Object.values(raw.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId));
    const statements = policies.flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([expect.objectContaining({ Action: expect.arrayContaining(['ssm:GetParameter']) })]));
    expect(JSON.stringify(statements)).not.toMatch(/ssm:PutParameter/);
    expect(raw.Outputs.ForceClassicalParameter.Value).toEqual({ Ref: paramId });
  });

  it('the job index: DynamoDB on demand with PITR, TTL and the byCreated index, fed by EventBridge rules with a dead-letter queue', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'jobId', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'byCreated', KeySchema: [{ AttributeName: 'kind', KeyType: 'HASH' }, { AttributeName: 'createdKey', KeyType: 'RANGE' }] })],
    });
    const smId = jobMachineId();
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { source: ['aws.states'], 'detail-type': ['Step Functions Execution Status Change'], detail: { stateMachineArn: [{ Ref: smId }] } },
      Targets: [Match.objectLike({ DeadLetterConfig: Match.anyValue(), RetryPolicy: { MaximumRetryAttempts: 8, MaximumEventAgeInSeconds: 21600 } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', { EventPattern: Match.objectLike({ source: ['aws.batch'], 'detail-type': ['Batch Job State Change'] }) });
    template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
    const fn = (handler: string) => Object.values(raw.Resources as Record<string, any>).find((r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Tags?.some((t: any) => t.Value === handler))!;
    const statementsOf = (handler: string) => {
      const roleId = fn(handler).Properties.Role['Fn::GetAtt'][0];
      return JSON.stringify(Object.values(raw.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::IAM::Policy' && r.Properties.Roles.some((x: any) => x.Ref === roleId)).map((p) => p.Properties.PolicyDocument));
    };
    expect(statementsOf('cancel-job')).toMatch(/states:StopExecution/);
    expect(statementsOf('cancel-job')).toMatch(/batch:TerminateJob/);
    expect(statementsOf('resubmit-job')).toMatch(/states:StartExecution/);
    expect(statementsOf('list-jobs')).not.toMatch(/dynamodb:(PutItem|UpdateItem)/);
    expect(statementsOf('list-jobs')).toMatch(/dynamodb:Query/);
  });

  it("the runbook's check of quantum credits: an alarm when less than 10 % of the IBM instance's seconds are left", () => {
    const alarms = Object.values(raw.Resources as Record<string, any>).filter((r) => r.Type === 'AWS::CloudWatch::Alarm').map((r) => r.Properties);
    const credits = alarms.find((a) => a.MetricName === 'RemainingQuantumShare');
    expect(credits).toMatchObject({ Threshold: 0.1, ComparisonOperator: 'LessThanThreshold' });
    expect(credits.Dimensions).toEqual(expect.arrayContaining([{ Name: 'backend', Value: 'ibm' }]));
  });

  it('the IBM API key secret: read by the job role, the health check and CheckCapacity, and only that secret', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    const secretId = logicalIdOf(raw, 'AWS::SecretsManager::Secret', 'IbmQuantumApiKey');
    const readers = Object.values(raw.Resources as Record<string, any>)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .filter((p) => p.Properties.PolicyDocument.Statement.some((st: any) => ([] as string[]).concat(st.Action).includes('secretsmanager:GetSecretValue')));
    const roles = readers.flatMap((p) => p.Properties.Roles.map((x: any) => x.Ref as string));
    expect(roles).toEqual(expect.arrayContaining([expect.stringMatching(/BatchJobRole/), expect.stringMatching(/HealthCheck/), expect.stringMatching(/CheckCapacity/)]));
    for (const p of readers)
      for (const st of p.Properties.PolicyDocument.Statement.filter((x: any) => ([] as string[]).concat(x.Action).includes('secretsmanager:GetSecretValue')))
        expect(st.Resource).toEqual({ Ref: secretId });
  });
});

describe('the synthesized job definition', () => {
  it('is the lib/workflow definition with the ARNs filled, valid ASL (snapshot)', () => {
    const asl = renderAsl(raw, jobMachineId());
    expect(aslValidator(asl).isValid).toBe(true);
    const quantum = asl.States[STATE.runQuantumJob];
    expect(quantum).toMatchObject({ Resource: 'arn:aws:states:::batch:submitJob.sync', TimeoutSeconds: 1200 });
    expect(quantum.Parameters.JobQueue).toMatch(/^arn:aws:batch:.*job-queue\//);
    expect(asl.States[STATE.runAnnealingFallback].TimeoutSeconds).toBe(900);
    expect(asl).toMatchSnapshot();
    const sweep = renderAsl(raw, logicalIdOf(raw, 'AWS::StepFunctions::StateMachine', 'SweepStateMachine'));
    expect(aslValidator(sweep).isValid).toBe(true);
    expect(sweep.States[STATE.sweep].ItemProcessor.States[STATE.runSweepJob].Parameters.StateMachineArn).toMatch(/:stateMachine:/);
  });

  it('runs locally: quantum success, and a Batch state timeout caught into the fallback', async () => {
    const asl = renderAsl(raw, jobMachineId());
    asl.States[STATE.runQuantumJob].TimeoutSeconds = 1; // the test's short state timeout
    const workflow = new LocalWorkflow(asl);
    const deps = (): LocalRunDeps => ({
      readDataset: async () => readFile(PRICES_CSV, 'utf8'),
      store: new FileResultStore(mkdtempSync(path.join(tmpdir(), 'qpo-infra-'))),
      now: () => Date.now(),
      newJobId: () => `infra-${process.hrtime.bigint()}`,
      randomSeed: () => 5,
      software: { qpo: 'test', node: process.version },
      workflow,
    });
    const ok = await runJobLocally({ portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2 }, deps());
    expect(ok.fallback).toEqual({ activated: false, reason: null, message: null });
    expect(ok.solver).toBe('vqe');
    // A quantum budget above the state timeout: the state's TimeoutSeconds (1 s) fires first.
    const late = await runJobLocally(
      { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT', 'BAC', 'PFE'] }, quantum: { optimizer: 'spsa', maxIterations: 100000, timeoutSeconds: 3 }, fallback: { annealing: { numReads: 10, numSweeps: 200 } } },
      deps(),
    );
    expect(late.fallback).toMatchObject({ activated: true, reason: 'timeout' });
  });
});
