/**
 * WebAssembly SIMD kernels for state vectors held in WebAssembly memory.
 *
 * A state allocated here lives at byte 0 of its own shared `WebAssembly.Memory`, followed by
 * `scratchRegions` scratch regions (the cache blocks of blocked.ts, one per thread). The caller gets
 * ordinary Float64Array views: every JavaScript function of the simulator works on them unchanged,
 * and the gate dispatcher (dispatch.ts) finds the module instance bound to the memory through
 * `wasmKernelsOf(view)` and calls its SIMD kernels with the view's byte offset. A worker thread
 * given the same Memory (it is shareable through postMessage) binds its own instance with
 * `attachWasmState`.
 *
 * Limits: wasm32 addresses 4 GiB, so states up to WASM_MAX_QUBITS = 27 qubits (2 GiB) are placed
 * here; larger states, runtimes without WebAssembly SIMD or shared memory, and failed allocations
 * fall back to plain Float64Array and the JavaScript kernels (`allocateWasmState` returns undefined).
 */
import { KERNELS_WASM_BASE64 } from './kernels-binary';

/** Largest state (qubits) placed in WebAssembly memory: 16 * 2^27 B = 2 GiB of the 4 GiB address space. */
export const WASM_MAX_QUBITS = 27;

const PAGE_BYTES = 65536;

/** The exports of the kernel module (see source.ts for the contract: byte base, qubits, data, range). */
export interface WasmKernels {
  real1(base: number, q: number, m00: number, m01: number, m10: number, m11: number, k0: number, k1: number): void;
  dense1(base: number, q: number, ...rest: number[]): void;
  diag1(base: number, q: number, d0r: number, d0i: number, d1r: number, d1i: number, k0: number, k1: number): void;
  phase1(base: number, q: number, re: number, im: number, k0: number, k1: number): void;
  x1(base: number, q: number, k0: number, k1: number): void;
  cx(base: number, c: number, t: number, k0: number, k1: number): void;
  swap2(base: number, a: number, b: number, k0: number, k1: number): void;
  cphase(base: number, a: number, b: number, re: number, im: number, k0: number, k1: number): void;
  diag2(base: number, q0: number, q1: number, ...rest: number[]): void;
  ctrl1(base: number, c: number, t: number, ...rest: number[]): void;
  /** Cache-block copy (blocked.ts): gather = 1 state -> scratch, 0 scratch -> state. Byte addresses, amplitude indices. */
  copy(state: number, scratch: number, block: number, maskH: number, chunkBytes: number, count: number, gather: number): void;
}

/** A state in WebAssembly memory and its scratch regions (views on one shared memory). */
export interface WasmState {
  readonly memory: WebAssembly.Memory;
  /** Interleaved amplitudes, length 2 * 2^n, at byte 0 of the memory. */
  readonly state: Float64Array;
  /** Scratch regions of `scratchAmplitudes` amplitudes each (length 2 * scratchAmplitudes). */
  readonly scratch: readonly Float64Array[];
}

let compiled: WebAssembly.Module | null | undefined;
const bound = new WeakMap<ArrayBufferLike, { kernels: WasmKernels; scratch: readonly Float64Array[] }>();

function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  try {
    const text = atob(KERNELS_WASM_BASE64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  } catch {
    compiled = null; // no SIMD or no threads in this runtime: the JavaScript kernels run
  }
  return compiled;
}

/** Whether this runtime compiles the SIMD kernels (WebAssembly SIMD and shared memory). */
export function wasmKernelsAvailable(): boolean {
  return kernelModule() !== null;
}

/** The kernels bound to the memory of `view`, or undefined for a state in ordinary memory. */
export function wasmKernelsOf(view: Float64Array): WasmKernels | undefined {
  return bound.get(view.buffer)?.kernels;
}

/** Scratch region `rank` of the memory of `view` (undefined when there is none). */
export function wasmScratchOf(view: Float64Array, rank: number): Float64Array | undefined {
  return bound.get(view.buffer)?.scratch[rank];
}

function bytesOf(numQubits: number, scratchRegions: number, scratchAmplitudes: number): number {
  return 16 * 2 ** numQubits + 16 * scratchRegions * scratchAmplitudes;
}

/**
 * Bind the kernels to `memory` (made by allocateWasmState, possibly in another thread) and return
 * the views of its state (n qubits) and scratch regions.
 * @throws Error when the kernels cannot be compiled here or the memory is too small
 */
export function attachWasmState(memory: WebAssembly.Memory, numQubits: number, scratchRegions: number, scratchAmplitudes: number): WasmState {
  const module = kernelModule();
  if (module === null) throw new Error('WebAssembly SIMD kernels are not available in this runtime');
  if (memory.buffer.byteLength < bytesOf(numQubits, scratchRegions, scratchAmplitudes)) {
    throw new RangeError(`memory: ${memory.buffer.byteLength} bytes is too small for ${numQubits} qubits and ${scratchRegions} scratch regions`);
  }
  const kernels = new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as WasmKernels;
  const stateLength = 2 * 2 ** numQubits;
  const state = new Float64Array(memory.buffer, 0, stateLength);
  const scratch = Array.from({ length: scratchRegions }, (_, r) => new Float64Array(memory.buffer, 8 * (stateLength + 2 * r * scratchAmplitudes), 2 * scratchAmplitudes));
  bound.set(memory.buffer, { kernels, scratch });
  return { memory, state, scratch };
}

/**
 * A zeroed state of `numQubits` qubits (16 * 2^n bytes; 0 for scratch regions alone) and `scratchRegions` regions of
 * `scratchAmplitudes` amplitudes in one new shared WebAssembly memory, or undefined when the
 * kernels are not available, n > WASM_MAX_QUBITS, or the engine refuses the memory (the caller then
 * uses ordinary memory). The state is all zeros: the caller sets |0...0>.
 */
export function allocateWasmState(numQubits: number, scratchRegions = 0, scratchAmplitudes = 0): WasmState | undefined {
  if (numQubits > WASM_MAX_QUBITS || kernelModule() === null) return undefined;
  const bytes = bytesOf(numQubits, scratchRegions, scratchAmplitudes);
  if (bytes > 2 ** 32 - PAGE_BYTES) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return undefined;
  }
  return attachWasmState(memory, numQubits, scratchRegions, scratchAmplitudes);
}
