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
import { scheduleStages } from './schedule';
import { allocateWasmState, coefficientOffset, REPRESENTATIONS, WASM_MAX_QUBITS, wasmInstanceOf, wasmKernelsOf, wasmScratchOf, type Representation, type RepresentationInfo } from './wasm';
import { coefficientView, KernelProgram, ProductPrefix, REAL_GATES, resetShare, shareOf, splitProductPrefix, stateView, type CoefficientArray, type StateView } from './engine';

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
  /**
   * Qubits per block, B (scratch of bytes-per-amplitude * 2^B bytes per thread). States of <= B
   * qubits are not blocked. @default the B whose scratch is `blockBytes` (BLOCK_QUBITS for c64)
   */
  readonly blockQubits?: number;
  /** Scratch bytes per block when blockQubits is not given. @default 1 MiB (16 * 2^BLOCK_QUBITS) */
  readonly blockBytes?: number;
  /**
   * How amplitudes are stored (wasm/repr.ts): 'c64' (complex float64, the default, in WebAssembly or
   * ordinary memory), 'c32', 'r64', 'r32' (WebAssembly memory only; 'r' needs a real circuit).
   * @default 'c64'
   */
  readonly representation?: Representation;
  /**
   * Largest fused gate in qubits (engine/fusion.ts): 1 fuses runs of 1-qubit gates on one qubit (the
   * c64 program of compiled.ts), 2-4 fuse neighbouring gates into dense k-qubit matrices (generic
   * kernels; the state, or for states over 27 qubits the scratch regions, must be in WebAssembly
   * memory). @default 1
   */
  readonly maxFusedQubits?: number;
  /**
   * With maxFusedQubits 1 on c32, r64 and r32: fold each lone CX / CZ into a run of 1-qubit gates on
   * its target (engine/fusion.ts absorbControlled), one kernel call at the run's cost. The runs
   * move past commuting gates, so amplitudes differ from the unabsorbed program's by rounding
   * (1e-16); false keeps the gate order (and the real path bit-identical to c64). @default true
   */
  readonly absorbControlled?: boolean;
  /**
   * The run starts from |0...0> (`initialize`): fold each qubit's leading 1-qubit gates into the
   * initial product state (engine/product.ts) instead of applying them. @default false
   */
  readonly productPrefix?: boolean;
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

/** The program of a stage: compiled.ts for c64 without multi-qubit fusion, else engine/program.ts. */
export type StageProgram = CompiledProgram | KernelProgram;

/** A stage applied directly to the state, instruction by instruction. */
interface DirectStage {
  readonly kind: 'direct';
  readonly program: StageProgram;
}

/** A stage applied block by block through a scratch region. */
interface BlockedStage {
  readonly kind: 'blocked';
  /** The stage's gates on the B block qubits (local qubit j = blockQubits[j]). */
  readonly program: StageProgram;
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

/** Block qubits of a group: the lowest L qubits (L as large as fits) and the group's qubits; exactly B of them. */
function blockQubitsOf(group: readonly GateOp[], n: number, blockQubits: number, minLow: number): number[] {
  const used = new Set(group.flatMap((g) => g.qubits));
  const set = new Set(used);
  for (let q = 0; q < minLow; q++) set.add(q);
  for (let q = minLow; q < n && set.size < blockQubits; q++) set.add(q);
  return [...set].sort((a, b) => a - b);
}

/** How a stage's gates are compiled. */
interface Lowering {
  readonly fuse: boolean;
  readonly representation: Representation;
  readonly maxFusedQubits: number;
  readonly absorbControlled: boolean;
}

/**
 * The program of one stage: c64 without multi-qubit fusion (or a direct stage of a state too large
 * for WebAssembly memory) keeps compiled.ts, everything else the generic kernels of engine/program.ts.
 */
function stageProgram(circuit: Circuit, lowering: Lowering, stateInPlainMemory: boolean): StageProgram {
  const k = lowering.fuse ? lowering.maxFusedQubits : 0;
  if (lowering.representation === 'c64' && (k <= 1 || stateInPlainMemory)) return new CompiledProgram(circuit, { fuse: k >= 1 });
  return new KernelProgram(circuit, { representation: lowering.representation, maxFusedQubits: k, absorbControlled: lowering.absorbControlled });
}

function blockedStage(circuit: Circuit, group: readonly GateOp[], blockQubits: number[], lowering: Lowering): BlockedStage {
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
    program: stageProgram(localCircuit, lowering, false),
    blockQubits: Int32Array.from(blockQubits),
    chunk: 2 ** L,
    chunkOffsets,
    highMask: high.reduce((m, q) => m | (1 << q), 0),
    outer,
  };
}

export { shareOf };

/** A circuit compiled into stages (see the module comment); re-bound cheaply per optimizer step. */
export class BlockedProgram {
  readonly numQubits: number;
  readonly numParameters: number;
  /** How the amplitudes are stored. */
  readonly info: RepresentationInfo;
  /** Block size B in qubits (0 when nothing is blocked). */
  readonly blockQubits: number;
  readonly stages: readonly Stage[];
  /** Amplitudes of the scratch region each thread needs: 2^B, or 0 when no stage is blocked. */
  readonly scratchAmplitudes: number;
  /** Coefficient vectors (16 bytes) of the region each thread needs for the fused gates (0 for none). */
  readonly coefficientVectors: number;
  /** The 1-qubit gates folded into the initial state (productPrefix), if any. */
  readonly prefix: ProductPrefix | undefined;
  /**
   * With a prefix and a blocked first stage, that stage: it writes each block of the product state
   * into scratch (the block's outer factor, then one doubling step per block qubit) instead of
   * gathering it, and `initialize` writes nothing: the pass that wrote the state and the stage's
   * read of it are saved. `bind` binds the prefix.
   */
  private readonly productStage: BlockedStage | undefined;
  private readonly factor = new Float64Array(2);
  private ownScratch: StateView | undefined;
  private readonly wasmScratch: boolean;
  /** The memory whose regions the single-thread `run` attached last, and its scratch view. */
  private attachedBuffer: ArrayBufferLike | undefined;
  private attachedScratch: StateView | undefined;

  /** @throws CircuitError when the circuit is invalid; InvalidArgumentError on bad options */
  constructor(circuit: Circuit, options: BlockingOptions = {}) {
    validateCircuit(circuit);
    const representation = options.representation ?? 'c64';
    const info = REPRESENTATIONS[representation];
    if (info === undefined) throw new InvalidArgumentError(`representation: '${String(representation)}' is unknown; use c64, c32, r64 or r32`, { path: 'representation' });
    // the default block is 1 MiB of scratch: BLOCK_QUBITS qubits of complex float64
    const B = options.blockQubits ?? Math.round(Math.log2((options.blockBytes ?? 16 * 2 ** BLOCK_QUBITS) / info.ampBytes));
    const minLow = options.minContiguousQubits ?? MIN_CONTIGUOUS_QUBITS;
    if (!Number.isInteger(B) || !Number.isInteger(minLow) || minLow < 0 || B < minLow + 3) {
      throw new InvalidArgumentError(`blockQubits: ${B} must be an integer >= minContiguousQubits + 3 (${minLow + 3})`, { path: 'blockQubits' });
    }
    const lowering: Lowering = { fuse: options.fuse ?? true, representation, maxFusedQubits: options.maxFusedQubits ?? 1, absorbControlled: options.absorbControlled ?? true };
    const n = circuit.numQubits;
    this.info = info;
    this.wasmScratch = options.wasmScratch ?? n > WASM_MAX_QUBITS;
    this.numQubits = n;
    this.numParameters = circuit.parameters.length;
    let gates = circuit.ops.filter((op): op is GateOp => op.kind === 'gate' && op.name !== 'id');
    const complexGate = info.complex ? undefined : gates.find((g) => !REAL_GATES.has(g.name));
    if (complexGate) {
      throw new InvalidArgumentError(`representation: '${info.name}' holds real amplitudes, but gate ${complexGate.name} is complex; use a complex representation`, { path: 'representation' });
    }
    if (options.productPrefix) {
      const split = splitProductPrefix(gates, n);
      this.prefix = new ProductPrefix(split.prefix, circuit.parameters.length);
      gates = split.rest;
    }
    const whole = (ops: readonly GateOp[]): DirectStage => ({ kind: 'direct', program: stageProgram({ ...circuit, ops }, lowering, n > WASM_MAX_QUBITS) });
    const stages: Stage[] = [];
    if (n <= B || options.blocking === false) stages.push(whole(gates));
    else {
      let direct: GateOp[] = [];
      for (const group of scheduleStages(gates, n, B - minLow, minLow)) {
        if (group.length === 1) {
          direct.push(group[0]!);
          continue;
        }
        if (direct.length > 0) stages.push(whole(direct));
        direct = [];
        stages.push(blockedStage(circuit, group, blockQubitsOf(group, n, B, minLow), lowering));
      }
      if (direct.length > 0) stages.push(whole(direct));
    }
    this.stages = stages;
    const first = stages[0];
    // the first stage writes the product state block by block (applyBlock) instead of gathering it
    if (this.prefix !== undefined && first?.kind === 'blocked') this.productStage = first;
    const blocked = stages.some((s) => s.kind === 'blocked');
    this.blockQubits = blocked ? B : 0;
    this.scratchAmplitudes = blocked ? 2 ** B : 0;
    this.coefficientVectors = stages.reduce((sum, s) => sum + (s.program instanceof KernelProgram ? s.program.coefficientVectors : 0), 0);
  }

  /**
   * Give the coefficient region of this thread (in the WebAssembly memory of the state, or of the
   * scratch regions for a state in plain memory; at least `coefficientVectors` vectors); each stage
   * takes its slice. @throws InvalidArgumentError when it is too small or of the wrong type
   */
  attach(coefficients: CoefficientArray): void {
    const per = this.info.single ? 4 : 2;
    let at = 0;
    for (const stage of this.stages) {
      if (!(stage.program instanceof KernelProgram)) continue;
      const count = stage.program.coefficientVectors;
      stage.program.attach(coefficients.subarray(per * at, per * (at + count)));
      at += count;
    }
  }

  /** Bind parameter values (radians, length >= numParameters). @throws InvalidArgumentError when too short */
  bind(params: ArrayLike<number>): void {
    for (const stage of this.stages) stage.program.bind(params);
    if (this.productStage !== undefined) this.prefix!.bind(params);
  }

  /**
   * Set `state` to the start of a run from |0...0> with parameter values `params`: |0...0>, or
   * with `productPrefix` the product state of the folded 1-qubit gates (every amplitude written).
   * Only the prefix is bound here, so a thread that runs no stage may call it. When the first stage
   * is blocked and there is a prefix, nothing is written here: that stage writes the product state
   * block by block (`bind` binds the prefix on every thread), so call runShare after it.
   */
  initialize(state: StateView, params: ArrayLike<number>): void {
    this.initializeShare(state, params, 0, 1, () => undefined);
  }

  /**
   * Share `rank` of `size` of `initialize`, for threads that start one run together (each calls it
   * before runShare): each zeroes its slice of the state (engine resetShare) and rank 0 sets
   * amplitude 0; or rank 0 writes the product state of a prefix whose first stage is not blocked;
   * then `wait` (the barrier of runShare) unless the first stage writes the state itself.
   */
  initializeShare(state: StateView, params: ArrayLike<number>, rank: number, size: number, wait: () => void): void {
    if (this.productStage !== undefined) return; // the first stage writes every amplitude (bind bound the prefix)
    if (this.prefix === undefined) resetShare(state, rank, size);
    else if (rank === 0) {
      this.prefix.bind(params);
      this.prefix.write(state, this.info);
    }
    wait();
  }

  /**
   * Apply share `rank` of `size` of every stage to `state` (after `attach` and `bind`): `wait` is
   * called after each instruction of a direct stage and after each blocked stage, and must return
   * once all shares got there (a barrier; a no-op for one share). `scratch` is this share's own
   * scratch region of scratchAmplitudes amplitudes (unused when no stage is blocked).
   */
  runShare(state: StateView, rank: number, size: number, scratch: StateView | undefined, wait: () => void): void {
    const perAmplitude = this.info.complex ? 2 : 1;
    for (const stage of this.stages) {
      const program = stage.program;
      if (stage.kind === 'direct') {
        for (let i = 0; i < program.numInstructions; i++) {
          const [k0, k1] = shareOf(program.span(i), rank, size);
          program.apply(state as Float64Array, i, k0, k1);
          wait();
        }
        continue;
      }
      if (scratch === undefined || scratch.length < perAmplitude * this.scratchAmplitudes) {
        throw new InvalidArgumentError(`scratch: ${perAmplitude * this.scratchAmplitudes} numbers are needed for blocks of ${this.blockQubits} qubits`, { path: 'scratch' });
      }
      const [b0, b1] = shareOf(2 ** (this.numQubits - this.blockQubits), rank, size);
      const fromProduct = stage === this.productStage;
      for (let b = b0; b < b1; b++) this.applyBlock(stage, state, scratch, b, fromProduct);
      wait();
    }
  }

  /**
   * Bind `params` and apply the whole circuit in place to `state` (not reset first) on this thread,
   * with the scratch and coefficient regions of the state's WebAssembly memory (allocateState), or
   * regions of its own for a state in plain memory.
   * @throws InvalidArgumentError when the state or parameter vector has the wrong size, or the
   *   state's memory has no room for the coefficients of fused gates
   */
  run(state: StateView, params: ArrayLike<number>): void {
    const size = (this.info.complex ? 2 : 1) * 2 ** this.numQubits;
    if (state.length !== size || (state instanceof Float32Array) !== this.info.single) {
      throw new InvalidArgumentError(`state.length: ${state.length} must be ${size} ${this.info.single ? 'float32' : 'float64'} values for ${this.numQubits} qubits (${this.info.name})`, { path: 'state' });
    }
    const scratch = this.scratchFor(state);
    this.bind(params);
    this.runShare(state, 0, 1, scratch, () => undefined);
  }

  /**
   * The scratch region of a single-thread run on `state` (the state memory's own, else one kept
   * here, in WebAssembly memory with `wasmScratch` or fused gates), attaching the coefficient
   * region of the memory the fused gates run in. Views are made once per memory.
   * @throws InvalidArgumentError when the state's memory has no room for the coefficients
   */
  scratchFor(state: StateView): StateView | undefined {
    if (state.buffer === this.attachedBuffer) return this.attachedScratch;
    const w = wasmInstanceOf(state);
    let scratch: StateView | undefined;
    if (w !== undefined) {
      const layout = w.layout;
      if (this.coefficientVectors > 0) {
        if (layout.coefficientBytes < 16 * this.coefficientVectors) {
          throw new InvalidArgumentError(
            `state: its memory has ${layout.coefficientBytes} bytes for gate coefficients; the program needs ${16 * this.coefficientVectors} (allocate it with room for them, or use maxFusedQubits 1)`,
            { path: 'state' },
          );
        }
        this.attach(coefficientView(this.info, w.memory.buffer, coefficientOffset(layout, 0), layout.coefficientBytes));
      }
      if (this.scratchAmplitudes > 0 && layout.regions > 0 && layout.scratchBytes >= this.info.ampBytes * this.scratchAmplitudes) {
        scratch = this.info.name === 'c64' ? wasmScratchOf(state, 0) : stateView(this.info, w.memory.buffer, layout.stateBytes, this.scratchAmplitudes);
      }
    }
    if (scratch === undefined && this.scratchAmplitudes > 0) {
      if (this.info.name !== 'c64') throw new InvalidArgumentError(`state: a ${this.info.name} state must be in WebAssembly memory with a scratch region`, { path: 'state' });
      const own = this.wasmScratch || this.coefficientVectors > 0 ? allocateWasmState(0, 1, this.scratchAmplitudes, 16 * this.coefficientVectors) : undefined;
      if (own !== undefined && w === undefined && this.coefficientVectors > 0) {
        const layout = wasmInstanceOf(own.scratch[0]!)!.layout;
        this.attach(coefficientView(this.info, own.memory.buffer, coefficientOffset(layout, 0), layout.coefficientBytes));
      }
      this.ownScratch ??= own?.scratch[0] ?? new Float64Array(2 * this.scratchAmplitudes);
      scratch = this.ownScratch;
    }
    this.attachedBuffer = state.buffer;
    this.attachedScratch = scratch;
    return scratch;
  }

  private applyBlock(stage: BlockedStage, state: StateView, scratch: StateView, b: number, fromProduct: boolean): void {
    let base = 0;
    for (let j = 0; j < stage.outer.length; j++) if ((b >> j) & 1) base |= 1 << stage.outer[j]!;
    if (fromProduct) this.writeProductBlock(stage, scratch, b);
    else this.copyChunks(stage, state, scratch, base, true);
    const program = stage.program;
    for (let i = 0; i < program.numInstructions; i++) program.apply(scratch as Float64Array, i, 0, program.span(i));
    this.copyChunks(stage, state, scratch, base, false);
  }

  /**
   * Block b of the product state into scratch (scratch order: local bit j is qubit
   * stage.blockQubits[j]): the product of the outer qubits' first-column entries, then one
   * doubling step per block qubit (ProductPrefix.write's doubling), the first vector's in
   * JavaScript and the rest by the product kernel when the scratch is in WebAssembly memory.
   */
  private writeProductBlock(stage: BlockedStage, scratch: StateView, b: number): void {
    const prefix = this.prefix!;
    const c = prefix.columns;
    const f = this.factor;
    prefix.outerFactor(stage.outer, b, f);
    const complex = this.info.complex;
    scratch[0] = f[0]!;
    if (complex) scratch[1] = f[1]!;
    const w = wasmInstanceOf(scratch);
    const B = stage.blockQubits.length;
    let j = 0;
    for (let half = 1; j < B && (w === undefined || half < 2 ** this.info.laneBits); j++, half *= 2) prefix.double(scratch, half, stage.blockQubits[j]!, complex);
    if (w === undefined) return;
    const kernel = w.product[this.info.name];
    for (; j < B; j++) {
      const q = stage.blockQubits[j]!;
      kernel(scratch.byteOffset, this.info.ampBytes * 2 ** j, c[4 * q]!, c[4 * q + 1]!, c[4 * q + 2]!, c[4 * q + 3]!);
    }
  }

  /** Gather (in = true) the chunks of the block at amplitude `base` into scratch, or scatter them back. */
  private copyChunks(stage: BlockedStage, state: StateView, scratch: StateView, base: number, gather: boolean): void {
    const offsets = stage.chunkOffsets;
    const w = state.buffer === scratch.buffer ? wasmKernelsOf(state) : undefined;
    if (w !== undefined) {
      const bytes = this.info.ampBytes;
      w.copy(state.byteOffset, scratch.byteOffset, base * bytes, stage.highMask * bytes, bytes * stage.chunk, offsets.length, gather ? 1 : 0);
      return;
    }
    const per = this.info.complex ? 2 : 1;
    const len = per * stage.chunk;
    for (let h = 0; h < offsets.length; h++) {
      const s = per * (base + offsets[h]!);
      const d = h * len;
      if (gather) for (let j = 0; j < len; j++) scratch[d + j] = state[s + j]!;
      else for (let j = 0; j < len; j++) state[s + j] = scratch[d + j]!;
    }
  }
}
