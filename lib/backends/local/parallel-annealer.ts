/**
 * Annealing reads spread over worker threads (piscina pool, anneal-worker.ts). Read r always uses
 * seed deriveSeed(seed, r) (lib/solvers ising-anneal.ts), so the best state does not depend on the
 * thread count; the wall-clock budget applies in every worker.
 */
import type { Piscina } from 'piscina';
import type { IsingAnnealOptions, IsingAnnealResult, IsingModel } from '../../solvers';
import type { AnnealTask } from './anneal-worker';
import { createPool, taskModule } from './pool';

export class ParallelAnnealer {
  private readonly pool: Piscina;

  constructor(readonly threads: number) {
    if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads: ${threads} must be an integer >= 1`);
    this.pool = createPool(taskModule('anneal-worker'), threads);
  }

  /** Run options.numReads reads (default 10) split into `threads` blocks; the best read wins. */
  async run(model: IsingModel, options: IsingAnnealOptions = {}): Promise<IsingAnnealResult> {
    const reads = options.numReads ?? 10;
    const first = options.firstRead ?? 0;
    const started = performance.now();
    const blocks: Promise<IsingAnnealResult>[] = [];
    for (let t = 0; t < this.threads; t++) {
      const a = Math.floor((reads * t) / this.threads);
      const b = Math.floor((reads * (t + 1)) / this.threads);
      if (b > a) {
        const task: AnnealTask = { model, options: { ...options, numReads: b - a, firstRead: first + a } };
        blocks.push(this.pool.run(task));
      }
    }
    const results = await Promise.all(blocks);
    const best = results.reduce((x, y) => (y.bestEnergy < x.bestEnergy ? y : x));
    return {
      ...best,
      reads: results.reduce((s, r) => s + r.reads, 0),
      flipAttempts: results.reduce((s, r) => s + r.flipAttempts, 0),
      seconds: (performance.now() - started) / 1000,
      secondsToBest: Math.min(...results.filter((r) => r.bestEnergy === best.bestEnergy).map((r) => r.secondsToBest)),
    };
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
