/**
 * Deterministic preparation of Dicke states (A. Bärtschi & S. Eidenbenz, "Deterministic Preparation
 * of Dicke States", FCT 2019, LNCS 11651, pp. 126-139; arXiv:1904.07358).
 *
 * The Dicke state |D^n_k> is the uniform superposition of the C(n, k) basis states of weight k. From
 * the basis state with ones on qubits 0..k-1, the paper's unitary U_{n,k} = prod_{l=n..k+1} SCS_{l,k}
 * prod_{l=k..2} SCS_{l,l-1} prepares it with O(nk) gates and depth O(n). Each "split and cyclic
 * shift" SCS_{l,m} (on the top l qubits of the paper's order) is one 2-qubit block (CX, CRY, CX) and
 * m - 1 three-qubit blocks (CX, CCRY, CX); the doubly controlled RY is written with the IR's gates as
 * CRY(θ/2) CX CRY(-θ/2) CX CRY(θ/2) (Barenco et al., PRA 52, 3457 (1995), Lemma 6.1).
 *
 * Qubit order: the paper's qubit p (1 = leftmost of its kets) is our qubit n - p (Qiskit order).
 *
 * @example
 * const b = new CircuitBuilder(4);
 * appendDickeState(b, 2); // |D^4_2> = (|0011> + |0101> + |0110> + |1001> + |1010> + |1100>) / sqrt(6)
 */
import type { CircuitBuilder } from './builder';
import { InvalidArgumentError } from './errors';

/** Doubly controlled RY(theta) on `target`, controls `a` and `b`, from CRY and CX gates. */
function ccry(b: CircuitBuilder, theta: number, ca: number, cb: number, target: number): void {
  b.cry(theta / 2, cb, target).cx(ca, cb).cry(-theta / 2, cb, target).cx(ca, cb).cry(theta / 2, ca, target);
}

/**
 * Split and cyclic shift SCS_{l,m} of the paper on its qubits 1..l (ours: n-1 .. n-l).
 * `q(p)` maps the paper's qubit p to ours.
 */
function scs(b: CircuitBuilder, l: number, m: number, q: (p: number) => number): void {
  // 2-qubit block on paper qubits l-1, l
  b.cx(q(l - 1), q(l));
  b.cry(2 * Math.acos(Math.sqrt(1 / l)), q(l), q(l - 1));
  b.cx(q(l - 1), q(l));
  // 3-qubit blocks on paper qubits l-t, l-t+1, l for t = 2..m
  for (let t = 2; t <= m; t++) {
    b.cx(q(l - t), q(l));
    ccry(b, 2 * Math.acos(Math.sqrt(t / l)), q(l), q(l - t + 1), q(l - t));
    b.cx(q(l - t), q(l));
  }
}

/**
 * Append the preparation of |D^n_k> (n = the builder's qubits) to a builder whose qubits are all in
 * |0>: X on qubits 0..k-1, then U_{n,k}. k = 0 or k = n leave a basis state (no superposition).
 * @throws InvalidArgumentError when k is not an integer between 0 and n
 */
export function appendDickeState(b: CircuitBuilder, k: number): CircuitBuilder {
  const n = b.numQubits;
  if (!Number.isInteger(k) || k < 0 || k > n) {
    throw new InvalidArgumentError(`weight: ${k} is out of range; must be an integer between 0 and ${n}`, { path: 'weight' });
  }
  for (let i = 0; i < k; i++) b.x(i);
  if (k === 0 || k === n) return b;
  const q = (p: number): number => n - p;
  for (let l = n; l > k; l--) scs(b, l, k, q);
  for (let l = k; l >= 2; l--) scs(b, l, l - 1, q);
  return b;
}
