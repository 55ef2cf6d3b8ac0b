/**
 * The local Sampler (lib/quantum ports.ts) with threads: circuits of at least `minParallelQubits`
 * qubits run on the parallel state vector (worker threads, shared memory; one thread on a one-core
 * machine), smaller ones in-process (lib/quantum createStatevectorSampler), where a barrier per gate
 * would cost more than it saves. A run on worker threads stops at once when its signal aborts, unless
 * the main thread takes a share of it (runs of at most MAIN_SHARE_MAX_MS, parallel-statevector.ts):
 * such a run ends first.
 * Exact probabilities or seeded shots, in the request's precision; the state is never copied (one
 * parameter set hands out a view of the shared probabilities, valid until the next call).
 */
import { createRng, createStatevectorSampler, distributionOf, MAX_QUBITS, type Distribution, type Sampler, type SamplerRequest, type SamplerResult } from '../../quantum';
import { ParallelStatevector } from './parallel-statevector';
import { machineThreads } from './pool';

/**
 * Default threshold. Measured with worker sessions and the main thread's share (bench/parallel-runs.ts:
 * RealAmplitudes(reps=2) with exact probabilities, calls in a loop, 2 threads against in-process,
 * ratio of the median ms per call, two runs on 2026-12-07): 12 qubits 1.33 / 1.18, 14 qubits
 * 0.93 / 1.62, 15 qubits 0.87 / 1.39, 16 qubits 0.98 / 0.74, 18 qubits 0.60 / 0.59, 20 qubits
 * 0.58 / 0.53. Below 16 the threads win by at most 13% and lose by up to 62%.
 */
export const DEFAULT_MIN_PARALLEL_QUBITS = 16;

export interface LocalSamplerOptions {
  /** Worker threads for large circuits (default: the machine's). */
  readonly threads?: number;
  readonly minParallelQubits?: number;
  readonly maxStateBytes?: number;
  readonly seed?: number;
}

export interface LocalSampler extends Sampler {
  /** Stop the worker threads (if any were started). */
  close(): Promise<void>;
}

export function createLocalSampler(options: LocalSamplerOptions = {}): LocalSampler {
  const threads = options.threads ?? machineThreads();
  const minQubits = options.minParallelQubits ?? DEFAULT_MIN_PARALLEL_QUBITS;
  const small = createStatevectorSampler({
    ...(options.maxStateBytes === undefined ? {} : { maxStateBytes: options.maxStateBytes }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  const rng = createRng(options.seed ?? 0);
  let parallel: ParallelStatevector | undefined;
  return {
    name: 'local',
    kind: 'simulator',
    maxQubits: MAX_QUBITS,
    supportsExactProbabilities: true,
    async run(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
      if (request.circuit.numQubits < minQubits) return small.run(request, signal);
      // Large circuits always run on worker threads (one at least): a long run can then be stopped
      // mid-circuit by terminating them, so a time budget holds within one evaluation (or within
      // MAIN_SHARE_MAX_MS, for the short runs the main thread takes a share of).
      parallel ??= new ParallelStatevector({ threads: Math.max(1, threads), ...(options.maxStateBytes === undefined ? {} : { maxStateBytes: options.maxStateBytes }) });
      const distributions: Distribution[] = [];
      for (const params of request.parameterSets) {
        signal?.throwIfAborted();
        await parallel.run(request.circuit, params, true, request.precision ?? 'double', signal);
        distributions.push(distributionOf(parallel.probabilities, request, rng));
      }
      return { distributions, queueSeconds: 0, shotsUsed: (request.shots ?? 0) * request.parameterSets.length, estimatedCostUsd: 0 };
    },
    async close(): Promise<void> {
      await parallel?.close();
      parallel = undefined;
    },
  };
}
