/**
 * One thread's share of a run of the parallel state vector (parallel-statevector.ts), the same on a
 * worker thread (statevector-worker.ts) and on the main thread when it takes rank 0: compile the
 * cache-blocked program (lib/quantum blocked.ts) and bind it to the shared state and this rank's
 * scratch and coefficient regions (`prepareShare`), then run the share of each stage, meeting the
 * others at the barrier after each (`runShare`).
 *
 * The share of a direct instruction is the slice `[rank/size, (rank+1)/size)` of its loop range; of
 * a blocked stage, that slice of its blocks. All threads together do exactly the arithmetic of one
 * thread: results are bit-identical for any thread count. Each share also writes the initial state
 * of its slice (BlockedProgram.initializeShare), on the core that then applies the gates to it, and
 * |a_k|^2 of its slice when the run asks for them.
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
  type Representation,
  type EngineLayout,
  type EngineMemory,
  type StateView,
} from '../../quantum';

export interface ShareTask {
  /** Key of the circuit and its memory: workers keep the last compiled program and views per key and rank. */
  readonly key: number;
  readonly circuit: Circuit;
  /** The session's command channel (RunChannel.buffer). */
  readonly channel: SharedArrayBuffer;
  /**
   * Workers that report each run finished on the channel: `size`, or `size - 1` when the main
   * thread takes rank 0 (it reports nothing).
   */
  readonly finishers: number;
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

/** A share's compiled program and views, kept per circuit key and rank. */
export interface PreparedShare {
  readonly key: number;
  readonly rank: number;
  readonly program: BlockedProgram;
  readonly state: StateView;
  readonly scratch: StateView | undefined;
  readonly engine: EngineMemory | undefined;
}

/** The lowering options of a share's program (those of ShareTask). */
export type ShareLowering = Pick<ShareTask, 'fuse' | 'maxFusedQubits' | 'blocking' | 'blockBytes'>;

/**
 * The cache-blocked program every share of `circuit` runs: in `representation` for a state in
 * engine memory, or (undefined) complex float64 in plain shared memory with WebAssembly scratch.
 */
export function compileShare(circuit: Circuit, lowering: ShareLowering, representation: Representation | undefined): BlockedProgram {
  return new BlockedProgram(circuit, {
    ...(representation === undefined ? { wasmScratch: true } : { representation }),
    maxFusedQubits: lowering.maxFusedQubits,
    fuse: lowering.fuse,
    blocking: lowering.blocking,
    productPrefix: lowering.fuse,
    ...(lowering.blockBytes === null ? {} : { blockBytes: lowering.blockBytes }),
  });
}

/**
 * Bind the program of `task` (compiled here unless given, compileShare) to its memory for its rank.
 */
export function prepareShare(task: ShareTask, compiled?: BlockedProgram): PreparedShare {
  const n = task.circuit.numQubits;
  if (task.layout !== null && task.engineMemory !== null) {
    const program = compiled ?? compileShare(task.circuit, task, task.layout.representation);
    const engine = attachEngineMemory(task.engineMemory, task.layout);
    program.attach(engine.coefficients[task.rank]!);
    return { key: task.key, rank: task.rank, program, state: engine.state, scratch: program.scratchAmplitudes > 0 ? engine.scratch[task.rank] : undefined, engine };
  }
  const program = compiled ?? compileShare(task.circuit, task, undefined);
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

/** One run: this rank's share of the circuit at `params` (radians), then of |a_k|^2 when asked. */
export function runShare(task: ShareTask, prepared: PreparedShare, params: Float64Array, withProbabilities: boolean, wait: () => void): void {
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
