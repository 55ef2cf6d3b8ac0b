/**
 * The local runtime of the CLI: the dataset reader, the filesystem result store, clock, ids, seeds,
 * memory budget. Configuration is read here, once, at the edge.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobValidationError } from '../../lib/jobs/errors';
import { FileResultStore } from '../../lib/jobs/fs-store';
import type { JobDeps } from '../../lib/jobs/run-job';
import type { BackendEnvironment } from '../../lib/backends';

/** Environment variables of the quantum providers (names shared with docs and the platform). */
export const BACKEND_ENV = {
  IBM_API_KEY: 'QPO_IBM_API_KEY',
  IBM_INSTANCE_CRN: 'QPO_IBM_INSTANCE_CRN',
  /** API base up to `/api`, default from the CRN's region. */
  IBM_API_URL: 'QPO_IBM_API_URL',
  /** IAM host, default https://iam.cloud.ibm.com. */
  IBM_IAM_URL: 'QPO_IBM_IAM_URL',
  /** USD per QPU second for estimates (default 1.60, Pay-As-You-Go). */
  IBM_USD_PER_SECOND: 'QPO_IBM_USD_PER_SECOND',
  /** Pacing of IBM job creation per minute (default 5, IBM's limit); `unlimited` turns it off (test servers). */
  IBM_JOBS_PER_MINUTE: 'QPO_IBM_JOBS_PER_MINUTE',
  /** Braket results bucket (name starting with amazon-braket-); enables Braket. */
  BRAKET_BUCKET: 'QPO_BRAKET_BUCKET',
  BRAKET_PREFIX: 'QPO_BRAKET_PREFIX',
  /** First poll interval of provider jobs, ms (default 1000). */
  POLL_INTERVAL_MS: 'QPO_POLL_INTERVAL_MS',
} as const;

/**
 * The provider settings from the environment, read once. IBM is configured when the API key and
 * CRN are set, Braket when a results bucket is set (AWS credentials, region and
 * AWS_ENDPOINT_URL_BRAKET / AWS_ENDPOINT_URL_S3 are read by the AWS SDK itself).
 */
export function backendEnvironment(env: NodeJS.ProcessEnv = process.env): BackendEnvironment {
  const apiKey = env[BACKEND_ENV.IBM_API_KEY];
  const crn = env[BACKEND_ENV.IBM_INSTANCE_CRN];
  const bucket = env[BACKEND_ENV.BRAKET_BUCKET];
  const price = Number(env[BACKEND_ENV.IBM_USD_PER_SECOND]);
  const poll = Number(env[BACKEND_ENV.POLL_INTERVAL_MS]);
  const paceText = env[BACKEND_ENV.IBM_JOBS_PER_MINUTE];
  const pace = paceText === 'unlimited' ? Infinity : Number(paceText);
  return {
    ...(apiKey && crn
      ? {
          ibm: {
            apiKey,
            crn,
            ...(env[BACKEND_ENV.IBM_API_URL] ? { apiUrl: env[BACKEND_ENV.IBM_API_URL] } : {}),
            ...(env[BACKEND_ENV.IBM_IAM_URL] ? { iamUrl: env[BACKEND_ENV.IBM_IAM_URL] } : {}),
            ...(Number.isFinite(price) && price > 0 ? { usdPerQuantumSecond: price } : {}),
            ...(pace > 0 ? { jobsPerMinute: pace } : {}),
          },
        }
      : {}),
    ...(bucket ? { braket: { bucket, ...(env[BACKEND_ENV.BRAKET_PREFIX] ? { prefix: env[BACKEND_ENV.BRAKET_PREFIX] } : {}), ...(env.AWS_REGION ? { region: env.AWS_REGION } : {}) } } : {}),
    ...(Number.isFinite(poll) && poll > 0 ? { poll: { initialIntervalMs: poll, maxIntervalMs: Math.max(poll, Math.min(30_000, 30 * poll)) } } : {}),
  };
}

/** The repository root (bin/cli/../..). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');
export const BUNDLED_PRICES = path.join(PACKAGE_ROOT, 'data', 'stock_prices.csv');

/** Read a dataset: 'bundled' is data/stock_prices.csv, anything else a file path. */
export async function readDataset(dataset: string): Promise<string> {
  const file = dataset === 'bundled' ? BUNDLED_PRICES : path.resolve(dataset);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`;
    throw new JobValidationError(`portfolio.dataset: the price file '${dataset}' ${why}; pass a CSV with --prices FILE`, 'portfolio.dataset');
  }
}

/** Read a JSON or YAML file given on the command line. */
export async function readUserFile(file: string, flag: string): Promise<string> {
  try {
    return await fs.readFile(path.resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new JobValidationError(`${flag}: '${file}' ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`, flag);
  }
}

/** Version of this package. */
export function qpoVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(PACKAGE_ROOT, 'package.json')) as { version: string }).version;
}

/** A sortable, unique local job id. */
export function newJobId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `qpo-${stamp}-${randomUUID().slice(0, 8)}`;
}

/** The JobDeps of a local run writing to `outputDir`. */
export function localDeps(outputDir: string, extra: Partial<JobDeps> = {}): JobDeps {
  return {
    readDataset,
    store: new FileResultStore(path.resolve(outputDir)),
    now: () => Date.now(),
    newJobId: () => newJobId(),
    randomSeed: () => randomInt(0, 2 ** 31),
    software: { qpo: qpoVersion(), node: process.version },
    // Leave a quarter of free memory to the rest of the process.
    maxStateBytes: Math.floor(os.freemem() * 0.75),
    backends: backendEnvironment(),
    ...extra,
  };
}
