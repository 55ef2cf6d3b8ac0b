/**
 * The state-vector simulator: allocation, the one gate dispatcher, circuit application and
 * compiled circuits for fast re-binding of parameters.
 *
 * State layout (shared with kernels.ts): one Float64Array of length 2 * 2^n, interleaved
 * (re at 2k, im at 2k+1), qubit q = bit q of amplitude index k (Qiskit's little-endian order).
 * Memory: 16 * 2^n bytes (20 qubits: 16 MiB, 26 qubits: 1 GiB, 30 qubits: 16 GiB).
 *
 * This module does no I/O and must not import `node:os`: callers at the edge pass a memory budget,
 * e.g. `allocateState(n, { maxBytes: Math.floor(os.freemem() * 0.5) })`.
 *
 * @example
 * const state = allocateState(2);
 * applyCircuit(state, bell, []);
 * probabilities(state); // Float64Array [0.5, 0, 0, 0.5]
 */
import type { Circuit, GateName } from './circuit';
import { validateCircuit } from './builder';
import { InvalidArgumentError, StateTooLargeError } from './errors';
import { CompiledProgram, type CompileOptions } from './compiled';
import { dispatchGate, gateSpan } from './dispatch';
import { blockScratchAmplitudes, BlockedProgram, type BlockingOptions } from './blocked';
import { allocateWasmState, WASM_MAX_QUBITS } from './wasm';
import { resetView } from './engine';

/** Hard qubit limit of the simulator: kernels index amplitudes with 32-bit integers. */
export const MAX_QUBITS = 30;

/** Default memory budget of `allocateState`: 16 GiB (30 qubits). Edge code passes a real budget. */
export const DEFAULT_MAX_STATE_BYTES = 16 * 1024 ** 3;

/** Bytes of the state vector of n qubits: 16 * 2^n (two float64 per amplitude). */
export function stateBytes(numQubits: number): number {
  return 16 * 2 ** numQubits;
}

/** Smallest state placed in WebAssembly memory by default (smaller states gain little and cost a 64 KiB page). */
export const WASM_MIN_QUBITS = 10;

export interface AllocateOptions {
  /** Memory budget in bytes for the state vector. @default DEFAULT_MAX_STATE_BYTES (16 GiB) */
  readonly maxBytes?: number;
  /**
   * Where the amplitudes live: 'wasm' in WebAssembly memory (SIMD kernels; up to WASM_MAX_QUBITS,
   * else ordinary memory), 'js' in ordinary memory (JavaScript kernels), 'auto' WebAssembly from
   * WASM_MIN_QUBITS to WASM_MAX_QUBITS qubits. Both give bit-identical amplitudes. @default 'auto'
   */
  readonly kernels?: 'auto' | 'wasm' | 'js';
}

/**
 * Check that a state of `numQubits` qubits (16 * 2^n bytes) fits the budget `maxBytes`; the check of
 * `allocateState`, shared with allocators of other buffers (e.g. a SharedArrayBuffer state).
 * @throws StateTooLargeError when 16 * 2^n bytes exceed `maxBytes` or n > MAX_QUBITS
 * @throws InvalidArgumentError when numQubits is not a positive integer or maxBytes is not >= 0
 */
export function checkStateSize(numQubits: number, options: AllocateOptions = {}): void {
  if (!Number.isInteger(numQubits) || numQubits < 1) {
    throw new InvalidArgumentError(`numQubits: ${numQubits} is out of range; must be an integer >= 1`, {
      path: 'numQubits',
    });
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_STATE_BYTES;
  if (typeof maxBytes !== 'number' || Number.isNaN(maxBytes) || maxBytes < 0) {
    throw new InvalidArgumentError(`maxBytes: ${maxBytes} is out of range; must be a number >= 0`, { path: 'maxBytes' });
  }
  const required = stateBytes(numQubits);
  const allowed = Math.min(maxBytes, stateBytes(MAX_QUBITS));
  if (required > allowed) throw new StateTooLargeError(numQubits, required, allowed);
}

/**
 * A new state |0...0> of `numQubits` qubits (integer >= 1): interleaved float64, length 2 * 2^n.
 * With `kernels: 'auto'` (default) a state of WASM_MIN_QUBITS..WASM_MAX_QUBITS qubits is a view on
 * its own shared WebAssembly memory (SIMD kernels; for n > BLOCK_QUBITS followed by one scratch
 * region of 2^BLOCK_QUBITS amplitudes, 1 MiB, for cache blocking), other states plain Float64Arrays;
 * both behave the same to every function here.
 * @throws StateTooLargeError when 16 * 2^n bytes exceed `maxBytes` or n > MAX_QUBITS
 * @throws InvalidArgumentError when numQubits is not a positive integer or maxBytes is not >= 0
 */
export function allocateState(numQubits: number, options: AllocateOptions = {}): Float64Array {
  checkStateSize(numQubits, options);
  const kernels = options.kernels ?? 'auto';
  const wasm =
    kernels === 'wasm' || (kernels === 'auto' && numQubits >= WASM_MIN_QUBITS && numQubits <= WASM_MAX_QUBITS)
      ? allocateWasmState(numQubits, 1, blockScratchAmplitudes(numQubits))
      : undefined;
  const state = wasm?.state ?? new Float64Array(2 * 2 ** numQubits);
  state[0] = 1;
  return state;
}

/** The number of qubits of a state array (length 2 * 2^n). @throws InvalidArgumentError */
export function numQubitsOf(state: Float64Array): number {
  const amplitudes = state.length / 2;
  const n = Math.round(Math.log2(amplitudes));
  if (n < 1 || 2 ** n !== amplitudes) {
    throw new InvalidArgumentError(`state.length: ${state.length} is not 2 * 2^n for an integer n >= 1`, {
      path: 'state',
    });
  }
  return n;
}

/** Reset `state` in place to |0...0> (engine/memory.ts resetView: the zero kernel when it is in WebAssembly memory). */
export function resetState(state: Float64Array): void {
  resetView(state);
}

/** |a_k|^2 for every basis index k, written into `out` (length 2^n, allocated if absent). */
export function probabilities(state: Float64Array, out?: Float64Array): Float64Array {
  const size = state.length >> 1;
  const result = out ?? new Float64Array(size);
  if (result.length !== size) {
    throw new InvalidArgumentError(`out.length: ${result.length} must equal the number of amplitudes ${size}`, {
      path: 'out',
    });
  }
  for (let k = 0; k < size; k++) {
    const re = state[2 * k] as number;
    const im = state[2 * k + 1] as number;
    result[k] = re * re + im * im;
  }
  return result;
}

/** The 2-norm sqrt(sum_k |a_k|^2) of the state (1 for a normalized state). */
export function norm(state: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < state.length; i++) {
    const v = state[i] as number;
    sum += v * v;
  }
  return Math.sqrt(sum);
}

/**
 * Apply one gate in place: the single dispatcher that picks the kernel (swaps for x/cx/swap/ccx/
 * cswap, phases for diagonal gates, dense 2x2/4x4 otherwise).
 *
 * @param state interleaved state of `numQubits` qubits
 * @param qubits the gate's qubits, controls first (Qiskit order)
 * @param angles the gate's angles in radians (Qiskit order)
 * @throws CircuitError / InvalidArgumentError on an unknown gate, bad qubits or a wrong angle count
 */
export function applyGate(
  state: Float64Array,
  numQubits: number,
  name: GateName,
  qubits: ArrayLike<number>,
  angles: ArrayLike<number> = [],
): void {
  if (state.length !== 2 * 2 ** numQubits) {
    throw new InvalidArgumentError(`state.length: ${state.length} does not match numQubits ${numQubits}`, {
      path: 'state',
    });
  }
  validateCircuit({
    kind: 'circuit',
    numQubits,
    numClbits: 0,
    parameters: [],
    ops: [{ kind: 'gate', name, qubits: Array.from(qubits), params: Array.from(angles) }],
  });
  dispatchGate(
    state,
    numQubits,
    name,
    qubits[0] ?? 0,
    qubits[1] ?? 0,
    qubits[2] ?? 0,
    angles[0] ?? 0,
    angles[1] ?? 0,
    angles[2] ?? 0,
    0,
    gateSpan(name, numQubits),
  );
}

/* ---------------------------------------------------------------- compiled circuits */

/** A circuit pre-resolved into flat arrays of kernel calls; `run` binds parameters and applies it. */
export interface CompiledCircuit {
  readonly numQubits: number;
  readonly numParameters: number;
  /** Number of gate operations kept (barriers, measurements and `id` are dropped). */
  readonly numGates: number;
  /** Number of kernel calls per run after fusing runs of 1-qubit gates. */
  readonly numInstructions: number;
  /**
   * Apply the circuit in place to `state` (which is not reset first) with parameter values
   * `params` (length >= numParameters, radians).
   * @throws InvalidArgumentError when the state or parameter vector has the wrong size
   */
  run(state: Float64Array, params: ArrayLike<number>): void;
}

/**
 * Validate `circuit` once and lower it to a `CompiledProgram` (compiled.ts): fused runs of 1-qubit
 * gates, angles `scale * params[index] + offset` bound into preallocated arrays on each run.
 * `measure`, `barrier` and `id` are dropped: the simulator keeps the pre-measurement state.
 * @throws StateTooLargeError when the circuit has more than MAX_QUBITS qubits
 */
export function compileCircuit(circuit: Circuit, options: CompileOptions = {}): CompiledProgram {
  validateCircuit(circuit);
  const n = circuit.numQubits;
  if (n > MAX_QUBITS) {
    throw new StateTooLargeError(n, stateBytes(n), stateBytes(MAX_QUBITS));
  }
  return new CompiledProgram(circuit, options);
}

/**
 * Apply `circuit` in place to `state` with parameter values `params` (bound with `bindAngle`
 * semantics: `scale * params[index] + offset`). Barriers and measurements are ignored.
 * For repeated runs with new parameters, compile once with `compileCircuit`.
 */
export function applyCircuit(state: Float64Array, circuit: Circuit, params: ArrayLike<number> = []): void {
  compileBlocked(circuit).run(state, params);
}

/**
 * Validate `circuit` once and compile it into cache-blocked stages (blocked.ts) of fused
 * instructions: the fastest way to run a circuit on a state of more qubits than fit the cache.
 * @throws StateTooLargeError when the circuit has more than MAX_QUBITS qubits
 */
export function compileBlocked(circuit: Circuit, options: BlockingOptions = {}): BlockedProgram {
  validateCircuit(circuit);
  const n = circuit.numQubits;
  if (n > MAX_QUBITS) throw new StateTooLargeError(n, stateBytes(n), stateBytes(MAX_QUBITS));
  return new BlockedProgram(circuit, options);
}
