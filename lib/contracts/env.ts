/**
 * Environment variables of the deployed platform, in one place: the names lib/infra's constructs set
 * and the handlers (lambdas/, batch-image/) read, and per function the zod schema of what it reads.
 * A construct passes `EnvValues<F>` (the compiler holds it to the schema's keys); a handler reads
 * its environment once with `readEnv(F)`. test/infra holds every function's template environment
 * against its schema.
 */
import { z } from 'zod';
import { QpoError } from './errors';

/** Names of the platform's own variables. */
export const ENV = {
  /** The results bucket (also Braket's: its name starts with amazon-braket-). */
  RESULTS_BUCKET: 'RESULTS_BUCKET',
  /** ARN of the Batch job queue of the quantum path. */
  JOB_QUEUE: 'JOB_QUEUE',
  /** ARN of the job state machine. */
  STATE_MACHINE_ARN: 'STATE_MACHINE_ARN',
  /** Largest POST /optimize body, bytes. */
  MAX_REQUEST_BYTES: 'MAX_REQUEST_BYTES',
  /** Seconds of queueing and container start allowed on top of a job's quantum budget. */
  QUANTUM_STARTUP_GRACE_SECONDS: 'QUANTUM_STARTUP_GRACE_SECONDS',
  /** Comma-separated backend names the health check watches. */
  QUANTUM_BACKENDS: 'QUANTUM_BACKENDS',
  /** ARN of the Secrets Manager secret holding the IBM Quantum key: {"apiKey","crn"} (health check, CheckCapacity). */
  IBM_SECRET_ARN: 'QPO_IBM_SECRET_ARN',
  /** Milliseconds one provider status call (IBM Quantum, Braket) may take (health check, CheckCapacity). */
  PROVIDER_STATUS_TIMEOUT_MS: 'PROVIDER_STATUS_TIMEOUT_MS',
  /** qpo's version, recorded in every result. */
  QPO_VERSION: 'QPO_VERSION',
  /** The Batch container's input: the JobState as JSON (a container override of RunQuantumJob). */
  QPO_JOB: 'QPO_JOB',
  /** Memory budget of the state vector in the container, bytes. */
  QPO_MAX_STATE_BYTES: 'QPO_MAX_STATE_BYTES',
  /** Path of the bundled price file in the container image (the Dockerfile's ENV). */
  QPO_BUNDLED_PRICES: 'QPO_BUNDLED_PRICES',
  /** Name of the SSM parameter holding the platform-wide force-classical switch. */
  FORCE_CLASSICAL_PARAMETER: 'FORCE_CLASSICAL_PARAMETER',
  /** Seconds CheckCapacity keeps the switch's value before asking SSM again. */
  FORCE_CLASSICAL_CACHE_SECONDS: 'FORCE_CLASSICAL_CACHE_SECONDS',
  /** The job index (DynamoDB table name). */
  JOBS_TABLE: 'JOBS_TABLE',
  /** Days a job index entry is kept after its last change (TTL). */
  JOB_INDEX_RETENTION_DAYS: 'JOB_INDEX_RETENTION_DAYS',
} as const;

/** Names of the quantum providers' variables (read by lib/backends/environment.ts). */
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
  /**
   * Deadline of one provider HTTP attempt, seconds (default 10); a call with its retries gets 3x,
   * a provider's status check 2x, the cleanup grace (cancelling jobs) 1x (lib/backends/timeouts.ts).
   */
  PROVIDER_TIMEOUT_SECONDS: 'QPO_PROVIDER_TIMEOUT_SECONDS',
  /**
   * Provider seconds per second of the clock, in (0, 1] (default 1): for test servers that run queues,
   * rate limits and sessions on a faster clock; plans and IBM's pacing window scale with it.
   */
  PROVIDER_TIME_SCALE: 'QPO_PROVIDER_TIME_SCALE',
  /** Seconds a job waits per job ahead of it in a provider queue, for execution plans (default 5). */
  QUEUE_SECONDS_PER_JOB: 'QPO_QUEUE_SECONDS_PER_JOB',
} as const;

/**
 * The operations runbook's switches, read once by the CLI (bin/cli/environment.ts): they sit between
 * a config file and the flags (config < environment < flags).
 */
export const RUNBOOK_ENV = {
  /** `true`: skip the quantum path, run the classical method (fallback.force; the runbook's P0 action). */
  FORCE_CLASSICAL_FALLBACK: 'FORCE_CLASSICAL_FALLBACK',
  /** quantum.backend: a device name as the runbook writes it (ibm_nairobi, ibmq_qasm_simulator, ...). */
  QUANTUM_BACKEND: 'QUANTUM_BACKEND',
  /** quantum.shots per evaluation. */
  VQE_SHOTS: 'VQE_SHOTS',
} as const;

/** Market data (`--prices tiingo`): the API token, the service's base URL, the local cache folder. */
export const MARKET_DATA_ENV = {
  TIINGO_API_KEY: 'TIINGO_API_KEY',
  /** Base URL of the Tiingo API (default https://api.tiingo.com; a test server in tests). */
  TIINGO_URL: 'QPO_TIINGO_URL',
  /** Folder of cached downloads (default $XDG_CACHE_HOME/qpo or ~/.cache/qpo). */
  CACHE_DIR: 'QPO_CACHE_DIR',
} as const;

const text = z.string().min(1);
const count = z.coerce.number().int().min(0);
const optional = text.optional();

/**
 * What every qpo Lambda handler reads (lib/infra/function.ts sets it for all of them, beside the
 * settings of Node and Powertools, which the handlers never read themselves).
 */
const LAMBDA_COMMON = {
  [ENV.QPO_VERSION]: text,
};

/** The provider settings a function may be given; all optional (a provider is off without them). */
const PROVIDERS = Object.fromEntries(Object.values(BACKEND_ENV).map((name) => [name, optional])) as Record<(typeof BACKEND_ENV)[keyof typeof BACKEND_ENV], typeof optional>;

/** Per function (the handler file name under lambdas/, or `batch` for the container) what it reads. */
export const FUNCTION_ENV = {
  'validate-and-prepare': z.object({ ...LAMBDA_COMMON, [ENV.RESULTS_BUCKET]: text, [ENV.QUANTUM_STARTUP_GRACE_SECONDS]: count }),
  'check-capacity': z.object({
    ...LAMBDA_COMMON,
    [ENV.JOB_QUEUE]: text,
    [ENV.IBM_SECRET_ARN]: text,
    [ENV.PROVIDER_STATUS_TIMEOUT_MS]: count,
    [ENV.FORCE_CLASSICAL_PARAMETER]: text,
    [ENV.FORCE_CLASSICAL_CACHE_SECONDS]: count,
  }),
  'annealing-fallback': z.object({ ...LAMBDA_COMMON, [ENV.RESULTS_BUCKET]: text }),
  'record-result': z.object({ ...LAMBDA_COMMON, [ENV.RESULTS_BUCKET]: text }),
  'optimize-api': z.object({ ...LAMBDA_COMMON, [ENV.STATE_MACHINE_ARN]: text, [ENV.MAX_REQUEST_BYTES]: count }),
  'get-job': z.object({ ...LAMBDA_COMMON, [ENV.STATE_MACHINE_ARN]: text, [ENV.RESULTS_BUCKET]: text, [ENV.JOBS_TABLE]: text }),
  'list-jobs': z.object({ ...LAMBDA_COMMON, [ENV.JOBS_TABLE]: text }),
  'cancel-job': z.object({ ...LAMBDA_COMMON, [ENV.STATE_MACHINE_ARN]: text, [ENV.JOB_QUEUE]: text, [ENV.JOBS_TABLE]: text, [ENV.JOB_INDEX_RETENTION_DAYS]: count }),
  'resubmit-job': z.object({ ...LAMBDA_COMMON, [ENV.STATE_MACHINE_ARN]: text, [ENV.JOBS_TABLE]: text, [ENV.JOB_INDEX_RETENTION_DAYS]: count }),
  'job-events': z.object({ ...LAMBDA_COMMON, [ENV.JOBS_TABLE]: text, [ENV.JOB_INDEX_RETENTION_DAYS]: count }),
  'health-check': z.object({ ...LAMBDA_COMMON, [ENV.JOB_QUEUE]: text, [ENV.QUANTUM_BACKENDS]: text, [ENV.IBM_SECRET_ARN]: text, [ENV.PROVIDER_STATUS_TIMEOUT_MS]: count }),
  batch: z.object({
    [ENV.RESULTS_BUCKET]: text,
    [ENV.QPO_JOB]: text,
    [ENV.QPO_MAX_STATE_BYTES]: count.optional(),
    [ENV.QPO_BUNDLED_PRICES]: optional,
    [ENV.QPO_VERSION]: optional,
    ...PROVIDERS,
  }),
} as const;

export type FunctionName = keyof typeof FUNCTION_ENV;
export type FunctionEnv<F extends FunctionName> = z.infer<(typeof FUNCTION_ENV)[F]>;

/** The string values a construct must set for function F (the Lambda-wide ones come from qpoFunction). */
export type EnvValues<F extends FunctionName> = Omit<{ [K in keyof z.input<(typeof FUNCTION_ENV)[F]>]: string }, keyof typeof LAMBDA_COMMON>;

/** The variables qpoFunction sets on every Lambda. */
export const LAMBDA_COMMON_NAMES: readonly string[] = Object.keys(LAMBDA_COMMON);

/** The names function F reads, and which of them it requires. */
export function envNamesOf(fn: FunctionName): { all: string[]; required: string[] } {
  const shape = FUNCTION_ENV[fn].shape as Record<string, z.ZodType>;
  const all = Object.keys(shape);
  return { all, required: all.filter((k) => !shape[k]!.safeParse(undefined).success) };
}

/**
 * The environment of function F, parsed once per call (call it once at the edge). Reads only the
 * names of its schema.
 * @throws QpoError INTERNAL naming each missing or malformed variable (a deployment bug).
 */
export function readEnv<F extends FunctionName>(fn: F, env: Readonly<Record<string, string | undefined>> = process.env): FunctionEnv<F> {
  const schema = FUNCTION_ENV[fn];
  const picked = Object.fromEntries(Object.keys(schema.shape).map((k) => [k, env[k]]));
  const parsed = schema.safeParse(picked);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${String(i.path[0])} ${picked[String(i.path[0])] === undefined ? 'is not set' : `is invalid (${i.message})`}`);
    throw new QpoError('INTERNAL', `the ${fn} function's environment is incomplete: ${problems.join('; ')} (lib/infra sets it; lib/contracts/env.ts lists it)`);
  }
  return parsed.data as FunctionEnv<F>;
}
