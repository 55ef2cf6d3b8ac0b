/**
 * Results storage: the S3 bucket named with the `amazon-braket-` prefix (Braket writes task results
 * only to such buckets), encrypted, versioned, public access blocked, TLS enforced, access-logged,
 * moved to Glacier after N days. Objects: portfolio-optimization/<jobId>/result.json and the step
 * answers (raw counts) beside it; datasets under datasets/.
 */
import { Aws, Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from './config';

export class ResultsStorage extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, config: StageConfig) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Results', {
      bucketName: `amazon-braket-${config.project}-${config.stage}-${Aws.ACCOUNT_ID}-${Aws.REGION}`,
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'results/',
      lifecycleRules: [
        { id: 'glacier', prefix: 'portfolio-optimization/', transitions: [{ storageClass: s3.StorageClass.GLACIER, transitionAfter: Duration.days(config.glacierAfterDays) }] },
        { id: 'old-versions', noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }
}
