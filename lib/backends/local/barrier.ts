/**
 * A reusable barrier for threads (workers, and the main thread when it takes a share) over a
 * SharedArrayBuffer (Atomics, sense by generation): `[arrived, generation, aborted]` as Int32. A
 * party that fails calls `abort()`, which wakes the others with a BarrierAbortedError instead of
 * leaving them blocked.
 */

/** Bytes of the shared barrier buffer. */
export const BARRIER_BYTES = 3 * Int32Array.BYTES_PER_ELEMENT;

const ARRIVED = 0;
const GENERATION = 1;
const ABORTED = 2;
/**
 * Polls of the generation word before a waiting party sleeps in Atomics.wait, when every party has
 * a core of its own: about 1.8 ms on current x86 (some 9 ns per poll), near libgomp's default spin
 * before its threads sleep. A party that sleeps wakes 0.06-0.1 ms after the last one arrives (on
 * this virtual machine); on 2 threads the CX layer in L3 (20 qubits, 19 barriers in about 4 ms) had
 * a median of 2.4-3.1x its fastest run with 4000 polls, 1.2-1.9x with 200 000 (docs/benchmarks.md,
 * fifth round).
 */
export const BUSY_SPINS = 200_000;
/** Polls before sleeping when the parties share cores: a spinning party would hold a core that a late one needs. */
export const SHARED_CORE_SPINS = 4000;

/** Polls before sleeping: `busy` when every thread has a core of its own, else SHARED_CORE_SPINS. */
export function spinsFor(ownCores: boolean, busy = BUSY_SPINS): number {
  return ownCores ? busy : SHARED_CORE_SPINS;
}

export class BarrierAbortedError extends Error {
  override readonly name = 'BarrierAbortedError';
}

export class SharedBarrier {
  private readonly cells: Int32Array;

  /**
   * @param buffer BARRIER_BYTES of shared memory, zeroed (see `reset`)
   * @param parties threads that meet
   * @param timeoutMs longest wait for the others (milliseconds)
   * @param spins polls before sleeping (BUSY_SPINS or SHARED_CORE_SPINS)
   */
  constructor(
    buffer: SharedArrayBuffer,
    private readonly parties: number,
    private readonly timeoutMs = 120_000,
    private readonly spins = SHARED_CORE_SPINS,
  ) {
    this.cells = new Int32Array(buffer, 0, 3);
  }

  /** Zero the counters (only while no party waits). */
  reset(): void {
    this.cells.fill(0);
  }

  /** Wake every waiting party with BarrierAbortedError (after a failure in one of them). */
  abort(): void {
    Atomics.store(this.cells, ABORTED, 1);
    Atomics.add(this.cells, GENERATION, 1);
    Atomics.notify(this.cells, GENERATION);
  }

  /** Block until all parties arrived. @throws BarrierAbortedError, or Error on timeout */
  wait(): void {
    const c = this.cells;
    if (Atomics.load(c, ABORTED) !== 0) throw new BarrierAbortedError('another worker failed');
    if (this.parties === 1) return;
    const generation = Atomics.load(c, GENERATION);
    if (Atomics.add(c, ARRIVED, 1) === this.parties - 1) {
      Atomics.store(c, ARRIVED, 0);
      Atomics.add(c, GENERATION, 1);
      Atomics.notify(c, GENERATION);
    } else {
      let spins = 0;
      while (Atomics.load(c, GENERATION) === generation) {
        if (++spins < this.spins) continue;
        if (Atomics.wait(c, GENERATION, generation, this.timeoutMs) === 'timed-out') {
          throw new Error(`barrier: no progress for ${this.timeoutMs} ms`);
        }
      }
    }
    if (Atomics.load(c, ABORTED) !== 0) throw new BarrierAbortedError('another worker failed');
  }
}
