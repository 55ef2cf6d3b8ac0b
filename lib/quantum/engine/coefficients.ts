/**
 * Coefficient vectors of the generic kernels (wasm/generic.ts) from a gate matrix.
 *
 * The matrix M (2^g x 2^g, interleaved complex float64, column-major: entry (r, c) at 2 (r + c 2^g),
 * the layout of engine/matrix.ts) acts on the gate's qubits in ascending order: local bit b of a row or column index is the b-th lowest gate qubit. The gate's
 * lane qubits (below laneBits) are therefore its lowest `nl` local bits, its high qubits the rest.
 * For vector lane l, the lane's gate bits are `compress(l)` (the bits of l at the lane-qubit
 * positions, packed). Term (i, j, s) of output group i, input group j and lane permutation s holds,
 * in lane l, the entry M[compress(l) | i << nl][compress(l ^ s) | j << nl]. A diagonal gate has one
 * vector per group j: lane l holds M[d][d] with d = compress(l) | j << nl.
 *
 * Complex representations store each entry as two vectors, (re, re) and (-im, im) per amplitude;
 * real ones store the real part (the engine only runs real matrices on real states). Nothing is
 * allocated: the writers fill a caller's array at a vector offset.
 */
import { popcount, subsets, type GenericKind, type RepresentationInfo } from '../wasm';

/** The bits of `value` at the set bits of `mask`, packed into the low bits. */
export function compress(value: number, mask: number): number {
  let out = 0;
  let bit = 0;
  for (let m = mask; m !== 0; m &= m - 1) {
    const low = m & -m;
    if (value & low) out |= 1 << bit;
    bit++;
  }
  return out;
}

/** Number type of a representation's coefficient vectors: 2 doubles or 4 floats per 16 bytes. */
export type CoefficientArray = Float64Array | Float32Array;

/** Elements per 16-byte vector of the coefficient array. */
const perVector = (info: RepresentationInfo): number => (info.single ? 4 : 2);

/** Precomputed subsets of each lane mask (at most 2^laneBits = 4 masks). */
const SUBSETS: readonly (readonly number[])[] = [0, 1, 2, 3].map((m) => subsets(m));

/**
 * Write entry (row, col) of `m` (dimension `dim`) into lane `slot` of the term at vector `v` of
 * `out`: real coefficients fill one vector (each re and im of a complex lane gets the same factor),
 * complex ones two vectors, (re, re) then (-im, im).
 */
function put(info: RepresentationInfo, realCoefficients: boolean, m: Float64Array, dim: number, row: number, col: number, out: CoefficientArray, v: number, slot: number): void {
  const e = 2 * (row + col * dim);
  const re = m[e]!;
  const per = perVector(info);
  const base = v * per;
  if (!info.complex) {
    out[base + slot] = re;
    return;
  }
  out[base + 2 * slot] = re;
  out[base + 2 * slot + 1] = re;
  if (realCoefficients) return;
  const im = m[e + 1]!;
  out[base + per + 2 * slot] = -im;
  out[base + per + 2 * slot + 1] = im;
}

/**
 * Write the coefficient vectors of `kind` for matrix `m` on a gate with `high` high qubits and lane
 * mask `lanes` into `out` starting at vector index `at` (16 bytes per vector). Allocates nothing.
 */
export function writeCoefficients(
  info: RepresentationInfo,
  kind: GenericKind,
  high: number,
  lanes: number,
  m: Float64Array,
  out: CoefficientArray,
  at: number,
): void {
  const nl = popcount(lanes);
  const dim = 2 ** (nl + high);
  const lanesPerVector = 2 ** info.laneBits;
  const groups = 2 ** high;
  const realCoefficients = kind === 'matr' || !info.complex;
  const vectorsPerTerm = realCoefficients ? 1 : 2;
  let v = at;
  if (kind === 'diag') {
    for (let j = 0; j < groups; j++) {
      for (let slot = 0; slot < lanesPerVector; slot++) {
        const d = compress(slot, lanes) | (j << nl);
        put(info, realCoefficients, m, dim, d, d, out, v, slot);
      }
      v += vectorsPerTerm;
    }
    return;
  }
  const subs = SUBSETS[lanes]!;
  for (let i = 0; i < groups; i++) {
    for (let j = 0; j < groups; j++) {
      for (let si = 0; si < subs.length; si++) {
        const s = subs[si]!;
        for (let slot = 0; slot < lanesPerVector; slot++) {
          put(info, realCoefficients, m, dim, compress(slot, lanes) | (i << nl), compress(slot ^ s, lanes) | (j << nl), out, v, slot);
        }
        v += vectorsPerTerm;
      }
    }
  }
}
