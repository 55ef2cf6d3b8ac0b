/**
 * One circuit's simulation, ready to re-run with new parameters: the state representation picked
 * for the circuit and the precision (engine/, wasm/repr.ts), the cache-blocked program, and one
 * WebAssembly memory holding the state, the scratch and coefficient regions and the probabilities.
 * What the in-process Sampler runs for every optimizer evaluation.
 *
 * Representation (`chooseRepresentation`): a circuit whose gates are all real (RealAmplitudes,
 * TwoLocal with RY and CZ, ...) keeps a real state: half the memory and a quarter of the
 * multiplies of a complex one; `precision: 'single'` stores float32 amplitudes. No flag is needed
 * for the real path: it is read from the circuit. States the WebAssembly memory cannot hold (or a
 * runtime without WebAssembly SIMD) run the complex float64 path in ordinary memory.
 *
 * Accuracy: the real float64 path gives the complex path's amplitudes bit for bit when no
 * multi-qubit fusion is used and CX / CZ are not absorbed (`absorbControlled: false`: the same
 * products and sums in the same order; permutations are exact); absorbed, they differ by rounding.
 * Single precision keeps about 7 significant digits per amplitude; docs/benchmarks.md gives the
 * measured deviation of probabilities and energies from double precision.
 *
 * @example
 * const sim = new Simulation(realAmplitudes({ numQubits: 20, reps: 2 }), { precision: 'single' });
 * sim.run(theta);
 * const p = sim.probabilities(); // Float64Array(2^20), valid until the next run
 */
import type { Circuit } from './circuit';
import type { Precision } from './ports';
import { validateCircuit } from './builder';
import { InvalidArgumentError, StateTooLargeError } from './errors';
import { BlockedProgram } from './blocked';
import { allocateEngineMemory, engineLayoutBytes, isRealCircuit, toComplex64, writeProbabilities, type EngineMemory, type EngineLayout } from './engine';
import { allocateState, checkStateSize, DEFAULT_MAX_STATE_BYTES, MAX_QUBITS, probabilities, WASM_MIN_QUBITS } from './statevector';
import { REPRESENTATIONS, wasmKernelsAvailable, type Representation } from './wasm';

/** The precisions a Sampler request may ask for. */
export const PRECISIONS: readonly Precision[] = ['double', 'single'];

/**
 * Largest fused gate (qubits) of the engine's programs, chosen by measurement (docs/benchmarks.md):
 * inside cache blocks the kernels are bound by arithmetic, and a dense 2^k x 2^k product costs more
 * multiplies than the sparse gates it replaces, so only runs of 1-qubit gates on one qubit are fused.
 */
export const DEFAULT_MAX_FUSED_QUBITS = 1;

export interface SimulationOptions {
  /** Amplitudes in float64 ('double') or float32 ('single'). @default 'double' */
  readonly precision?: Precision;
  /** Memory budget in bytes for the state and its probabilities. @default DEFAULT_MAX_STATE_BYTES */
  readonly maxBytes?: number;
  /** Force a representation (tests and benchmarks); a real one needs a real circuit. @default chooseRepresentation */
  readonly representation?: Representation;
  /** Largest fused gate in qubits (0-4). @default DEFAULT_MAX_FUSED_QUBITS */
  readonly maxFusedQubits?: number;
  /** Fold lone CX / CZ gates into the 1-qubit runs on their targets (blocked.ts). @default true */
  readonly absorbControlled?: boolean;
  /** Scratch bytes per cache block. @default 1 MiB */
  readonly blockBytes?: number;
  /**
   * Apply every gate as its own pass over the state, in circuit order: no fusion, no absorption, no
   * cache blocking, no product start state (kernel benchmarks, bench/anchors). @default false
   */
  readonly gateByGate?: boolean;
}

/**
 * The representation the engine uses for `circuit`: real amplitudes when every gate is real,
 * float32 for single precision; 'c64' when WebAssembly SIMD is missing or the state does not fit
 * its 2 GiB (then the state lives in ordinary memory), and for states under WASM_MIN_QUBITS qubits
 * (at most 8 KiB of float64 amplitudes: binding the parameters costs more than the gates, and the
 * complex float64 JavaScript kernels are exact and as fast).
 */
export function chooseRepresentation(circuit: Circuit, precision: Precision = 'double'): Representation {
  const n = circuit.numQubits;
  if (!wasmKernelsAvailable() || n < WASM_MIN_QUBITS) return 'c64';
  const real = isRealCircuit(circuit);
  const wanted: Representation = precision === 'single' ? (real && n >= 2 ? 'r32' : 'c32') : real ? 'r64' : 'c64';
  return REPRESENTATIONS[wanted].ampBytes * 2 ** n <= 2 ** 31 ? wanted : 'c64';
}

/** @throws InvalidArgumentError naming the field when precision is not 'double' or 'single' */
export function checkPrecision(precision: unknown, path = 'precision'): Precision {
  if (precision === 'double' || precision === 'single') return precision;
  throw new InvalidArgumentError(`${path}: ${JSON.stringify(precision)} is not a precision; use 'double' or 'single'`, { path });
}

/** See the module comment. */
export class Simulation {
  readonly numQubits: number;
  readonly representation: Representation;
  readonly program: BlockedProgram;
  private readonly memory: EngineMemory | undefined;
  /** The complex float64 state in ordinary memory when the engine memory is not used. */
  private readonly plain: Float64Array | undefined;
  private readonly plainProbabilities: Float64Array | undefined;

  /**
   * @throws StateTooLargeError when the state and its probabilities exceed `maxBytes` or n > MAX_QUBITS
   * @throws CircuitError when the circuit is invalid; InvalidArgumentError on bad options
   */
  constructor(circuit: Circuit, options: SimulationOptions = {}) {
    validateCircuit(circuit);
    const n = circuit.numQubits;
    const precision = checkPrecision(options.precision ?? 'double');
    const representation = options.representation ?? chooseRepresentation(circuit, precision);
    const maxBytes = options.maxBytes ?? DEFAULT_MAX_STATE_BYTES;
    this.numQubits = n;
    this.representation = representation;
    const gateByGate = options.gateByGate ?? false;
    this.program = new BlockedProgram(circuit, {
      representation,
      maxFusedQubits: options.maxFusedQubits ?? DEFAULT_MAX_FUSED_QUBITS,
      productPrefix: !gateByGate,
      ...(gateByGate ? { fuse: false, blocking: false } : {}),
      ...(options.absorbControlled === undefined ? {} : { absorbControlled: options.absorbControlled }),
      ...(options.blockBytes === undefined ? {} : { blockBytes: options.blockBytes }),
    });
    const layout: EngineLayout = {
      representation,
      numQubits: n,
      scratchAmplitudes: this.program.scratchAmplitudes,
      coefficientVectors: this.program.coefficientVectors,
      probabilities: true,
    };
    const bytes = engineLayoutBytes(layout);
    if (n > MAX_QUBITS || bytes > maxBytes) {
      throw new StateTooLargeError(n, bytes, Math.min(maxBytes, 24 * 2 ** MAX_QUBITS), { what: 'the state vector and its probabilities' });
    }
    const plainMemory = representation === 'c64' && (!wasmKernelsAvailable() || n < WASM_MIN_QUBITS || 16 * 2 ** n > 2 ** 31);
    this.memory = plainMemory ? undefined : allocateEngineMemory(layout);
    if (this.memory === undefined && representation !== 'c64') {
      throw new InvalidArgumentError(`representation: '${representation}' needs WebAssembly memory, which this runtime could not allocate`, { path: 'representation' });
    }
    if (this.memory !== undefined) {
      this.program.attach(this.memory.coefficients[0]!);
    } else {
      checkStateSize(n, { maxBytes });
      this.plain = allocateState(n, { maxBytes, kernels: 'js' });
      this.plainProbabilities = new Float64Array(2 ** n);
    }
  }

  /** Reset to |0...0> and apply the circuit with parameter values `params` (radians). @throws InvalidArgumentError when params is too short */
  run(params: ArrayLike<number>): void {
    const state = this.memory?.state ?? this.plain!;
    const scratch = this.memory !== undefined ? this.memory.scratch[0] : this.program.scratchFor(state);
    this.program.bind(params);
    this.program.initialize(state, params);
    this.program.runShare(state, 0, 1, scratch, () => undefined);
  }

  /** |a_k|^2 of the last run (length 2^n): a view valid until the next run. */
  probabilities(): Float64Array {
    if (this.memory === undefined) return probabilities(this.plain!, this.plainProbabilities);
    writeProbabilities(this.memory, 0, 2 ** this.numQubits);
    return this.memory.probabilities!;
  }

  /** The amplitudes of the last run as interleaved complex float64 (a copy, length 2 * 2^n). */
  amplitudes(): Float64Array {
    if (this.memory === undefined) return this.plain!.slice();
    return toComplex64(this.memory.info, this.memory.state);
  }
}
