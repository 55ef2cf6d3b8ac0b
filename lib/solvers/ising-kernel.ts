/**
 * Simulated-annealing sweeps on an Ising model (the algorithm of dwave-neal's cpu_sa kernel:
 * sequential single-spin Metropolis updates, one inverse temperature per sweep, flips with
 * dE >= 44.36/beta skipped without a random draw since exp(-44.36) < 2^-64). These are the
 * single-flip kernels of every annealing path: the portfolio solver (its QUBO converted once,
 * isingFromQubo) and `qpo bench annealing`; swap-kernel.ts shares the random source and the
 * acceptance test defined here.
 *
 * Cached local fields f_i = h_i + sum_j J_ij s_j; flipping spin v changes the energy by
 * dE = -2 s_v f_v and updates its neighbours' fields, f_j += -2 s_v J_vj: O(n) in the dense kernel,
 * O(degree) in the CSR one. Spins are a Float64Array of +1/-1. The random source is xorshift32
 * (Marsaglia 2003) with its state passed in and returned, so the loops allocate nothing. With
 * betas = ZERO_TEMPERATURE a sweep makes only improving flips (the zero-temperature polish).
 */

const TWO32 = 4294967296;
/** exp(-SKIP) < 2^-64: neal's threshold for never accepting a move (skip when dE >= SKIP / beta). */
export const SKIP = 44.36142;

/**
 * One step of xorshift32 (Marsaglia, "Xorshift RNGs", J. Stat. Softw. 8(14), 2003; shifts 13, 17, 5):
 * the next non-zero 32-bit state, as a signed int32. `state >>> 0` is a uniform draw in [1, 2^32).
 * The one random source of the annealing kernels (flip and swap) and of their start states.
 */
export function xorshift32(state: number): number {
  let r = state;
  r ^= r << 13;
  r ^= r >>> 17;
  r ^= r << 5;
  return r;
}

/** A valid (non-zero) xorshift32 state from a 32-bit seed. */
export function xorshiftState(seed: number): number {
  return seed | 0 || 1;
}

/**
 * Metropolis rejection of a move with x = beta * dE > 0 for the draw u in [0, 2^32): reject when
 * exp(-x) * 2^32 <= u, the test of dwave-neal, decided by two polynomial bounds and computing exp
 * only between them: e^x >= 1 + x + x^2/2 + x^3/6 (so u * that >= 2^32 rejects) and
 * e^-x >= 1 - x + x^2/2 - x^3/6 (so u below that * 2^32 accepts). Same decisions, fewer exp calls.
 */
export function rejects(x: number, u: number): boolean {
  if (u * (1 + x * (1 + x * (0.5 + x / 6))) >= TWO32) return true;
  if (u < (1 - x * (1 - x * (0.5 - x / 6))) * TWO32) return false;
  return Math.exp(-x) * TWO32 <= u;
}

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
  let r = xorshiftState(rng);
  for (let b = 0; b < betas.length; b++) {
    const beta = betas[b] as number;
    const threshold = SKIP / beta;
    for (let v = 0; v < n; v++) {
      const sv = s[v] as number;
      const d = -2 * sv * (field[v] as number);
      if (d >= threshold) continue;
      if (d > 0) {
        r = xorshift32(r);
        if (rejects(d * beta, r >>> 0)) continue;
      }
      const c = -2 * sv;
      s[v] = -sv;
      const row = v * n;
      let j = 0;
      // unrolled by 4: 1.4x on dense500 in V8 (docs/benchmarks.md)
      for (; j + 3 < n; j += 4) {
        const a = row + j;
        field[j] = (field[j] as number) + c * (M[a] as number);
        field[j + 1] = (field[j + 1] as number) + c * (M[a + 1] as number);
        field[j + 2] = (field[j + 2] as number) + c * (M[a + 2] as number);
        field[j + 3] = (field[j + 3] as number) + c * (M[a + 3] as number);
      }
      for (; j < n; j++) field[j] = (field[j] as number) + c * (M[row + j] as number);
    }
  }
  return r;
}

/**
 * One sweep per entry of `betas` over CSR couplings. Here the cache holds the flip energies
 * dE_i = -2 s_i f_i themselves (`delta`, from `csrDeltas`): with few neighbours the sweep is mostly
 * tests, and a test then reads one number; a flip of v updates dE_j += 4 s_v J_vj s_j.
 * @returns the xorshift32 state after the run
 */
export function annealCsr(
  n: number,
  rowPtr: Int32Array,
  col: Int32Array,
  val: Float64Array,
  s: Float64Array,
  delta: Float64Array,
  betas: Float64Array,
  rng: number,
): number {
  let r = xorshiftState(rng);
  for (let b = 0; b < betas.length; b++) {
    const beta = betas[b] as number;
    const threshold = SKIP / beta;
    for (let v = 0; v < n; v++) {
      const d = delta[v] as number;
      if (d >= threshold) continue;
      if (d > 0) {
        r = xorshift32(r);
        if (rejects(d * beta, r >>> 0)) continue;
      }
      const sv = s[v] as number;
      const m = 4 * sv;
      s[v] = -sv;
      delta[v] = -d;
      for (let k = rowPtr[v] as number, end = rowPtr[v + 1] as number; k < end; k++) {
        const j = col[k] as number;
        delta[j] = (delta[j] as number) + m * (val[k] as number) * (s[j] as number);
      }
    }
  }
  return r;
}

/** Flip energies dE_i = -2 s_i f_i, with f from csrFields, in place in `field`. */
export function csrDeltas(n: number, h: Float64Array, rowPtr: Int32Array, col: Int32Array, val: Float64Array, s: Float64Array, delta: Float64Array): void {
  csrFields(n, h, rowPtr, col, val, s, delta);
  for (let i = 0; i < n; i++) delta[i] = -2 * (s[i] as number) * (delta[i] as number);
}

/** Zero-temperature sweep schedule: only flips with dE < 0 pass the kernels' skip test. */
export const ZERO_TEMPERATURE = new Float64Array([Infinity]);

/** Whether some single flip lowers the energy (dense: fields f, dE_i = -2 s_i f_i). */
export function denseCanDescend(n: number, s: Float64Array, field: Float64Array): boolean {
  for (let i = 0; i < n; i++) if ((s[i] as number) * (field[i] as number) > 0) return true;
  return false;
}

/** Whether some single flip lowers the energy (CSR: cached flip energies dE_i). */
export function csrCanDescend(n: number, delta: Float64Array): boolean {
  for (let i = 0; i < n; i++) if ((delta[i] as number) < 0) return true;
  return false;
}
