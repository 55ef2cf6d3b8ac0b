/**
 * Piscina task of the parallel simulator (runs in a worker thread): a session that serves the runs
 * of one circuit on a state vector in shared memory. The task stays in the worker between runs: it
 * takes each run from the session's command channel (run-channel.ts; the parameter values arrive
 * there too), so a run costs no message through the pool. It returns when the session closes (the
 * main thread closes it, or no run came for `idleMs`).
 *
 * Each run is this worker's share (share-runner.ts). A state in WebAssembly memory arrives as the
 * shared `WebAssembly.Memory` and its layout (the engine of lib/quantum: representation, regions,
 * probabilities); the worker binds its own instance of the kernels to it once per circuit key and
 * rank.
 */
import { SharedBarrier, spinsFor } from './barrier';
import { IDLE_SPINS, RunChannel } from './run-channel';
import { prepareShare, runShare, type PreparedShare, type ShareTask } from './share-runner';

export type { ShareTask } from './share-runner';

let cached: PreparedShare | undefined;

/** Serve the session's runs until it closes; resolves to the number of runs served. */
export default function serveShares(task: ShareTask): number {
  const barrier = new SharedBarrier(task.barrier, task.size, undefined, spinsFor(task.ownCores));
  const channel = new RunChannel(task.circuit.parameters.length, task.finishers, task.channel);
  try {
    if (cached?.key !== task.key || cached.rank !== task.rank) cached = prepareShare(task);
    channel.enter();
    let previous = 0;
    for (;;) {
      const command = channel.next(previous, task.idleMs, spinsFor(task.ownCores, IDLE_SPINS));
      if (command === undefined) return previous;
      runShare(task, cached, channel.params, command.withProbabilities, () => barrier.wait());
      channel.finish(command.sequence);
      previous = command.sequence;
    }
  } catch (error) {
    barrier.abort();
    throw error;
  }
}

