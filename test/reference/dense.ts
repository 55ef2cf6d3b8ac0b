/**
 * The slow dense oracle every fast path is tested against.
 *
 * The full 2^n x 2^n unitary of a gate on `qubits` is built from Kronecker products, then moved
 * into place by a qubit permutation:
 *
 *   U = P^T (I_{2^(n-k)} ⊗ G) P
 *
 * where G is the gate's 2^k x 2^k matrix from gates.ts (its qubits[0] = least significant bit) and
 * P is the permutation matrix that relabels qubit qubits[j] as qubit j (the other qubits keep
 * their relative order above). Little-endian: the rightmost Kronecker factor acts on qubit 0.
 * Matrices are interleaved complex Float64Arrays, row-major (the layout of gates.ts).
 *
 * Nothing here shares code with the kernels: no bit insertion, no specialisation.
 */
import { bindAngle, GATE_ARITY, type Circuit, type GateName } from '../../lib/quantum/circuit';
import { gateMatrix } from '../../lib/quantum/gates';
import { createRng } from '../../lib/quantum/random';

export type Matrix = Float64Array;

export function identity(dim: number): Matrix {
  const m = new Float64Array(2 * dim * dim);
  for (let i = 0; i < dim; i++) m[2 * (i * dim + i)] = 1;
  return m;
}

/** kron(A, B) with A of dimension da and B of dimension db; B acts on the low bits. */
export function kron(a: Matrix, da: number, b: Matrix, db: number): Matrix {
  const d = da * db;
  const out = new Float64Array(2 * d * d);
  for (let ia = 0; ia < da; ia++) {
    for (let ja = 0; ja < da; ja++) {
      const ar = a[2 * (ia * da + ja)]!;
      const ai = a[2 * (ia * da + ja) + 1]!;
      for (let ib = 0; ib < db; ib++) {
        for (let jb = 0; jb < db; jb++) {
          const br = b[2 * (ib * db + jb)]!;
          const bi = b[2 * (ib * db + jb) + 1]!;
          const r = ia * db + ib;
          const c = ja * db + jb;
          out[2 * (r * d + c)] = ar * br - ai * bi;
          out[2 * (r * d + c) + 1] = ar * bi + ai * br;
        }
      }
    }
  }
  return out;
}

export function matmul(a: Matrix, b: Matrix, d: number): Matrix {
  const out = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < d; k++) {
        const ar = a[2 * (i * d + k)]!;
        const ai = a[2 * (i * d + k) + 1]!;
        const br = b[2 * (k * d + j)]!;
        const bi = b[2 * (k * d + j) + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      out[2 * (i * d + j)] = re;
      out[2 * (i * d + j) + 1] = im;
    }
  }
  return out;
}

export function matvec(a: Matrix, v: Float64Array, d: number): Float64Array {
  const out = new Float64Array(2 * d);
  for (let i = 0; i < d; i++) {
    let re = 0;
    let im = 0;
    for (let k = 0; k < d; k++) {
      const ar = a[2 * (i * d + k)]!;
      const ai = a[2 * (i * d + k) + 1]!;
      re += ar * v[2 * k]! - ai * v[2 * k + 1]!;
      im += ar * v[2 * k + 1]! + ai * v[2 * k]!;
    }
    out[2 * i] = re;
    out[2 * i + 1] = im;
  }
  return out;
}

export function adjoint(a: Matrix, d: number): Matrix {
  const out = new Float64Array(2 * d * d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      out[2 * (j * d + i)] = a[2 * (i * d + j)]!;
      out[2 * (j * d + i) + 1] = -a[2 * (i * d + j) + 1]!;
    }
  }
  return out;
}

/** Permutation matrix P with P|x> = |y>, where bit j of y is bit order[j] of x. */
function relabel(n: number, order: readonly number[]): Matrix {
  const d = 2 ** n;
  const p = new Float64Array(2 * d * d);
  for (let x = 0; x < d; x++) {
    let y = 0;
    order.forEach((q, j) => {
      if ((x >> q) & 1) y |= 1 << j;
    });
    p[2 * (y * d + x)] = 1;
  }
  return p;
}

/** The full 2^n x 2^n unitary of gate `name` on `qubits` with `angles` (radians). */
export function denseGateUnitary(
  n: number,
  name: GateName,
  qubits: readonly number[],
  angles: readonly number[] = [],
): Matrix {
  const k = GATE_ARITY[name].qubits;
  const d = 2 ** n;
  const g = gateMatrix(name, angles);
  const embedded = kron(identity(2 ** (n - k)), 2 ** (n - k), g, 2 ** k);
  const rest = Array.from({ length: n }, (_, q) => q).filter((q) => !qubits.includes(q));
  const p = relabel(n, [...qubits, ...rest]);
  return matmul(adjoint(p, d), matmul(embedded, p, d), d);
}

/** A new state: the gate applied densely to `state` (not modified). */
export function applyDenseGate(
  state: Float64Array,
  n: number,
  name: GateName,
  qubits: readonly number[],
  angles: readonly number[] = [],
): Float64Array {
  return matvec(denseGateUnitary(n, name, qubits, angles), state, 2 ** n);
}

/** A new state: every gate of `circuit` applied densely to `state` (barriers, measures ignored). */
export function applyDenseCircuit(state: Float64Array, circuit: Circuit, params: readonly number[] = []): Float64Array {
  let v = state;
  for (const op of circuit.ops) {
    if (op.kind !== 'gate') continue;
    v = applyDenseGate(v, circuit.numQubits, op.name, op.qubits, op.params.map((a) => bindAngle(a, params)));
  }
  return v;
}

/** |0...0> of n qubits. */
export function zeroState(n: number): Float64Array {
  const s = new Float64Array(2 ** (n + 1));
  s[0] = 1;
  return s;
}

/** A seeded random normalized state of n qubits (Gaussian amplitudes, Box-Muller). */
export function randomState(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const s = new Float64Array(2 ** (n + 1));
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    const u = 1 - rng.next();
    const v = rng.next();
    s[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    sum += s[i]! * s[i]!;
  }
  const scale = 1 / Math.sqrt(sum);
  for (let i = 0; i < s.length; i++) s[i] = s[i]! * scale;
  return s;
}

/** Largest absolute difference between two equal-length arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}
