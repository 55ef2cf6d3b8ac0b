/**
 * The Batch container's entrypoint: runs the quantum step of one job (the JobState in QPO_JOB, as
 * the state machine's RunQuantumJob passes it) with lib/jobs runQuantumTask, leaving the answer
 * (or the failure reason) in S3 beside the result for RecordResult / the fallback.
 *
 * Environment: QPO_JOB (JSON JobState), RESULTS_BUCKET; optional S3_ENDPOINT (tests), QPO_MAX_STATE_BYTES,
 * and the providers' QPO_IBM_API_KEY / QPO_IBM_INSTANCE_CRN / QPO_BRAKET_BUCKET (lib/backends/environment.ts).
 * Exit codes: 0 answered, 2 the job's input was rejected, 3 the quantum path failed (the fallback
 * answers), 1 anything else.
 */
import * as os from 'node:os';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { describeError } from '../../lib/jobs/errors';
import { emfLines, METRIC } from '../../lib/jobs/metrics';
import { S3AnswerStore, s3DatasetReader } from '../../lib/jobs/s3-store';
import { runQuantumTask, type JobState } from '../../lib/jobs/tasks';
import { backendEnvironment } from '../../lib/backends/environment';

function log(level: 'INFO' | 'ERROR', message: string, extra: Record<string, unknown> = {}): void {
  process.stdout.write(`${JSON.stringify({ level, message, timestamp: new Date().toISOString(), service: 'qpo-batch', ...extra })}\n`);
}

export async function main(environment: NodeJS.ProcessEnv = process.env): Promise<number> {
  const bucket = environment.RESULTS_BUCKET;
  if (!environment.QPO_JOB || !bucket) {
    log('ERROR', 'QPO_JOB and RESULTS_BUCKET must be set');
    return 2;
  }
  let job: JobState;
  try {
    job = JSON.parse(environment.QPO_JOB) as JobState;
  } catch (error) {
    log('ERROR', `QPO_JOB is not JSON: ${(error as Error).message}`);
    return 2;
  }
  const s3 = new S3Client({
    ...(environment.S3_ENDPOINT
      ? { endpoint: environment.S3_ENDPOINT, forcePathStyle: true, region: environment.AWS_REGION ?? 'us-east-1', requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' }
      : {}),
  });
  // Queue wait: from the end of ValidateAndPrepare to this container's start (EMF, extracted from the job's log stream).
  const queueWaitSeconds = Math.max(0, (Date.now() - job.createdAtMs) / 1000 - job.prepareSeconds);
  for (const line of emfLines([{ dimensions: {}, metrics: [{ name: METRIC.queueWait, unit: 'Seconds', value: queueWaitSeconds }] }])) process.stdout.write(`${line}\n`);
  const bundled = () => fs.readFile(environment.QPO_BUNDLED_PRICES ?? path.resolve('data', 'stock_prices.csv'), 'utf8');
  try {
    const out = await runQuantumTask(job, {
      readDataset: s3DatasetReader(s3, bucket, bundled),
      answers: new S3AnswerStore(s3, bucket),
      maxStateBytes: Number(environment.QPO_MAX_STATE_BYTES ?? Math.floor(os.totalmem() * 0.75)),
      // IBM key and CRN come from Secrets Manager through the job definition's secrets.
      backends: backendEnvironment(environment),
    });
    log('INFO', 'quantum step answered', { jobId: job.jobId, ...out });
    return 0;
  } catch (error) {
    const d = describeError(error);
    log('ERROR', d.body.message, { jobId: job.jobId, error: (error as Error).name, code: d.body.code });
    if ((error as Error).name === 'QPO.InputRejected') return 2;
    if ((error as Error).name === 'States.Timeout' || (error as Error).name === 'QPO.QuantumPathFailed') return 3;
    return 1;
  } finally {
    s3.destroy();
  }
}

if (require.main === module) void main().then((code) => (process.exitCode = code));
