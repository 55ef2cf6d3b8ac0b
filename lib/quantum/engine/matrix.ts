/**
 * The matrix of a fused gate, computed at bind time without allocation: the product
 * M = G_last ... G_first of the member gates on the group's k qubits (k <= MAX_FUSED_QUBITS).
 *
 * M is column-major (entry (r, c) at 2 (r + c 2^k), interleaved complex), row index bits = the
 * group's qubits in ascending order. Each member's matrix G (gates.ts layout: bit j of its index is
 * the member's qubits[j]) multiplies M from the left, at the local positions of its qubits: for
 * every column and every row group that differs only in those bits, the 2^a entries are gathered,
 * multiplied by G (sums in ascending column order, from 0, as compiled.ts multiplies 2x2 products)
 * and scattered back. Angles arrive in an array and every loop is inline, so no number is boxed.
 */
import type { GateName } from '../circuit';
import { GATE_ARITY } from '../circuit';
import { writeGateMatrix } from '../gates';
import { MAX_FUSED_QUBITS } from '../wasm';

export class MatrixWorkspace {
  /** The product, column-major interleaved complex: entry (r, c) at 2 (r + c 2^k). */
  readonly matrix = new Float64Array(2 * 4 ** MAX_FUSED_QUBITS);
  private readonly gate = new Float64Array(2 * 64);
  private readonly offsets = new Int32Array(8);
  private readonly re = new Float64Array(8);
  private readonly im = new Float64Array(8);
  private k = 0;

  /** Start the product of a k-qubit group: M = I. */
  reset(k: number): void {
    this.k = k;
    const dim = 2 ** k;
    this.matrix.fill(0, 0, 2 * dim * dim);
    for (let r = 0; r < dim; r++) this.matrix[2 * (r + r * dim)] = 1;
  }

  /**
   * M <- G M for gate `name` on the local qubits `local[at .. at + arity)` (positions in the group's
   * ascending qubit order) with `angles[0..2]` in radians.
   */
  apply(name: GateName, local: Int32Array, at: number, angles: Float64Array): void {
    const arity = GATE_ARITY[name].qubits;
    const g = writeGateMatrix(name, angles, this.gate);
    const dimG = 1 << arity;
    const m = this.matrix;
    const dim = 1 << this.k;
    const offsets = this.offsets;
    let mask = 0;
    for (let j = 0; j < dimG; j++) {
      let o = 0;
      for (let t = 0; t < arity; t++) if ((j >> t) & 1) o |= 1 << local[at + t]!;
      offsets[j] = o;
    }
    for (let t = 0; t < arity; t++) mask |= 1 << local[at + t]!;
    const re = this.re;
    const im = this.im;
    for (let c = 0; c < dim; c++) {
      const column = c * dim;
      for (let r0 = 0; r0 < dim; r0++) {
        if ((r0 & mask) !== 0) continue;
        for (let j = 0; j < dimG; j++) {
          const e = 2 * (r0 + offsets[j]! + column);
          re[j] = m[e]!;
          im[j] = m[e + 1]!;
        }
        for (let i = 0; i < dimG; i++) {
          let sr = 0;
          let si = 0;
          for (let j = 0; j < dimG; j++) {
            const gr = g[2 * (i * dimG + j)]!;
            const gi = g[2 * (i * dimG + j) + 1]!;
            sr += gr * re[j]! - gi * im[j]!;
            si += gr * im[j]! + gi * re[j]!;
          }
          const e = 2 * (r0 + offsets[i]! + column);
          m[e] = sr;
          m[e + 1] = si;
        }
      }
    }
  }
}
