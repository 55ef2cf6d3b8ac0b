/**
 * The per-device model behind execution plans (lib/jobs/plan.ts): how long a provider job waits in
 * the queue, how long it runs, how fast jobs may be created, what it costs, and which execution
 * modes the provider offers. Pure: the facts come from the provider's status calls (queue length,
 * device kind) and the prices of lib/backends; nothing here calls a provider.
 *
 * Sources (docs/backends.md, "Execution modes and the plan"):
 * - IBM Quantum: `POST /v1/jobs` "is rate limited to 5 jobs per minute per user" (Qiskit Runtime
 *   REST API); a job outside a session waits in the device's fair-share queue; within an active
 *   session (`POST /v1/sessions`, mode dedicated) the device runs the session's jobs without queueing
 *   them again, and session usage is billed as the wall-clock time the session holds the QPU
 *   (IBM docs "Execution modes", "Manage cost"); a batch-mode session is billed by QPU time.
 *   QPU seconds of a Sampler job: ~2 s setup + ~250 us per shot (estimateIbmQuantumSeconds).
 * - Amazon Braket: no sessions; program sets put many parameter sets into one task (where the
 *   device supports `braket.ir.openqasm.program_set`), otherwise one task per set, run concurrently
 *   (SV1: 35 concurrent tasks by default, Braket quotas); simulators are billed per minute with a
 *   3 s minimum per task, QPUs per task + per shot.
 * - Queue wait: the provider's current queue length times a per-device seconds-per-queued-job
 *   figure (an order-of-magnitude default, `queueSecondsPerJob`, overridable per environment).
 *
 * `timeScale` multiplies every provider duration (queue, execution, the pacing window, polling): 1 on
 * real providers; test servers that run their clock faster use the same factor (docs/backends.md).
 */
import { braketTaskCostUsd } from './braket/devices';
import { estimateIbmQuantumSeconds, IBM_USD_PER_QUANTUM_SECOND } from './ibm/sampler';
import { POLL_MAX_INTERVAL_MS, type PollOptions } from './poll';

/** IBM's published job-creation limit per user and minute. */
export const IBM_JOBS_PER_MINUTE = 5;
/** Seconds a job waits per job ahead of it in the queue (order of magnitude; override with QPO_QUEUE_SECONDS_PER_JOB). */
export const DEFAULT_QUEUE_SECONDS_PER_JOB = { ibm: 5, braket: 5 } as const;
/** Braket SV1's default quota of concurrent tasks (Braket quotas page); other devices likewise assumed. */
export const BRAKET_CONCURRENT_TASKS = 35;
/** Provider round trips per job besides polling (create, results, metrics), seconds of provider time. */
export const JOB_OVERHEAD_SECONDS = 0.5;
/**
 * This side's own work per request (encoding, decoding the samples, the CVaR, the optimizer step),
 * seconds of this clock: not scaled (measured on 2 shared cores, docs/backends.md).
 */
export const LOCAL_SECONDS_PER_REQUEST = 0.3;
/** Braket simulator run time model: seconds per task and per shot (billed with a 3 s minimum). */
const BRAKET_SIM_SECONDS = { perTask: 1, perShot: 2e-5 } as const;

/** What the status calls tell about a device (BackendInfo plus what opening it adds). */
export interface DeviceFacts {
  readonly name: string;
  readonly provider: 'local' | 'ibm' | 'braket';
  readonly kind: 'simulator' | 'hardware';
  /** Jobs or tasks waiting now. */
  readonly queueDepth: number;
  /** Braket: the device takes program sets (unknown: false). */
  readonly programSets?: boolean;
  /** Braket: the device ARN (prices). */
  readonly deviceArn?: string;
}

/** Environment parts of the model (from BackendEnvironment). */
export interface ModelSettings {
  readonly timeScale?: number;
  readonly queueSecondsPerJob?: number;
  /** This side's own seconds per request (default LOCAL_SECONDS_PER_REQUEST). */
  readonly localSecondsPerRequest?: number;
  readonly ibmJobsPerMinute?: number;
  readonly ibmUsdPerQuantumSecond?: number;
  readonly poll?: PollOptions;
}

/** The model of one device, all durations in (scaled) seconds. */
export interface DeviceModel {
  readonly facts: DeviceFacts;
  /** Provider seconds per second of this environment's clock (1 on real providers). */
  readonly timeScale: number;
  /** Expected queue wait of one job submitted now (outside a session). */
  readonly queueSecondsPerJob: number;
  /** Job creations allowed per pacing window (Infinity: no limit). */
  readonly jobsPerWindow: number;
  readonly pacingWindowSeconds: number;
  /** Jobs of one request with `sets` parameter sets. */
  jobsPerRequest(sets: number): number;
  /** Run time of one job with `shots` shots in all. */
  executionSeconds(shots: number): number;
  /** Cost of one job with `shots` shots in all, running `seconds` (unscaled provider seconds). */
  jobCostUsd(shots: number): number;
  /** Session billing per second of session time (IBM dedicated sessions), or null: no sessions. */
  readonly sessionUsdPerSecond: number | null;
  /** Seconds from submission until polling sees a job that took `seconds` finished. */
  detectionSeconds(seconds: number): number;
  readonly overheadSeconds: number;
  /** This side's work per request (LOCAL_SECONDS_PER_REQUEST; 0 locally). */
  readonly localSecondsPerRequest: number;
}

/**
 * Seconds until a poll with `poll`'s backoff (pollUntil: check, wait, check, ...) first sees a job
 * that finished `seconds` after submission. Intervals not given are the defaults times `scale`.
 */
export function pollDetectionSeconds(seconds: number, poll: PollOptions = {}, scale = 1): number {
  let t = 0;
  let interval = poll.initialIntervalMs === undefined ? scale : poll.initialIntervalMs / 1000;
  const max = poll.maxIntervalMs === undefined ? (POLL_MAX_INTERVAL_MS / 1000) * scale : poll.maxIntervalMs / 1000;
  const factor = poll.factor ?? 1.5;
  for (let i = 0; i < 100_000 && t < seconds; i++) {
    t += interval;
    interval = Math.min(max, interval * factor);
  }
  return Math.max(t, seconds);
}

/** The model of a device from its facts and the environment's settings (see the module comment). */
export function deviceModel(facts: DeviceFacts, settings: ModelSettings = {}): DeviceModel {
  const k = settings.timeScale ?? 1;
  const local = facts.provider === 'local';
  const perQueued = settings.queueSecondsPerJob ?? (local ? 0 : DEFAULT_QUEUE_SECONDS_PER_JOB[facts.provider as 'ibm' | 'braket']);
  const ibmPrice = settings.ibmUsdPerQuantumSecond ?? IBM_USD_PER_QUANTUM_SECOND;
  const arn = facts.deviceArn ?? '';
  const braketSimulator = facts.provider === 'braket' && (facts.kind === 'simulator' || arn.includes('/quantum-simulator/'));
  return {
    facts,
    timeScale: k,
    queueSecondsPerJob: local ? 0 : facts.queueDepth * perQueued * k,
    jobsPerWindow: facts.provider === 'ibm' ? (settings.ibmJobsPerMinute ?? IBM_JOBS_PER_MINUTE) : Infinity,
    pacingWindowSeconds: 60 * k,
    jobsPerRequest: (sets) => (local ? 0 : facts.provider === 'braket' && !facts.programSets ? sets : 1),
    executionSeconds: (shots) => {
      if (local) return 0;
      if (facts.provider === 'ibm') return estimateIbmQuantumSeconds(shots) * k;
      return (BRAKET_SIM_SECONDS.perTask + shots * BRAKET_SIM_SECONDS.perShot) * k;
    },
    jobCostUsd: (shots) => {
      if (local) return 0;
      if (facts.provider === 'ibm') return facts.kind === 'simulator' ? 0 : estimateIbmQuantumSeconds(shots) * ibmPrice;
      return braketTaskCostUsd(arn, shots, braketSimulator ? BRAKET_SIM_SECONDS.perTask + shots * BRAKET_SIM_SECONDS.perShot : 0);
    },
    sessionUsdPerSecond: facts.provider === 'ibm' ? (facts.kind === 'simulator' ? 0 : ibmPrice) : null,
    detectionSeconds: (seconds) => (local ? 0 : pollDetectionSeconds(seconds, settings.poll, k)),
    overheadSeconds: local ? 0 : JOB_OVERHEAD_SECONDS * k,
    localSecondsPerRequest: local ? 0 : (settings.localSecondsPerRequest ?? LOCAL_SECONDS_PER_REQUEST),
  };
}
