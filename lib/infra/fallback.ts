/**
 * The simulated-annealing fallback Lambda (RunAnnealingFallback): arm64, bundled locally; its
 * handler keeps a wall-clock budget below the timeout (lambdas/annealing-fallback.ts).
 */
import { Duration } from 'aws-cdk-lib';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { StageConfig } from './config';
import { qpoFunction } from './function';
import { ENV } from '../contracts/env';

export class AnnealingFallback extends Construct {
  readonly fn: NodejsFunction;

  constructor(scope: Construct, id: string, props: { config: StageConfig; bucket: s3.IBucket }) {
    super(scope, id);
    this.fn = qpoFunction(this, 'Function', {
      handler: 'annealing-fallback',
      timeout: Duration.seconds(props.config.fallback.timeoutSeconds),
      memorySize: props.config.fallback.memoryMiB,
      environment: { [ENV.RESULTS_BUCKET]: props.bucket.bucketName },
      withPrices: true,
    });
    props.bucket.grantReadWrite(this.fn, 'portfolio-optimization/*');
    props.bucket.grantRead(this.fn, 'datasets/*');
  }
}
