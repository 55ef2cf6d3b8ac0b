/**
 * Piscina task of the parallel simulator (runs in a worker thread): a session that serves the runs
 * of one circuit on a state vector in shared memory. The task stays in the worker between runs: it
 * takes each run from the session's command channel (run-channel.ts; the parameter values arrive
 * there too), so a run costs no message through the pool. It returns when the session closes (the
 * main thread closes it, or no run came for `idleMs`).
 *
 * Every worker runs the stages of the compiled, cache-blocked program (lib/quantum blocked.ts) on
 * its own share: a slice `[rank/size, (rank+1)/size)` of each direct instruction's loop range, or
 * of the blocks of a blocked stage (with its own scratch and coefficient regions), meeting the
 * others at a barrier after each instruction or blocked stage. All threads together do exactly the
 * arithmetic of one thread: results are bit-identical for any thread count. Then it writes |a_k|^2
 * of its slice when the run asks for them.
 *
 * The workers write the initial state themselves (BlockedProgram.initializeShare): each zeroes its
 * slice of the state, on the core that then applies the gates to it, or the first blocked stage
 * writes the product state of each qubit's leading 1-qubit gates (productPrefix) block by block.
 * Every worker compiles the same program.
 *
 * A state in WebAssembly memory arrives as the shared `WebAssembly.Memory` and its layout (the
 * engine of lib/quantum: representation, regions, probabilities); the worker binds its own
 * instance of the kernels to it once per circuit key and rank.
 */
import {
  attachEngineMemory,
  attachWasmState,
  BlockedProgram,
  coefficientOffset,
  REPRESENTATIONS,
  shareOf,
  writeProbabilities,
  type Circuit,
  type EngineLayout,
  type EngineMemory,
  type StateView,
} from '../../quantum';
import { BUSY_SPINS, SHARED_CORE_SPINS, SharedBarrier } from './barrier';
import { IDLE_SPINS, RunChannel } from './run-channel';

export interface ShareTask {
  /** Key of the circuit and its memory: workers keep the last compiled program and views per key and rank. */
  readonly key: number;
  readonly circuit: Circuit;
  /** The session's command channel (RunChannel.buffer). */
  readonly channel: SharedArrayBuffer;
  /** A worker that waits this long for a run closes the session (milliseconds). */
  readonly idleMs: number;
  /**
   * Whether every worker has a core of its own: then waits poll long before they sleep, at the
   * barrier (BUSY_SPINS) and between runs (IDLE_SPINS); else briefly (SHARED_CORE_SPINS).
   */
  readonly ownCores: boolean;
  /** The engine layout of a state in WebAssembly memory (with `engineMemory`), or null. */
  readonly layout: EngineLayout | null;
  readonly engineMemory: WebAssembly.Memory | null;
  /** A complex float64 state in plain shared memory, 16 * 2^n bytes (when there is no engine memory). */
  readonly state: SharedArrayBuffer | null;
  /**
   * For a state in plain shared memory: a WebAssembly memory holding one scratch region per share
   * (blocked stages then run the SIMD kernels), or null.
   */
  readonly scratchMemory: WebAssembly.Memory | null;
  /**
   * Where a run that asks for probabilities writes them: 'engine' (the engine memory's region), a
   * buffer of 8 * 2^n bytes, or null (no run of this session asks).
   */
  readonly probabilities: 'engine' | SharedArrayBuffer | null;
  readonly barrier: SharedArrayBuffer;
  readonly rank: number;
  readonly size: number;
  /** Fuse gates (compileBlocked's option). */
  readonly fuse: boolean;
  readonly maxFusedQubits: number;
  /** Cache blocking (blocked.ts); false for gate-by-gate kernel benchmarks. */
  readonly blocking: boolean;
  readonly blockBytes: number | null;
}

interface Prepared {
  readonly key: number;
  readonly rank: number;
  readonly program: BlockedProgram;
  readonly state: StateView;
  readonly scratch: StateView | undefined;
  readonly engine: EngineMemory | undefined;
}

let cached: Prepared | undefined;

function prepare(task: ShareTask): Prepared {
  const n = task.circuit.numQubits;
  if (task.layout !== null && task.engineMemory !== null) {
    const program = new BlockedProgram(task.circuit, {
      representation: task.layout.representation,
      maxFusedQubits: task.maxFusedQubits,
      fuse: task.fuse,
      blocking: task.blocking,
      productPrefix: task.fuse,
      ...(task.blockBytes === null ? {} : { blockBytes: task.blockBytes }),
    });
    const engine = attachEngineMemory(task.engineMemory, task.layout);
    program.attach(engine.coefficients[task.rank]!);
    return { key: task.key, rank: task.rank, program, state: engine.state, scratch: program.scratchAmplitudes > 0 ? engine.scratch[task.rank] : undefined, engine };
  }
  const program = new BlockedProgram(task.circuit, {
    maxFusedQubits: task.maxFusedQubits,
    fuse: task.fuse,
    blocking: task.blocking,
    wasmScratch: true,
    productPrefix: task.fuse,
    ...(task.blockBytes === null ? {} : { blockBytes: task.blockBytes }),
  });
  const amplitudes = program.scratchAmplitudes;
  let scratch: Float64Array | undefined;
  if (amplitudes > 0 && task.scratchMemory !== null) {
    const views = attachWasmState(task.scratchMemory, 0, task.size, amplitudes, 16 * program.coefficientVectors);
    scratch = views.scratch[task.rank];
    if (program.coefficientVectors > 0) {
      const layout = { stateBytes: 0, regions: task.size, scratchBytes: 16 * amplitudes, coefficientBytes: 16 * program.coefficientVectors };
      program.attach(new Float64Array(task.scratchMemory.buffer, coefficientOffset(layout, task.rank), 2 * program.coefficientVectors));
    }
  } else if (amplitudes > 0) scratch = new Float64Array(2 * amplitudes);
  return { key: task.key, rank: task.rank, program, state: new Float64Array(task.state!, 0, 2 * 2 ** n), scratch, engine: undefined };
}

/** Serve the session's runs until it closes; resolves to the number of runs served. */
export default function serveShares(task: ShareTask): number {
  const barrier = new SharedBarrier(task.barrier, task.size, undefined, task.ownCores ? BUSY_SPINS : SHARED_CORE_SPINS);
  const channel = new RunChannel(task.circuit.parameters.length, task.size, task.channel);
  try {
    if (cached?.key !== task.key || cached.rank !== task.rank) cached = prepare(task);
    let previous = 0;
    for (;;) {
      const command = channel.next(previous, task.idleMs, task.ownCores ? IDLE_SPINS : SHARED_CORE_SPINS);
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

/** One run: this worker's share of the circuit at `params`, then of |a_k|^2 when asked. */
function runShare(task: ShareTask, prepared: Prepared, params: Float64Array, withProbabilities: boolean, wait: () => void): void {
  const { program, state, scratch, engine } = prepared;
  program.bind(params);
  program.initializeShare(state, params, task.rank, task.size, wait);
  program.runShare(state, task.rank, task.size, scratch, wait);
  if (!withProbabilities || task.probabilities === null) return;
  if (task.probabilities === 'engine') {
    // shares of whole vectors (2^laneBits amplitudes), so no two threads write one vector
    const perVector = 2 ** REPRESENTATIONS[engine!.info.name].laneBits;
    const [v0, v1] = shareOf(2 ** task.circuit.numQubits / perVector, task.rank, task.size);
    writeProbabilities(engine!, v0 * perVector, v1 * perVector);
  } else {
    const probs = new Float64Array(task.probabilities);
    const [a0, a1] = shareOf(probs.length, task.rank, task.size);
    for (let k = a0; k < a1; k++) {
      const re = state[2 * k] as number;
      const im = state[2 * k + 1] as number;
      probs[k] = re * re + im * im;
    }
  }
}
