/**
 * IBM Quantum behind the Sampler port: transpile to the backend's ISA (once per circuit), submit a
 * Sampler V2 job whose one PUB carries every parameter set (parameter broadcasting: one job per
 * optimizer evaluation however many sets, since job creation is limited to 5 per minute), poll with
 * backoff, cancel on timeout, abort or a failed poll, decode the hex samples into canonical counts.
 * Every job is entered in the spend ledger when IBM accepts it and settled with its quantum seconds.
 *
 * Parameters are renamed `p_000`, `p_001`, ... so Qiskit's by-name parameter order equals ours
 * (ibm-quantum.md, "Pitfalls"); values go as a list of lists, one row per set.
 */
import type { Circuit } from '../../quantum/circuit';
import type { Sampler, SamplerRequest, SamplerResult } from '../../quantum/ports';
import { toQasm3 } from '../../quantum/qasm3';
import { transpile, type TranspiledCircuit } from '../../quantum/transpiler';
import { BackendError } from '../errors';
import { pollUntil, type PollOptions } from '../poll';
import { SpendLedger } from '../spend';
import { newRequestTag, type IbmBackendConfiguration, type IbmJob, type IbmRuntimeClient } from './client';
import { deadline } from '../timeouts';
import { decodePubResult } from './decode';

/** Shots when the request gives none (hardware has no exact probabilities). */
export const IBM_DEFAULT_SHOTS = 4000;
/** Pay-As-You-Go price per QPU second (USD 96 per minute, IBM pricing page 2024; unconfirmed for today). */
export const IBM_USD_PER_QUANTUM_SECOND = 1.6;

export interface IbmSamplerOptions {
  readonly client: IbmRuntimeClient;
  readonly configuration: IbmBackendConfiguration;
  readonly poll?: PollOptions;
  readonly usdPerQuantumSecond?: number;
  /** Job tags (`tags` of POST /v1/jobs). */
  readonly tags?: readonly string[];
  /** Where every job is counted (a fresh one when omitted). */
  readonly ledger?: SpendLedger;
  /** The Runtime session jobs join (`session_id`) while `id` is set (providers.ts opens and closes it). */
  readonly session?: { id?: string };
}

/** Estimated QPU seconds of one job: ~2 s setup plus ~250 µs per shot (IBM bills quantum seconds). */
export function estimateIbmQuantumSeconds(totalShots: number): number {
  return 2 + totalShots * 250e-6;
}

/** A copy of the circuit with parameters renamed p_000, p_001, ... (sortable = positional order). */
function withSortableParameters(circuit: Circuit): Circuit {
  const width = Math.max(3, String(circuit.parameters.length).length);
  return { ...circuit, parameters: circuit.parameters.map((_, i) => `p_${String(i).padStart(width, '0')}`) };
}

/** The Sampler V2 job body for `request` on the backend. */
export function samplerJobBody(backend: string, t: TranspiledCircuit, request: SamplerRequest, shots: number, tags: readonly string[] = [], sessionId?: string): Record<string, unknown> {
  const qasm = toQasm3(withSortableParameters(t.circuit), { physicalQubits: true, physicalQubitMap: t.physicalQubits });
  const values = request.circuit.parameters.length === 0 ? null : request.parameterSets.map((s) => [...s]);
  return {
    program_id: 'sampler',
    backend,
    ...(sessionId ? { session_id: sessionId } : {}),
    ...(tags.length ? { tags: [...tags] } : {}),
    params: { pubs: [[qasm, values, shots]], version: 2, support_qiskit: false, options: { default_shots: shots } },
  };
}

export type IbmSampler = Sampler & {
  /** The ISA circuit the backend runs for `circuit` (cached). */
  transpiled(circuit: Circuit): TranspiledCircuit;
  estimateCostUsd(request: Pick<SamplerRequest, 'parameterSets' | 'shots'>): number;
};

export function createIbmSampler(options: IbmSamplerOptions): IbmSampler {
  const { client, configuration } = options;
  const ledger = options.ledger ?? new SpendLedger();
  const name = configuration.backend_name;
  const target = { numQubits: configuration.n_qubits, basisGates: configuration.basis_gates, ...(configuration.coupling_map ? { couplingMap: configuration.coupling_map } : {}) };
  const cache = new WeakMap<Circuit, TranspiledCircuit>();
  const price = options.usdPerQuantumSecond ?? IBM_USD_PER_QUANTUM_SECOND;
  const transpiled = (circuit: Circuit): TranspiledCircuit => {
    let t = cache.get(circuit);
    if (!t) {
      t = transpile(circuit, target);
      cache.set(circuit, t);
    }
    return t;
  };
  const estimateCostUsd = (r: Pick<SamplerRequest, 'parameterSets' | 'shots'>) =>
    estimateIbmQuantumSeconds((r.shots ?? IBM_DEFAULT_SHOTS) * r.parameterSets.length) * price;

  return {
    name: `ibm:${name}`,
    kind: configuration.simulator ? 'simulator' : 'hardware',
    maxQubits: configuration.n_qubits,
    supportsExactProbabilities: false,
    transpiled,
    estimateCostUsd,
    async run(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
      const shots = request.shots ?? IBM_DEFAULT_SHOTS;
      if (configuration.max_shots !== undefined && shots > configuration.max_shots) {
        throw new BackendError('SHOT_LIMIT_EXCEEDED', `quantum.shots: ${shots} exceeds ${name}'s max_shots (${configuration.max_shots})`, { path: 'quantum.shots' });
      }
      const t = transpiled(request.circuit);
      const submittedAt = Date.now();
      const tag = newRequestTag();
      const spend = { provider: 'ibm' as const, kind: 'job' as const, shots: shots * request.parameterSets.length, estimatedCostUsd: estimateCostUsd(request) };
      let jobId: string;
      try {
        jobId = await client.createJob(samplerJobBody(name, t, request, shots, options.tags, options.session?.id), signal, tag);
      } catch (error) {
        if (signal?.aborted || (error as BackendError).details?.ambiguous === true) {
          // The job may exist (aborted in flight, or no readable answer and no lookup): it counts,
          // under its tag, until it is found; cancelling it means finding it by its tag first.
          ledger.submitted({ ...spend, id: tag }, async () => {
            const found = await client.findJobIdByTag(tag, deadline(client.timeouts.cleanupSeconds));
            if (found === undefined) return ledger.forget(tag); // never created: not a provider job
            ledger.started(tag); // it existed: counted in full, however far it got
            await client.cancelJob(found);
          });
          if (signal?.aborted) await ledger.cancel(tag).catch(() => undefined);
        }
        throw error;
      }
      ledger.submitted({ ...spend, id: jobId }, () => client.cancelJob(jobId));
      let runningAt: number | undefined;
      const job = await pollUntil<IbmJob>(
        `IBM Quantum job ${jobId}`,
        async () => {
          const j = await client.getJob(jobId, signal);
          const status = j.state?.status ?? j.status;
          if (status === 'Running' && runningAt === undefined) {
            runningAt = Date.now();
            ledger.started(jobId);
          }
          return status === 'Completed' || status === 'Failed' || status === 'Cancelled' ? j : undefined;
        },
        () => ledger.cancel(jobId),
        options.poll,
        signal,
      );
      const status = job.state?.status ?? job.status;
      const billed = job.usage?.quantum_seconds ?? job.usage?.seconds;
      // Settled as soon as the job is terminal (a results read that fails later leaves nothing open).
      ledger.settle(jobId, { status: status === 'Completed' ? 'completed' : status === 'Failed' ? 'failed' : 'cancelled', ...(billed === undefined ? {} : { reportedCostUsd: billed * price }) });
      if (status === 'Cancelled' && job.state?.reason_code === 1305) {
        throw new BackendError('BACKEND_JOB_TIMEOUT', `IBM Quantum job ${jobId} was cancelled: it ran longer than its maximum execution time (reason code 1305)`, { details: { jobId, reasonCode: 1305 } });
      }
      if (status !== 'Completed') {
        throw new BackendError('BACKEND_JOB_FAILED', `IBM Quantum job ${jobId} ${status === 'Failed' ? 'failed' : 'was cancelled'}${job.state?.reason ? `: ${job.state.reason}` : ''}${job.state?.reason_code ? ` (reason code ${job.state.reason_code})` : ''}`, { details: { jobId, status, reasonCode: job.state?.reason_code ?? null } });
      }
      const results = await client.getJobResults<{ results?: unknown[] }>(jobId, signal);
      if (!Array.isArray(results.results) || results.results.length !== 1) {
        throw new BackendError('BACKEND_BAD_RESPONSE', `IBM Quantum job ${jobId}: expected one PUB result`);
      }
      const distributions = decodePubResult(results.results[0], 'c', request.parameterSets.length);
      // optional (queue time and usage): one attempt, no retries
      const metrics = await client.getJobMetrics(jobId, signal, { deadlineMs: client.timeouts.requestSeconds * 1000 }).catch(() => undefined);
      const created = Date.parse(metrics?.timestamps?.created ?? '');
      const running = Date.parse(metrics?.timestamps?.running ?? '');
      const queueSeconds = Number.isFinite(created) && Number.isFinite(running) ? Math.max(0, (running - created) / 1000) : Math.max(0, ((runningAt ?? submittedAt) - submittedAt) / 1000);
      const quantumSeconds = metrics?.usage?.quantum_seconds ?? job.usage?.quantum_seconds ?? job.usage?.seconds;
      ledger.settle(jobId, { status: 'completed', ...(quantumSeconds === undefined ? {} : { reportedCostUsd: quantumSeconds * price }) });
      ledger.waited(queueSeconds);
      return {
        distributions,
        queueSeconds,
        shotsUsed: shots * request.parameterSets.length,
        estimatedCostUsd: quantumSeconds === undefined ? estimateCostUsd(request) : quantumSeconds * price,
      };
    },
  };
}
