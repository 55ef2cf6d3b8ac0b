/**
 * The Lambdas' edge: configuration from the environment (set by lib/infra), AWS clients, and the
 * middy wrapper with the Powertools logger and EMF metrics (namespace QuantumComputing).
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import middy from '@middy/core';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { S3Client } from '@aws-sdk/client-s3';
import { emfLines, METRICS_NAMESPACE, METRICS_SERVICE, type MetricGroup } from '../../lib/jobs/metrics';
import { S3AnswerStore, S3ReportStore, S3ResultStore, s3DatasetReader } from '../../lib/jobs/s3-store';
import { readEnv, type FunctionEnv, type FunctionName } from '../../lib/contracts/env';

/**
 * The function's environment, parsed once (lib/contracts/env.ts): each handler calls this with its
 * own name and reads nothing else of process.env.
 */
export function functionEnv<F extends FunctionName>(fn: F): FunctionEnv<F> {
  return (ENVS[fn] ??= readEnv(fn)) as FunctionEnv<F>;
}
const ENVS: Partial<Record<FunctionName, unknown>> = {};

export const logger = new Logger({ serviceName: METRICS_SERVICE });
export const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

/** Wrap a handler: Lambda context in every log line, EMF metrics flushed (cold start included). */
export function wrap<E, R>(handler: (event: E, context: { getRemainingTimeInMillis(): number }) => Promise<R>) {
  return middy(handler).use(injectLambdaContext(logger)).use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/** Metric groups as EMF lines on stdout (CloudWatch extracts them from the log stream). */
export function emitMetrics(groups: MetricGroup[]): void {
  for (const line of emfLines(groups)) process.stdout.write(`${line}\n`);
}

let s3: S3Client | undefined;
export const s3Client = () => (s3 ??= new S3Client({}));

/** The bundled prices: copied beside the bundle at synth (lib/infra), or data/ in the repository. */
async function bundledPrices(): Promise<string> {
  // LAMBDA_TASK_ROOT is the Lambda runtime's own variable (the folder of the deployment package).
  const candidates = [path.join(process.env.LAMBDA_TASK_ROOT ?? '/nonexistent', 'stock_prices.csv'), path.resolve('data', 'stock_prices.csv')];
  for (const file of candidates) {
    try {
      return await fs.readFile(file, 'utf8');
    } catch {
      // try the next place
    }
  }
  throw new Error('the bundled prices (stock_prices.csv) are missing from the deployment package');
}

/** The S3 stores of a function that is given RESULTS_BUCKET. */
export const stores = (bucket: string) => {
  return {
    store: new S3ResultStore(s3Client(), bucket),
    answers: new S3AnswerStore(s3Client(), bucket),
    reports: new S3ReportStore(s3Client(), bucket),
    readDataset: s3DatasetReader(s3Client(), bucket, bundledPrices),
  };
};

/** The software versions recorded in results. */
export const software = (qpoVersion: string) => ({ qpo: qpoVersion, node: process.version });
