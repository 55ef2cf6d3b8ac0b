/**
 * The quantum providers' settings from environment variables: names shared by the CLI, the Batch
 * container (whose job definition injects the IBM key from Secrets Manager) and the docs. A pure
 * mapping: the edge passes its environment in, once. A malformed QPO_PROVIDER_TIMEOUT_SECONDS is
 * refused (BACKEND_NOT_CONFIGURED, a user error naming the variable).
 */
import { BACKEND_ENV } from '../contracts/env';
import type { BackendEnvironment } from './factory';
import { BackendError } from './errors';
import { timeoutsFromRequestSeconds } from './timeouts';
import { POLL_MAX_INTERVAL_MS } from './poll';

/** Environment variables of the quantum providers (names from lib/contracts/env.ts). */
export { BACKEND_ENV };

/**
 * The provider settings from the environment, read once. IBM is configured when the API key and
 * CRN are set, Braket when a results bucket is set (AWS credentials, region and
 * AWS_ENDPOINT_URL_BRAKET / AWS_ENDPOINT_URL_S3 are read by the AWS SDK itself).
 */
export function backendEnvironment(env: Readonly<Record<string, string | undefined>>): BackendEnvironment {
  const apiKey = env[BACKEND_ENV.IBM_API_KEY];
  const crn = env[BACKEND_ENV.IBM_INSTANCE_CRN];
  const bucket = env[BACKEND_ENV.BRAKET_BUCKET];
  const price = Number(env[BACKEND_ENV.IBM_USD_PER_SECOND]);
  const poll = Number(env[BACKEND_ENV.POLL_INTERVAL_MS]);
  const paceText = env[BACKEND_ENV.IBM_JOBS_PER_MINUTE];
  const timeoutText = env[BACKEND_ENV.PROVIDER_TIMEOUT_SECONDS];
  const timeout = Number(timeoutText);
  if (timeoutText !== undefined && timeoutText !== '' && !(Number.isFinite(timeout) && timeout > 0 && timeout <= 3600)) {
    throw new BackendError('BACKEND_NOT_CONFIGURED', `${BACKEND_ENV.PROVIDER_TIMEOUT_SECONDS}: '${timeoutText}' is not a number of seconds between 0 and 3600; set e.g. 10, or unset it for the default`, { path: BACKEND_ENV.PROVIDER_TIMEOUT_SECONDS });
  }
  const pace = paceText === 'unlimited' ? Infinity : Number(paceText);
  const timeScale = positive(env, BACKEND_ENV.PROVIDER_TIME_SCALE, 1, 'a number in (0, 1], e.g. 0.025 for a test server whose clock runs 40 times faster');
  const queueSecondsPerJob = positive(env, BACKEND_ENV.QUEUE_SECONDS_PER_JOB, 86_400, 'seconds between 0 and 86400, e.g. 5');
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
    ...(Number.isFinite(timeout) && timeout > 0 ? { timeouts: timeoutsFromRequestSeconds(timeout) } : {}),
    // never shown in a message, in any encoding (the SDK reads them itself)
    ...(env.AWS_SECRET_ACCESS_KEY || env.AWS_SESSION_TOKEN ? { secrets: [env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].filter((s): s is string => Boolean(s)) } : {}),
    ...(timeScale === undefined ? {} : { timeScale }),
    ...(queueSecondsPerJob === undefined ? {} : { queueSecondsPerJob }),
    ...(Number.isFinite(poll) && poll > 0 ? { poll: { initialIntervalMs: poll, maxIntervalMs: Math.max(poll, Math.min(POLL_MAX_INTERVAL_MS, 5 * poll)) } } : {}),
  };
}


/** A positive number variable up to `max`, or undefined when unset. @throws BackendError BACKEND_NOT_CONFIGURED naming it */
function positive(env: Readonly<Record<string, string | undefined>>, name: string, max: number, what: string): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const value = Number(text);
  if (!(Number.isFinite(value) && value > 0 && value <= max)) throw new BackendError('BACKEND_NOT_CONFIGURED', `${name}: '${text}' is out of range; must be ${what}, or unset`, { path: name });
  return value;
}
