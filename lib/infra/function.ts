/**
 * One Node.js Lambda of lambdas/: Node 24 on arm64, bundled locally by esbuild (ESM, minified, AWS
 * SDK external), X-Ray tracing, its own log group; `withPrices` copies data/stock_prices.csv beside
 * the bundle (the 'bundled' dataset).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy, Tags } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULTS } from './defaults';
import { ENV, type EnvValues, type FunctionName } from '../contracts/env';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '../jobs/metrics';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface QpoFunctionProps<F extends LambdaName> {
  /** File under lambdas/, without extension. */
  readonly handler: F;
  /** Exactly the variables its handler reads (lib/contracts/env.ts), beside the Lambda-wide ones. */
  readonly environment: EnvValues<F>;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly withPrices?: boolean;
}

/** The Lambda handlers (every function of lib/contracts/env.ts but the Batch container). */
export type LambdaName = Exclude<FunctionName, 'batch'>;

/** qpo's version, recorded by every function in its results. */
const QPO_VERSION = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** The tag naming a function's handler (lambdas/<handler>.ts): tests and the offline cloud run read it from the template. */
export const HANDLER_TAG = 'qpo:handler';

export function qpoFunction<F extends LambdaName>(scope: Construct, id: string, props: QpoFunctionProps<F>): NodejsFunction {
  const fn = createFunction(scope, id, props);
  Tags.of(fn).add(HANDLER_TAG, props.handler);
  return fn;
}

function createFunction<F extends LambdaName>(scope: Construct, id: string, props: QpoFunctionProps<F>): NodejsFunction {
  const logGroup = new logs.LogGroup(scope, `${id}Logs`, { retention: DEFAULTS.logRetentionDays, removalPolicy: RemovalPolicy.DESTROY });
  return new NodejsFunction(scope, id, {
    entry: path.join(REPO_ROOT, 'lambdas', `${props.handler}.ts`),
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_24_X,
    architecture: lambda.Architecture.ARM_64,
    timeout: props.timeout,
    memorySize: props.memorySize ?? 1024,
    tracing: lambda.Tracing.ACTIVE,
    logGroup,
    projectRoot: REPO_ROOT,
    depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
    environment: {
      NODE_OPTIONS: '--enable-source-maps',
      POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      [ENV.QPO_VERSION]: QPO_VERSION,
      ...(props.environment as Record<string, string>),
    },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      mainFields: ['module', 'main'],
      banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
      // canvas: vega's optional native renderer (the reports render SVG without it).
      externalModules: ['@aws-sdk/*', 'canvas'],
      ...(props.withPrices
        ? {
            commandHooks: {
              beforeBundling: () => [],
              beforeInstall: () => [],
              afterBundling: (inputDir: string, outputDir: string) => [`cp "${inputDir}/data/stock_prices.csv" "${outputDir}/stock_prices.csv"`],
            },
          }
        : {}),
    },
  });
}
