/** Small dense vector helpers for the optimizers (no allocation unless stated). */

/** x · y over the first x.length entries. */
export function dot(x: Float64Array, y: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] as number) * (y[i] as number);
  return s;
}

/** Euclidean norm. */
export function norm2(x: Float64Array): number {
  return Math.sqrt(dot(x, x));
}

/**
 * Solve the symmetric positive definite k×k system G y = r in place by Cholesky (G row-major, length
 * k²; r overwritten with y). Returns false, leaving r undefined, if G is numerically singular: a pivot
 * below `relativePivot` times the largest diagonal entry.
 */
export function choleskySolveInPlace(g: Float64Array, r: Float64Array, k: number, relativePivot = 1e-12): boolean {
  if (k === 0) return true;
  let maxDiag = 0;
  for (let i = 0; i < k; i++) maxDiag = Math.max(maxDiag, g[i * k + i] as number);
  if (!(maxDiag > 0)) return false;
  // Factor G = L L^T, L stored in the lower triangle of g.
  for (let j = 0; j < k; j++) {
    let d = g[j * k + j] as number;
    for (let p = 0; p < j; p++) d -= (g[j * k + p] as number) ** 2;
    if (!(d > relativePivot * maxDiag)) return false;
    const ljj = Math.sqrt(d);
    g[j * k + j] = ljj;
    for (let i = j + 1; i < k; i++) {
      let s = g[i * k + j] as number;
      for (let p = 0; p < j; p++) s -= (g[i * k + p] as number) * (g[j * k + p] as number);
      g[i * k + j] = s / ljj;
    }
  }
  // Forward (L z = r) then backward (L^T y = z) substitution.
  for (let i = 0; i < k; i++) {
    let s = r[i] as number;
    for (let p = 0; p < i; p++) s -= (g[i * k + p] as number) * (r[p] as number);
    r[i] = s / (g[i * k + i] as number);
  }
  for (let i = k - 1; i >= 0; i--) {
    let s = r[i] as number;
    for (let p = i + 1; p < k; p++) s -= (g[p * k + i] as number) * (r[p] as number);
    r[i] = s / (g[i * k + i] as number);
  }
  return true;
}
