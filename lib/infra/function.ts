/**
 * One Node.js Lambda of lambdas/: Node 24 on arm64, bundled locally by esbuild (ESM, minified, AWS
 * SDK external), X-Ray tracing, its own log group; `withPrices` copies data/stock_prices.csv beside
 * the bundle (the 'bundled' dataset).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { DEFAULTS } from './defaults';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The platform's version (package.json), reported in every ResultRecord's `software.qpo`. */
export const QPO_VERSION: string = (JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

export interface QpoFunctionProps {
  /** File under lambdas/, without extension. */
  readonly handler: string;
  readonly environment?: Record<string, string>;
  readonly timeout: Duration;
  readonly memorySize?: number;
  readonly withPrices?: boolean;
}

export function qpoFunction(scope: Construct, id: string, props: QpoFunctionProps): NodejsFunction {
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
    environment: { NODE_OPTIONS: '--enable-source-maps', POWERTOOLS_SERVICE_NAME: 'qpo', POWERTOOLS_METRICS_NAMESPACE: 'QuantumComputing', QPO_VERSION, ...props.environment },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      minify: true,
      sourceMap: true,
      mainFields: ['module', 'main'],
      banner: "import { createRequire } from 'module';const require = createRequire(import.meta.url);",
      externalModules: ['@aws-sdk/*'],
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
