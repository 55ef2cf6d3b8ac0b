/**
 * A state-vector simulator whose state lives in shared memory and whose circuit runs on `threads`
 * worker threads at once (piscina pool, statevector-worker.ts), each on its own share of every
 * stage of the cache-blocked program (a slice of a kernel's loop range, or of the blocks of a
 * blocked stage), meeting at a barrier between them. The results are identical for any thread
 * count. States of up to WASM_MAX_QUBITS qubits live in a shared WebAssembly memory (SIMD kernels,
 * with one scratch region per thread after the state); larger ones, or where WebAssembly SIMD is
 * missing, in a SharedArrayBuffer (JavaScript kernels). Nothing is copied per run: the state, the
 * probabilities and the barrier are allocated once per circuit size and reused; only the parameter
 * vector is sent to the workers.
 */
import type { Piscina } from 'piscina';
import {
  allocateWasmState,
  blockScratchAmplitudes,
  checkStateSize,
  DEFAULT_MAX_STATE_BYTES,
  InvalidArgumentError,
  MAX_QUBITS,
  StateTooLargeError,
  stateBytes,
  validateCircuit,
  type Circuit,
} from '../../quantum';
import { BARRIER_BYTES, SharedBarrier } from './barrier';
import { createPool, taskModule } from './pool';
import type { ShareTask } from './statevector-worker';

export interface ParallelStatevectorOptions {
  /** Worker threads (>= 1). */
  readonly threads: number;
  /** Memory budget of the state vector in bytes (the check of allocateState). */
  readonly maxStateBytes?: number;
  /** Fuse runs of 1-qubit gates. @default true */
  readonly fuse?: boolean;
  /** Cache blocking (lib/quantum blocked.ts); false runs gate by gate (kernel benchmarks). @default true */
  readonly blocking?: boolean;
  /**
   * 'auto': the state in WebAssembly memory up to WASM_MAX_QUBITS qubits, else 'blocks'. 'blocks':
   * the state in plain shared memory, SIMD kernels inside the cache blocks (scratch regions in
   * WebAssembly memory), JavaScript kernels for gates applied directly. 'js': JavaScript kernels
   * only. All give the same amplitudes. @default 'auto'
   */
  readonly kernels?: 'auto' | 'blocks' | 'js';
}

let nextKey = 1;

export class ParallelStatevector {
  readonly threads: number;
  private readonly pool: Piscina;
  private readonly maxStateBytes: number | undefined;
  private readonly fuse: boolean;
  private readonly blocking: boolean;
  private readonly kernels: 'auto' | 'blocks' | 'js';
  private numQubits = 0;
  private stateBuffer: SharedArrayBuffer | undefined;
  private memory: WebAssembly.Memory | null = null;
  private scratchMemory: WebAssembly.Memory | null = null;
  private probsBuffer: SharedArrayBuffer | undefined;
  private readonly barrierBuffer = new SharedArrayBuffer(BARRIER_BYTES);
  private circuit: Circuit | undefined;
  private key = 0;
  /** Runs are serialised: the workers of one run must all be in it together. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: ParallelStatevectorOptions) {
    if (!Number.isInteger(options.threads) || options.threads < 1) {
      throw new RangeError(`threads: ${options.threads} must be an integer >= 1`);
    }
    this.threads = options.threads;
    this.maxStateBytes = options.maxStateBytes;
    this.fuse = options.fuse ?? true;
    this.blocking = options.blocking ?? true;
    this.kernels = options.kernels ?? 'auto';
    this.pool = createPool(taskModule('statevector-worker'), options.threads);
  }

  /** The amplitudes of the last run (interleaved re, im; a view on shared memory, not a copy). */
  get state(): Float64Array {
    return new Float64Array(this.stateBuffer!, 0, 2 * 2 ** this.numQubits);
  }

  /** Whether the state lives in WebAssembly memory (SIMD kernels). */
  get usesWasm(): boolean {
    return this.memory !== null;
  }

  /** |a_k|^2 of the last run (length 2^n; a view on shared memory, valid until the next run). */
  get probabilities(): Float64Array {
    return new Float64Array(this.probsBuffer!);
  }

  /**
   * Run `circuit` from |0...0> with parameter values `params` (radians). Aborting `signal` stops
   * the run at once: piscina terminates the worker threads in the middle of their share (new ones
   * replace them for the next run, which starts from |0...0> again); the promise rejects with the
   * signal's reason.
   * @throws StateTooLargeError when the state exceeds the memory budget
   */
  run(circuit: Circuit, params: ArrayLike<number>, withProbabilities = true, signal?: AbortSignal): Promise<void> {
    const next = this.queue.then(() => this.runNow(circuit, params, withProbabilities, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(circuit: Circuit, params: ArrayLike<number>, withProbabilities: boolean, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    if (circuit !== this.circuit) this.prepare(circuit, withProbabilities);
    if (withProbabilities && this.probsBuffer === undefined) this.allocateProbabilities();
    if (params.length < circuit.parameters.length) {
      throw new InvalidArgumentError(`params.length: ${params.length} is too short; the circuit has ${circuit.parameters.length} parameters`, { path: 'params' });
    }
    const state = this.state;
    state.fill(0);
    state[0] = 1;
    new SharedBarrier(this.barrierBuffer, this.threads).reset();
    const values = Float64Array.from(params);
    const tasks: Promise<number>[] = [];
    for (let rank = 0; rank < this.threads; rank++) {
      const task: ShareTask = {
        key: this.key,
        circuit,
        params: values,
        state: this.stateBuffer!,
        memory: this.memory,
        scratchMemory: this.scratchMemory,
        probabilities: withProbabilities ? this.probsBuffer! : null,
        barrier: this.barrierBuffer,
        rank,
        size: this.threads,
        fuse: this.fuse,
        blocking: this.blocking,
      };
      tasks.push(this.pool.run(task, signal ? { signal } : {}));
    }
    const settled = await Promise.allSettled(tasks);
    if (signal?.aborted) throw signal.reason;
    const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected' && (s.reason as Error)?.name !== 'BarrierAbortedError');
    if (failed) throw failed.reason;
    const aborted = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (aborted) throw aborted.reason;
  }

  /** The probabilities take another 8 * 2^n bytes beside the state. @throws StateTooLargeError */
  private checkProbabilities(n: number): void {
    const required = 24 * 2 ** n;
    const allowed = Math.min(this.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES, stateBytes(MAX_QUBITS));
    if (required > allowed) throw new StateTooLargeError(n, required, allowed, { what: 'the state vector and its probabilities' });
  }

  /** Allocate the probabilities on the first run that asks for them (a 30-qubit state fits only without). */
  private allocateProbabilities(): void {
    this.checkProbabilities(this.numQubits);
    this.probsBuffer = new SharedArrayBuffer(8 * 2 ** this.numQubits);
  }

  private prepare(circuit: Circuit, withProbabilities: boolean): void {
    // Validate here, where the error keeps its class and code (errors cloned from workers do not).
    validateCircuit(circuit);
    const n = circuit.numQubits;
    checkStateSize(n, this.maxStateBytes === undefined ? {} : { maxBytes: this.maxStateBytes });
    if (withProbabilities) this.checkProbabilities(n);
    if (n !== this.numQubits) {
      // drop the old buffers before allocating the new ones
      this.stateBuffer = undefined;
      this.probsBuffer = undefined;
      this.memory = null;
      this.scratchMemory = null;
      // one scratch region per thread after the state (cache blocks)
      const scratch = blockScratchAmplitudes(n);
      const wasm = this.kernels === 'auto' ? allocateWasmState(n, this.threads, scratch) : undefined;
      this.memory = wasm?.memory ?? null;
      this.stateBuffer = (wasm?.memory.buffer as SharedArrayBuffer | undefined) ?? new SharedArrayBuffer(16 * 2 ** n);
      // a state too large for WebAssembly memory still gets SIMD kernels inside its cache blocks
      if (wasm === undefined && this.kernels !== 'js' && scratch > 0) this.scratchMemory = allocateWasmState(0, this.threads, scratch)?.memory ?? null;
      this.numQubits = n;
    }
    this.circuit = circuit;
    this.key = nextKey++;
  }

  /** Stop the worker threads. */
  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
