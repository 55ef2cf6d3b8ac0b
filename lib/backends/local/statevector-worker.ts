/**
 * Piscina task of the parallel simulator (runs in a worker thread): one share of a circuit run on a
 * state vector in shared memory. Every worker runs the stages of the compiled, cache-blocked
 * program (lib/quantum blocked.ts) on its own share: a slice `[rank/size, (rank+1)/size)` of each
 * direct instruction's loop range, or of the blocks of a blocked stage (with its own scratch and
 * coefficient regions), meeting the others at a barrier after each instruction or blocked stage.
 * All threads together do exactly the arithmetic of one thread: results are bit-identical for any
 * thread count. Then it writes |a_k|^2 of its slice.
 *
 * The workers write the initial state themselves (BlockedProgram.initializeShare): each zeroes its
 * slice of the state, on the core that then applies the gates to it, or the first blocked stage
 * writes the product state of each qubit's leading 1-qubit gates (productPrefix) block by block.
 * Every worker compiles the same program.
 *
 * A state in WebAssembly memory arrives as the shared `WebAssembly.Memory` and its layout (the
 * engine of lib/quantum: representation, regions, probabilities); the worker binds its own
 * instance of the kernels to it once per circuit key.
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
import { SharedBarrier } from './barrier';

export interface ShareTask {
  /** Key of the circuit and its memory: workers keep the last compiled program and views per key. */
  readonly key: number;
  readonly circuit: Circuit;
  readonly params: Float64Array;
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
  /** Probabilities out: 'engine' (the engine memory's region), a buffer of 8 * 2^n bytes, or null to skip. */
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
    return { key: task.key, program, state: engine.state, scratch: program.scratchAmplitudes > 0 ? engine.scratch[task.rank] : undefined, engine };
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
  return { key: task.key, program, state: new Float64Array(task.state!, 0, 2 * 2 ** n), scratch, engine: undefined };
}

/** Run one share; resolves to the number of stages applied. */
export default function runShare(task: ShareTask): number {
  const barrier = new SharedBarrier(task.barrier, task.size);
  try {
    if (cached?.key !== task.key) cached = prepare(task);
    const { program, state, scratch, engine } = cached;
    const wait = (): void => barrier.wait();
    program.bind(task.params);
    program.initializeShare(state, task.params, task.rank, task.size, wait);
    program.runShare(state, task.rank, task.size, scratch, wait);
    if (task.probabilities === 'engine') {
      // shares of whole vectors (2^laneBits amplitudes), so no two threads write one vector
      const perVector = 2 ** REPRESENTATIONS[engine!.info.name].laneBits;
      const [v0, v1] = shareOf(2 ** task.circuit.numQubits / perVector, task.rank, task.size);
      writeProbabilities(engine!, v0 * perVector, v1 * perVector);
    } else if (task.probabilities !== null) {
      const probs = new Float64Array(task.probabilities);
      const [a0, a1] = shareOf(probs.length, task.rank, task.size);
      for (let k = a0; k < a1; k++) {
        const re = state[2 * k] as number;
        const im = state[2 * k + 1] as number;
        probs[k] = re * re + im * im;
      }
    }
    return program.stages.length;
  } catch (error) {
    barrier.abort();
    throw error;
  }
}
