/**
 * The synthesized platform on 127.0.0.1: everything the assembly describes, started from the
 * assembly alone. S3 (s3rver with conditional writes), Secrets Manager, SNS, CloudWatch, Batch
 * (containers from the Dockerfile), Step Functions (the template's machines), Lambda (the bundled
 * assets), API Gateway (the template's REST API), SSM Parameter Store (the template's parameters),
 * DynamoDB (dynalite, the template's tables), EventBridge (the template's rules, fed by the
 * executions' and Batch jobs' status changes), the IBM Quantum and Amazon Braket test servers,
 * and the template's schedules, fired on demand. Every SDK client in the bundles reaches its
 * service through AWS_ENDPOINT_URL_<SERVICE>; the IBM hosts are redirected to the IBM test server.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BatchClient } from '@aws-sdk/client-batch';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { FAKE_BRAKET_DEVICES, startFakeBraket, type FakeBraket, type FakeBraketDevice } from '../fakes/braket-server';
import { DEFAULT_DEVICES, FAKE_API_KEY, FAKE_CRN, startFakeIbm, type FakeDevice, type FakeIbm } from '../fakes/ibm-server';
import { startS3, type LocalS3 } from '../helpers/s3rver';
import { startApiGateway, type LocalApi } from './aws/api-gateway';
import { startBatch, type JobDefinitionSpec, type LocalBatch } from './aws/batch';
import { startCloudWatch, type LocalCloudWatch } from './aws/cloudwatch';
import { startDynamoDb, type LocalDynamoDb } from './aws/dynamodb';
import { startEventBridge, type LocalEventBridge } from './aws/eventbridge';
import { startSsm, type LocalSsm } from './aws/ssm';
import { taskIntegration } from './aws/integrations';
import { startSecretsManager, type LocalSecretsManager } from './aws/secrets-manager';
import { startSns, type LocalSns } from './aws/sns';
import { startStepFunctions, type LocalStepFunctions, type MachineSpec, type TimeoutOverride } from './aws/stepfunctions';
import { buildImageCached } from './container/image';
import { LambdaEmulator } from './lambda/emulator';
import { CloudAssembly } from './template/assembly';
import { renderDefinition } from './template/definition';

/** The credentials of every role of the run (the services verify SigV4 with them). */
export const ROLE_CREDENTIALS = { accessKeyId: 'ASIAQPOCLOUDRUN', secretAccessKey: 'qpo-cloud-run-role-secret', sessionToken: 'qpo-cloud-run-session' };
/** The API caller's credentials (what `qpo submit` signs with). */
export const CALLER_CREDENTIALS = { accessKeyId: 'AKIDQPOTEST', secretAccessKey: 'qpo-test-secret-key' };
const REGION = 'us-east-1';
const PRELOAD = path.join(__dirname, 'sandbox', 'preload.mjs');

export interface CloudOptions {
  readonly assemblyDir: string;
  /**
   * Executions that run a state with a shorter TimeoutSeconds than the template's (the timeout
   * branch: its quantum job must time out within the run). Printed in the summary; every other
   * execution runs the template's definition unchanged.
   */
  readonly timeoutOverrides?: readonly TimeoutOverride[];
  /** Devices of the IBM test server (the configured IBM backends are added). */
  readonly ibmDevices?: readonly FakeDevice[];
  /** Devices of the Braket test server. */
  readonly braketDevices?: readonly FakeBraketDevice[];
}

export interface Cloud {
  readonly asm: CloudAssembly;
  readonly runRoot: string;
  readonly s3: LocalS3;
  readonly bucket: string;
  readonly secrets: LocalSecretsManager;
  readonly sns: LocalSns;
  readonly cloudwatch: LocalCloudWatch;
  readonly ssm: LocalSsm;
  readonly dynamodb: LocalDynamoDb;
  readonly events: LocalEventBridge;
  readonly batch: LocalBatch;
  readonly sfn: LocalStepFunctions;
  readonly lambda: LambdaEmulator;
  readonly api: LocalApi;
  readonly ibm: FakeIbm;
  readonly braket: FakeBraket;
  /** The devices the provider test servers serve. */
  readonly ibmDevices: readonly FakeDevice[];
  readonly braketDevices: readonly FakeBraketDevice[];
  /** Put a new IBM key into the stack's secret (as an operator rotating it would). */
  rotateIbmKey(apiKey: string): void;
  readonly jobQueueArn: string;
  readonly jobMachine: MachineSpec;
  readonly timeoutOverrides: readonly TimeoutOverride[];
  readonly imageSteps: readonly string[];
  /** A Step Functions client of the local endpoint (a role's credentials). */
  readonly sfnClient: SFNClient;
  /** Fire a schedule of the template (EventBridge Scheduler's target call). */
  fireSchedule(logicalIdPart: string): Promise<unknown>;
  close(): Promise<void>;
}

export async function startCloud(options: CloudOptions): Promise<Cloud> {
  const asm = new CloudAssembly(options.assemblyDir);
  const r = asm.resolver;
  const runRoot = mkdtempSync(path.join(tmpdir(), 'qpo-cloud-run-'));
  const closers: (() => Promise<void> | void)[] = [];
  try {
    const buckets = r.idsOfType('AWS::S3::Bucket').map((id) => r.physicalName(id));
    const s3 = await startS3(buckets, { accessKeys: [[ROLE_CREDENTIALS.accessKeyId, ROLE_CREDENTIALS.secretAccessKey]] });
    closers.push(() => s3.close());
    const bucket = r.physicalName(asm.logicalId('AWS::S3::Bucket', 'Results'));

    // The providers: the IBM instance (the stage's IBM backends among its devices) and Braket.
    const health = asm.functions().find((f) => f.qpoHandler === 'health-check');
    const configured = (health?.environment.QUANTUM_BACKENDS ?? '').split(',').filter(Boolean);
    const ibmNames = configured.filter((b) => b.startsWith('ibm:') && b !== 'ibm:least-busy').map((b) => b.slice(4));
    const ibmDevices = [...(options.ibmDevices ?? DEFAULT_DEVICES)];
    for (const name of ibmNames) if (!ibmDevices.some((d) => d.name === name)) ibmDevices.push({ ...DEFAULT_DEVICES[0]!, name, queueLength: 12 });
    const ibm = await startFakeIbm(ibmDevices);
    closers.push(() => ibm.close());
    const braketDevices = (options.braketDevices ?? FAKE_BRAKET_DEVICES).map((d) => ({ ...d }));
    const braket = await startFakeBraket(s3.client, braketDevices);
    closers.push(() => braket.close());

    const secrets = await startSecretsManager(ROLE_CREDENTIALS);
    closers.push(() => secrets.close());
    // As docs/deploy.md instructs after deploy: put the IBM key and CRN into the stack's secret.
    const putIbmKey = (apiKey: string) => {
      for (const id of r.idsOfType('AWS::SecretsManager::Secret')) secrets.put(r.ref(id), r.physicalName(id), JSON.stringify({ apiKey, crn: FAKE_CRN }));
    };
    putIbmKey(FAKE_API_KEY);
    const sns = await startSns(r.idsOfType('AWS::SNS::Topic').map((id) => r.ref(id)), ROLE_CREDENTIALS);
    closers.push(() => sns.close());
    const cloudwatch = await startCloudWatch(ROLE_CREDENTIALS);
    closers.push(() => cloudwatch.close());
    // Parameter Store: the roles read, an operator (the caller's credentials: qpo fallback force) writes.
    const parameters = r.idsOfType('AWS::SSM::Parameter').map((id) => {
      const p = r.resolve(r.resource(id).Properties, `${id}.Properties`) as { Name?: string; Type: string; Value: string };
      return { Name: r.physicalName(id), Type: p.Type, Value: p.Value };
    });
    const ssm = await startSsm(parameters, [ROLE_CREDENTIALS, CALLER_CREDENTIALS], REGION);
    closers.push(() => ssm.close());
    const dynamodb = await startDynamoDb(
      r.idsOfType('AWS::DynamoDB::Table').map((id) => ({ name: r.physicalName(id), properties: r.resolve(r.resource(id).Properties, `${id}.Properties`) as Record<string, any> })),
      ROLE_CREDENTIALS,
      REGION,
    );
    closers.push(() => dynamodb.close());

    // Batch: the queue, the job definition and its image, built from the staged Dockerfile context.
    const queues = r.idsOfType('AWS::Batch::JobQueue').map((id) => ({ arn: r.ref(id), name: r.physicalName(id) }));
    const imageCache = path.join(tmpdir(), 'qpo-cloud-run-images');
    const nodeModules = path.dirname(path.dirname(path.dirname(require.resolve('@aws-sdk/client-s3/package.json'))));
    const imageSteps: string[] = [];
    const definitions: JobDefinitionSpec[] = r.idsOfType('AWS::Batch::JobDefinition').map((id) => {
      const p = r.resource(id).Properties!;
      const container = r.resolve(p.ContainerProperties, `${id}.ContainerProperties`) as Record<string, any>;
      const image = buildImageCached(asm.dockerImage(String(container.Image)), imageCache, nodeModules);
      imageSteps.push(...image.steps);
      return {
        arn: r.ref(id),
        name: r.physicalName(id),
        container,
        ...(p.Timeout ? { timeout: p.Timeout } : {}),
        retryAttempts: Number(p.RetryStrategy?.Attempts ?? 1),
        image,
        logGroup: String(container.LogConfiguration?.Options?.['awslogs-group'] ?? '/aws/batch/job'),
      };
    });

    const endpoints: Record<string, string> = {};
    const clientConfig = (url: string) => ({ region: REGION, endpoint: url, credentials: ROLE_CREDENTIALS, maxAttempts: 1 });
    const secretsClient = new SecretsManagerClient(clientConfig(secrets.url));
    closers.push(() => secretsClient.destroy());
    const redirects = { 'https://iam.cloud.ibm.com': ibm.url, 'https://quantum.cloud.ibm.com': ibm.url };
    const batch = await startBatch({
      queues,
      definitions,
      credentials: ROLE_CREDENTIALS,
      region: REGION,
      runRoot,
      secret: async (valueFrom) => {
        const m = /^(arn:aws:secretsmanager:[^:]+:\d+:secret:[^:]+)(?::([^:]*))?/.exec(valueFrom);
        if (!m) throw new Error(`valueFrom ${valueFrom} is not a Secrets Manager ARN`);
        const out = await secretsClient.send(new GetSecretValueCommand({ SecretId: m[1] }));
        if (!m[2]) return out.SecretString ?? '';
        const value = (JSON.parse(out.SecretString ?? '{}') as Record<string, unknown>)[m[2]];
        if (value === undefined) throw new Error(`retrieved secret from Secrets Manager did not contain json key ${m[2]}`);
        return String(value);
      },
      platformEnv: (job, env) => ({
        AWS_ACCESS_KEY_ID: ROLE_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ROLE_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: ROLE_CREDENTIALS.sessionToken,
        ...endpoints,
        NODE_OPTIONS: `${env.NODE_OPTIONS ?? ''} --import=${pathToFileURL(PRELOAD).href}`.trim(),
        QPO_CLOUD_RUN_SANDBOX: JSON.stringify({ redirects, readsFile: path.join(runRoot, 'env-reads', `batch-${job.jobId}.jsonl`) }),
      }),
      onLog: (job, line) => cloudwatch.log(String(definitions.find((d) => d.arn === job.jobDefinition)?.logGroup ?? 'batch'), line),
    });
    closers.push(() => batch.close());

    const lambda = new LambdaEmulator(asm.functions(), {
      runRoot,
      platformEnv: () => ({
        AWS_REGION: REGION,
        AWS_DEFAULT_REGION: REGION,
        AWS_ACCESS_KEY_ID: ROLE_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ROLE_CREDENTIALS.secretAccessKey,
        AWS_SESSION_TOKEN: ROLE_CREDENTIALS.sessionToken,
        ...endpoints,
      }),
      redirects,
      onLog: (fn, line) => cloudwatch.log(fn.logGroup, line),
    });
    closers.push(() => lambda.close());

    // Step Functions: every machine of the template, its Tasks bound to their integrations.
    const machines: MachineSpec[] = r.idsOfType('AWS::StepFunctions::StateMachine').map((id) => {
      const definition = renderDefinition(r, id);
      const name = r.physicalName(id);
      const p = r.resource(id).Properties!;
      return { logicalId: id, arn: r.ref(id), name, type: p.StateMachineType ?? 'STANDARD', roleArn: String(r.resolve(p.RoleArn)), definition };
    });
    const lateClients: { sfn?: SFNClient } = {};
    const clients = {
      lambda,
      batch: new BatchClient(clientConfig(batch.url)),
      sns: new SNSClient(clientConfig(sns.url)),
      get sfn() {
        return lateClients.sfn!;
      },
    };
    closers.push(() => {
      clients.batch.destroy();
      clients.sns.destroy();
    });
    const timeoutOverrides = options.timeoutOverrides ?? [];
    const sfn = await startStepFunctions({ machines, credentials: ROLE_CREDENTIALS, timeoutOverrides, taskHandler: (m, state, s) => taskIntegration(clients, m, state, s) });
    closers.push(() => sfn.close());
    lateClients.sfn = new SFNClient(clientConfig(sfn.url));
    closers.push(() => lateClients.sfn!.destroy());

    Object.assign(endpoints, {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_BATCH: batch.url,
      AWS_ENDPOINT_URL_SFN: sfn.url,
      AWS_ENDPOINT_URL_SNS: sns.url,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ENDPOINT_URL_CLOUDWATCH: cloudwatch.url,
      AWS_ENDPOINT_URL_BRAKET: braket.url,
      AWS_ENDPOINT_URL_SSM: ssm.url,
      AWS_ENDPOINT_URL_DYNAMODB: dynamodb.url,
    });
    // After the functions and services it connects: closed (drained) before them.
    const events = startEventBridge({ resolver: r, lambda, sfn, batch, region: REGION, accountId: '123456789012' });
    closers.push(() => events.close());

    const api = await startApiGateway(asm, lambda, { credentials: CALLER_CREDENTIALS, region: REGION });
    closers.push(() => api.close());

    const jobMachine = machines.find((m) => m.logicalId.includes('JobStateMachine'));
    if (!jobMachine) throw new Error('assembly: no job state machine (JobStateMachine)');

    const fireSchedule = async (part: string) => {
      const id = asm.logicalId('AWS::Scheduler::Schedule', part);
      const target = r.resolve(r.resource(id).Properties!.Target, `${id}.Target`) as { Arn: string; Input?: string };
      if (target.Arn.startsWith('arn:aws:lambda:')) {
        const out = await lambda.invoke(target.Arn, target.Input ? JSON.parse(target.Input) : {});
        if (!out.ok) throw new Error(`schedule ${id}: ${out.error.errorType}: ${out.error.errorMessage}`);
        return out.payload;
      }
      const out = await lateClients.sfn!.send(new StartExecutionCommand({ stateMachineArn: target.Arn, input: target.Input ?? '{}' }));
      return out.executionArn;
    };

    return {
      asm,
      runRoot,
      s3,
      bucket,
      secrets,
      sns,
      cloudwatch,
      ssm,
      dynamodb,
      events,
      batch,
      sfn,
      lambda,
      api,
      ibm,
      braket,
      ibmDevices,
      braketDevices,
      rotateIbmKey: putIbmKey,
      jobQueueArn: queues[0]!.arn,
      jobMachine,
      timeoutOverrides,
      imageSteps,
      sfnClient: lateClients.sfn,
      fireSchedule,
      close: async () => {
        for (const c of closers.reverse()) await c();
      },
    };
  } catch (error) {
    for (const c of closers.reverse()) await c();
    throw error;
  }
}
