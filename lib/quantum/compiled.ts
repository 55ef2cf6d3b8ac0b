/**
 * Compiled circuits: a circuit validated once and lowered to flat typed arrays of kernel calls, with
 * gate fusion, cheap re-binding of parameters and ranged execution (for worker threads).
 *
 * Fusion: every run of consecutive 1-qubit gates on one qubit (gates on other qubits in between
 * commute with it) becomes one instruction whose 2x2 matrix is the product of the run, computed at
 * bind time; the kernel is then picked from the product's shape (diagonal, real or dense complex).
 * A run of a single gate keeps its specialised kernel (x stays a swap, z a phase). `measure`,
 * `barrier` and `id` are dropped: the simulator keeps the pre-measurement state.
 *
 * Binding writes angles and fused matrices into arrays allocated at compile time: `bind` and
 * `apply` allocate nothing, so an optimizer loop re-binds and re-runs without garbage.
 */
import { GATE_ARITY, type Circuit, type GateName, type GateOp } from './circuit';
import { validateCircuit } from './builder';
import { dense1, diag1, dispatchGate, real1 } from './dispatch';
import { InvalidArgumentError } from './errors';
import { writeGateMatrix } from './gates';
import { wasmKernelsOf } from './wasm';

const GATE_NAMES = Object.keys(GATE_ARITY) as GateName[];
const GATE_CODE = new Map(GATE_NAMES.map((name, i) => [name, i]));
/** Instruction code of a fused run of 1-qubit gates. */
const FUSED = -1;
const MODE_DENSE = 0;
const MODE_REAL = 1;
const MODE_DIAGONAL = 2;

/** Flat angle slots: angle = index < 0 ? offset : scale * params[index] + offset. */
export class AngleSlots {
  readonly index: Int32Array;
  readonly scale: Float64Array;
  readonly offset: Float64Array;
  constructor(ops: readonly GateOp[]) {
    this.index = new Int32Array(3 * ops.length).fill(-1);
    this.scale = new Float64Array(3 * ops.length);
    this.offset = new Float64Array(3 * ops.length);
    ops.forEach((op, g) => {
      op.params.forEach((a, j) => {
        if (typeof a === 'number') this.offset[3 * g + j] = a;
        else {
          this.index[3 * g + j] = a.index;
          this.scale[3 * g + j] = a.scale;
          this.offset[3 * g + j] = a.offset;
        }
      });
    });
  }
  /** Write the 3 angles of slot group g into out[at..at+2]. */
  write(g: number, params: ArrayLike<number>, out: Float64Array, at: number): void {
    for (let j = 0; j < 3; j++) {
      const s = 3 * g + j;
      const index = this.index[s] as number;
      const base = this.offset[s] as number;
      out[at + j] = index < 0 ? base : (this.scale[s] as number) * (params[index] as number) + base;
    }
  }
}

/** Group the gates into instructions: lists of gate indices (length > 1 only for fused runs). */
function fuseRuns(gates: readonly GateOp[], numQubits: number): number[][] {
  const pending: number[][] = Array.from({ length: numQubits }, () => []);
  const groups: number[][] = [];
  const flush = (q: number): void => {
    const run = pending[q]!;
    if (run.length > 0) groups.push(run.splice(0));
  };
  gates.forEach((op, g) => {
    if (op.qubits.length === 1) {
      pending[op.qubits[0]!]!.push(g);
      return;
    }
    for (const q of op.qubits) flush(q);
    groups.push([g]);
  });
  for (let q = 0; q < numQubits; q++) flush(q);
  return groups;
}

export interface CompileOptions {
  /** Fuse runs of 1-qubit gates on one qubit. @default true */
  readonly fuse?: boolean;
}

/** A circuit lowered to instructions; see the module comment. */
export class CompiledProgram {
  readonly numQubits: number;
  readonly numParameters: number;
  /** Gate operations kept from the circuit (barriers, measurements and `id` dropped). */
  readonly numGates: number;
  /** Kernel calls per run after fusion. */
  readonly numInstructions: number;
  private readonly code: Int32Array;
  private readonly qubits: Int32Array;
  private readonly slots: AngleSlots;
  /** For instruction i: its gates (indices into the slot groups) are members[memberStart[i]..memberStart[i+1]). */
  private readonly memberStart: Int32Array;
  private readonly members: Int32Array;
  private readonly memberCode: Int32Array;
  private readonly angles: Float64Array;
  private readonly matrices: Float64Array;
  /** views[i] = matrices[8i .. 8i+8), made once so binding and applying allocate nothing. */
  private readonly views: Float64Array[];
  private readonly mode: Int32Array;
  private readonly scratch = new Float64Array(8);
  private readonly memberAngles = new Float64Array(3);
  private readonly product = new Float64Array(8);

  /** @param options.fuse fuse runs of 1-qubit gates (default true; false for kernel benchmarks) */
  constructor(circuit: Circuit, options: CompileOptions = {}) {
    validateCircuit(circuit);
    const n = circuit.numQubits;
    const gates = circuit.ops.filter((op): op is GateOp => op.kind === 'gate' && op.name !== 'id');
    const groups = options.fuse === false ? gates.map((_, g) => [g]) : fuseRuns(gates, n);
    const count = groups.length;
    this.numQubits = n;
    this.numParameters = circuit.parameters.length;
    this.numGates = gates.length;
    this.numInstructions = count;
    this.slots = new AngleSlots(gates);
    this.code = new Int32Array(count);
    this.qubits = new Int32Array(3 * count);
    this.memberStart = new Int32Array(count + 1);
    this.members = new Int32Array(gates.length);
    this.memberCode = new Int32Array(gates.length);
    let m = 0;
    groups.forEach((group, i) => {
      const first = gates[group[0]!]!;
      this.code[i] = group.length > 1 ? FUSED : (GATE_CODE.get(first.name) as number);
      first.qubits.forEach((q, j) => (this.qubits[3 * i + j] = q));
      this.memberStart[i] = m;
      for (const g of group) {
        this.members[m] = g;
        this.memberCode[m] = GATE_CODE.get(gates[g]!.name) as number;
        m++;
      }
    });
    this.memberStart[count] = m;
    this.angles = new Float64Array(3 * count);
    this.matrices = new Float64Array(8 * count);
    this.views = Array.from({ length: count }, (_, i) => this.matrices.subarray(8 * i, 8 * i + 8));
    this.mode = new Int32Array(count);
  }

  /**
   * Bind parameter values (radians, length >= numParameters): angles and fused matrices are
   * written into preallocated arrays. @throws InvalidArgumentError when params is too short
   */
  bind(params: ArrayLike<number>): void {
    if (params.length < this.numParameters) {
      throw new InvalidArgumentError(`params.length: ${params.length} is too short; the circuit has ${this.numParameters} parameters`, {
        path: 'params',
      });
    }
    const s = this.scratch;
    for (let i = 0; i < this.numInstructions; i++) {
      const start = this.memberStart[i] as number;
      if (this.code[i] !== FUSED) {
        this.slots.write(this.members[start] as number, params, this.angles, 3 * i);
        continue;
      }
      // product P = G_last ... G_first, accumulated in matrices[8i..8i+7]
      const p = this.views[i]!;
      p.fill(0);
      p[0] = 1;
      p[6] = 1;
      for (let m = start; m < (this.memberStart[i + 1] as number); m++) {
        this.slots.write(this.members[m] as number, params, this.memberAngles, 0);
        writeGateMatrix(GATE_NAMES[this.memberCode[m] as number]!, this.memberAngles, s);
        multiplyInto(s, p, this.product);
      }
      this.mode[i] =
        p[2] === 0 && p[3] === 0 && p[4] === 0 && p[5] === 0
          ? MODE_DIAGONAL
          : p[1] === 0 && p[3] === 0 && p[5] === 0 && p[7] === 0
            ? MODE_REAL
            : MODE_DENSE;
    }
  }

  /** Length of the compressed loop index of instruction i (2^(n - qubits of the gate)). */
  span(i: number): number {
    const code = this.code[i] as number;
    return 2 ** (this.numQubits - (code === FUSED ? 1 : GATE_ARITY[GATE_NAMES[code]!].qubits));
  }

  /** Apply instruction i (after `bind`) to the loop indices [k0, k1) of `state`. */
  apply(state: Float64Array, i: number, k0: number, k1: number): void {
    const n = this.numQubits;
    const code = this.code[i] as number;
    const q = 3 * i;
    if (code !== FUSED) {
      const a = this.angles;
      dispatchGate(state, n, GATE_NAMES[code]!, this.qubits[q]!, this.qubits[q + 1]!, this.qubits[q + 2]!, a[q]!, a[q + 1]!, a[q + 2]!, k0, k1);
      return;
    }
    const mode = this.mode[i];
    const o = 8 * i;
    const p = this.matrices;
    const w = wasmKernelsOf(state);
    if (mode === MODE_DIAGONAL) diag1(state, w, n, this.qubits[q]!, p[o]!, p[o + 1]!, p[o + 6]!, p[o + 7]!, k0, k1);
    else if (mode === MODE_REAL) real1(state, w, n, this.qubits[q]!, p[o]!, p[o + 2]!, p[o + 4]!, p[o + 6]!, k0, k1);
    else dense1(state, w, n, this.qubits[q]!, this.views[i]!, k0, k1);
  }

  /**
   * Bind `params` and apply the whole circuit in place to `state` (not reset first).
   * @throws InvalidArgumentError when the state or parameter vector has the wrong size
   */
  run(state: Float64Array, params: ArrayLike<number>): void {
    const size = 2 * 2 ** this.numQubits;
    if (state.length !== size) {
      throw new InvalidArgumentError(`state.length: ${state.length} must be ${size} for ${this.numQubits} qubits`, { path: 'state' });
    }
    this.bind(params);
    for (let i = 0; i < this.numInstructions; i++) this.apply(state, i, 0, this.span(i));
  }
}

/** p <- g p for interleaved 2x2 complex matrices (length 8), through the scratch r. */
export function multiplyInto(s: Float64Array, p: Float64Array, r: Float64Array): void {
  for (let row = 0; row < 2; row++) {
    for (let col = 0; col < 2; col++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < 2; k++) {
        const ar = s[2 * (2 * row + k)]!;
        const ai = s[2 * (2 * row + k) + 1]!;
        const br = p[2 * (2 * k + col)]!;
        const bi = p[2 * (2 * k + col) + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      r[2 * (2 * row + col)] = re;
      r[2 * (2 * row + col) + 1] = im;
    }
  }
  for (let j = 0; j < 8; j++) p[j] = r[j]!;
}
