/**
 * Coefficient vectors of the generic kernels (wasm/generic.ts) from a gate matrix, through a table
 * made once at compile time, so that binding new parameters is one gather per coefficient.
 *
 * The matrix M (2^g x 2^g, interleaved complex float64, column-major: entry (r, c) at 2 (r + c 2^g),
 * the layout of engine/matrix.ts) acts on the gate's qubits in ascending order: local bit b of a row
 * or column index is the b-th lowest gate qubit. The gate's lane qubits (below laneBits) are
 * therefore its lowest `nl` local bits, its high qubits the rest. For vector lane l, the lane's gate
 * bits are `compress(l)` (the bits of l at the lane-qubit positions, packed). Term (i, j, s) of
 * output group i, input group j and lane permutation s holds, in lane l, the entry
 * M[compress(l) | i << nl][compress(l ^ s) | j << nl]. A diagonal gate has one vector per group j:
 * lane l holds M[d][d] with d = compress(l) | j << nl.
 *
 * Complex representations store each entry as two vectors, (re, re) and (-im, im) per amplitude;
 * real ones store the real part (the engine only runs real matrices on real states).
 *
 * Table: one code per coefficient number, `(index into M) << 1 | negate`.
 */
import { genericTerms, popcount, type GenericKey, type RepresentationInfo } from '../wasm';

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

/** Numbers per 16-byte vector of the coefficient array. */
export const numbersPerVector = (info: RepresentationInfo): number => (info.single ? 4 : 2);

/**
 * The gather table of one generic instruction: for each of its coefficient numbers (in the kernel's
 * layout, `coefficientVectors(info, key) * numbersPerVector(info)` of them) the code
 * `(index into M) << 1 | negate`. The terms that flip a control qubit are left out (genericTerms):
 * the caller's matrix must be block-diagonal in the control qubits.
 */
export function coefficientSources(info: RepresentationInfo, key: GenericKey): Int32Array {
  const { kind, high, lanes } = key;
  const nl = popcount(lanes);
  const dim = 2 ** (nl + high);
  const lanesPerVector = 2 ** info.laneBits;
  const groups = 2 ** high;
  const realCoefficients = kind === 'matr' || !info.complex;
  const per = numbersPerVector(info);
  const codes: number[] = [];
  const term = (slots: number[][]): void => {
    // slots[slot] = [row, col] per lane; one vector (real) or two (complex: re, then pm)
    const re = new Array<number>(per);
    const pm = new Array<number>(per);
    slots.forEach(([r, c], slot) => {
      const e = 2 * (r! + c! * dim);
      if (!info.complex) re[slot] = e << 1;
      else {
        re[2 * slot] = e << 1;
        re[2 * slot + 1] = e << 1;
        pm[2 * slot] = ((e + 1) << 1) | 1;
        pm[2 * slot + 1] = (e + 1) << 1;
      }
    });
    codes.push(...re);
    if (!realCoefficients) codes.push(...pm);
  };
  if (kind === 'diag') {
    for (let j = 0; j < groups; j++) {
      const slots = Array.from({ length: lanesPerVector }, (_, slot) => {
        const d = compress(slot, lanes) | (j << nl);
        return [d, d];
      });
      term(slots);
    }
    return Int32Array.from(codes);
  }
  for (const [i, j, s] of genericTerms(key)) {
    term(Array.from({ length: lanesPerVector }, (_, slot) => [compress(slot, lanes) | (i << nl), compress(slot ^ s, lanes) | (j << nl)]));
  }
  return Int32Array.from(codes);
}

/** Write the coefficients of matrix `m` through table codes[from, to) into `out` at number `at`. Allocates nothing. */
export function gatherCoefficients(m: Float64Array, codes: Int32Array, from: number, to: number, out: CoefficientArray, at: number): void {
  for (let t = from; t < to; t++) {
    const code = codes[t]!;
    const v = m[code >> 1]!;
    out[at + t - from] = code & 1 ? -v : v;
  }
}
