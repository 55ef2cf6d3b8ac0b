/**
 * Piscina task of the parallel simulator (runs in a worker thread): one share of a circuit run on a
 * state vector in shared memory. Every worker applies each instruction of the compiled circuit to
 * its own slice `[rank/size, (rank+1)/size)` of the kernel's loop range and meets the others at a
 * barrier before the next instruction, so all threads together do exactly the arithmetic of one
 * thread: results are bit-identical for any thread count. Then it writes |a_k|^2 of its slice.
 */
import { CompiledProgram, type Circuit } from '../../quantum';
import { SharedBarrier } from './barrier';

export interface ShareTask {
  /** Key of the circuit: workers keep the last compiled program per key. */
  readonly key: number;
  readonly circuit: Circuit;
  readonly params: Float64Array;
  /** Interleaved amplitudes, 16 * 2^n bytes; |0..0> is set by the caller. */
  readonly state: SharedArrayBuffer;
  /** Probabilities out, 8 * 2^n bytes, or null to skip. */
  readonly probabilities: SharedArrayBuffer | null;
  readonly barrier: SharedArrayBuffer;
  readonly rank: number;
  readonly size: number;
  /** Fuse runs of 1-qubit gates (compileCircuit's option). */
  readonly fuse: boolean;
}

let cached: { key: number; program: CompiledProgram } | undefined;

function slice(length: number, rank: number, size: number): [number, number] {
  return [Math.floor((length * rank) / size), Math.floor((length * (rank + 1)) / size)];
}

/** Run one share; resolves to the number of instructions applied. */
export default function runShare(task: ShareTask): number {
  const barrier = new SharedBarrier(task.barrier, task.size);
  try {
    if (cached?.key !== task.key) cached = { key: task.key, program: new CompiledProgram(task.circuit, { fuse: task.fuse }) };
    const program = cached.program;
    const state = new Float64Array(task.state);
    program.bind(task.params);
    for (let i = 0; i < program.numInstructions; i++) {
      const [k0, k1] = slice(program.span(i), task.rank, task.size);
      program.apply(state, i, k0, k1);
      barrier.wait();
    }
    if (task.probabilities !== null) {
      const probs = new Float64Array(task.probabilities);
      const [a0, a1] = slice(probs.length, task.rank, task.size);
      for (let k = a0; k < a1; k++) {
        const re = state[2 * k] as number;
        const im = state[2 * k + 1] as number;
        probs[k] = re * re + im * im;
      }
    }
    return program.numInstructions;
  } catch (error) {
    barrier.abort();
    throw error;
  }
}
