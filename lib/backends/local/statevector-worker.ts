/**
 * Piscina task of the parallel simulator (runs in a worker thread): one share of a circuit run on a
 * state vector in shared memory. Every worker runs the stages of the compiled, cache-blocked
 * program (lib/quantum blocked.ts) on its own share: a slice `[rank/size, (rank+1)/size)` of each
 * direct instruction's loop range, or of the blocks of a blocked stage (with its own scratch
 * region), meeting the others at a barrier after each instruction or blocked stage. All threads
 * together do exactly the arithmetic of one thread: results are bit-identical for any thread
 * count. Then it writes |a_k|^2 of its slice.
 *
 * A state in WebAssembly memory (the SIMD kernels) arrives as the shared `WebAssembly.Memory`; the
 * worker binds its own instance of the kernels to it once per circuit key.
 */
import { attachWasmState, BlockedProgram, shareOf, type Circuit } from '../../quantum';
import { SharedBarrier } from './barrier';

export interface ShareTask {
  /** Key of the circuit and its memory: workers keep the last compiled program and views per key. */
  readonly key: number;
  readonly circuit: Circuit;
  readonly params: Float64Array;
  /** Interleaved amplitudes, 16 * 2^n bytes from byte 0; |0..0> is set by the caller. */
  readonly state: SharedArrayBuffer;
  /** The WebAssembly memory whose buffer is `state` (SIMD kernels), or null for plain shared memory. */
  readonly memory: WebAssembly.Memory | null;
  /**
   * For a state in plain shared memory: a WebAssembly memory holding one scratch region per share
   * (blocked stages then run the SIMD kernels), or null.
   */
  readonly scratchMemory: WebAssembly.Memory | null;
  /** Probabilities out, 8 * 2^n bytes, or null to skip. */
  readonly probabilities: SharedArrayBuffer | null;
  readonly barrier: SharedArrayBuffer;
  readonly rank: number;
  readonly size: number;
  /** Fuse runs of 1-qubit gates (compileCircuit's option). */
  readonly fuse: boolean;
  /** Cache blocking (blocked.ts); false for gate-by-gate kernel benchmarks. */
  readonly blocking: boolean;
}

interface Prepared {
  readonly key: number;
  readonly program: BlockedProgram;
  readonly state: Float64Array;
  readonly scratch: Float64Array | undefined;
}

let cached: Prepared | undefined;

function prepare(task: ShareTask): Prepared {
  const program = new BlockedProgram(task.circuit, { fuse: task.fuse, blocking: task.blocking });
  const n = task.circuit.numQubits;
  if (task.memory !== null) {
    const views = attachWasmState(task.memory, n, task.size, program.scratchAmplitudes);
    return { key: task.key, program, state: views.state, scratch: views.scratch[task.rank] };
  }
  const amplitudes = program.scratchAmplitudes;
  const scratch =
    amplitudes === 0
      ? undefined
      : task.scratchMemory !== null
        ? attachWasmState(task.scratchMemory, 0, task.size, amplitudes).scratch[task.rank]
        : new Float64Array(2 * amplitudes);
  return { key: task.key, program, state: new Float64Array(task.state), scratch };
}

/** Run one share; resolves to the number of stages applied. */
export default function runShare(task: ShareTask): number {
  const barrier = new SharedBarrier(task.barrier, task.size);
  try {
    if (cached?.key !== task.key) cached = prepare(task);
    const { program, state, scratch } = cached;
    program.bind(task.params);
    program.runShare(state, task.rank, task.size, scratch, () => barrier.wait());
    if (task.probabilities !== null) {
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
