/**
 * The command channel of a worker session (parallel-statevector.ts): one block of shared memory
 * through which the main thread starts runs on worker threads that stay in their task between runs,
 * instead of sending each run through the pool's message port.
 *
 * Layout (Int32 words, then the parameter values as float64):
 * - COMMAND: the sequence number of the last run posted (0 before the first, runs count from 1), or
 *   CLOSED once the session ended.
 *   Workers poll it, then sleep on it (Atomics.wait); the main thread posts with compareExchange, so
 *   a post and a worker's close on idle never both succeed.
 * - FINISHED: workers of the current run that finished their share; the last one publishes the
 *   run's sequence number in DONE and wakes the main thread (Atomics.waitAsync).
 * - FLAGS: per-run options (bit 0: write the probabilities).
 * - READY: workers that entered the session (compiled their program): a main thread that takes a
 *   share itself waits for all of them before its first run, since it then blocks its event loop.
 *
 * Ordering: the parameter values and flags are written before the compareExchange that posts the
 * run, and read after the load that sees it (Atomics are sequentially consistent).
 */

/** COMMAND after the session ended: workers leave their task, posts fail. */
export const CLOSED = -1;

const COMMAND = 0;
const FINISHED = 1;
const DONE = 2;
const FLAGS = 3;
const READY = 4;
const HEADER_BYTES = 8 * Float64Array.BYTES_PER_ELEMENT; // keeps the float64 values aligned
const WITH_PROBABILITIES = 1;

/**
 * Polls of COMMAND before a waiting worker sleeps, when the workers have cores of their own: about
 * 0.45 ms on current x86, long enough to catch the next run of a loop that evaluates a circuit again
 * and again, short enough that the spinning threads give the main thread its core back soon.
 */
export const IDLE_SPINS = 50_000;

/** A run posted to the workers. */
export interface RunCommand {
  readonly sequence: number;
  readonly withProbabilities: boolean;
}

export class RunChannel {
  /** The shared block (pass it to the workers). */
  readonly buffer: SharedArrayBuffer;
  private readonly words: Int32Array;
  /** Parameter values of the current run, radians (length: the circuit's parameter count). */
  readonly params: Float64Array;

  /**
   * A new channel when `buffer` is undefined (main thread), else a view of a worker's copy.
   * @param parameterCount the circuit's parameters (float64 values after the header)
   * @param parties workers that report each run finished (not the main thread's share)
   */
  constructor(
    parameterCount: number,
    private readonly parties: number,
    buffer?: SharedArrayBuffer,
  ) {
    this.buffer = buffer ?? new SharedArrayBuffer(HEADER_BYTES + 8 * parameterCount);
    this.words = new Int32Array(this.buffer, 0, 5);
    this.params = new Float64Array(this.buffer, HEADER_BYTES, parameterCount);
  }

  // --- main thread ---

  /**
   * Post run `sequence` (the previous one + 1, from 1) with the parameter values already written to
   * `params`. Returns false when the session has closed (no worker will take the run).
   */
  post(sequence: number, withProbabilities: boolean): boolean {
    const w = this.words;
    Atomics.store(w, FLAGS, withProbabilities ? WITH_PROBABILITIES : 0);
    Atomics.store(w, FINISHED, 0);
    if (Atomics.compareExchange(w, COMMAND, sequence - 1, sequence) !== sequence - 1) return false;
    Atomics.notify(w, COMMAND);
    return true;
  }

  /**
   * Resolves when every worker finished run `sequence`, or when the session closed (it never
   * rejects: race it with the workers' failures).
   */
  finished(sequence: number): Promise<void> {
    return this.until(DONE, (done) => done === sequence);
  }

  /** Resolves once every worker entered the session (it never rejects: race it with failures). */
  ready(): Promise<void> {
    return this.until(READY, (ready) => ready >= this.parties);
  }

  /** Resolves once word `index` satisfies `reached`, or the session closed (Atomics.waitAsync). */
  private async until(index: number, reached: (value: number) => boolean): Promise<void> {
    const w = this.words;
    for (;;) {
      const value = Atomics.load(w, index);
      if (reached(value) || Atomics.load(w, COMMAND) === CLOSED) return;
      const waiting = Atomics.waitAsync(w, index, value);
      if (waiting.async) await waiting.value;
    }
  }

  /** Whether every worker finished run `sequence`, polling up to `spins` times (main thread, no sleep). */
  poll(sequence: number, spins: number): boolean {
    for (let polls = 0; polls <= spins; polls++) if (Atomics.load(this.words, DONE) === sequence) return true;
    return false;
  }

  /** End the session: waiting workers leave their task (running ones after their run). */
  close(): void {
    Atomics.store(this.words, COMMAND, CLOSED);
    Atomics.notify(this.words, COMMAND);
    Atomics.notify(this.words, DONE); // no waiter of `finished` or `ready` stays pending
    Atomics.notify(this.words, READY);
  }

  // --- workers ---

  /** Report this worker in the session (after its preparation, before its first `next`). */
  enter(): void {
    Atomics.add(this.words, READY, 1);
    Atomics.notify(this.words, READY);
  }

  /**
   * Wait for the run after `previous` (0 before the first): poll `spins` times, then sleep. A worker
   * that sleeps `idleMs` without a command closes the session and returns undefined, as when it
   * finds it closed.
   */
  next(previous: number, idleMs: number, spins = IDLE_SPINS): RunCommand | undefined {
    const w = this.words;
    for (let polls = 0; ; polls++) {
      const command = Atomics.load(w, COMMAND);
      if (command === CLOSED) return undefined;
      if (command !== previous) return { sequence: command, withProbabilities: (Atomics.load(w, FLAGS) & WITH_PROBABILITIES) !== 0 };
      if (polls < spins) continue;
      if (Atomics.wait(w, COMMAND, previous, idleMs) === 'timed-out' && Atomics.compareExchange(w, COMMAND, previous, CLOSED) === previous) {
        Atomics.notify(w, COMMAND);
        return undefined;
      }
    }
  }

  /** Report this worker's share of run `sequence` finished (the last one wakes the main thread). */
  finish(sequence: number): void {
    if (Atomics.add(this.words, FINISHED, 1) === this.parties - 1) {
      Atomics.store(this.words, DONE, sequence);
      Atomics.notify(this.words, DONE);
    }
  }
}
