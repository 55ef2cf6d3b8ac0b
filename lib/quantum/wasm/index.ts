/**
 * WebAssembly SIMD kernels for state vectors held in WebAssembly memory.
 *
 * A state allocated here lives at byte 0 of its own shared `WebAssembly.Memory`, followed by
 * `regions` scratch regions (the cache blocks of blocked.ts, one per thread) and as many
 * coefficient regions (the matrices of the generic kernels, one per thread). The caller gets
 * ordinary typed-array views (Float64Array for float64 states, Float32Array for float32 ones):
 * every JavaScript function of the simulator works on them unchanged, and the programs find the
 * module instance bound to the memory through `wasmKernelsOf(view)` / `wasmInstanceOf(view)` and
 * call its kernels with the view's byte offset. A worker thread given the same Memory (it is
 * shareable through postMessage) binds its own instance with `attachWasmMemory`.
 *
 * Limits: wasm32 addresses 4 GiB, so states up to 2 GiB (WASM_MAX_QUBITS = 27 qubits of complex
 * float64) are placed here; larger states, runtimes without WebAssembly SIMD or shared memory, and
 * failed allocations fall back to plain memory and the JavaScript kernels (the allocators return
 * undefined).
 */
import { KERNELS_WASM_BASE64 } from './kernels-binary';
import { lazyModule } from './module';
import { genericKernelKeys, genericKernelName, REPRESENTATIONS, type GenericKey, type Representation } from './repr';

/** Largest state (qubits) placed in WebAssembly memory: 16 * 2^27 B = 2 GiB of the 4 GiB address space. */
export const WASM_MAX_QUBITS = 27;

/** Largest state in bytes placed in WebAssembly memory (2 GiB). */
export const WASM_MAX_STATE_BYTES = 2 ** 31;

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
  /** Cache-block copy (blocked.ts): gather = 1 state -> scratch, 0 scratch -> state. Byte addresses; block and mask scaled to bytes. */
  copy(state: number, scratch: number, block: number, maskH: number, chunkBytes: number, count: number, gather: number): void;
  /** Zero `bytes` bytes (a multiple of 16) at byte address `base`. */
  zero(base: number, bytes: number): void;
}

/** A generic kernel (generic.ts): `(base, coef, v1 .. vhigh, k0, k1)`. */
export type GenericKernel = (...args: number[]) => void;
/** `product_<repr>(base, bytes, ar, ai, br, bi)`: one doubling step of a product state (generic.ts productKernel). */
export type ProductKernel = (base: number, bytes: number, ar: number, ai: number, br: number, bi: number) => void;
/** `prob_<repr>(base, out, a0, a1)`: float64 |amplitude|^2 of amplitudes [a0, a1) at byte address out. */
export type ProbabilityKernel = (base: number, out: number, a0: number, a1: number) => void;

/** Index of each generic kernel in `WasmInstance.generic` (all representations, in generation order). */
const GENERIC_NAMES = Object.values(REPRESENTATIONS).flatMap((info) => genericKernelKeys(info).map((k) => genericKernelName(info.name, k)));
const GENERIC_ID = new Map(GENERIC_NAMES.map((name, id) => [name, id]));

/** The id of a generic kernel (an index into `WasmInstance.generic`). @throws Error when it is not generated */
export function genericKernelId(repr: Representation, key: GenericKey): number {
  const id = GENERIC_ID.get(genericKernelName(repr, key));
  if (id === undefined) throw new Error(`internal error: no generic kernel ${genericKernelName(repr, key)}`);
  return id;
}

/** The module instance bound to one memory. */
export interface WasmInstance {
  readonly kernels: WasmKernels;
  /** Generic kernels by `genericKernelId`. */
  readonly generic: readonly GenericKernel[];
  readonly probability: Readonly<Record<Representation, ProbabilityKernel>>;
  readonly product: Readonly<Record<Representation, ProductKernel>>;
  readonly layout: WasmLayout;
  readonly memory: WebAssembly.Memory;
}

/**
 * Byte layout of a memory: the state at 0, then `regions` scratch regions, then `regions`
 * coefficient regions, then (optionally) float64 probabilities.
 */
export interface WasmLayout {
  readonly stateBytes: number;
  readonly regions: number;
  /** Bytes of each scratch region (multiple of 16). */
  readonly scratchBytes: number;
  /** Bytes of each coefficient region (multiple of 16). */
  readonly coefficientBytes: number;
  /** Bytes of the probabilities (8 per amplitude; 0 for none). @default 0 */
  readonly probabilityBytes?: number;
}

/** Byte offset of scratch region r. */
export function scratchOffset(layout: WasmLayout, r: number): number {
  return layout.stateBytes + r * layout.scratchBytes;
}

/** Byte offset of coefficient region r. */
export function coefficientOffset(layout: WasmLayout, r: number): number {
  return layout.stateBytes + layout.regions * layout.scratchBytes + r * layout.coefficientBytes;
}

/** Byte offset of the probabilities. */
export function probabilityOffset(layout: WasmLayout): number {
  return layout.stateBytes + layout.regions * (layout.scratchBytes + layout.coefficientBytes);
}

function layoutBytes(layout: WasmLayout): number {
  return probabilityOffset(layout) + (layout.probabilityBytes ?? 0);
}

/** A state in WebAssembly memory and its scratch regions (float64 views on one shared memory). */
export interface WasmState {
  readonly memory: WebAssembly.Memory;
  /** Interleaved amplitudes, length 2 * 2^n, at byte 0 of the memory. */
  readonly state: Float64Array;
  /** Scratch regions of `scratchAmplitudes` amplitudes each (length 2 * scratchAmplitudes). */
  readonly scratch: readonly Float64Array[];
}

const bound = new WeakMap<ArrayBufferLike, WasmInstance & { scratch: readonly Float64Array[] }>();

/** The kernels' module, or null without SIMD or threads in this runtime (the JavaScript kernels run). */
const kernelModule = lazyModule(KERNELS_WASM_BASE64);

/** Whether this runtime compiles the SIMD kernels (WebAssembly SIMD and shared memory). */
export function wasmKernelsAvailable(): boolean {
  return kernelModule() !== null;
}

/** The kernels bound to the memory of `view`, or undefined for a state in ordinary memory. */
export function wasmKernelsOf(view: ArrayBufferView): WasmKernels | undefined {
  return bound.get(view.buffer)?.kernels;
}

/** The instance bound to the memory of `view` (kernels, generic kernels, layout), or undefined. */
export function wasmInstanceOf(view: ArrayBufferView): WasmInstance | undefined {
  return bound.get(view.buffer);
}

/** Scratch region `rank` of the memory of `view` as float64 (undefined when there is none). */
export function wasmScratchOf(view: ArrayBufferView, rank: number): Float64Array | undefined {
  return bound.get(view.buffer)?.scratch[rank];
}

/**
 * Bind the kernels to `memory` (made by allocateWasmMemory, possibly in another thread) with the
 * given layout. @throws Error when the kernels cannot be compiled here or the memory is too small
 */
export function attachWasmMemory(memory: WebAssembly.Memory, layout: WasmLayout): WasmInstance {
  const module = kernelModule();
  if (module === null) throw new Error('WebAssembly SIMD kernels are not available in this runtime');
  if (memory.buffer.byteLength < layoutBytes(layout)) {
    throw new RangeError(`memory: ${memory.buffer.byteLength} bytes is too small for a layout of ${layoutBytes(layout)} bytes`);
  }
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const probability = Object.fromEntries(Object.keys(REPRESENTATIONS).map((r) => [r, exports[`prob_${r}`] as ProbabilityKernel])) as Record<Representation, ProbabilityKernel>;
  const product = Object.fromEntries(Object.keys(REPRESENTATIONS).map((r) => [r, exports[`product_${r}`] as ProductKernel])) as Record<Representation, ProductKernel>;
  const scratch = Array.from({ length: layout.regions }, (_, r) => new Float64Array(memory.buffer, scratchOffset(layout, r), layout.scratchBytes / 8));
  const instance = {
    kernels: exports as unknown as WasmKernels,
    generic: GENERIC_NAMES.map((name) => exports[name] as GenericKernel),
    probability,
    product,
    layout,
    memory,
    scratch,
  };
  bound.set(memory.buffer, instance);
  return instance;
}

/**
 * A zeroed shared WebAssembly memory with `layout`, the kernels bound to it, or undefined when the
 * kernels are not available, the layout exceeds the 32-bit address space, or the engine refuses the
 * memory (the caller then uses ordinary memory).
 */
export function allocateWasmMemory(layout: WasmLayout): WasmInstance | undefined {
  if (kernelModule() === null || layout.stateBytes > WASM_MAX_STATE_BYTES) return undefined;
  const bytes = layoutBytes(layout);
  if (bytes > 2 ** 32 - PAGE_BYTES) return undefined;
  const pages = Math.max(1, Math.ceil(bytes / PAGE_BYTES));
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  } catch {
    return undefined;
  }
  return attachWasmMemory(memory, layout);
}

/** The c64 layout of allocateWasmState: 16 * 2^n state bytes and regions of 16 * scratchAmplitudes bytes, plus coefficient regions. */
function c64Layout(numQubits: number, scratchRegions: number, scratchAmplitudes: number, coefficientBytes: number): WasmLayout {
  return { stateBytes: numQubits === 0 ? 0 : 16 * 2 ** numQubits, regions: scratchRegions, scratchBytes: 16 * scratchAmplitudes, coefficientBytes };
}

function wasmStateOf(instance: WasmInstance, numQubits: number): WasmState {
  const state = new Float64Array(instance.memory.buffer, 0, numQubits === 0 ? 0 : 2 * 2 ** numQubits);
  return { memory: instance.memory, state, scratch: bound.get(instance.memory.buffer)!.scratch };
}

/**
 * Bind the kernels to a complex float64 state memory made by allocateWasmState (possibly in another
 * thread) and return the views of its state (n qubits) and scratch regions.
 * @throws Error when the kernels cannot be compiled here or the memory is too small
 */
export function attachWasmState(memory: WebAssembly.Memory, numQubits: number, scratchRegions: number, scratchAmplitudes: number, coefficientBytes = 0): WasmState {
  return wasmStateOf(attachWasmMemory(memory, c64Layout(numQubits, scratchRegions, scratchAmplitudes, scratchRegions > 0 ? coefficientBytes : 0)), numQubits);
}

/**
 * A zeroed complex float64 state of `numQubits` qubits (16 * 2^n bytes; 0 for scratch regions alone)
 * and `scratchRegions` regions of `scratchAmplitudes` amplitudes (each followed, after all of them,
 * by a coefficient region of `coefficientBytes`) in one new shared WebAssembly memory, or undefined
 * when the kernels are not available, n > WASM_MAX_QUBITS, or the engine refuses the memory (the
 * caller then uses ordinary memory). The state is all zeros: the caller sets |0...0>.
 */
export function allocateWasmState(numQubits: number, scratchRegions = 0, scratchAmplitudes = 0, coefficientBytes = 0): WasmState | undefined {
  if (numQubits > WASM_MAX_QUBITS) return undefined;
  const instance = allocateWasmMemory(c64Layout(numQubits, scratchRegions, scratchAmplitudes, scratchRegions > 0 ? coefficientBytes : 0));
  return instance === undefined ? undefined : wasmStateOf(instance, numQubits);
}

export { REPRESENTATIONS, MAX_FUSED_QUBITS, popcount, subsets, genericTerms, genericKernelName, type Representation, type RepresentationInfo, type GenericKind, type GenericKey } from './repr';
export { coefficientVectors } from './generic';
export { createCvarBucketPass, type CvarBucketPass } from './cvar';
