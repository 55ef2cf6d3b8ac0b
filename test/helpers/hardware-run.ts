/**
 * A 6-asset job with default settings against the IBM and Braket test servers under realistic
 * limits (issue 11, "Wall time"): a 20 s queue per job outside a session (4 jobs queued x 5 s),
 * IBM's 5 job creations per minute, run time from shots times bindings, Braket's quotas; all on a
 * clock `scale` times a provider's (1 = real time: `npm run test:hardware-realtime`). The dry run's
 * plan and the run's record come back side by side. Shared by test/workflow/hardware-wall-time and
 * bench/hardware-plan.ts.
 */
import { readFile } from 'node:fs/promises';
import type { BackendEnvironment } from '../../lib/backends';
import { dryRunJob } from '../../lib/jobs/dry-run';
import type { ResultRecord } from '../../lib/jobs/result';
import { startFakeBraket, FAKE_BRAKET_DEVICES, type FakeBraket } from '../fakes/braket-server';
import { DEFAULT_DEVICES, FAKE_API_KEY, FAKE_CRN, startFakeIbm, type FakeIbm } from '../fakes/ibm-server';
import { startFakeS3, type FakeS3 } from '../fakes/s3';
import { PRICES_CSV } from './problems';
import { runProviderJob } from './provider-job';

export const SIX_ASSETS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'WMT'];
export const BUCKET = 'amazon-braket-us-east-1-123456789012';
/** Jobs ahead in the queue x seconds per queued job = the 20 s queue of the issue. */
export const QUEUED_JOBS = 4;
export const SECONDS_PER_QUEUED_JOB = 5;
export const BUDGET_SECONDS = 600;

export interface HardwareRun {
  readonly record: ResultRecord;
  readonly plan: NonNullable<Awaited<ReturnType<typeof dryRunJob>>['plan']>;
  readonly metrics: Record<string, unknown>[];
}

export interface Servers {
  readonly env: BackendEnvironment;
  readonly ibm: FakeIbm;
  readonly braket: FakeBraket;
  readonly s3: FakeS3;
  close(): Promise<void>;
}

/** The IBM and Braket test servers with the limits on a clock `scale` times a provider's. */
export async function startServers(scale: number): Promise<Servers> {
  const ibm = await startFakeIbm(
    DEFAULT_DEVICES.map((d) => (d.name === 'fake_fez' ? { ...d, queueLength: QUEUED_JOBS } : d)),
    11,
    { timing: { timeScale: scale, queueSecondsPerJob: SECONDS_PER_QUEUED_JOB, jobsPerMinute: 5 } },
  );
  const s3 = await startFakeS3([BUCKET]);
  const braket = await startFakeBraket(
    s3.client,
    FAKE_BRAKET_DEVICES.map((d) => (d.name === 'SV1' ? { ...d, queueSize: String(QUEUED_JOBS) } : { ...d })),
    13,
    { timing: { timeScale: scale, queueSecondsPerTask: SECONDS_PER_QUEUED_JOB } },
  );
  const env: BackendEnvironment = {
    ibm: { apiKey: FAKE_API_KEY, crn: FAKE_CRN, apiUrl: `${ibm.url}/api`, iamUrl: ibm.url },
    braket: { bucket: BUCKET, prefix: 'wall', region: 'us-east-1', endpoints: { braket: braket.url, s3: s3.url } },
    // the default polling (1 s, backing off to 5 s) on the scaled clock
    poll: { initialIntervalMs: 1000 * scale, maxIntervalMs: 5000 * scale },
    timeScale: scale,
  };
  return { env, ibm, braket, s3, close: async () => { await ibm.close(); await braket.close(); await s3.close(); } };
}

/** The job: 6 assets, default settings but the backend, its budget on the scaled clock, a fixed seed. */
export function hardwareSpec(backend: string, scale: number, quantum: Record<string, unknown> = {}) {
  return { portfolio: { tickers: SIX_ASSETS }, quantum: { backend, timeoutSeconds: BUDGET_SECONDS * scale, seed: 7, ...quantum } };
}

/** Plan it (the dry run), then run it through the local state machine with CheckCapacity asking the providers. */
export async function planAndRun(env: BackendEnvironment, spec: Record<string, unknown>): Promise<HardwareRun> {
  const readDataset = async () => readFile(PRICES_CSV, 'utf8');
  const dry = await dryRunJob(spec, readDataset, env);
  const { record, metrics } = await runProviderJob(spec, env, 'hw');
  return { record, plan: dry.plan!, metrics };
}
