/**
 * A circuit lowered to WebAssembly kernel calls for one state representation (wasm/repr.ts: complex
 * or real amplitudes, float64 or float32), with gate fusion up to `maxFusedQubits` qubits
 * (fusion.ts). The program runs on a state view in WebAssembly memory; its coefficient vectors live
 * in a coefficient region of that same memory (`attach`), written by `bind`.
 *
 * Instructions:
 * - a single permutation gate (x, cx, swap) whose qubits are all at or above the lane qubits runs
 *   the c64 permutation kernels on the vector index (a v128 moves as a unit, whatever it holds);
 * - a single gate of a c64 program runs the c64 kernels through the one dispatcher (bit-identical
 *   to the JavaScript kernels);
 * - everything else, fused groups included, runs a generic kernel (wasm/generic.ts): diagonal when
 *   all members are diagonal, dense with real coefficients when all members are real, else dense;
 * - with maxFusedQubits 1 outside c64, a lone CX or CZ joins a run of 1-qubit gates on its target
 *   (fusion.ts absorbControlled) and the pair runs a controlled kernel: two 2x2 matrices selected
 *   by the control bit, the run's arithmetic and no pass of its own for the CX.
 *
 * Binding is allocation-free: angles go into preallocated slots, each group's matrix is the product
 * of its members computed in a preallocated workspace (matrix.ts), and its coefficient vectors are
 * written into the attached region. `apply` allocates nothing either.
 */
import { GATE_ARITY, type Circuit, type GateName, type GateOp } from '../circuit';
import { validateCircuit } from '../builder';
import { multiplyInto } from '../compiled';
import { dispatchGate, gateSpan } from '../dispatch';
import { InvalidArgumentError } from '../errors';
import { GATE_KIND, writeGateMatrix } from '../gates';
import { coefficientVectors, genericKernelId, MAX_FUSED_QUBITS, REPRESENTATIONS, wasmInstanceOf, type GenericKey, type GenericKind, type Representation, type RepresentationInfo } from '../wasm';
import { AngleTable } from './angles';
import { coefficientSources, gatherCoefficients, numbersPerVector, type CoefficientArray } from './coefficients';
import { absorbControlled, fuseGates } from './fusion';
import { MatrixWorkspace } from './matrix';

/** Gates whose matrices are real for every angle: a circuit of only these keeps a real state from |0...0>. */
export const REAL_GATES: ReadonlySet<GateName> = new Set<GateName>(['id', 'h', 'x', 'z', 'ry', 'cx', 'cz', 'ch', 'cry', 'swap', 'ccx', 'cswap']);

/** Whether every gate of `circuit` is real (REAL_GATES), so that its state from |0...0> stays real. */
export function isRealCircuit(circuit: Circuit): boolean {
  return circuit.ops.every((op) => op.kind !== 'gate' || REAL_GATES.has(op.name));
}

const GATE_NAMES = Object.keys(GATE_ARITY) as GateName[];
const GATE_CODE = new Map(GATE_NAMES.map((name, i) => [name, i]));

const OP_GENERIC = 0;
const OP_X = 1;
const OP_CX = 2;
const OP_SWAP = 3;
const OP_DISPATCH = 4;

const CONTROLLED_CX_LAST = 1;
const CONTROLLED_CX_FIRST = 2;
const CONTROLLED_CZ_LAST = 3;
const CONTROLLED_CZ_FIRST = 4;

/** A state view of any representation: Float64Array for float64 states, Float32Array for float32 ones. */
export type StateView = Float64Array | Float32Array;

export interface KernelProgramOptions {
  readonly representation: Representation;
  /** Largest fused gate, qubits (1: runs of 1-qubit gates on one qubit only; 0: no fusion). @default 1 */
  readonly maxFusedQubits?: number;
  /**
   * With maxFusedQubits 1, fold each lone CX / CZ into a run of 1-qubit gates on its target,
   * applied by the controlled kernels at the run's cost (fusion.ts absorbControlled); not on c64,
   * whose single gates run the c64 kernels. @default true
   */
  readonly absorbControlled?: boolean;
}

/** See the module comment. */
export class KernelProgram {
  readonly numQubits: number;
  readonly numParameters: number;
  readonly numGates: number;
  readonly numInstructions: number;
  readonly info: RepresentationInfo;
  /** Coefficient vectors (16 bytes each) of the region `attach` must give. */
  readonly coefficientVectors: number;
  private readonly op: Int32Array;
  /** Per instruction: up to 4 kernel qubit arguments (vector-index positions, or qubits for dispatch). */
  private readonly args: Int32Array;
  private readonly high: Int32Array;
  private readonly lanes: Int32Array;
  private readonly kind: GenericKind[];
  private readonly kernelId: Int32Array;
  private readonly coefAt: Int32Array;
  private readonly groupSize: Int32Array;
  /** Members of instruction i: members[memberStart[i] .. memberStart[i+1]), with local qubit positions. */
  private readonly memberStart: Int32Array;
  private readonly members: Int32Array;
  private readonly memberCode: Int32Array;
  private readonly memberLocal: Int32Array;
  private readonly slots: AngleTable;
  private readonly angles: Float64Array;
  private readonly memberAngles = new Float64Array(3);
  private readonly workspace = new MatrixWorkspace();
  /** Gather table of the generic instructions (coefficients.ts): instruction i uses codes[codeStart[i] .. codeStart[i+1]). */
  private readonly codes: Int32Array;
  private readonly codeStart: Int32Array;
  /**
   * Per generic instruction, its coefficients in float64, gathered there and then copied into the
   * region by TypedArray.set (the gather stays monomorphic whatever the region's number type, so it
   * stays optimized and boxes no number).
   */
  private readonly staging: Float64Array[];
  /** 1 when an instruction's matrix depends on the parameters (else it is written once per attach). */
  private readonly dependent: Uint8Array;
  /**
   * Per controlled instruction (a run of 1-qubit gates with a CX / CZ, fusion.ts absorbControlled):
   * CONTROLLED_CX_LAST, _CX_FIRST, _CZ_LAST or _CZ_FIRST; 0 otherwise. Its control and target local bits in `controlBits`.
   */
  private readonly controlled: Uint8Array;
  private readonly controlBits: Uint8Array;
  private readonly block0 = new Float64Array(8);
  private constantsWritten = false;
  /** 2x2 products of 1-qubit groups (row-major, as compiled.ts computes them) and their scratch. */
  private readonly gate2 = new Float64Array(8);
  private readonly product2 = new Float64Array(8);
  private readonly scratch2 = new Float64Array(8);
  private coefficients: CoefficientArray | undefined;

  /**
   * @throws CircuitError when the circuit is invalid
   * @throws InvalidArgumentError when a real representation is asked for a circuit with a complex gate, or maxFusedQubits is not 0..4
   */
  constructor(circuit: Circuit, options: KernelProgramOptions) {
    validateCircuit(circuit);
    const info = REPRESENTATIONS[options.representation];
    const k = options.maxFusedQubits ?? 1;
    if (!Number.isInteger(k) || k < 0 || k > MAX_FUSED_QUBITS) {
      throw new InvalidArgumentError(`maxFusedQubits: ${k} is out of range; must be an integer between 0 and ${MAX_FUSED_QUBITS}`, { path: 'maxFusedQubits' });
    }
    const gates = circuit.ops.filter((op): op is GateOp => op.kind === 'gate' && op.name !== 'id');
    if (!info.complex) {
      const complexGate = gates.find((g) => !REAL_GATES.has(g.name));
      if (complexGate) {
        throw new InvalidArgumentError(`representation: '${info.name}' holds real amplitudes, but gate ${complexGate.name} is complex; use a complex representation`, { path: 'representation' });
      }
    }
    const n = circuit.numQubits;
    const fused = fuseGates(gates, n, k);
    const groups = k === 1 && info.name !== 'c64' && options.absorbControlled !== false ? absorbControlled(gates, fused) : fused;
    const count = groups.length;
    this.info = info;
    this.numQubits = n;
    this.numParameters = circuit.parameters.length;
    this.numGates = gates.length;
    this.numInstructions = count;
    this.slots = new AngleTable(gates, circuit.parameters.length);
    this.angles = new Float64Array(3 * count);
    this.op = new Int32Array(count);
    this.args = new Int32Array(4 * count);
    this.high = new Int32Array(count);
    this.lanes = new Int32Array(count);
    this.kind = new Array<GenericKind>(count).fill('mat');
    this.kernelId = new Int32Array(count).fill(-1);
    this.coefAt = new Int32Array(count);
    this.groupSize = new Int32Array(count);
    this.memberStart = new Int32Array(count + 1);
    this.members = new Int32Array(gates.length);
    this.memberCode = new Int32Array(gates.length);
    this.memberLocal = new Int32Array(3 * gates.length);
    const laneBits = info.laneBits;
    this.codeStart = new Int32Array(count + 1);
    this.dependent = new Uint8Array(count);
    this.controlled = new Uint8Array(count);
    this.controlBits = new Uint8Array(2 * count);
    const codes: Int32Array[] = [];
    let codeCount = 0;
    let vectors = 0;
    let m = 0;
    groups.forEach((group, i) => {
      this.memberStart[i] = m;
      for (const g of group.members) {
        const gate = gates[g]!;
        this.members[m] = g;
        this.memberCode[m] = GATE_CODE.get(gate.name)!;
        gate.qubits.forEach((q, j) => (this.memberLocal[3 * m + j] = group.qubits.indexOf(q)));
        m++;
      }
      this.groupSize[i] = group.qubits.length;
      this.codeStart[i] = codeCount;
      this.dependent[i] = group.members.some((g) => gates[g]!.params.some((a) => typeof a !== 'number')) ? 1 : 0;
      const first = gates[group.members[0]!]!;
      if (group.members.length === 1 && info.name === 'c64') {
        this.op[i] = OP_DISPATCH;
        first.qubits.forEach((q, j) => (this.args[4 * i + j] = q));
        return;
      }
      if (group.members.length === 1 && (first.name === 'x' || first.name === 'cx' || first.name === 'swap') && first.qubits.every((q) => q >= laneBits)) {
        this.op[i] = first.name === 'x' ? OP_X : first.name === 'cx' ? OP_CX : OP_SWAP;
        first.qubits.forEach((q, j) => (this.args[4 * i + j] = q - laneBits));
        return;
      }
      const memberGates = group.members.map((g) => gates[g]!);
      const kind: GenericKind = memberGates.every((g) => GATE_KIND[g.name] === 'diagonal')
        ? 'diag'
        : info.complex && !memberGates.every((g) => REAL_GATES.has(g.name))
          ? 'mat'
          : 'matr';
      const highQubits = group.qubits.filter((q) => q >= laneBits);
      const lanes = group.qubits.filter((q) => q < laneBits).reduce((mask, q) => mask | (1 << q), 0);
      const c = kind === 'diag' ? undefined : group.control;
      if (c !== undefined) {
        const last = memberGates.length - 1;
        const two = memberGates[last]!.qubits.length === 2 ? last : 0;
        this.controlled[i] = (memberGates[two]!.name === 'cz' ? CONTROLLED_CZ_LAST : CONTROLLED_CX_LAST) + (two === 0 ? 1 : 0);
        const target = group.qubits.find((q) => q !== c)!;
        this.controlBits[2 * i] = group.qubits.indexOf(c);
        this.controlBits[2 * i + 1] = group.qubits.indexOf(target);
      }
      const key: GenericKey = {
        kind,
        high: highQubits.length,
        lanes,
        ctrlHigh: c !== undefined && c >= laneBits ? 1 << highQubits.indexOf(c) : 0,
        ctrlLanes: c !== undefined && c < laneBits ? 1 << c : 0,
      };
      this.op[i] = OP_GENERIC;
      this.kind[i] = kind;
      this.high[i] = highQubits.length;
      this.lanes[i] = lanes;
      highQubits.forEach((q, j) => (this.args[4 * i + j] = q - laneBits));
      // a diagonal kernel's coefficients carry the lane pattern: one kernel (lanes 0) for every placement
      this.kernelId[i] = genericKernelId(info.name, kind === 'diag' ? { ...key, lanes: 0 } : key);
      this.coefAt[i] = vectors;
      vectors += coefficientVectors(info, key);
      const table = coefficientSources(info, key);
      codes.push(table);
      codeCount += table.length;
    });
    this.memberStart[count] = m;
    this.codeStart[count] = codeCount;
    this.staging = Array.from({ length: count }, (_, i) => new Float64Array(this.op[i] === OP_GENERIC ? this.codeStart[i + 1]! - this.codeStart[i]! : 0));
    this.codes = new Int32Array(codeCount);
    let at = 0;
    for (const table of codes) {
      this.codes.set(table, at);
      at += table.length;
    }
    // the instructions after the last generic one end their (empty) code ranges at the total
    for (let i = count - 1; i >= 0 && this.op[i] !== OP_GENERIC; i--) this.codeStart[i] = codeCount;
    this.coefficientVectors = vectors;
  }

  /**
   * Give the coefficient region (in the WebAssembly memory of the states this program will run on;
   * at least `coefficientVectors` vectors: float64 for double, float32 for single precision).
   * @throws InvalidArgumentError when it is too small or of the wrong element type
   */
  attach(coefficients: CoefficientArray): void {
    const perVector = this.info.single ? 4 : 2;
    if ((coefficients instanceof Float32Array) !== this.info.single || coefficients.length < perVector * this.coefficientVectors) {
      throw new InvalidArgumentError(
        `coefficients: ${coefficients.length} ${coefficients instanceof Float32Array ? 'float32' : 'float64'} values; the program needs ${perVector * this.coefficientVectors} ${this.info.single ? 'float32' : 'float64'} values`,
        { path: 'coefficients' },
      );
    }
    this.coefficients = coefficients;
    this.constantsWritten = false;
  }

  /** Bind parameter values (radians, length >= numParameters). @throws InvalidArgumentError when too short or no region is attached */
  bind(params: ArrayLike<number>): void {
    this.slots.load(params);
    const coefficients = this.coefficients;
    if (coefficients === undefined && this.coefficientVectors > 0) {
      throw new InvalidArgumentError('coefficients: no coefficient region is attached (KernelProgram.attach)', { path: 'coefficients' });
    }
    const ws = this.workspace;
    const a = this.memberAngles;
    const per = numbersPerVector(this.info);
    for (let i = 0; i < this.numInstructions; i++) {
      const start = this.memberStart[i]!;
      const op = this.op[i]!;
      if (op === OP_DISPATCH) {
        this.slots.write(this.members[start]!, this.angles, 3 * i);
        continue;
      }
      if (op !== OP_GENERIC || (this.dependent[i] === 0 && this.constantsWritten)) continue;
      const end = this.memberStart[i + 1]!;
      if (this.groupSize[i] === 1) this.product1(start, end);
      else if (this.controlled[i] !== 0) this.controlledMatrix(i, start, end);
      else {
        ws.reset(this.groupSize[i]!);
        for (let m = start; m < end; m++) {
          this.slots.write(this.members[m]!, a, 0);
          ws.apply(GATE_NAMES[this.memberCode[m]!]!, this.memberLocal, 3 * m, a);
        }
      }
      const staging = this.staging[i]!;
      gatherCoefficients(ws.matrix, this.codes, this.codeStart[i]!, this.codeStart[i + 1]!, staging, 0);
      coefficients!.set(staging, per * this.coefAt[i]!);
    }
    this.constantsWritten = true;
  }

  /**
   * The 2x2 product of a 1-qubit group's members [start, end) into the workspace (column-major),
   * computed as compiled.ts computes fused runs (so real runs give the same numbers bit for bit).
   */
  private product1(start: number, end: number): void {
    const p = this.product2;
    p.fill(0);
    p[0] = 1;
    p[6] = 1;
    for (let m = start; m < end; m++) {
      this.slots.write(this.members[m]!, this.memberAngles, 0);
      writeGateMatrix(GATE_NAMES[this.memberCode[m]!]!, this.memberAngles, this.gate2);
      multiplyInto(this.gate2, p, this.scratch2);
    }
    const out = this.workspace.matrix;
    // row-major (r, c) at 2 (2r + c) -> column-major at 2 (r + 2c)
    out[0] = p[0]!;
    out[1] = p[1]!;
    out[2] = p[4]!;
    out[3] = p[5]!;
    out[4] = p[2]!;
    out[5] = p[3]!;
    out[6] = p[6]!;
    out[7] = p[7]!;
  }

  /**
   * The 4x4 matrix (column-major, in the workspace) of controlled instruction i: the 2x2 product U
   * of its run (product1, as an unfused run computes it) on the target where the control is 0, and
   * U with the CX or CZ folded in where it is 1 (X U, U X, Z U or U Z: rows or columns exchanged or
   * negated, exactly). So the real kernels compute the same products and sums as the run's kernel
   * followed by the CX's permutation (or CZ's sign), bit for bit.
   */
  private controlledMatrix(i: number, start: number, end: number): void {
    const mode = this.controlled[i]!;
    const first = mode === CONTROLLED_CX_FIRST || mode === CONTROLLED_CZ_FIRST;
    this.product1(first ? start + 1 : start, first ? end : end - 1);
    const ws = this.workspace;
    const u = this.block0;
    u.set(ws.matrix.subarray(0, 8));
    ws.reset(2);
    const m = ws.matrix;
    m.fill(0, 0, 32);
    const cb = this.controlBits[2 * i]!;
    const tb = this.controlBits[2 * i + 1]!;
    for (let v = 0; v < 2; v++) {
      for (let r = 0; r < 2; r++) {
        for (let c = 0; c < 2; c++) {
          // U's entry feeding (r, c) of the block where the control is v (column-major 2x2: (r, c) at 2 (r + 2c))
          let rr = r;
          let cc = c;
          let sign = 1;
          if (v === 1) {
            if (mode === CONTROLLED_CX_LAST) rr = 1 - r;
            else if (mode === CONTROLLED_CX_FIRST) cc = 1 - c;
            else if (mode === CONTROLLED_CZ_LAST) sign = r === 1 ? -1 : 1;
            else sign = c === 1 ? -1 : 1;
          }
          const at = 2 * (rr + 2 * cc);
          const row = (v << cb) | (r << tb);
          const col = (v << cb) | (c << tb);
          const e = 2 * (row + 4 * col);
          m[e] = sign === 1 ? u[at]! : -u[at]!;
          m[e + 1] = sign === 1 ? u[at + 1]! : -u[at + 1]!;
        }
      }
    }
  }

  /** Length of the loop index of instruction i (groups of vectors, or kernel loop of a dispatched gate). */
  span(i: number): number {
    const nv = this.numQubits - this.info.laneBits;
    switch (this.op[i]) {
      case OP_GENERIC:
        return 2 ** (nv - this.high[i]!);
      case OP_X:
        return 2 ** (nv - 1);
      case OP_CX:
      case OP_SWAP:
        return 2 ** (nv - 2);
      default:
        return gateSpan(GATE_NAMES[this.memberCode[this.memberStart[i]!]!]!, this.numQubits);
    }
  }

  /** Apply instruction i (after `bind`) to the loop indices [k0, k1) of `state` (a view in WebAssembly memory, except for c64 dispatch). */
  apply(state: StateView, i: number, k0: number, k1: number): void {
    const op = this.op[i]!;
    const q = 4 * i;
    const args = this.args;
    if (op === OP_DISPATCH) {
      const a = this.angles;
      const name = GATE_NAMES[this.memberCode[this.memberStart[i]!]!]!;
      dispatchGate(state as Float64Array, this.numQubits, name, args[q]!, args[q + 1]!, args[q + 2]!, a[3 * i]!, a[3 * i + 1]!, a[3 * i + 2]!, k0, k1);
      return;
    }
    const w = wasmInstanceOf(state);
    if (w === undefined) throw new Error('internal error: a KernelProgram runs on states in WebAssembly memory only');
    const base = state.byteOffset;
    if (op === OP_X) return w.kernels.x1(base, args[q]!, k0, k1);
    if (op === OP_CX) return w.kernels.cx(base, args[q]!, args[q + 1]!, k0, k1);
    if (op === OP_SWAP) return w.kernels.swap2(base, args[q]!, args[q + 1]!, k0, k1);
    const f = w.generic[this.kernelId[i]!]!;
    const coef = this.coefficients!.byteOffset + 16 * this.coefAt[i]!;
    switch (this.high[i]) {
      case 0:
        return f(base, coef, k0, k1);
      case 1:
        return f(base, coef, args[q]!, k0, k1);
      case 2:
        return f(base, coef, args[q]!, args[q + 1]!, k0, k1);
      case 3:
        return f(base, coef, args[q]!, args[q + 1]!, args[q + 2]!, k0, k1);
      default:
        return f(base, coef, args[q]!, args[q + 1]!, args[q + 2]!, args[q + 3]!, k0, k1);
    }
  }

  /**
   * Bind `params` and apply the whole program in place to `state` (not reset first).
   * @throws InvalidArgumentError when the state or parameter vector has the wrong size
   */
  run(state: StateView, params: ArrayLike<number>): void {
    const size = (this.info.complex ? 2 : 1) * 2 ** this.numQubits;
    if (state.length !== size) {
      throw new InvalidArgumentError(`state.length: ${state.length} must be ${size} for ${this.numQubits} qubits (${this.info.name})`, { path: 'state' });
    }
    this.bind(params);
    for (let i = 0; i < this.numInstructions; i++) this.apply(state, i, 0, this.span(i));
  }
}
