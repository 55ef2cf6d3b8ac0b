/**
 * The product-state prefix of a circuit run from |0...0>: on each qubit, the 1-qubit gates before
 * the first multi-qubit gate that touches it. They act on a product state, so together they give
 * the state (U_{n-1}|0>) x ... x (U_0|0>), whose amplitude k is the product over qubits of the
 * first column of each U_q, read at bit q of k. Writing that state directly replaces the reset
 * pass and one pass per prefix gate (RealAmplitudes: its first RY layer, n of its gates) by one
 * pass that multiplies, built by doubling: after qubit q the first 2^(q+1) amplitudes are set.
 *
 * Binding (per run) computes each qubit's 2x2 product as compiled.ts computes fused runs
 * (preallocated arrays, nothing allocated).
 */
import type { GateOp } from '../circuit';
import { multiplyInto } from '../compiled';
import { AngleTable } from './angles';
import { writeGateMatrix } from '../gates';
import type { RepresentationInfo } from '../wasm';
import type { StateView } from './program';

/**
 * Split `gates` (on numQubits qubits) into the product prefix (per qubit, in order) and the rest
 * (in circuit order).
 */
export function splitProductPrefix(gates: readonly GateOp[], numQubits: number): { prefix: GateOp[][]; rest: GateOp[] } {
  const prefix: GateOp[][] = Array.from({ length: numQubits }, () => []);
  const entangled = new Uint8Array(numQubits);
  const rest: GateOp[] = [];
  for (const gate of gates) {
    if (gate.qubits.length === 1 && !entangled[gate.qubits[0]!]) prefix[gate.qubits[0]!]!.push(gate);
    else {
      for (const q of gate.qubits) entangled[q] = 1;
      rest.push(gate);
    }
  }
  return { prefix, rest };
}

export class ProductPrefix {
  readonly numQubits: number;
  /** Gates folded into the initial state. */
  readonly numGates: number;
  private readonly slots: AngleTable;
  private readonly names: string[];
  /** Gates of qubit q: slot groups start[q] .. start[q + 1]. */
  private readonly start: Int32Array;
  /** First column of each qubit's product after `bind`: (re0, im0, re1, im1) per qubit (length 4 numQubits). */
  readonly columns: Float64Array;
  private readonly gate = new Float64Array(8);
  private readonly product = new Float64Array(8);
  private readonly scratch = new Float64Array(8);
  private readonly angles = new Float64Array(3);

  constructor(prefix: readonly (readonly GateOp[])[], numParameters: number) {
    this.numQubits = prefix.length;
    const flat = prefix.flat();
    this.numGates = flat.length;
    this.slots = new AngleTable(flat, numParameters);
    this.names = flat.map((g) => g.name);
    this.start = new Int32Array(prefix.length + 1);
    prefix.forEach((gates, q) => (this.start[q + 1] = this.start[q]! + gates.length));
    this.columns = new Float64Array(4 * prefix.length);
  }

  /** Compute each qubit's first column for parameter values `params` (radians). */
  bind(params: ArrayLike<number>): void {
    this.slots.load(params);
    const p = this.product;
    for (let q = 0; q < this.numQubits; q++) {
      p.fill(0);
      p[0] = 1;
      p[6] = 1;
      for (let g = this.start[q]!; g < this.start[q + 1]!; g++) {
        this.slots.write(g, this.angles, 0);
        writeGateMatrix(this.names[g] as GateOp['name'], this.angles, this.gate);
        multiplyInto(this.gate, p, this.scratch);
      }
      // column 0 of the row-major product: entries (0, 0) and (1, 0)
      this.columns[4 * q] = p[0]!;
      this.columns[4 * q + 1] = p[1]!;
      this.columns[4 * q + 2] = p[4]!;
      this.columns[4 * q + 3] = p[5]!;
    }
  }

  /** The product of the first columns of the qubits outside a block, read at the bits of block index b (bit j at qubit outer[j]): (re, im) into out[0], out[1]. */
  outerFactor(outer: Int32Array, b: number, out: Float64Array): void {
    const c = this.columns;
    let fr = 1;
    let fi = 0;
    for (let j = 0; j < outer.length; j++) {
      const q = outer[j]!;
      const bit = (b >> j) & 1;
      const er = c[4 * q + 2 * bit]!;
      const ei = c[4 * q + 2 * bit + 1]!;
      const r = fr * er - fi * ei;
      fi = fr * ei + fi * er;
      fr = r;
    }
    out[0] = fr;
    out[1] = fi;
  }

  /** Write the product state into `state` (representation `info`; real ones keep the real parts). */
  write(state: StateView, info: RepresentationInfo): void {
    state[0] = 1;
    if (info.complex) state[1] = 0;
    for (let q = 0, half = 1; q < this.numQubits; q++, half *= 2) this.double(state, half, q, info.complex);
  }

  /**
   * One doubling step: each of the first `half` amplitudes x of `view` becomes x * a, and x * b goes
   * `half` amplitudes higher, (a, b) the first column of qubit q's product (after `bind`); complex
   * views hold (re, im) pairs, real ones the real parts.
   */
  double(view: StateView, half: number, q: number, complex: boolean): void {
    const c = this.columns;
    const ar = c[4 * q]!;
    const br = c[4 * q + 2]!;
    if (!complex) {
      for (let k = 0; k < half; k++) {
        const x = view[k]!;
        view[k + half] = x * br;
        view[k] = x * ar;
      }
      return;
    }
    const ai = c[4 * q + 1]!;
    const bi = c[4 * q + 3]!;
    for (let k = 0; k < half; k++) {
      const xr = view[2 * k]!;
      const xi = view[2 * k + 1]!;
      view[2 * (k + half)] = br * xr - bi * xi;
      view[2 * (k + half) + 1] = br * xi + bi * xr;
      view[2 * k] = ar * xr - ai * xi;
      view[2 * k + 1] = ar * xi + ai * xr;
    }
  }
}
