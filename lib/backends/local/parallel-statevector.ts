/**
 * A state-vector simulator whose state lives in shared memory and whose circuit runs on `threads`
 * worker threads at once (piscina pool, statevector-worker.ts), each on its own share of every
 * stage of the cache-blocked program (a slice of a kernel's loop range, or of the blocks of a
 * blocked stage), meeting at a barrier between them. The results are identical for any thread
 * count.
 *
 * Where the state lives: in a shared WebAssembly memory with one scratch and one coefficient region
 * per thread and the probabilities after them (lib/quantum engine), in the representation chosen for
 * the circuit and the run's precision (real amplitudes for real circuits, float32 for 'single'); a
 * complex float64 state too large for WebAssembly memory (over 27 qubits), or with `kernels: 'js'`
 * / 'blocks', lives in a SharedArrayBuffer (JavaScript kernels; with 'blocks' the SIMD kernels run
 * inside the cache blocks, whose scratch regions are WebAssembly memory). Nothing is copied per run:
 * the memory is allocated once per circuit and precision and reused; only the parameter vector
 * travels, and the workers write the initial state (each its own slice).
 *
 * Sessions: the workers take one pool task each per circuit and stay in it, polling a command
 * channel in shared memory for the next run (run-channel.ts), as the threads of an OpenMP team spin
 * between parallel regions. A run then costs an atomic store and a wake-up instead of a message
 * through the pool and a structured clone of the circuit; the main thread awaits the last worker's
 * notification (Atomics.waitAsync), so the event loop stays free. A session whose workers see no
 * run for `idleMs` closes itself (so idle workers let the process exit); the next run opens another.
 *
 * The main thread's share: when the runs of a circuit are short (the last one took at most
 * MAIN_SHARE_MAX_MS), the main thread takes rank 0 itself, as the master thread of an OpenMP team
 * does, and `threads - 1` workers the others. That saves the two wake-ups of a thread hop per run
 * (some 0.05-0.1 ms each in a virtual machine, whose idle virtual CPUs halt), at the price of
 * blocking the event loop for the run: an abort waits for the end of such a run, as it does for a
 * circuit run in-process. The first run of a circuit, and every run after one that took over twice
 * MAIN_SHARE_MAX_MS, stay on the workers alone, where an abort terminates them mid-run. Results are
 * bit-identical either way.
 */
import type { Piscina } from 'piscina';
import {
  allocateEngineMemory,
  allocateWasmState,
  BlockedProgram,
  blockScratchAmplitudes,
  checkPrecision,
  checkStateSize,
  chooseRepresentation,
  DEFAULT_MAX_FUSED_QUBITS,
  DEFAULT_MAX_STATE_BYTES,
  InvalidArgumentError,
  MAX_QUBITS,
  REPRESENTATIONS,
  StateTooLargeError,
  stateBytes,
  toComplex64,
  validateCircuit,
  type Circuit,
  type EngineLayout,
  type EngineMemory,
  type Precision,
  type Representation,
  type StateView,
} from '../../quantum';
import { BARRIER_BYTES, BarrierAbortedError, SharedBarrier, spinsFor } from './barrier';
import { createPool, machineThreads, taskModule } from './pool';
import { RunChannel } from './run-channel';
import { compileShare, prepareShare, runShare, type PreparedShare, type ShareLowering, type ShareTask } from './share-runner';

export interface ParallelStatevectorOptions {
  /** Worker threads (>= 1). */
  readonly threads: number;
  /** Memory budget of the state vector and its probabilities in bytes (the check of allocateState). */
  readonly maxStateBytes?: number;
  /**
   * Fuse gates (runs of 1-qubit gates; up to maxFusedQubits) and fold each qubit's leading 1-qubit
   * gates into the initial product state; false runs every gate as its own kernel call
   * (benchmarks). @default true
   */
  readonly fuse?: boolean;
  /** Largest fused gate in qubits (lib/quantum engine). @default DEFAULT_MAX_FUSED_QUBITS */
  readonly maxFusedQubits?: number;
  /** Cache blocking (lib/quantum blocked.ts); false runs gate by gate (kernel benchmarks). @default true */
  readonly blocking?: boolean;
  /**
   * 'auto': the state in WebAssembly memory in the representation chosen for the circuit, else
   * 'blocks'. 'blocks': a complex float64 state in plain shared memory, SIMD kernels inside the
   * cache blocks. 'js': complex float64, JavaScript kernels only. @default 'auto'
   */
  readonly kernels?: 'auto' | 'blocks' | 'js';
  /** Force the representation of 'auto' states (benchmarks). @default chooseRepresentation */
  readonly representation?: Representation;
  /** Scratch bytes per cache block (representations other than c64). @default 1 MiB */
  readonly blockBytes?: number;
  /**
   * Whether the main thread takes rank 0 of each run (see the class comment); by default from the
   * second run of a circuit on, while its runs take at most MAIN_SHARE_MAX_MS. Ignored on one
   * thread (the worker runs it).
   */
  readonly mainShare?: boolean;
  /**
   * Milliseconds a session's workers wait for the next run before they leave their task (the
   * process can exit while none is open). @default DEFAULT_IDLE_MS
   */
  readonly idleMs?: number;
}

/** Default idle time of a session (ms): covers the classical step between two runs of a VQE loop. */
export const DEFAULT_IDLE_MS = 200;

/**
 * The main thread takes a share of a circuit's runs when its last run took at most this long
 * (milliseconds); an abort then waits for the end of the run, about that long. Runs of more than
 * twice this go back to the workers alone.
 */
export const MAIN_SHARE_MAX_MS = 20;

/**
 * Whether the main thread takes a share of the next run, given whether it took one of the last and
 * that run's wall milliseconds: yes after at most MAIN_SHARE_MAX_MS, no after over twice that, as
 * before in between.
 */
export function nextMainShare(current: boolean, lastRunMs: number): boolean {
  if (lastRunMs <= MAIN_SHARE_MAX_MS) return true;
  return lastRunMs > 2 * MAIN_SHARE_MAX_MS ? false : current;
}

/** Write the parameter values of `params` into the session's channel and post the next run; false when the session closed. */
function postRun(session: Session, params: ArrayLike<number>, withProbabilities: boolean): boolean {
  const values = session.channel.params;
  for (let v = 0; v < values.length; v++) values[v] = params[v]!;
  return session.channel.post(session.sequence + 1, withProbabilities);
}

/** A session closes and another opens after this many runs (the sequence numbers stay int32). */
const MAX_SESSION_RUNS = 2 ** 30;

let nextKey = 1;

/** The workers' tasks of one circuit key (see the class comment). */
interface Session {
  readonly key: number;
  readonly channel: RunChannel;
  /** One pool task per worker; each resolves when the session closes. */
  readonly tasks: Promise<number>[];
  /** Rejects with the first worker's failure (never resolves). */
  readonly failed: Promise<never>;
  /** Aborting it terminates the session's workers (piscina). */
  readonly controller: AbortController;
  /** The main thread's share (rank 0) and its barrier, when it takes one. */
  readonly main: { readonly task: ShareTask; readonly prepared: PreparedShare; readonly barrier: SharedBarrier } | undefined;
  /** The last run posted. */
  sequence: number;
}

export class ParallelStatevector {
  readonly threads: number;
  private readonly pool: Piscina;
  private readonly maxStateBytes: number | undefined;
  private readonly fuse: boolean;
  private readonly maxFusedQubits: number;
  private readonly blocking: boolean;
  private readonly kernels: 'auto' | 'blocks' | 'js';
  private readonly forced: Representation | undefined;
  private readonly blockBytes: number | undefined;
  private readonly idleMs: number;
  private readonly forcedMainShare: boolean | undefined;
  private session: Session | undefined;
  private opened = 0;
  /** Whether the main thread takes rank 0 of the current circuit's runs (see the class comment). */
  private mainShare = false;
  /** The current circuit's program, compiled by `prepare` (the main thread's share binds it). */
  private compiled: BlockedProgram | undefined;
  /** The main thread's share of the current circuit key, bound once (kept across its sessions). */
  private mainPrepared: PreparedShare | undefined;
  private numQubits = 0;
  /** The engine memory (state, regions, probabilities) of an 'auto' state. */
  private engine: EngineMemory | undefined;
  private layout: EngineLayout | undefined;
  /** A complex float64 state in plain shared memory ('js', 'blocks', or too large for WebAssembly). */
  private stateBuffer: SharedArrayBuffer | undefined;
  private scratchMemory: WebAssembly.Memory | null = null;
  private probsBuffer: SharedArrayBuffer | undefined;
  private readonly barrierBuffer = new SharedArrayBuffer(BARRIER_BYTES);
  private circuit: Circuit | undefined;
  private precision: Precision | undefined;
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
    this.maxFusedQubits = options.maxFusedQubits ?? DEFAULT_MAX_FUSED_QUBITS;
    this.blocking = options.blocking ?? true;
    this.kernels = options.kernels ?? 'auto';
    this.forced = options.representation;
    this.blockBytes = options.blockBytes;
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.forcedMainShare = options.mainShare;
    this.pool = createPool(taskModule('statevector-worker'), options.threads);
  }

  /** How the amplitudes of the last run are stored (lib/quantum REPRESENTATIONS). */
  get representation(): Representation {
    return this.layout?.representation ?? 'c64';
  }

  /** The amplitudes of the last run in their representation (a view on shared memory, not a copy). */
  get state(): StateView {
    if (this.engine !== undefined) return this.engine.state;
    return new Float64Array(this.stateBuffer!, 0, 2 * 2 ** this.numQubits);
  }

  /** The amplitudes of the last run as interleaved complex float64 (a copy). */
  amplitudes(): Float64Array {
    return toComplex64(REPRESENTATIONS[this.representation], this.state);
  }

  /** Whether the main thread takes rank 0 of the current circuit's runs. */
  get mainThreadShares(): boolean {
    return this.mainShare;
  }

  /** Sessions opened so far (a new circuit or precision, or the workers' idle close, opens one). */
  get sessionsOpened(): number {
    return this.opened;
  }

  /** Whether the state lives in WebAssembly memory (SIMD kernels). */
  get usesWasm(): boolean {
    return this.engine !== undefined;
  }

  /** |a_k|^2 of the last run (length 2^n; a view on shared memory, valid until the next run). */
  get probabilities(): Float64Array {
    return this.engine?.probabilities ?? new Float64Array(this.probsBuffer!);
  }

  /**
   * Run `circuit` from |0...0> with parameter values `params` (radians) in `precision`. Aborting
   * `signal` stops the run at once: piscina terminates the worker threads in the middle of their
   * share (new ones replace them for the next run, which starts from |0...0> again); the promise
   * rejects with the signal's reason.
   * @throws StateTooLargeError when the state exceeds the memory budget
   */
  run(circuit: Circuit, params: ArrayLike<number>, withProbabilities = true, precision: Precision = 'double', signal?: AbortSignal): Promise<void> {
    const next = this.queue.then(() => this.runNow(circuit, params, withProbabilities, precision, signal));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async runNow(circuit: Circuit, params: ArrayLike<number>, withProbabilities: boolean, precision: Precision, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    checkPrecision(precision);
    const missingProbabilities = withProbabilities && (this.engine !== undefined ? this.engine.probabilities === undefined : this.probsBuffer === undefined);
    if (circuit !== this.circuit || precision !== this.precision || (missingProbabilities && this.engine !== undefined)) this.prepare(circuit, withProbabilities, precision);
    else if (missingProbabilities) {
      this.allocateProbabilities();
      if (this.session !== undefined) await this.endSession(this.session); // its workers have no probabilities buffer
    }
    if (params.length < circuit.parameters.length) {
      throw new InvalidArgumentError(`params.length: ${params.length} is too short; the circuit has ${circuit.parameters.length} parameters`, { path: 'params' });
    }
    let session = this.session?.key === this.key && (this.session.main !== undefined) === this.mainShare ? this.session : await this.openSession(circuit, signal);
    if (session.sequence >= MAX_SESSION_RUNS) session = await this.openSession(circuit, signal);
    if (!postRun(session, params, withProbabilities)) {
      // the workers closed the session on idle since the last run: open another
      session = await this.openSession(circuit, signal);
      postRun(session, params, withProbabilities);
    }
    const started = performance.now(); // the run's time, without opening a session
    const sequence = ++session.sequence;
    if (session.main !== undefined) {
      const { task, prepared, barrier } = session.main;
      try {
        runShare(task, prepared, session.channel.params, withProbabilities, () => barrier.wait());
      } catch (error) {
        barrier.abort();
        // a worker's own failure explains a BarrierAbortedError here
        const reason = error instanceof BarrierAbortedError ? await session.failed.catch((e: unknown) => e) : error;
        await this.endSession(session);
        throw reason;
      }
      if (session.channel.poll(sequence, spinsFor(task.ownCores))) {
        this.timeRun(started);
        return;
      }
    }
    let onAbort: (() => void) | undefined;
    const aborted = new Promise<never>((_, reject) => {
      if (signal === undefined) return;
      onAbort = () => reject(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([session.channel.finished(sequence), session.failed, aborted]);
    } catch (error) {
      if (signal?.aborted) session.controller.abort(signal.reason); // piscina terminates the workers mid-share
      await this.endSession(session);
      throw error;
    } finally {
      if (onAbort !== undefined) signal!.removeEventListener('abort', onAbort);
    }
    this.timeRun(started);
  }

  /** Choose the main thread's share for the next run from this run's wall time (class comment). */
  private timeRun(started: number): void {
    if (this.threads === 1 || this.forcedMainShare !== undefined) return;
    this.mainShare = nextMainShare(this.mainShare, performance.now() - started);
  }

  /** Close the current session (if any) and start one for `circuit` under the current key. */
  private async openSession(circuit: Circuit, signal?: AbortSignal): Promise<Session> {
    if (this.session !== undefined) await this.endSession(this.session);
    signal?.throwIfAborted();
    const first = this.mainShare ? 1 : 0; // the main thread's rank 0, or none
    const channel = new RunChannel(circuit.parameters.length, this.threads - first);
    new SharedBarrier(this.barrierBuffer, this.threads).reset();
    const controller = new AbortController();
    const ownCores = this.threads <= machineThreads();
    const taskOf = (rank: number): ShareTask => ({
      key: this.key,
      circuit,
      channel: channel.buffer,
      finishers: this.threads - first,
      idleMs: this.idleMs,
      ownCores,
      layout: this.layout ?? null,
      engineMemory: this.engine?.instance.memory ?? null,
      state: this.stateBuffer ?? null,
      scratchMemory: this.scratchMemory,
      probabilities: this.engine !== undefined ? (this.engine.probabilities === undefined ? null : 'engine') : (this.probsBuffer ?? null),
      barrier: this.barrierBuffer,
      rank,
      size: this.threads,
      fuse: this.fuse,
      maxFusedQubits: this.maxFusedQubits,
      blocking: this.blocking,
      blockBytes: this.blockBytes ?? null,
    });
    const tasks: Promise<number>[] = [];
    for (let rank = first; rank < this.threads; rank++) tasks.push(this.pool.run(taskOf(rank), { signal: controller.signal }));
    let main: Session['main'];
    if (this.mainShare) {
      const task = taskOf(0);
      if (this.mainPrepared?.key !== this.key) this.mainPrepared = prepareShare(task, this.compiled);
      main = { task, prepared: this.mainPrepared, barrier: new SharedBarrier(this.barrierBuffer, this.threads, undefined, spinsFor(ownCores)) };
    }
    const failed = firstFailure(tasks);
    failed.catch(() => undefined); // a failure after the last run awaited is reported by none
    const session: Session = { key: this.key, channel, tasks, failed, controller, main, sequence: 0 };
    this.session = session;
    this.opened++;
    if (main !== undefined) {
      // The main thread blocks its event loop in its share, and piscina hands a task to a worker it
      // must first start (one that replaces a worker an abort terminated) only through the event
      // loop: every worker must be in the session before the first run.
      try {
        await Promise.race([channel.ready(), failed]);
      } catch (error) {
        await this.endSession(session);
        throw error;
      }
    }
    return session;
  }

  /** Close `session`, wait for its workers to leave, and forget it. */
  private async endSession(session: Session): Promise<void> {
    session.channel.close();
    await Promise.allSettled(session.tasks);
    if (this.session === session) this.session = undefined;
  }

  /** Bytes allowed for the state and its probabilities. */
  private allowedBytes(): number {
    return Math.min(this.maxStateBytes ?? DEFAULT_MAX_STATE_BYTES, 24 * 2 ** MAX_QUBITS);
  }

  /** The probabilities take another 8 * 2^n bytes beside the state. @throws StateTooLargeError */
  private checkProbabilities(n: number, stateBytesUsed: number): void {
    const required = stateBytesUsed + 8 * 2 ** n;
    if (required > this.allowedBytes()) throw new StateTooLargeError(n, required, this.allowedBytes(), { what: 'the state vector and its probabilities' });
  }

  /** Allocate the probabilities of a plain-memory state on the first run that asks for them (a 30-qubit state fits only without). */
  private allocateProbabilities(): void {
    this.checkProbabilities(this.numQubits, stateBytes(this.numQubits));
    this.probsBuffer = new SharedArrayBuffer(8 * 2 ** this.numQubits);
  }

  private prepare(circuit: Circuit, withProbabilities: boolean, precision: Precision): void {
    // Validate here, where the error keeps its class and code (errors cloned from workers do not).
    validateCircuit(circuit);
    const n = circuit.numQubits;
    const representation = this.kernels === 'auto' ? (this.forced ?? chooseRepresentation(circuit, precision)) : 'c64';
    const fitsWasm = this.kernels === 'auto' && REPRESENTATIONS[representation].ampBytes * 2 ** n <= 2 ** 31;
    // drop the old buffers before allocating the new ones
    this.engine = undefined;
    this.layout = undefined;
    this.mainPrepared = undefined;
    this.compiled = undefined;
    this.stateBuffer = undefined;
    this.probsBuffer = undefined;
    this.scratchMemory = null;
    const lowering: ShareLowering = { fuse: this.fuse, maxFusedQubits: this.maxFusedQubits, blocking: this.blocking, blockBytes: this.blockBytes ?? null };
    if (fitsWasm) {
      // compiled here as the workers compile it: it sizes the regions, and the main thread's share runs it
      const program = compileShare(circuit, lowering, representation);
      const layout: EngineLayout = {
        representation,
        numQubits: n,
        regions: this.threads,
        scratchAmplitudes: program.scratchAmplitudes,
        coefficientVectors: program.coefficientVectors,
        probabilities: withProbabilities,
      };
      const stateAndRegions = REPRESENTATIONS[representation].ampBytes * 2 ** n;
      if (stateAndRegions > this.allowedBytes()) throw new StateTooLargeError(n, stateAndRegions, this.allowedBytes());
      if (withProbabilities) this.checkProbabilities(n, stateAndRegions);
      this.engine = allocateEngineMemory(layout);
      if (this.engine !== undefined) {
        this.layout = layout;
        this.compiled = program;
      }
    }
    if (this.engine === undefined) {
      checkStateSize(n, this.maxStateBytes === undefined ? {} : { maxBytes: this.maxStateBytes });
      if (withProbabilities) this.checkProbabilities(n, stateBytes(n));
      this.stateBuffer = new SharedArrayBuffer(16 * 2 ** n);
      const scratch = blockScratchAmplitudes(n);
      // a state too large for WebAssembly memory still gets SIMD kernels inside its cache blocks
      this.compiled = compileShare(circuit, lowering, undefined);
      const coefficientVectors = this.compiled.coefficientVectors;
      if (this.kernels !== 'js' && scratch > 0) this.scratchMemory = allocateWasmState(0, this.threads, scratch, 16 * coefficientVectors)?.memory ?? null;
      if (withProbabilities) this.probsBuffer = new SharedArrayBuffer(8 * 2 ** n);
    }
    this.numQubits = n;
    this.circuit = circuit;
    this.precision = precision;
    this.key = nextKey++;
    this.mainShare = this.threads > 1 && (this.forcedMainShare ?? false);
  }

  /** Stop the worker threads. */
  async close(): Promise<void> {
    if (this.session !== undefined) await this.endSession(this.session);
    await this.pool.destroy();
  }
}

/**
 * Rejects with the first failure among `tasks` that is a worker's own error, else (once all
 * settled) with the first BarrierAbortedError (a worker woken because another failed); never
 * settles while none fails.
 */
export function firstFailure(tasks: readonly Promise<number>[]): Promise<never> {
  return new Promise<never>((_, reject) => {
    let barrierError: unknown;
    let settled = 0;
    for (const task of tasks) {
      task.then(
        () => undefined,
        (error: unknown) => {
          if (error instanceof Error && error.name === BarrierAbortedError.name) barrierError ??= error;
          else reject(error);
        },
      ).finally(() => {
        if (++settled === tasks.length && barrierError !== undefined) reject(barrierError);
      });
    }
  });
}
