/**
 * Cache blocking: a circuit cut into stages, each a run of consecutive gates that touch at most
 * `blockQubits` qubits together with the lowest qubits; a stage is applied block by block, each
 * block (2^B amplitudes, 1 MiB for B = 16) gathered into a scratch region that stays in the core's
 * cache, all the stage's gates applied there, and the block written back. Memory traffic per stage
 * is one read and one write of the state instead of one per gate, which is what bounds a gate on
 * a state larger than the cache (Häner and Steiger, "0.5 Petabyte Simulation of a 45-Qubit Quantum
 * Circuit", SC17, 2017, sect. 3: gate scheduling onto cache-sized blocks of qubits).
 *
 * Blocks: the block qubits are the lowest L qubits (L >= minContiguousQubits, so each gathered
 * chunk is 2^L consecutive amplitudes) and the other qubits the stage's gates touch; the rest are
 * the outer qubits, whose 2^(n - B) values number the blocks. Blocks are disjoint, so threads each
 * take a range of blocks with their own scratch region and meet once per stage. A stage of a single
 * gate gains nothing from blocking and runs directly on the state (per-gate ranges, as before).
 * Every amplitude sees the same arithmetic in the same order for any thread count: results are
 * bit-identical for 1 or N threads, and equal to the unblocked program's up to the fusion of
 * 1-qubit runs, which stops at stage boundaries.
 */
import type { Circuit, GateOp } from './circuit';
import { validateCircuit } from './builder';
import { CompiledProgram } from './compiled';
import { InvalidArgumentError } from './errors';
import { allocateWasmState, WASM_MAX_QUBITS, wasmKernelsOf, wasmScratchOf } from './wasm';

/** Default block size in qubits: 2^16 amplitudes = 1 MiB, half the per-core L2 cache of the machines measured. */
export const BLOCK_QUBITS = 16;
/** Default least number of low qubits in every block (chunks of >= 2^5 amplitudes = 512 B). */
export const MIN_CONTIGUOUS_QUBITS = 5;

/**
 * Amplitudes of the scratch region one thread needs for a state of n qubits with the default block
 * size: 2^BLOCK_QUBITS (1 MiB) when n > BLOCK_QUBITS, else 0 (such states are not blocked).
 */
export function blockScratchAmplitudes(numQubits: number): number {
  return numQubits > BLOCK_QUBITS ? 2 ** BLOCK_QUBITS : 0;
}

export interface BlockingOptions {
  /** Qubits per block, B (scratch of 16 * 2^B bytes per thread). States of <= B qubits are not blocked. @default BLOCK_QUBITS */
  readonly blockQubits?: number;
  /** Least number of low qubits in each block. @default MIN_CONTIGUOUS_QUBITS */
  readonly minContiguousQubits?: number;
  /** Fuse runs of 1-qubit gates within a stage. @default true */
  readonly fuse?: boolean;
  /** false: one direct stage, gate by gate on the whole state (kernel benchmarks). @default true */
  readonly blocking?: boolean;
  /**
   * For a state in ordinary memory, keep the single-thread scratch region in WebAssembly memory, so
   * the gates of blocked stages run the SIMD kernels. @default true for states of more than
   * WASM_MAX_QUBITS qubits (too large for WebAssembly memory themselves), false otherwise
   */
  readonly wasmScratch?: boolean;
}

/** A stage applied directly to the state, instruction by instruction. */
interface DirectStage {
  readonly kind: 'direct';
  readonly program: CompiledProgram;
}

/** A stage applied block by block through a scratch region. */
interface BlockedStage {
  readonly kind: 'blocked';
  /** The stage's gates on the B block qubits (local qubit j = blockQubits[j]). */
  readonly program: CompiledProgram;
  readonly blockQubits: Int32Array;
  /** Amplitudes per gathered chunk: 2^L. */
  readonly chunk: number;
  /** Amplitude offset of chunk h of a block: the bits of h placed at the block's qubits above L. */
  readonly chunkOffsets: Int32Array;
  /** The block's qubits above L as an amplitude-index mask (chunk offsets are its subsets). */
  readonly highMask: number;
  /** Qubits outside the block, ascending: block b has bit j of b at qubit outer[j]. */
  readonly outer: Int32Array;
}

export type Stage = DirectStage | BlockedStage;

/** Cut gates into groups touching at most B - Lmin qubits at or above Lmin (greedy, in order). */
function groupGates(gates: readonly GateOp[], blockQubits: number, minLow: number): GateOp[][] {
  const groups: GateOp[][] = [];
  let current: GateOp[] = [];
  let high = new Set<number>();
  for (const gate of gates) {
    const next = new Set(high);
    for (const q of gate.qubits) if (q >= minLow) next.add(q);
    if (next.size > blockQubits - minLow && current.length > 0) {
      groups.push(current);
      current = [];
      high = new Set(gate.qubits.filter((q) => q >= minLow));
    } else high = next;
    current.push(gate);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Block qubits of a group: the lowest L qubits (L as large as fits) and the group's qubits; exactly B of them. */
function blockQubitsOf(group: readonly GateOp[], n: number, blockQubits: number, minLow: number): number[] {
  const used = new Set(group.flatMap((g) => g.qubits));
  const set = new Set(used);
  for (let q = 0; q < minLow; q++) set.add(q);
  for (let q = minLow; q < n && set.size < blockQubits; q++) set.add(q);
  return [...set].sort((a, b) => a - b);
}

function blockedStage(circuit: Circuit, group: readonly GateOp[], blockQubits: number[], fuse: boolean): BlockedStage {
  const n = circuit.numQubits;
  const B = blockQubits.length;
  const local = new Map(blockQubits.map((q, j) => [q, j]));
  let L = 0;
  while (L < B && blockQubits[L] === L) L++;
  const high = blockQubits.slice(L);
  const chunkOffsets = new Int32Array(2 ** high.length);
  for (let h = 0; h < chunkOffsets.length; h++) {
    let offset = 0;
    high.forEach((q, j) => {
      if ((h >> j) & 1) offset |= 1 << q;
    });
    chunkOffsets[h] = offset;
  }
  const inBlock = new Set(blockQubits);
  const outer = Int32Array.from({ length: n }, (_, q) => q).filter((q) => !inBlock.has(q));
  const localCircuit: Circuit = {
    ...circuit,
    numQubits: B,
    numClbits: 0,
    ops: group.map((g) => ({ ...g, qubits: g.qubits.map((q) => local.get(q)!) })),
  };
  return {
    kind: 'blocked',
    program: new CompiledProgram(localCircuit, { fuse }),
    blockQubits: Int32Array.from(blockQubits),
    chunk: 2 ** L,
    chunkOffsets,
    highMask: high.reduce((m, q) => m | (1 << q), 0),
    outer,
  };
}

/** [floor(length * rank / size), floor(length * (rank + 1) / size)): share `rank` of `size`. */
export function shareOf(length: number, rank: number, size: number): [number, number] {
  return [Math.floor((length * rank) / size), Math.floor((length * (rank + 1)) / size)];
}

/** A circuit compiled into stages (see the module comment); re-bound cheaply per optimizer step. */
export class BlockedProgram {
  readonly numQubits: number;
  readonly numParameters: number;
  /** Block size B in qubits (0 when nothing is blocked). */
  readonly blockQubits: number;
  readonly stages: readonly Stage[];
  /** Amplitudes of the scratch region each thread needs: 2^B, or 0 when no stage is blocked. */
  readonly scratchAmplitudes: number;
  private ownScratch: Float64Array | undefined;
  private readonly wasmScratch: boolean;

  /** @throws CircuitError when the circuit is invalid; InvalidArgumentError on bad options */
  constructor(circuit: Circuit, options: BlockingOptions = {}) {
    validateCircuit(circuit);
    const B = options.blockQubits ?? BLOCK_QUBITS;
    const minLow = options.minContiguousQubits ?? MIN_CONTIGUOUS_QUBITS;
    if (!Number.isInteger(B) || !Number.isInteger(minLow) || minLow < 0 || B < minLow + 3) {
      throw new InvalidArgumentError(`blockQubits: ${B} must be an integer >= minContiguousQubits + 3 (${minLow + 3})`, { path: 'blockQubits' });
    }
    const fuse = options.fuse ?? true;
    const n = circuit.numQubits;
    this.wasmScratch = options.wasmScratch ?? n > WASM_MAX_QUBITS;
    this.numQubits = n;
    this.numParameters = circuit.parameters.length;
    const gates = circuit.ops.filter((op): op is GateOp => op.kind === 'gate' && op.name !== 'id');
    const whole = (ops: readonly GateOp[]): DirectStage => ({ kind: 'direct', program: new CompiledProgram({ ...circuit, ops }, { fuse }) });
    const stages: Stage[] = [];
    if (n <= B || options.blocking === false) stages.push(whole(gates));
    else {
      let direct: GateOp[] = [];
      for (const group of groupGates(gates, B, minLow)) {
        if (group.length === 1) {
          direct.push(group[0]!);
          continue;
        }
        if (direct.length > 0) stages.push(whole(direct));
        direct = [];
        stages.push(blockedStage(circuit, group, blockQubitsOf(group, n, B, minLow), fuse));
      }
      if (direct.length > 0) stages.push(whole(direct));
    }
    this.stages = stages;
    const blocked = stages.some((s) => s.kind === 'blocked');
    this.blockQubits = blocked ? B : 0;
    this.scratchAmplitudes = blocked ? 2 ** B : 0;
  }

  /** Bind parameter values (radians, length >= numParameters). @throws InvalidArgumentError when too short */
  bind(params: ArrayLike<number>): void {
    for (const stage of this.stages) stage.program.bind(params);
  }

  /**
   * Apply share `rank` of `size` of every stage to `state` (after `bind`): `wait` is called after
   * each instruction of a direct stage and after each blocked stage, and must return once all
   * shares got there (a barrier; a no-op for one share). `scratch` holds 2 * scratchAmplitudes
   * doubles of this share's own (unused when no stage is blocked).
   */
  runShare(state: Float64Array, rank: number, size: number, scratch: Float64Array | undefined, wait: () => void): void {
    for (const stage of this.stages) {
      const program = stage.program;
      if (stage.kind === 'direct') {
        for (let i = 0; i < program.numInstructions; i++) {
          const [k0, k1] = shareOf(program.span(i), rank, size);
          program.apply(state, i, k0, k1);
          wait();
        }
        continue;
      }
      if (scratch === undefined || scratch.length < 2 * this.scratchAmplitudes) {
        throw new InvalidArgumentError(`scratch: ${2 * this.scratchAmplitudes} doubles are needed for blocks of ${this.blockQubits} qubits`, { path: 'scratch' });
      }
      const [b0, b1] = shareOf(2 ** (this.numQubits - this.blockQubits), rank, size);
      for (let b = b0; b < b1; b++) this.applyBlock(stage, state, scratch, b);
      wait();
    }
  }

  /**
   * Bind `params` and apply the whole circuit in place to `state` (not reset first) on this thread.
   * @throws InvalidArgumentError when the state or parameter vector has the wrong size
   */
  run(state: Float64Array, params: ArrayLike<number>): void {
    const size = 2 * 2 ** this.numQubits;
    if (state.length !== size) {
      throw new InvalidArgumentError(`state.length: ${state.length} must be ${size} for ${this.numQubits} qubits`, { path: 'state' });
    }
    this.bind(params);
    this.runShare(state, 0, 1, this.scratchFor(state), () => undefined);
  }

  /**
   * The scratch region of a single-thread run: the state memory's own (WebAssembly), else one kept
   * here (in WebAssembly memory with `wasmScratch`, where the runtime allows).
   */
  private scratchFor(state: Float64Array): Float64Array | undefined {
    if (this.scratchAmplitudes === 0) return undefined;
    const region = wasmScratchOf(state, 0);
    if (region !== undefined && region.length >= 2 * this.scratchAmplitudes) return region;
    this.ownScratch ??=
      (this.wasmScratch ? allocateWasmState(0, 1, this.scratchAmplitudes)?.scratch[0] : undefined) ?? new Float64Array(2 * this.scratchAmplitudes);
    return this.ownScratch;
  }

  private applyBlock(stage: BlockedStage, state: Float64Array, scratch: Float64Array, b: number): void {
    let base = 0;
    for (let j = 0; j < stage.outer.length; j++) if ((b >> j) & 1) base |= 1 << stage.outer[j]!;
    this.copyChunks(stage, state, scratch, base, true);
    const program = stage.program;
    for (let i = 0; i < program.numInstructions; i++) program.apply(scratch, i, 0, program.span(i));
    this.copyChunks(stage, state, scratch, base, false);
  }

  /** Gather (in = true) the chunks of the block at amplitude `base` into scratch, or scatter them back. */
  private copyChunks(stage: BlockedStage, state: Float64Array, scratch: Float64Array, base: number, gather: boolean): void {
    const len = 2 * stage.chunk;
    const offsets = stage.chunkOffsets;
    const w = state.buffer === scratch.buffer ? wasmKernelsOf(state) : undefined;
    if (w !== undefined) {
      w.copy(state.byteOffset, scratch.byteOffset, base, stage.highMask, 16 * stage.chunk, offsets.length, gather ? 1 : 0);
      return;
    }
    for (let h = 0; h < offsets.length; h++) {
      const s = 2 * (base + offsets[h]!);
      const d = h * len;
      if (gather) for (let j = 0; j < len; j++) scratch[d + j] = state[s + j]!;
      else for (let j = 0; j < len; j++) state[s + j] = scratch[d + j]!;
    }
  }
}
