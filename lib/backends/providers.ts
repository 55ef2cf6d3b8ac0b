/**
 * The three providers behind the port, each opened read-only (status, queue, size, configuration)
 * into a raw Sampler with its cost estimator: the local simulator, IBM Quantum, Amazon Braket; and
 * the `quantum.backend` syntax. factory.ts wraps what these return.
 */
import type { Circuit } from '../quantum/circuit';
import type { Sampler, SamplerRequest } from '../quantum/ports';
import { createLocalSampler } from './local/sampler';
import { MAX_QUBITS } from '../quantum/statevector';
import type { TranspiledCircuit } from '../quantum/transpiler';
import { createBraketClients, getDevice } from './braket/client';
import { isSimulatorArn, regionOfDeviceArn, resolveDeviceArn, BRAKET_SIMULATOR_USD_PER_MINUTE, BRAKET_USD_PER_SHOT, BRAKET_USD_PER_TASK } from './braket/devices';
import { createBraketSampler } from './braket/sampler';
import { BackendError } from './errors';
import { normalizeBackendName } from './names';
import { IbmRuntimeClient, type IbmBackendConfiguration, type IbmUsage } from './ibm/client';
import { createIbmSampler, IBM_USD_PER_QUANTUM_SECOND } from './ibm/sampler';
import { readoutErrorOf, type QubitReadoutError } from './ibm/properties';
import type { PollOptions } from './poll';
import type { RetryPolicy } from './retry';
import type { BackendInfo, WeightPreset, Weights } from './select';
import { Redactor, redactError } from './redact';
import { SpendLedger, spendOf } from './spend';
import { deadline, resolveTimeouts, withinDeadline, type ProviderTimeouts } from './timeouts';
import type { DeviceFacts, ModelSettings } from './plan-model';

/** Provider settings, read once at the edge (CLI environment, Secrets Manager on AWS). */
export interface BackendEnvironment {
  readonly ibm?: {
    readonly apiKey: string;
    readonly crn: string;
    readonly apiUrl?: string;
    readonly iamUrl?: string;
    readonly usdPerQuantumSecond?: number;
    /** Client-side pacing of job creation (IBM allows 5 per minute per user). @default 5 */
    readonly jobsPerMinute?: number;
  };
  readonly braket?: {
    readonly bucket: string;
    readonly prefix?: string;
    readonly region?: string;
    /** Braket and S3 API endpoints (default: the SDK's, e.g. AWS_ENDPOINT_URL_BRAKET / AWS_ENDPOINT_URL_S3). */
    readonly endpoints?: { readonly braket?: string; readonly s3?: string };
  };
  readonly poll?: PollOptions;
  readonly retry?: RetryPolicy;
  /** Deadlines of every provider call (lib/backends/timeouts.ts; QPO_PROVIDER_TIMEOUT_SECONDS). */
  readonly timeouts?: Partial<ProviderTimeouts>;
  /** Other secrets no message may show (the AWS secret key and session token), read at the edge. */
  readonly secrets?: readonly string[];
  /**
   * Provider seconds per second of this environment's clock for plans and pacing (QPO_PROVIDER_TIME_SCALE):
   * 1 on real providers; test servers that run their clock faster set the same factor (docs/backends.md).
   */
  readonly timeScale?: number;
  /** Seconds a job waits per job ahead of it in a provider queue, for plans (QPO_QUEUE_SECONDS_PER_JOB). */
  readonly queueSecondsPerJob?: number;
  /** This side's own seconds per provider request, for plans (default 0.3 s; lib/backends/plan-model.ts). */
  readonly localSecondsPerRequest?: number;
}

/** The plan model's settings of an environment (lib/backends/plan-model.ts). */
export function modelSettingsOf(env: BackendEnvironment): ModelSettings {
  return {
    ...(env.timeScale === undefined ? {} : { timeScale: env.timeScale }),
    ...(env.queueSecondsPerJob === undefined ? {} : { queueSecondsPerJob: env.queueSecondsPerJob }),
    ...(env.localSecondsPerRequest === undefined ? {} : { localSecondsPerRequest: env.localSecondsPerRequest }),
    ...(env.ibm?.jobsPerMinute === undefined ? {} : { ibmJobsPerMinute: env.ibm.jobsPerMinute }),
    ...(env.ibm?.usdPerQuantumSecond === undefined ? {} : { ibmUsdPerQuantumSecond: env.ibm.usdPerQuantumSecond }),
    ...(env.poll ? { poll: env.poll } : {}),
  };
}

/** The redactor of `env`'s secrets (the IBM key, AWS credentials); tokens are added as they are issued. */
export function redactorOf(env: BackendEnvironment): Redactor {
  return new Redactor([env.ibm?.apiKey, ...(env.secrets ?? [])]);
}

export type BackendRef =
  | { readonly provider: 'local' }
  | { readonly provider: 'auto' }
  | { readonly provider: 'ibm'; readonly device: string }
  | { readonly provider: 'braket'; readonly arn: string };

/** Parse `quantum.backend`. @throws BackendError INVALID_BACKEND */
export function parseBackendRef(given: string): BackendRef {
  const value = normalizeBackendName(given).backend;
  if (value === 'local' || value === 'auto') return { provider: value };
  const m = /^(ibm|braket):(.+)$/.exec(value);
  if (m?.[1] === 'ibm') return { provider: 'ibm', device: m[2]! };
  if (m?.[1] === 'braket') return { provider: 'braket', arn: resolveDeviceArn(m[2]!) };
  throw new BackendError('INVALID_BACKEND', `quantum.backend: '${value}' is not a backend; use local, auto, ibm:<name>, ibm:least-busy or braket:<device ARN | sv1 | dm1 | ...>`, { path: 'quantum.backend' });
}

export interface BackendRequest {
  readonly backend: string;
  readonly numQubits: number;
  readonly seed: number;
  readonly maxStateBytes?: number;
  /** Shots per evaluation; omitted = exact probabilities where the backend has them. */
  readonly shots?: number;
  readonly optimizer: string;
  readonly maxIterations: number;
  /** Hard cap on objective evaluations (JobSpec quantum.maxEvaluations). */
  readonly maxEvaluations?: number;
  /** Total seconds the job's requests may wait in provider queues (JobSpec fallback.maxQueueWaitSeconds). */
  readonly maxQueueWaitSeconds?: number;
  readonly limits?: { readonly maxShots?: number; readonly maxCostUsd?: number };
  /** Largest acceptable queue (the JobSpec's fallback.queueThreshold unless selection.maxQueue). */
  readonly maxQueue?: number;
  readonly selection?: { readonly weights?: WeightPreset | Weights; readonly minQubits?: number };
  /** Readout mitigation on hardware. @default true */
  readonly mitigation?: boolean;
  readonly calibrationShots?: number;
  readonly requestTimeoutSeconds?: number;
  readonly jobId?: string;
  /**
   * Refuse the job up front when the per-evaluation estimate exceeds the limits (default). Callers
   * with an execution plan pass false and check the limits of the mode they run.
   */
  readonly checkEstimate?: boolean;
}

/** A provider backend before the guard and mitigation wrap it. */
export interface RawBackend {
  readonly info: BackendInfo;
  readonly sampler: Sampler;
  /** Every provider job/task the sampler created (none for the local simulator). */
  readonly ledger?: SpendLedger;
  /** Knows the provider's secrets and the tokens issued so far (none for the local simulator). */
  readonly redactor?: Redactor;
  estimateCostUsd(r: Pick<SamplerRequest, 'parameterSets' | 'shots'>): number;
  jobsPerRequest(sets: number): number;
  transpiled?(circuit: Circuit): TranspiledCircuit;
  /** What the plan model needs to know of the device. */
  readonly facts: DeviceFacts;
  /**
   * IBM only: open a Runtime session (dedicated) that the sampler's jobs join from now on; `close`
   * closes it (gracefully after a success, hard otherwise).
   */
  openSession?(maxTtlSeconds: number, signal?: AbortSignal): Promise<string>;
  /** Usage of the provider instance (IBM: GET /v1/usage), when the provider reports one. */
  usage?(signal?: AbortSignal): Promise<IbmUsage>;
  /**
   * IBM only: the readout error of `physicalQubits` (in that order) from the backend's calibration
   * data, or why there is none (ibm/properties.ts).
   */
  readoutError?(physicalQubits: readonly number[], signal?: AbortSignal): Promise<QubitReadoutError | { readonly missing: string }>;
  /**
   * Cancel what is still open on the provider (within the cleanup grace), close an open session
   * (hard unless `outcome` is 'succeeded') and free the clients.
   */
  close(outcome?: 'succeeded' | 'failed'): Promise<void>;
}

export function localBackend(req: BackendRequest): RawBackend {
  // In-process below 16 qubits, worker threads with a shared state vector above (lib/backends/local).
  const sampler = createLocalSampler({ seed: req.seed, ...(req.maxStateBytes === undefined ? {} : { maxStateBytes: req.maxStateBytes }) });
  const qubits = req.maxStateBytes === undefined ? MAX_QUBITS : Math.min(MAX_QUBITS, Math.floor(Math.log2(Math.max(16, req.maxStateBytes) / 16)));
  return {
    info: { name: 'local', provider: 'local', kind: 'simulator', status: 'online', available: true, queueDepth: 0, qubits, price: 'free' },
    sampler,
    estimateCostUsd: () => 0,
    jobsPerRequest: () => 0,
    facts: { name: 'local', provider: 'local', kind: 'simulator', queueDepth: 0 },
    close: () => sampler.close(),
  };
}

function ibmClient(env: BackendEnvironment, redactor: Redactor = redactorOf(env)): IbmRuntimeClient {
  if (!env.ibm?.apiKey || !env.ibm.crn) {
    throw new BackendError('BACKEND_NOT_CONFIGURED', 'quantum.backend: IBM Quantum needs QPO_IBM_API_KEY and QPO_IBM_INSTANCE_CRN in the environment', { path: 'quantum.backend' });
  }
  return new IbmRuntimeClient({
    ...env.ibm,
    redactor,
    ...(env.retry ? { retry: env.retry } : {}),
    ...(env.timeouts ? { timeouts: env.timeouts } : {}),
    ...(env.timeScale === undefined ? {} : { pacingWindowMs: 60_000 * env.timeScale }),
  });
}

export const ibmPriceText = (env: BackendEnvironment, simulator = false) => (simulator ? 'free' : `$${(env.ibm?.usdPerQuantumSecond ?? IBM_USD_PER_QUANTUM_SECOND).toFixed(2)}/QPU s`);

/** Cancel the ledger's open jobs within the cleanup grace (a backstop: samplers cancel their own). */
function closer(ledger: SpendLedger, env: BackendEnvironment, free: () => void = () => undefined): () => Promise<void> {
  return async () => {
    const grace = deadline(resolveTimeouts(env.timeouts).cleanupSeconds);
    await Promise.race([ledger.cancelOpen(), new Promise((resolve) => grace.addEventListener('abort', resolve, { once: true }))]);
    free();
  };
}

async function ibmBackend(device: string, req: BackendRequest, env: BackendEnvironment, signal?: AbortSignal): Promise<RawBackend> {
  const client = ibmClient(env);
  const { redactor } = client;
  // Opening reads status and configuration only: bounded by the status-check deadline.
  const { configuration, queueDepth, status } = await withinDeadline(resolveTimeouts(env.timeouts).probeSeconds, `IBM Quantum backend '${device}'`, signal, async (opening) => {
    if (device === 'least-busy') {
      const picked = await client.leastBusy(req.numQubits, opening);
      return { configuration: picked.configuration, queueDepth: picked.device.queue_length, status: picked.device.status.name };
    }
    const s = await client.backendStatus(device, opening);
    if (!s.state) throw new BackendError('BACKEND_UNAVAILABLE', `IBM Quantum backend '${device}' is not operational (${s.status}${s.message ? `: ${s.message}` : ''})`, { details: { backend: device } });
    return { configuration: await client.backendConfiguration(device, opening), queueDepth: Math.max(0, s.length_queue), status: 'online' };
  });
  const ledger = new SpendLedger();
  const session: { id?: string } = {};
  /** When the open session began (real ms) and how many ledger entries preceded it. */
  let opened: { ms: number; entries: number } | undefined;
  const sampler = createIbmSampler({
    client, configuration, ledger, session,
    ...(env.poll ? { poll: env.poll } : {}),
    ...(env.ibm?.usdPerQuantumSecond === undefined ? {} : { usdPerQuantumSecond: env.ibm.usdPerQuantumSecond }),
    ...(req.jobId ? { tags: [`qpo:${req.jobId}`] } : {}),
  });
  /**
   * A dedicated session is billed for the wall time it is active, not per job (IBM docs "Manage
   * cost": usage in a session is its elapsed time): after closing, the session enters the ledger with
   * what its elapsed time costs beyond the jobs it ran (GET /v1/sessions/{id} `elapsed_time`; when
   * that is not answered within the cleanup grace, the time since it was opened, an upper bound).
   */
  const chargeSession = (id: string): Promise<void> =>
    client
      .getSession(id, AbortSignal.timeout(resolveTimeouts(env.timeouts).cleanupSeconds * 1000))
      .then((s) => s.elapsed_time)
      .catch(() => undefined)
      .then((elapsed) => {
        const since = opened ?? { ms: Date.now(), entries: ledger.entries().length };
        const seconds = typeof elapsed === 'number' && Number.isFinite(elapsed) ? Math.max(0, elapsed) : (Date.now() - since.ms) / 1000 / (env.timeScale ?? 1);
        const price = configuration.simulator ? 0 : env.ibm?.usdPerQuantumSecond ?? IBM_USD_PER_QUANTUM_SECOND;
        const jobsUsd = ledger.entries().slice(since.entries).reduce((sum, j) => sum + spendOf(j).costUsd, 0);
        const charge = Math.max(0, seconds * price - jobsUsd);
        ledger.submitted({ provider: 'ibm', kind: 'session', id, shots: 0, estimatedCostUsd: charge });
        ledger.settle(id, { status: 'completed', reportedCostUsd: charge });
        opened = undefined;
      });
  return {
    info: { name: `ibm:${configuration.backend_name}`, provider: 'ibm', kind: sampler.kind, status, available: true, queueDepth, qubits: configuration.n_qubits, price: ibmPriceText(env, configuration.simulator) },
    sampler,
    ledger,
    redactor,
    estimateCostUsd: sampler.estimateCostUsd,
    jobsPerRequest: () => 1,
    transpiled: sampler.transpiled,
    facts: { name: `ibm:${configuration.backend_name}`, provider: 'ibm', kind: sampler.kind, queueDepth },
    async openSession(maxTtlSeconds, signal) {
      const s = await client.createSession(configuration.backend_name, { mode: 'dedicated', maxTtlSeconds }, signal);
      session.id = s.id;
      opened = { ms: Date.now(), entries: ledger.entries().length };
      return s.id;
    },
    usage: (signal) => client.usage(signal),
    async readoutError(physicalQubits, signal) {
      const props = await client.backendProperties(configuration.backend_name, signal).catch((error: unknown) => {
        if ((error as BackendError).code === 'BACKEND_NOT_FOUND') return { qubits: [] };
        throw error;
      });
      return readoutErrorOf(props, physicalQubits, configuration.backend_name);
    },
    async close(outcome) {
      await closer(ledger, env)();
      const id = session.id;
      if (id === undefined) return;
      delete session.id;
      // graceful after a success (nothing is left in it); hard after a failure, timeout or cancel
      await client.closeSession(id, outcome === 'succeeded' ? 'graceful' : 'hard').catch(async () => {
        if (outcome === 'succeeded') await client.closeSession(id, 'hard').catch(() => undefined);
      });
      await chargeSession(id);
    },
  };
}

export function braketPriceText(arn: string): string {
  if (isSimulatorArn(arn)) return `$${BRAKET_SIMULATOR_USD_PER_MINUTE[arn.split('/').pop()!] ?? '?'}/min (3 s min.)`;
  const perShot = BRAKET_USD_PER_SHOT[arn.split('/').slice(-2).join('/')];
  return `$${BRAKET_USD_PER_TASK.toFixed(2)}/task + ${perShot === undefined ? 'unknown' : `$${perShot}`}/shot`;
}

async function braketBackend(arn: string, req: BackendRequest, env: BackendEnvironment, signal?: AbortSignal): Promise<RawBackend> {
  if (!env.braket?.bucket) {
    throw new BackendError('BACKEND_NOT_CONFIGURED', 'quantum.backend: Amazon Braket needs a results bucket; set QPO_BRAKET_BUCKET (a name starting with amazon-braket-)', { path: 'quantum.backend' });
  }
  const clients = createBraketClients({ region: regionOfDeviceArn(arn) ?? env.braket.region ?? 'us-east-1', ...(env.timeouts ? { timeouts: env.timeouts } : {}), ...(env.braket.endpoints ? { endpoints: env.braket.endpoints } : {}) });
  try {
    const device = await withinDeadline(clients.timeouts.probeSeconds, `Amazon Braket device ${arn}`, signal, (opening) => getDevice(clients, arn, opening));
    if (device.status !== 'ONLINE') throw new BackendError('BACKEND_UNAVAILABLE', `Amazon Braket device ${device.name} is ${device.status}`, { details: { deviceArn: arn } });
    const ledger = new SpendLedger();
    const sampler = createBraketSampler({
      ...clients, device, ledger, bucket: env.braket.bucket, prefix: env.braket.prefix ?? 'qpo',
      ...(env.poll ? { poll: env.poll } : {}),
      ...(req.jobId ? { clientTokenPrefix: req.jobId.slice(0, 20), tags: { 'qpo:job': req.jobId } } : {}),
    });
    const short = Object.entries({ sv1: 'sv1', dm1: 'dm1', tn1: 'tn1' }).find(([, k]) => arn.endsWith(`/amazon/${k}`))?.[0];
    return {
      info: { name: `braket:${short ?? arn}`, provider: 'braket', kind: sampler.kind, status: device.status.toLowerCase(), available: true, queueDepth: device.queueDepth, qubits: device.qubitCount, price: braketPriceText(arn), detail: device.queueText },
      sampler,
      ledger,
      redactor: redactorOf(env),
      estimateCostUsd: sampler.estimateCostUsd,
      jobsPerRequest: sampler.tasksPerRequest,
      facts: { name: `braket:${short ?? arn}`, provider: 'braket', kind: sampler.kind, queueDepth: device.queueDepth, programSets: device.supportsProgramSets, deviceArn: arn },
      close: closer(ledger, env, () => { clients.braket.destroy(); clients.s3.destroy(); }),
    };
  } catch (error) {
    clients.braket.destroy();
    clients.s3.destroy();
    throw error;
  }
}

/** Open one provider's backend; its errors come out redacted (no key or token in any spelling). */
export async function openRaw(ref: BackendRef, req: BackendRequest, env: BackendEnvironment, signal?: AbortSignal): Promise<RawBackend> {
  try {
    switch (ref.provider) {
      case 'ibm': return await ibmBackend(ref.device, req, env, signal);
      case 'braket': return await braketBackend(ref.arn, req, env, signal);
      default: return localBackend(req);
    }
  } catch (error) {
    throw redactError(error, redactorOf(env));
  }
}
