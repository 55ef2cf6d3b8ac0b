/**
 * Typed views of a state of any representation (wasm/repr.ts) in WebAssembly memory, and
 * conversions to and from the simulator's canonical layout (interleaved complex float64).
 *
 * Element counts: complex states hold 2 numbers per amplitude (re, im), real states 1; float64
 * representations are Float64Array views, float32 ones Float32Array views.
 */
import { InvalidArgumentError } from '../errors';
import { allocateWasmMemory, attachWasmMemory, coefficientOffset, probabilityOffset, scratchOffset, wasmInstanceOf, type WasmInstance, type WasmLayout } from '../wasm';
import { REPRESENTATIONS, type Representation, type RepresentationInfo } from '../wasm';
import type { CoefficientArray } from './coefficients';
import type { StateView } from './program';

/** Bytes of a state of n qubits in representation `repr`. */
export function representationBytes(repr: Representation, numQubits: number): number {
  return REPRESENTATIONS[repr].ampBytes * 2 ** numQubits;
}

/** A view of `amplitudes` amplitudes of `info` at `byteOffset` of `buffer`. */
export function stateView(info: RepresentationInfo, buffer: ArrayBufferLike, byteOffset: number, amplitudes: number): StateView {
  const length = (info.complex ? 2 : 1) * amplitudes;
  return info.single ? new Float32Array(buffer, byteOffset, length) : new Float64Array(buffer, byteOffset, length);
}

/** A coefficient region view (float32 for single, float64 for double precision) of `bytes` at `byteOffset`. */
export function coefficientView(info: RepresentationInfo, buffer: ArrayBufferLike, byteOffset: number, bytes: number): CoefficientArray {
  return info.single ? new Float32Array(buffer, byteOffset, bytes / 4) : new Float64Array(buffer, byteOffset, bytes / 8);
}

/** A state of one representation in WebAssembly memory with per-thread scratch and coefficient regions. */
export interface EngineMemory {
  readonly instance: WasmInstance;
  readonly info: RepresentationInfo;
  readonly numQubits: number;
  readonly state: StateView;
  /** Scratch regions (cache blocks) of `scratchAmplitudes` amplitudes each, one per thread. */
  readonly scratch: readonly StateView[];
  /** Coefficient regions, one per thread. */
  readonly coefficients: readonly CoefficientArray[];
  /** |amplitude|^2 per basis index (length 2^n), when the layout asked for them. */
  readonly probabilities: Float64Array | undefined;
}

export interface EngineLayout {
  readonly representation: Representation;
  readonly numQubits: number;
  /** Threads: one scratch and one coefficient region each. @default 1 */
  readonly regions?: number;
  /** Amplitudes of each scratch region (0 when nothing is blocked). @default 0 */
  readonly scratchAmplitudes?: number;
  /** Coefficient vectors (16 bytes) of each coefficient region. @default 0 */
  readonly coefficientVectors?: number;
  /** Room for float64 probabilities (8 * 2^n bytes) after the regions. @default false */
  readonly probabilities?: boolean;
}

function wasmLayoutOf(layout: EngineLayout): WasmLayout {
  const info = REPRESENTATIONS[layout.representation];
  return {
    stateBytes: representationBytes(layout.representation, layout.numQubits),
    regions: layout.regions ?? 1,
    scratchBytes: info.ampBytes * (layout.scratchAmplitudes ?? 0),
    coefficientBytes: 16 * (layout.coefficientVectors ?? 0),
    probabilityBytes: layout.probabilities ? 8 * 2 ** layout.numQubits : 0,
  };
}

/** Bytes of the memory of a layout: state, regions and probabilities. */
export function engineLayoutBytes(layout: EngineLayout): number {
  const w = wasmLayoutOf(layout);
  return w.stateBytes + w.regions * (w.scratchBytes + w.coefficientBytes) + (w.probabilityBytes ?? 0);
}

function viewsOf(instance: WasmInstance, layout: EngineLayout): EngineMemory {
  const info = REPRESENTATIONS[layout.representation];
  const w = instance.layout;
  const buffer = instance.memory.buffer;
  return {
    instance,
    info,
    numQubits: layout.numQubits,
    state: stateView(info, buffer, 0, 2 ** layout.numQubits),
    scratch: Array.from({ length: w.regions }, (_, r) => stateView(info, buffer, scratchOffset(w, r), layout.scratchAmplitudes ?? 0)),
    coefficients: Array.from({ length: w.regions }, (_, r) => coefficientView(info, buffer, coefficientOffset(w, r), w.coefficientBytes)),
    probabilities: layout.probabilities ? new Float64Array(buffer, probabilityOffset(w), 2 ** layout.numQubits) : undefined,
  };
}

/**
 * A zeroed state with its regions in a new shared WebAssembly memory (the caller sets |0...0>), or
 * undefined when WebAssembly SIMD is missing or the layout does not fit the 32-bit address space.
 */
export function allocateEngineMemory(layout: EngineLayout): EngineMemory | undefined {
  const instance = allocateWasmMemory(wasmLayoutOf(layout));
  return instance === undefined ? undefined : viewsOf(instance, layout);
}

/** Bind the kernels to a memory made by allocateEngineMemory with the same layout (e.g. in a worker thread). */
export function attachEngineMemory(memory: WebAssembly.Memory, layout: EngineLayout): EngineMemory {
  return viewsOf(attachWasmMemory(memory, wasmLayoutOf(layout)), layout);
}

/** Set `state` (any representation) to |0...0>: by the zero kernel when it is in WebAssembly memory (a whole number of vectors), else TypedArray.fill. */
export function resetView(state: StateView): void {
  resetShare(state, 0, 1);
}

/**
 * Share `rank` of `size` of resetView, for threads that reset one state together: zero a slice of
 * whole 16-byte vectors of `state` (the zero kernel when it is in WebAssembly memory, else
 * TypedArray.fill on a slice of elements), and on rank 0 set amplitude 0 to 1 after its slice.
 * The shares of ranks 0..size-1 cover the state once; no share but rank 0's touches amplitude 0.
 */
export function resetShare(state: StateView, rank: number, size: number): void {
  const w = state.byteLength % 16 === 0 && state.byteOffset % 16 === 0 ? wasmInstanceOf(state) : undefined;
  if (w !== undefined) {
    const [v0, v1] = shareOf(state.byteLength / 16, rank, size);
    if (v1 > v0) w.kernels.zero(state.byteOffset + 16 * v0, 16 * (v1 - v0));
  } else {
    const [e0, e1] = shareOf(state.length, rank, size);
    state.fill(0, e0, e1);
  }
  if (rank === 0) state[0] = 1;
}

/** [floor(length * rank / size), floor(length * (rank + 1) / size)): share `rank` of `size`. */
export function shareOf(length: number, rank: number, size: number): [number, number] {
  return [Math.floor((length * rank) / size), Math.floor((length * (rank + 1)) / size)];
}

/**
 * The amplitudes of `state` as interleaved complex float64 (length 2 * 2^n), into `out` if given.
 * @throws InvalidArgumentError when out has the wrong length
 */
export function toComplex64(info: RepresentationInfo, state: StateView, out?: Float64Array): Float64Array {
  const amplitudes = info.complex ? state.length / 2 : state.length;
  const result = out ?? new Float64Array(2 * amplitudes);
  if (result.length !== 2 * amplitudes) {
    throw new InvalidArgumentError(`out.length: ${result.length} must be ${2 * amplitudes}`, { path: 'out' });
  }
  if (info.complex) {
    for (let i = 0; i < state.length; i++) result[i] = state[i]!;
  } else {
    for (let k = 0; k < amplitudes; k++) {
      result[2 * k] = state[k]!;
      result[2 * k + 1] = 0;
    }
  }
  return result;
}

/** Write interleaved complex float64 `values` into `state` (real representations keep the real parts). */
export function fromComplex64(info: RepresentationInfo, values: Float64Array, state: StateView): void {
  if (info.complex) {
    for (let i = 0; i < state.length; i++) state[i] = values[i]!;
  } else {
    for (let k = 0; k < state.length; k++) state[k] = values[2 * k]!;
  }
}

/**
 * Write |amplitude|^2 of the amplitudes [a0, a1) of `memory`'s state into its probabilities (the
 * WebAssembly kernel of the representation; float32 amplitudes are widened to float64 first).
 * a0 and a1 must be multiples of the amplitudes per vector (2^laneBits), or a1 = 2^n.
 */
export function writeProbabilities(memory: EngineMemory, a0: number, a1: number): void {
  const out = memory.probabilities;
  if (out === undefined) throw new Error('internal error: the memory has no probabilities region');
  memory.instance.probability[memory.info.name](memory.state.byteOffset, out.byteOffset, a0, a1);
}
