/**
 * The local Sampler (lib/quantum ports.ts) with threads: circuits of at least `minParallelQubits`
 * qubits run on the parallel state vector (worker threads, shared memory; one thread on a one-core
 * machine), smaller ones in-process (lib/quantum createStatevectorSampler), where a barrier per gate
 * would cost more than it saves. A run on worker threads stops at once when its signal aborts.
 * Exact probabilities or seeded shots, in the request's precision; the state is never copied (one
 * parameter set hands out a view of the shared probabilities, valid until the next call).
 */
import { createRng, createStatevectorSampler, distributionOf, MAX_QUBITS, type Distribution, type Sampler, type SamplerRequest, type SamplerResult } from '../../quantum';
import { ParallelStatevector } from './parallel-statevector';
import { machineThreads } from './pool';

/**
 * Default threshold, measured again with the SIMD kernels (RealAmplitudes(reps=2) with exact
 * probabilities, in-process sampler vs 2 worker threads, ms per run): 15 qubits 3.0 vs 4.1, 16 qubits
 * 5.7 vs 4.7, 18 qubits 25 vs 19; at 12-14 qubits the barriers and messages dominate (0.5 vs 2.5 ms).
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
      // Large circuits always run on worker threads (one at least): a run can then be stopped
      // mid-circuit by terminating them, so a time budget holds within one evaluation.
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
