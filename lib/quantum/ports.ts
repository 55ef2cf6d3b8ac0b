/**
 * The narrow port between the solvers and whatever runs circuits: the local simulator, IBM Quantum
 * (Sampler V2) or Amazon Braket. Solvers call it; lib/backends implements it, so solvers never import
 * a backend.
 *
 * Canonical bit order: basis index k has qubit i as bit i of k (Qiskit's order; the bitstring's
 * rightmost character is qubit 0). Every backend normalizes its provider's format to this order at
 * its client boundary.
 */
import type { Circuit } from './circuit';

/**
 * Amplitude precision of a simulator: float64 ('double', the default) or float32 ('single', half
 * the memory and about twice the speed; about 7 significant digits, see docs/benchmarks.md).
 * Hardware backends ignore it.
 */
export type Precision = 'double' | 'single';

/** One request: a parameterized circuit and one or more parameter sets (parameter broadcasting). */
export interface SamplerRequest {
  /** The circuit; measurement of every qubit is implied (the whole register is read out). */
  readonly circuit: Circuit;
  /** Parameter values, one array per set, each of length circuit.parameters.length (radians). */
  readonly parameterSets: readonly (readonly number[])[];
  /** Shots per parameter set; omitted asks for exact probabilities (simulators only). */
  readonly shots?: number;
  /** Simulator precision; omitted = 'double'. Hardware backends ignore it. */
  readonly precision?: Precision;
}

/** The measured distribution of one parameter set. */
export type Distribution =
  | {
      readonly kind: 'probabilities';
      /** Exact probabilities, length 2^n, indexed by basis index. Valid until the next call. */
      readonly probabilities: Float64Array;
    }
  | {
      readonly kind: 'counts';
      /** Basis index -> number of shots. */
      readonly counts: ReadonlyMap<number, number>;
      readonly shots: number;
    };

export interface SamplerResult {
  /** One distribution per parameter set, in request order. */
  readonly distributions: readonly Distribution[];
  /** Seconds the job waited in a provider queue (0 locally). */
  readonly queueSeconds: number;
  /** Shots actually executed. */
  readonly shotsUsed: number;
  /** Estimated cost in USD of this request (0 locally). */
  readonly estimatedCostUsd: number;
}

/** Runs circuits and returns measured distributions. */
export interface Sampler {
  /** e.g. `local`, `ibm:ibm_brisbane`, `braket:sv1`. */
  readonly name: string;
  readonly kind: 'simulator' | 'hardware';
  /** Largest circuit it accepts, in qubits. */
  readonly maxQubits: number;
  /** True when `shots` may be omitted for exact probabilities. */
  readonly supportsExactProbabilities: boolean;
  /** Run one request. Cancelled through `signal`. Throws the backend's errors. */
  run(request: SamplerRequest, signal?: AbortSignal): Promise<SamplerResult>;
}
