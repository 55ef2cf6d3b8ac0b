/**
 * The matrix of a fused gate, computed at bind time without allocation: the product
 * M = G_last ... G_first of the member gates on the group's k qubits (k <= MAX_FUSED_QUBITS).
 *
 * Method: M is held as a state of 2k qubits whose amplitude r + 2^k c is entry (r, c) (column-major,
 * row index in the low k bits). A gate on the group's local qubits applied to that state by the
 * ordinary kernels multiplies every column by the gate, i.e. computes G M; starting from the
 * identity and applying the members in circuit order gives the product. The permutation of the
 * members' qubits into the group's ascending order comes free: each member is applied at its
 * qubits' local positions.
 */
import type { GateName } from '../circuit';
import { dispatchGate, gateSpan } from '../dispatch';
import { MAX_FUSED_QUBITS } from '../wasm';

export class MatrixWorkspace {
  /** The product, column-major interleaved complex: entry (r, c) at 2 (r + c 2^k). */
  readonly matrix = new Float64Array(2 * 4 ** MAX_FUSED_QUBITS);
  private k = 0;

  /** Start the product of a k-qubit group: M = I. */
  reset(k: number): void {
    this.k = k;
    const dim = 2 ** k;
    this.matrix.fill(0, 0, 2 * dim * dim);
    for (let r = 0; r < dim; r++) this.matrix[2 * (r + r * dim)] = 1;
  }

  /** M <- G M for gate `name` on local qubits (l0, l1, l2) with angles (a0, a1, a2) in radians. */
  apply(name: GateName, l0: number, l1: number, l2: number, a0: number, a1: number, a2: number): void {
    // the kernels address only the first 2 * 2^n numbers: the whole array is passed (no view allocated)
    const n = 2 * this.k;
    dispatchGate(this.matrix, n, name, l0, l1, l2, a0, a1, a2, 0, gateSpan(name, n));
  }
}
