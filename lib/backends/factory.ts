/**
 * Open the backend a job asked for, behind the one Sampler port:
 * `local` | `ibm:<name>` | `ibm:least-busy` | `braket:<device ARN | sv1 | dm1 | ...>` | `auto`.
 * Reads the device's status, queue and size first (unavailable, queue too deep or too small devices
 * fail here, before any submission), estimates the job's shots, provider jobs and cost and refuses
 * it when it would exceed `limits.maxShots` / `limits.maxCostUsd`, then wraps the sampler with
 * readout mitigation (hardware) and the guard (limits, timeout, retry).
 */
import type { QubitReadoutError } from './ibm/properties';
import type { Circuit } from '../quantum/circuit';
import type { Sampler } from '../quantum/ports';
import type { TranspiledCircuit } from '../quantum/transpiler';
import { resolveDeviceArn } from './braket/devices';
import { BackendError } from './errors';
import { estimateJob, variationalRequests, type JobEstimate } from './estimate';
import { checkLimits, guardSampler, type GuardUsage } from './guard';
import { withReadoutMitigation, type ReadoutCalibration } from './mitigation';
import { localBackend, openRaw, parseBackendRef, type BackendEnvironment, type BackendRef, type BackendRequest, type RawBackend } from './providers';
import { rankBackends, WEIGHT_PRESETS, type BackendInfo, type Scored } from './select';
import type { DeviceFacts } from './plan-model';
import type { IbmUsage } from './ibm/client';

export { parseBackendRef, braketPriceText, ibmPriceText, type BackendEnvironment, type BackendRef, type BackendRequest } from './providers';

export interface OpenedBackend {
  readonly info: BackendInfo;
  readonly sampler: Sampler;
  readonly estimate: JobEstimate;
  readonly usage: Readonly<GuardUsage>;
  /** The ISA circuit (IBM only). */
  transpiled?(circuit: Circuit): TranspiledCircuit;
  mitigation(): ReadoutCalibration | null;
  /** Candidates of `auto`, best first. */
  readonly ranking?: readonly Scored[];
  /** What the plan model needs to know of the device (lib/backends/plan-model.ts). */
  readonly facts: DeviceFacts;
  /** IBM only: open a Runtime session the job's next requests join (closed by `close`). */
  openSession?(maxTtlSeconds: number, signal?: AbortSignal): Promise<string>;
  /** The provider instance's usage (IBM: GET /v1/usage), where the provider reports one. */
  instanceUsage?(signal?: AbortSignal): Promise<IbmUsage>;
  /** IBM only: the device's readout error of `physicalQubits` from its calibration data, or why there is none. */
  readoutError?(physicalQubits: readonly number[], signal?: AbortSignal): Promise<QubitReadoutError | { readonly missing: string }>;
  /** Cancel what is still open on the provider (within the cleanup grace), close a session, free the clients. */
  close(outcome?: 'succeeded' | 'failed'): Promise<void>;
}

/** Shots per request when none are given and the backend has no exact probabilities (variational.ts). */
const DEFAULT_SHOTS = 1024;
const DEFAULT_CALIBRATION_SHOTS = 1000;


function shotsOf(req: BackendRequest, raw: RawBackend): number | undefined {
  return req.shots ?? (raw.sampler.supportsExactProbabilities ? undefined : DEFAULT_SHOTS);
}

function estimateFor(req: BackendRequest, raw: RawBackend): JobEstimate {
  const shots = shotsOf(req, raw);
  const requests = variationalRequests(req.optimizer, req.maxIterations, req.maxEvaluations);
  const per = { parameterSets: [[]] as number[][], ...(shots === undefined ? {} : { shots }) };
  const calShots = req.calibrationShots ?? DEFAULT_CALIBRATION_SHOTS;
  const mitigate = raw.sampler.kind === 'hardware' && req.mitigation !== false;
  const calibration = mitigate ? { shots: 2 * calShots, costUsd: raw.estimateCostUsd({ parameterSets: [[], []], shots: calShots }), jobs: raw.jobsPerRequest(2) } : undefined;
  return estimateJob(requests, shots ?? 0, raw.estimateCostUsd(per), raw.jobsPerRequest(1), calibration);
}

/** Open the backend of `req.backend` (see the module doc). @throws BackendError */
export async function openBackend(req: BackendRequest, env: BackendEnvironment, signal?: AbortSignal): Promise<OpenedBackend> {
  const ref = parseBackendRef(req.backend);
  let raw: RawBackend;
  let ranking: Scored[] | undefined;
  if (ref.provider === 'auto') {
    const candidates: RawBackend[] = [localBackend(req)];
    const remote: BackendRef[] = [];
    if (env.ibm) remote.push({ provider: 'ibm', device: 'least-busy' });
    if (env.braket) remote.push({ provider: 'braket', arn: resolveDeviceArn('sv1') });
    for (const r of remote) {
      try { candidates.push(await openRaw(r, req, env, signal)); } catch { /* unreachable candidates are skipped */ }
    }
    const weights = typeof req.selection?.weights === 'string' ? WEIGHT_PRESETS[req.selection.weights] : req.selection?.weights;
    ranking = rankBackends(candidates.map((c) => ({ info: c.info, estimatedCostUsd: estimateFor(req, c).estimatedCostUsd })), {
      minQubits: Math.max(req.numQubits, req.selection?.minQubits ?? 0),
      ...(req.maxQueue === undefined ? {} : { maxQueue: req.maxQueue }),
    }, weights);
    const best = ranking[0]?.info.name ?? 'local';
    raw = candidates.find((c) => c.info.name === best)!;
    await Promise.all(candidates.filter((c) => c !== raw).map((c) => c.close()));
  } else {
    raw = await openRaw(ref, req, env, signal);
  }
  try {
    const minQubits = Math.max(req.numQubits, req.selection?.minQubits ?? 0);
    if (raw.info.provider !== 'local' && raw.info.qubits < minQubits) {
      throw new BackendError('BACKEND_TOO_SMALL', `quantum.backend: ${raw.info.name} has ${raw.info.qubits} qubits; the job needs ${minQubits}`, { path: 'quantum.backend', details: { qubits: raw.info.qubits, required: minQubits } });
    }
    if (req.maxQueue !== undefined && raw.info.queueDepth > req.maxQueue) {
      throw new BackendError('BACKEND_QUEUE_TOO_LONG', `${raw.info.name}: ${raw.info.detail ?? raw.info.queueDepth} jobs are queued, more than the threshold of ${req.maxQueue}`, { details: { queueDepth: raw.info.queueDepth, threshold: req.maxQueue } });
    }
    const estimate = estimateFor(req, raw);
    // With an execution plan (lib/jobs/plan.ts) the caller checks the limits per mode instead.
    if (req.checkEstimate !== false) checkLimits({ shots: 0, costUsd: 0 }, { shots: estimate.totalShots, costUsd: estimate.estimatedCostUsd }, req.limits ?? {}, `the job (${estimate.requests} requests on ${raw.info.name})`);
    const mitigated = raw.sampler.kind === 'hardware' && req.mitigation !== false ? withReadoutMitigation(raw.sampler, req.calibrationShots ?? DEFAULT_CALIBRATION_SHOTS) : null;
    const guarded = guardSampler(mitigated ?? raw.sampler, {
      ...(req.limits?.maxShots === undefined ? {} : { maxShots: req.limits.maxShots }),
      ...(req.limits?.maxCostUsd === undefined ? {} : { maxCostUsd: req.limits.maxCostUsd }),
      estimateCostUsd: (r) => raw.estimateCostUsd(r),
      ...(req.requestTimeoutSeconds === undefined ? {} : { requestTimeoutSeconds: req.requestTimeoutSeconds }),
      ...(raw.ledger ? { ledger: raw.ledger } : {}),
      ...(raw.redactor ? { redactor: raw.redactor } : {}),
      ...(req.maxQueueWaitSeconds === undefined ? {} : { maxQueueWaitSeconds: req.maxQueueWaitSeconds }),
    });
    return {
      info: raw.info,
      sampler: guarded,
      estimate,
      get usage() {
        return guarded.usage;
      },
      ...(raw.transpiled ? { transpiled: raw.transpiled } : {}),
      mitigation: () => mitigated?.calibration() ?? null,
      ...(ranking ? { ranking } : {}),
      facts: raw.facts,
      ...(raw.openSession ? { openSession: raw.openSession } : {}),
      ...(raw.usage ? { instanceUsage: raw.usage } : {}),
      ...(raw.readoutError ? { readoutError: raw.readoutError } : {}),
      close: (outcome) => raw.close(outcome),
    };
  } catch (error) {
    await raw.close();
    throw error;
  }
}
