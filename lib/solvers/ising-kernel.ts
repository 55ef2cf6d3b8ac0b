/**
 * Simulated-annealing sweeps on an Ising model (the algorithm of dwave-neal's cpu_sa kernel:
 * sequential single-spin Metropolis updates, one inverse temperature per sweep, flips with
 * dE >= 44.36/beta skipped without a random draw since exp(-44.36) < 2^-64).
 *
 * Cached local fields f_i = h_i + sum_j J_ij s_j; flipping spin v changes the energy by
 * dE = -2 s_v f_v and updates its neighbours' fields, f_j += -2 s_v J_vj: O(n) in the dense kernel,
 * O(degree) in the CSR one. Spins are a Float64Array of +1/-1. The random source is xorshift32
 * (Marsaglia 2003) with its state passed in and returned, so the loops allocate nothing.
 */

const TWO32 = 4294967296;
/** exp(-SKIP) < 2^-64: neal's threshold for never accepting a move. */
const SKIP = 44.36142;

/** Fields f_i = h_i + sum_j J_ij s_j from a dense symmetric matrix (zero diagonal). */
export function denseFields(n: number, h: Float64Array, M: Float64Array, s: Float64Array, field: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let f = h[i] as number;
    const row = i * n;
    for (let j = 0; j < n; j++) f += (M[row + j] as number) * (s[j] as number);
    field[i] = f;
  }
}

/** Fields f_i = h_i + sum_j J_ij s_j from CSR couplings. */
export function csrFields(n: number, h: Float64Array, rowPtr: Int32Array, col: Int32Array, val: Float64Array, s: Float64Array, field: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let f = h[i] as number;
    for (let k = rowPtr[i] as number, end = rowPtr[i + 1] as number; k < end; k++) f += (val[k] as number) * (s[col[k] as number] as number);
    field[i] = f;
  }
}

/**
 * One sweep per entry of `betas` over a dense coupling matrix; `field` must hold the fields of `s`.
 * @returns the xorshift32 state after the run (pass it to the next call)
 */
export function annealDense(n: number, M: Float64Array, s: Float64Array, field: Float64Array, betas: Float64Array, rng: number): number {
  let r = rng | 0 || 1;
  for (let b = 0; b < betas.length; b++) {
    const beta = betas[b] as number;
    const threshold = SKIP / beta;
    for (let v = 0; v < n; v++) {
      const sv = s[v] as number;
      const d = -2 * sv * (field[v] as number);
      if (d >= threshold) continue;
      if (d > 0) {
        r ^= r << 13;
        r ^= r >>> 17;
        r ^= r << 5;
        if (Math.exp(-d * beta) * TWO32 <= r >>> 0) continue;
      }
      const c = -2 * sv;
      s[v] = -sv;
      const row = v * n;
      for (let j = 0; j < n; j++) field[j] = (field[j] as number) + c * (M[row + j] as number);
    }
  }
  return r;
}

/**
 * One sweep per entry of `betas` over CSR couplings; `field` must hold the fields of `s`.
 * @returns the xorshift32 state after the run
 */
export function annealCsr(
  n: number,
  rowPtr: Int32Array,
  col: Int32Array,
  val: Float64Array,
  s: Float64Array,
  field: Float64Array,
  betas: Float64Array,
  rng: number,
): number {
  let r = rng | 0 || 1;
  for (let b = 0; b < betas.length; b++) {
    const beta = betas[b] as number;
    const threshold = SKIP / beta;
    for (let v = 0; v < n; v++) {
      const sv = s[v] as number;
      const d = -2 * sv * (field[v] as number);
      if (d >= threshold) continue;
      if (d > 0) {
        r ^= r << 13;
        r ^= r >>> 17;
        r ^= r << 5;
        if (Math.exp(-d * beta) * TWO32 <= r >>> 0) continue;
      }
      const c = -2 * sv;
      s[v] = -sv;
      for (let k = rowPtr[v] as number, end = rowPtr[v + 1] as number; k < end; k++) {
        const j = col[k] as number;
        field[j] = (field[j] as number) + c * (val[k] as number);
      }
    }
  }
  return r;
}
