/**
 * The in-process state-vector simulator as a Sampler (ports.ts): exact probabilities when no shots
 * are asked, else seeded samples, in the request's precision. The simulation (simulation.ts: the
 * compiled circuit, the state in the representation chosen for the circuit, its probabilities) is
 * kept between calls, so an optimizer loop re-binds parameters without recompiling or reallocating.
 */
import type { Circuit } from './circuit';
import type { Distribution, Precision, Sampler, SamplerRequest, SamplerResult } from './ports';
import { createRng, type Rng } from './random';
import { sampleCounts } from './sampling';
import { checkPrecision, Simulation } from './simulation';
import { MAX_QUBITS } from './statevector';

export interface StatevectorSamplerOptions {
  /** Largest state vector to allocate, bytes (the edge passes a free-memory budget). */
  readonly maxStateBytes?: number;
  /** Seed of the shot sampling. */
  readonly seed?: number;
}

/**
 * The distribution a Sampler returns for exact probabilities `p` (a reused buffer): `p` itself for
 * a single parameter set, a copy when there are several, or seeded counts when shots are asked.
 */
export function distributionOf(p: Float64Array, request: SamplerRequest, rng: Rng): Distribution {
  if (request.shots !== undefined) return { kind: 'counts', counts: sampleCounts(p, request.shots, rng), shots: request.shots };
  return { kind: 'probabilities', probabilities: request.parameterSets.length === 1 ? p : p.slice() };
}

/** Create the local simulator Sampler. @throws StateTooLargeError from run() when the state does not fit. */
export function createStatevectorSampler(options: StatevectorSamplerOptions = {}): Sampler {
  const rng = createRng(options.seed ?? 0);
  let cachedCircuit: Circuit | undefined;
  let cachedPrecision: Precision | undefined;
  let simulation: Simulation | undefined;
  return {
    name: 'local',
    kind: 'simulator',
    maxQubits: MAX_QUBITS,
    supportsExactProbabilities: true,
    async run(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult> {
      const { circuit } = request;
      const precision = checkPrecision(request.precision ?? 'double', 'request.precision');
      if (circuit !== cachedCircuit || precision !== cachedPrecision) {
        simulation = undefined; // let the old state go before the new one is allocated
        simulation = new Simulation(circuit, { precision, ...(options.maxStateBytes === undefined ? {} : { maxBytes: options.maxStateBytes }) });
        cachedCircuit = circuit;
        cachedPrecision = precision;
      }
      const distributions: Distribution[] = [];
      for (const params of request.parameterSets) {
        signal?.throwIfAborted();
        simulation!.run(params);
        distributions.push(distributionOf(simulation!.probabilities(), request, rng));
      }
      return {
        distributions,
        queueSeconds: 0,
        shotsUsed: (request.shots ?? 0) * request.parameterSets.length,
        estimatedCostUsd: 0,
      };
    },
  };
}
