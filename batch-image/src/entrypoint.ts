/**
 * The Batch container's entrypoint: runs the quantum step of one job (the JobState in QPO_JOB, as
 * the state machine's RunQuantumJob passes it) with lib/jobs runQuantumTask, leaving the answer
 * (or the failure reason) in S3 beside the result for RecordResult / the fallback.
 *
 * Environment (FUNCTION_ENV.batch of lib/contracts/env.ts): QPO_JOB (JSON JobState), RESULTS_BUCKET;
 * optional QPO_MAX_STATE_BYTES, QPO_BUNDLED_PRICES and the providers' QPO_IBM_API_KEY /
 * QPO_IBM_INSTANCE_CRN / QPO_BRAKET_BUCKET; the AWS SDK reads its own (AWS_REGION, AWS_ENDPOINT_URL_S3).
 * Exit codes (BATCH_EXIT of lib/contracts/errors.ts): 0 answered, 2 the job's input was rejected,
 * 3 the quantum path failed (the fallback answers), 1 anything else. The state machine sees any
 * non-zero exit as States.TaskFailed; the fallback step reads the reason this process stored.
 */
import * as os from 'node:os';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { BATCH_EXIT, batchExitCodeOf } from '../../lib/contracts/errors';
import { describeError } from '../../lib/jobs/errors';
import { emfLines, METRIC } from '../../lib/jobs/metrics';
import { S3AnswerStore, s3DatasetReader } from '../../lib/jobs/s3-store';
import { runQuantumTask, type JobState } from '../../lib/jobs/tasks';
import { backendEnvironment } from '../../lib/backends/environment';
import { readEnv, type FunctionEnv } from '../../lib/contracts/env';

function log(level: 'INFO' | 'ERROR', message: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: 'qpo-batch', ...extra })}\n`);
}

export async function main(environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  let env: FunctionEnv<'batch'>;
  let job: JobState;
  try {
    env = readEnv('batch', environment);
    job = JSON.parse(env.QPO_JOB) as JobState;
  } catch (error) {
    log('ERROR', `the container's environment is broken (the job definition and the state machine set it): ${(error as Error).message}`);
    return BATCH_EXIT.internal;
  }
  const bucket = env.RESULTS_BUCKET;
  // Endpoints and checksum settings come from the SDK's own variables (AWS_ENDPOINT_URL_S3, ...).
  const s3 = new S3Client({});
  // Queue wait: from the end of ValidateAndPrepare to this container's start (EMF, extracted from the job's log stream).
  const queueWaitSeconds = Math.max(0, (Date.now() - job.createdAtMs) / 1000 - job.prepareSeconds);
  for (const line of emfLines([{ dimensions: {}, metrics: [{ name: METRIC.queueWait, unit: 'Seconds', value: queueWaitSeconds }] }])) process.stdout.write(`${line}\n`);
  const bundled = () => fs.readFile(env.QPO_BUNDLED_PRICES ?? path.resolve('data', 'stock_prices.csv'), 'utf8');
  try {
    const out = await runQuantumTask(job, {
      readDataset: s3DatasetReader(s3, bucket, bundled),
      answers: new S3AnswerStore(s3, bucket),
      maxStateBytes: env.QPO_MAX_STATE_BYTES ?? Math.floor(os.totalmem() * 0.75),
      // IBM key and CRN come from Secrets Manager through the job definition's secrets.
      backends: backendEnvironment({ ...env, QPO_MAX_STATE_BYTES: undefined, AWS_REGION: environment.AWS_REGION }),
    });
    log('INFO', 'quantum step answered', { jobId: job.jobId, ...out });
    return BATCH_EXIT.answered;
  } catch (error) {
    const d = describeError(error);
    log('ERROR', d.body.message, { jobId: job.jobId, error: (error as Error).name, code: d.body.code });
    return batchExitCodeOf(d.body.code);
  } finally {
    s3.destroy();
  }
}

if (require.main === module) void main().then((code) => (process.exitCode = code));
