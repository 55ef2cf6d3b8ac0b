/**
 * The quantum path's compute: a VPC (2 AZs, flow logs), a Fargate compute environment (max vCPUs
 * from the stage config), a job queue, and the job definition of batch-image/ (4 vCPU / 8 GiB by
 * default) whose job role may only touch its S3 prefix, Braket quantum tasks and the IBM API key.
 */
import * as path from 'node:path';
import { Duration, RemovalPolicy, Size } from 'aws-cdk-lib';
import * as batch from 'aws-cdk-lib/aws-batch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as secrets from 'aws-cdk-lib/aws-secretsmanager';
import { BACKEND_ENV, ENV } from '../contracts/env';
import { Construct } from 'constructs';
import type { StageConfig } from './config';
import { DEFAULTS } from './defaults';
import { REPO_ROOT } from './function';

export class QuantumBatch extends Construct {
  readonly vpc: ec2.Vpc;
  readonly queue: batch.JobQueue;
  readonly jobDefinition: batch.EcsJobDefinition;
  readonly ibmSecret: secrets.Secret;
  readonly jobRole: iam.Role;

  constructor(scope: Construct, id: string, props: { config: StageConfig; bucket: s3.IBucket }) {
    super(scope, id);
    const { config, bucket } = props;
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      flowLogs: { rejected: { trafficType: ec2.FlowLogTrafficType.REJECT } },
    });
    const computeEnvironment = new batch.FargateComputeEnvironment(this, 'Compute', {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      maxvCpus: config.batch.maxVcpus,
    });
    this.queue = new batch.JobQueue(this, 'Queue', { computeEnvironments: [{ computeEnvironment, order: 1 }] });

    this.ibmSecret = new secrets.Secret(this, 'IbmQuantumApiKey', {
      description: 'IBM Quantum API key (set the value after deploy; see docs/deploy.md)',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.jobRole = new iam.Role(this, 'JobRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    bucket.grantReadWrite(this.jobRole, 'portfolio-optimization/*');
    bucket.grantReadWrite(this.jobRole, 'braket-tasks/*');
    bucket.grantRead(this.jobRole, 'datasets/*');
    this.ibmSecret.grantRead(this.jobRole);
    this.jobRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'BraketTasks',
        actions: ['braket:CreateQuantumTask', 'braket:GetQuantumTask', 'braket:CancelQuantumTask', 'braket:GetDevice', 'braket:SearchDevices'],
        resources: ['*'],
      }),
    );
    const logGroup = new logs.LogGroup(this, 'JobLogs', { retention: DEFAULTS.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
    this.jobDefinition = new batch.EcsJobDefinition(this, 'JobDefinition', {
      container: new batch.EcsFargateContainerDefinition(this, 'Container', {
        image: ecs.ContainerImage.fromAsset(REPO_ROOT, { file: path.join('batch-image', 'Dockerfile') }),
        cpu: config.batch.jobVcpus,
        memory: Size.gibibytes(config.batch.jobMemoryGiB),
        jobRole: this.jobRole,
        readonlyRootFilesystem: true,
        fargateCpuArchitecture: ecs.CpuArchitecture.X86_64,
        // The secret is a JSON document {"apiKey": "...", "crn": "..."} (docs/deploy.md).
        secrets: {
          [BACKEND_ENV.IBM_API_KEY]: batch.Secret.fromSecretsManager(this.ibmSecret, 'apiKey'),
          [BACKEND_ENV.IBM_INSTANCE_CRN]: batch.Secret.fromSecretsManager(this.ibmSecret, 'crn'),
        },
        environment: {
          [ENV.RESULTS_BUCKET]: bucket.bucketName,
          // Braket writes task results into the results bucket (its name starts with amazon-braket-).
          [BACKEND_ENV.BRAKET_BUCKET]: bucket.bucketName,
          [BACKEND_ENV.BRAKET_PREFIX]: 'braket-tasks',
          [ENV.QPO_MAX_STATE_BYTES]: String(Math.floor(config.batch.jobMemoryGiB * 2 ** 30 * 0.75)),
        },
        logging: ecs.LogDriver.awsLogs({ streamPrefix: 'quantum', logGroup }),
      }),
      timeout: Duration.seconds(config.batch.quantumStateTimeoutSeconds + 60),
      retryAttempts: 1,
      propagateTags: true,
    });
  }
}
