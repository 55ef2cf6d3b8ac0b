/**
 * Eigenvalues of a small symmetric matrix, for the positive semi-definiteness check of Sigma: cyclic
 * Jacobi rotations (Golub & Van Loan, Matrix Computations, 4th ed., section 8.5.3), accurate to
 * about 1e-15 of the matrix norm, O(n^3) per sweep (n <= 64 here: a few milliseconds).
 */

/** Largest number of Jacobi sweeps (quadratic convergence needs fewer than 15 for n <= 64). */
const MAX_SWEEPS = 60;

/**
 * Eigenvalues of the symmetric n x n matrix `a` (only its upper triangle is read), ascending.
 * @example symmetricEigenvalues([[2, 1], [1, 2]]) // [1, 3]
 */
export function symmetricEigenvalues(a: readonly (readonly number[])[]): number[] {
  const n = a.length;
  const m = a.map((row, i) => Float64Array.from(row, (v, j) => (j < i ? a[j]![i]! : v)));
  let norm = 0;
  for (const row of m) for (const v of row) norm += v * v;
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p]![q]! ** 2;
    if (off <= 1e-32 * norm || off === 0) break;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = m[p]![q]!;
        if (apq === 0) continue;
        // The rotation J(p, q, θ) with t = tan θ that zeroes the (p, q) entry of Jᵀ A J.
        const tau = (m[q]![q]! - m[p]![p]!) / (2 * apq);
        const t = (tau >= 0 ? 1 : -1) / (Math.abs(tau) + Math.sqrt(1 + tau * tau));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = m[k]![p]!;
          const akq = m[k]![q]!;
          m[k]![p] = c * akp - s * akq;
          m[k]![q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = m[p]![k]!;
          const aqk = m[q]![k]!;
          m[p]![k] = c * apk - s * aqk;
          m[q]![k] = s * apk + c * aqk;
        }
      }
    }
  }
  return m.map((row, i) => row[i]!).sort((x, y) => x - y);
}
