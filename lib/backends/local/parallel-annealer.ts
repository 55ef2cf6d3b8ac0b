/**
 * Annealing reads spread over worker threads (piscina pool, anneal-worker.ts), for single-flip and
 * swap moves alike: the lib/solvers ReadAnnealer port. Read r always uses seed deriveSeed(seed, r)
 * (lib/solvers ising-anneal.ts) and the blocks come back in read order, so every read, and hence the
 * answer, does not depend on the thread count; the wall-clock budget applies in every worker.
 */
import type { Piscina } from 'piscina';
import { concatReads, type IsingAnnealOptions, type IsingAnnealResult, type IsingModel, type ReadAnnealer } from '../../solvers';
import type { AnnealTask } from './anneal-worker';
import { createPool, taskModule } from './pool';

export class ParallelAnnealer implements ReadAnnealer {
  private readonly pool: Piscina;

  constructor(readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads: ${threads} must be an integer >= 1`);
    this.pool = createPool(taskModule('anneal-worker'), threads);
  }

  /**
   * Run options.numReads reads (default 10) split into `threads` consecutive blocks; every read is
   * returned, in read order. Aborting `signal` stops the workers (the promise rejects).
   */
  async run(model: IsingModel, options: IsingAnnealOptions = {}, signal?: AbortSignal): Promise<IsingAnnealResult> {
    const reads = options.numReads ?? 10;
    const first = options.firstRead ?? 0;
    const started = performance.now();
    const blocks: Promise<IsingAnnealResult>[] = [];
    for (let t = 0; t < this.threads; t++) {
      const a = Math.floor((reads * t) / this.threads);
      const b = Math.floor((reads * (t + 1)) / this.threads);
      if (b > a) {
        const task: AnnealTask = { model, options: { ...options, numReads: b - a, firstRead: first + a } };
        blocks.push(this.pool.run(task, signal ? { signal } : {}));
      }
    }
    return concatReads(await Promise.all(blocks), (performance.now() - started) / 1000);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
