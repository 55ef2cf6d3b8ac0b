/**
 * State-vector kernels: free functions that apply one gate in place to a state of `n` qubits.
 *
 * State layout: one Float64Array of length 2 * 2^n, interleaved; amplitude k has its real part at
 * `2k` and its imaginary part at `2k + 1`; qubit q is bit q of k (Qiskit's little-endian order).
 *
 * Contract (the style of qulacs `csim` and QuEST): in place, no allocation, no validation, one
 * argument order `(state, n, qubits..., gate data...)`. Callers validate once at the boundary
 * (`validateCircuit`, `applyGate`); a kernel given a bad qubit silently corrupts the state.
 * Matrices use the layout of `gates.ts` (interleaved, row-major, qubits[0] = least significant bit).
 *
 * Amplitude groups come from bit insertion: the loop runs over the 2^(n-1) (1-qubit gates),
 * 2^(n-2) (2-qubit) or 2^(n-3) (3-qubit) indices with the gate's qubit bits removed, and inserts
 * zeros at those positions: `insert(k, p) = ((k & ~m) << 1) | (k & m)` with `m = 2^p - 1`.
 * Indices are 32-bit integers, so n <= 30 (see MAX_QUBITS in statevector.ts).
 *
 * Range: every kernel takes an optional half-open range `[k0, k1)` of that compressed loop index
 * (default: all of it, 2^(n-a) for an a-qubit gate). Disjoint ranges touch disjoint amplitudes, so
 * workers sharing one state buffer may each run a kernel on their own range at the same time.
 * Loops run over blocks: consecutive k below the lowest gate qubit address consecutive amplitudes,
 * so the index insertion is done once per block, not once per amplitude group.
 */

/* ---------------------------------------------------------------- single-qubit kernels */

/** X on qubit q: swaps each amplitude pair (bit q = 0, bit q = 1). */
export function applyX(state: Float64Array, n: number, q: number, k0 = 0, k1 = 1 << (n - 1)): void {
  const mask = (1 << q) - 1;
  const notMask = ~mask;
  const off = 2 << q;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mask) + 1) - k;
    const first = 2 * (((k & notMask) << 1) | (k & mask));
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const re = state[i0] as number;
      const im = state[i0 + 1] as number;
      state[i0] = state[i1] as number;
      state[i0 + 1] = state[i1 + 1] as number;
      state[i1] = re;
      state[i1 + 1] = im;
    }
  }
}

/** Y on qubit q: a0' = -i a1, a1' = i a0. */
export function applyY(state: Float64Array, n: number, q: number, k0 = 0, k1 = 1 << (n - 1)): void {
  const mask = (1 << q) - 1;
  const notMask = ~mask;
  const off = 2 << q;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mask) + 1) - k;
    const first = 2 * (((k & notMask) << 1) | (k & mask));
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const re0 = state[i0] as number;
      const im0 = state[i0 + 1] as number;
      state[i0] = state[i1 + 1] as number;
      state[i0 + 1] = -(state[i1] as number);
      state[i1] = -im0;
      state[i1 + 1] = re0;
    }
  }
}

/** diag(1, re + i im) on qubit q: multiplies the amplitudes with bit q = 1 (z, s, t, p, ...). */
export function applyPhase1(state: Float64Array, n: number, q: number, re: number, im: number, k0 = 0, k1 = 1 << (n - 1)): void {
  const mask = (1 << q) - 1;
  const notMask = ~mask;
  const bit = 1 << q;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mask) + 1) - k;
    const first = 2 * (((k & notMask) << 1) | (k & mask) | bit);
    k += run;
    for (let i1 = first, stop = first + 2 * run; i1 < stop; i1 += 2) {
      const ar = state[i1] as number;
      const ai = state[i1 + 1] as number;
      state[i1] = ar * re - ai * im;
      state[i1 + 1] = ar * im + ai * re;
    }
  }
}

/** diag(d0, d1) on qubit q with complex d0 = d0r + i d0i, d1 = d1r + i d1i (rz). */
export function applyDiag1(
  state: Float64Array,
  n: number,
  q: number,
  d0r: number,
  d0i: number,
  d1r: number,
  d1i: number,
  k0 = 0,
  k1 = 1 << (n - 1),
): void {
  const mask = (1 << q) - 1;
  const notMask = ~mask;
  const off = 2 << q;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mask) + 1) - k;
    const first = 2 * (((k & notMask) << 1) | (k & mask));
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const ar = state[i0] as number;
      const ai = state[i0 + 1] as number;
      const br = state[i1] as number;
      const bi = state[i1 + 1] as number;
      state[i0] = ar * d0r - ai * d0i;
      state[i0 + 1] = ar * d0i + ai * d0r;
      state[i1] = br * d1r - bi * d1i;
      state[i1 + 1] = br * d1i + bi * d1r;
    }
  }
}

/** A real 2x2 matrix [[m00, m01], [m10, m11]] on qubit q (h, ry). */
export function applyRealMatrix1(
  state: Float64Array,
  n: number,
  q: number,
  m00: number,
  m01: number,
  m10: number,
  m11: number,
  k0 = 0,
  k1 = 1 << (n - 1),
): void {
  const mask = (1 << q) - 1;
  const notMask = ~mask;
  const off = 2 << q;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mask) + 1) - k;
    const first = 2 * (((k & notMask) << 1) | (k & mask));
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const ar = state[i0] as number;
      const ai = state[i0 + 1] as number;
      const br = state[i1] as number;
      const bi = state[i1 + 1] as number;
      state[i0] = m00 * ar + m01 * br;
      state[i0 + 1] = m00 * ai + m01 * bi;
      state[i1] = m10 * ar + m11 * br;
      state[i1 + 1] = m10 * ai + m11 * bi;
    }
  }
}

/** A dense complex 2x2 matrix `m` (interleaved, row-major, length >= 8) on qubit q. */
export function applyMatrix1(state: Float64Array, n: number, q: number, m: Float64Array, k0 = 0, k1 = 1 << (n - 1)): void {
  const mask = (1 << q) - 1;
  const notMask = ~mask;
  const off = 2 << q;
  const m00r = m[0] as number;
  const m00i = m[1] as number;
  const m01r = m[2] as number;
  const m01i = m[3] as number;
  const m10r = m[4] as number;
  const m10i = m[5] as number;
  const m11r = m[6] as number;
  const m11i = m[7] as number;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mask) + 1) - k;
    const first = 2 * (((k & notMask) << 1) | (k & mask));
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const ar = state[i0] as number;
      const ai = state[i0 + 1] as number;
      const br = state[i1] as number;
      const bi = state[i1 + 1] as number;
      state[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      state[i0 + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      state[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      state[i1 + 1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }
}

/* ---------------------------------------------------------------- two-qubit kernels */

/** CX with control c and target t: swaps the target pair where the control bit is 1. */
export function applyCX(state: Float64Array, n: number, c: number, t: number, k0 = 0, k1 = 1 << (n - 2)): void {
  const lo = c < t ? c : t;
  const hi = c < t ? t : c;
  const mLo = (1 << lo) - 1;
  const mHi = (1 << hi) - 1;
  const nLo = ~mLo;
  const nHi = ~mHi;
  const cBit = 1 << c;
  const off = 2 << t;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mLo) + 1) - k;
    let i = ((k & nLo) << 1) | (k & mLo);
    i = ((i & nHi) << 1) | (i & mHi);
    const first = 2 * (i | cBit);
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const re = state[i0] as number;
      const im = state[i0 + 1] as number;
      state[i0] = state[i1] as number;
      state[i0 + 1] = state[i1 + 1] as number;
      state[i1] = re;
      state[i1 + 1] = im;
    }
  }
}

/** CY with control c and target t: Y on the target where the control bit is 1. */
export function applyCY(state: Float64Array, n: number, c: number, t: number, k0 = 0, k1 = 1 << (n - 2)): void {
  const lo = c < t ? c : t;
  const hi = c < t ? t : c;
  const mLo = (1 << lo) - 1;
  const mHi = (1 << hi) - 1;
  const nLo = ~mLo;
  const nHi = ~mHi;
  const cBit = 1 << c;
  const off = 2 << t;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mLo) + 1) - k;
    let i = ((k & nLo) << 1) | (k & mLo);
    i = ((i & nHi) << 1) | (i & mHi);
    const first = 2 * (i | cBit);
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const re0 = state[i0] as number;
      const im0 = state[i0 + 1] as number;
      state[i0] = state[i1 + 1] as number;
      state[i0 + 1] = -(state[i1] as number);
      state[i1] = -im0;
      state[i1 + 1] = re0;
    }
  }
}

/** Multiplies the amplitudes with bits a and b both 1 by re + i im (cz, cp). Symmetric in a, b. */
export function applyControlledPhase(
  state: Float64Array,
  n: number,
  a: number,
  b: number,
  re: number,
  im: number,
  k0 = 0,
  k1 = 1 << (n - 2),
): void {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  const mLo = (1 << lo) - 1;
  const mHi = (1 << hi) - 1;
  const nLo = ~mLo;
  const nHi = ~mHi;
  const both = (1 << a) | (1 << b);
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mLo) + 1) - k;
    let i = ((k & nLo) << 1) | (k & mLo);
    i = ((i & nHi) << 1) | (i & mHi);
    const first = 2 * (i | both);
    k += run;
    for (let i3 = first, stop = first + 2 * run; i3 < stop; i3 += 2) {
      const ar = state[i3] as number;
      const ai = state[i3 + 1] as number;
      state[i3] = ar * re - ai * im;
      state[i3 + 1] = ar * im + ai * re;
    }
  }
}

/**
 * A diagonal 2-qubit gate on (q0, q1): `d` holds the 4 complex diagonal entries interleaved
 * (length >= 8), indexed by bit0 = q0, bit1 = q1 (crz, rzz).
 */
export function applyDiag2(state: Float64Array, n: number, q0: number, q1: number, d: Float64Array, k0 = 0, k1 = 1 << (n - 2)): void {
  const lo = q0 < q1 ? q0 : q1;
  const hi = q0 < q1 ? q1 : q0;
  const mLo = (1 << lo) - 1;
  const mHi = (1 << hi) - 1;
  const nLo = ~mLo;
  const nHi = ~mHi;
  const o1 = 2 << q0;
  const o2 = 2 << q1;
  const o3 = o1 + o2;
  const d0r = d[0] as number;
  const d0i = d[1] as number;
  const d1r = d[2] as number;
  const d1i = d[3] as number;
  const d2r = d[4] as number;
  const d2i = d[5] as number;
  const d3r = d[6] as number;
  const d3i = d[7] as number;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mLo) + 1) - k;
    let i = ((k & nLo) << 1) | (k & mLo);
    i = ((i & nHi) << 1) | (i & mHi);
    const first = 2 * i;
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      let r = state[i0] as number;
      let m = state[i0 + 1] as number;
      state[i0] = r * d0r - m * d0i;
      state[i0 + 1] = r * d0i + m * d0r;
      const i1 = i0 + o1;
      r = state[i1] as number;
      m = state[i1 + 1] as number;
      state[i1] = r * d1r - m * d1i;
      state[i1 + 1] = r * d1i + m * d1r;
      const i2 = i0 + o2;
      r = state[i2] as number;
      m = state[i2 + 1] as number;
      state[i2] = r * d2r - m * d2i;
      state[i2 + 1] = r * d2i + m * d2r;
      const i3 = i0 + o3;
      r = state[i3] as number;
      m = state[i3 + 1] as number;
      state[i3] = r * d3r - m * d3i;
      state[i3 + 1] = r * d3i + m * d3r;
    }
  }
}

/** A dense 2x2 matrix `m` on target t where control c is 1 (ch, crx, cry). */
export function applyControlledMatrix1(state: Float64Array, n: number, c: number, t: number, m: Float64Array, k0 = 0, k1 = 1 << (n - 2)): void {
  const lo = c < t ? c : t;
  const hi = c < t ? t : c;
  const mLo = (1 << lo) - 1;
  const mHi = (1 << hi) - 1;
  const nLo = ~mLo;
  const nHi = ~mHi;
  const cBit = 1 << c;
  const off = 2 << t;
  const m00r = m[0] as number;
  const m00i = m[1] as number;
  const m01r = m[2] as number;
  const m01i = m[3] as number;
  const m10r = m[4] as number;
  const m10i = m[5] as number;
  const m11r = m[6] as number;
  const m11i = m[7] as number;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mLo) + 1) - k;
    let i = ((k & nLo) << 1) | (k & mLo);
    i = ((i & nHi) << 1) | (i & mHi);
    const first = 2 * (i | cBit);
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const ar = state[i0] as number;
      const ai = state[i0 + 1] as number;
      const br = state[i1] as number;
      const bi = state[i1 + 1] as number;
      state[i0] = m00r * ar - m00i * ai + m01r * br - m01i * bi;
      state[i0 + 1] = m00r * ai + m00i * ar + m01r * bi + m01i * br;
      state[i1] = m10r * ar - m10i * ai + m11r * br - m11i * bi;
      state[i1 + 1] = m10r * ai + m10i * ar + m11r * bi + m11i * br;
    }
  }
}

/** SWAP of qubits a and b: swaps the amplitudes with (bit a, bit b) = (1, 0) and (0, 1). */
export function applySwap(state: Float64Array, n: number, a: number, b: number, k0 = 0, k1 = 1 << (n - 2)): void {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  const mLo = (1 << lo) - 1;
  const mHi = (1 << hi) - 1;
  const nLo = ~mLo;
  const nHi = ~mHi;
  const oa = 2 << a;
  const ob = 2 << b;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mLo) + 1) - k;
    let i = ((k & nLo) << 1) | (k & mLo);
    i = ((i & nHi) << 1) | (i & mHi);
    const first = 2 * i;
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const ia = i0 + oa;
      const ib = i0 + ob;
      const re = state[ia] as number;
      const im = state[ia + 1] as number;
      state[ia] = state[ib] as number;
      state[ia + 1] = state[ib + 1] as number;
      state[ib] = re;
      state[ib + 1] = im;
    }
  }
}

/**
 * A dense 4x4 matrix `m` (interleaved, row-major, length >= 32) on (q0, q1); local index bit0 = q0,
 * bit1 = q1 (rxx, ryy, and the fallback for any 2-qubit gate).
 */
export function applyMatrix2(state: Float64Array, n: number, q0: number, q1: number, m: Float64Array, k0 = 0, k1 = 1 << (n - 2)): void {
  const lo = q0 < q1 ? q0 : q1;
  const hi = q0 < q1 ? q1 : q0;
  const mLo = (1 << lo) - 1;
  const mHi = (1 << hi) - 1;
  const nLo = ~mLo;
  const nHi = ~mHi;
  const o1 = 2 << q0;
  const o2 = 2 << q1;
  const o3 = o1 + o2;
  const a0r = m[0] as number, a0i = m[1] as number, a1r = m[2] as number, a1i = m[3] as number;
  const a2r = m[4] as number, a2i = m[5] as number, a3r = m[6] as number, a3i = m[7] as number;
  const b0r = m[8] as number, b0i = m[9] as number, b1r = m[10] as number, b1i = m[11] as number;
  const b2r = m[12] as number, b2i = m[13] as number, b3r = m[14] as number, b3i = m[15] as number;
  const c0r = m[16] as number, c0i = m[17] as number, c1r = m[18] as number, c1i = m[19] as number;
  const c2r = m[20] as number, c2i = m[21] as number, c3r = m[22] as number, c3i = m[23] as number;
  const d0r = m[24] as number, d0i = m[25] as number, d1r = m[26] as number, d1i = m[27] as number;
  const d2r = m[28] as number, d2i = m[29] as number, d3r = m[30] as number, d3i = m[31] as number;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | mLo) + 1) - k;
    let i = ((k & nLo) << 1) | (k & mLo);
    i = ((i & nHi) << 1) | (i & mHi);
    const first = 2 * i;
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + o1;
      const i2 = i0 + o2;
      const i3 = i0 + o3;
      const x0r = state[i0] as number, x0i = state[i0 + 1] as number;
      const x1r = state[i1] as number, x1i = state[i1 + 1] as number;
      const x2r = state[i2] as number, x2i = state[i2 + 1] as number;
      const x3r = state[i3] as number, x3i = state[i3 + 1] as number;
      state[i0] = a0r * x0r - a0i * x0i + a1r * x1r - a1i * x1i + a2r * x2r - a2i * x2i + a3r * x3r - a3i * x3i;
      state[i0 + 1] = a0r * x0i + a0i * x0r + a1r * x1i + a1i * x1r + a2r * x2i + a2i * x2r + a3r * x3i + a3i * x3r;
      state[i1] = b0r * x0r - b0i * x0i + b1r * x1r - b1i * x1i + b2r * x2r - b2i * x2i + b3r * x3r - b3i * x3i;
      state[i1 + 1] = b0r * x0i + b0i * x0r + b1r * x1i + b1i * x1r + b2r * x2i + b2i * x2r + b3r * x3i + b3i * x3r;
      state[i2] = c0r * x0r - c0i * x0i + c1r * x1r - c1i * x1i + c2r * x2r - c2i * x2i + c3r * x3r - c3i * x3i;
      state[i2 + 1] = c0r * x0i + c0i * x0r + c1r * x1i + c1i * x1r + c2r * x2i + c2i * x2r + c3r * x3i + c3i * x3r;
      state[i3] = d0r * x0r - d0i * x0i + d1r * x1r - d1i * x1i + d2r * x2r - d2i * x2i + d3r * x3r - d3i * x3i;
      state[i3 + 1] = d0r * x0i + d0i * x0r + d1r * x1i + d1i * x1r + d2r * x2i + d2i * x2r + d3r * x3i + d3i * x3r;
    }
  }
}

/* ---------------------------------------------------------------- three-qubit kernels */

/**
 * Writes the three positions a, b, c in ascending order into `out[0..2]` (tiny helper, called
 * once per kernel call, outside the loop).
 */
function sort3(a: number, b: number, c: number, out: Int32Array): void {
  const lo = Math.min(a, b, c);
  const hi = Math.max(a, b, c);
  out[0] = lo;
  out[1] = a + b + c - lo - hi;
  out[2] = hi;
}

const SORTED = new Int32Array(3);

/** CCX (Toffoli) with controls c0, c1 and target t. */
export function applyCCX(state: Float64Array, n: number, c0: number, c1: number, t: number, k0 = 0, k1 = 1 << (n - 3)): void {
  sort3(c0, c1, t, SORTED);
  const m0 = (1 << (SORTED[0] as number)) - 1;
  const m1 = (1 << (SORTED[1] as number)) - 1;
  const m2 = (1 << (SORTED[2] as number)) - 1;
  const n0 = ~m0;
  const n1 = ~m1;
  const n2 = ~m2;
  const cBits = (1 << c0) | (1 << c1);
  const off = 2 << t;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | m0) + 1) - k;
    let i = ((k & n0) << 1) | (k & m0);
    i = ((i & n1) << 1) | (i & m1);
    i = ((i & n2) << 1) | (i & m2);
    const first = 2 * (i | cBits);
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const i1 = i0 + off;
      const re = state[i0] as number;
      const im = state[i0 + 1] as number;
      state[i0] = state[i1] as number;
      state[i0 + 1] = state[i1 + 1] as number;
      state[i1] = re;
      state[i1 + 1] = im;
    }
  }
}

/** CSWAP (Fredkin) with control c, swapping qubits a and b where the control bit is 1. */
export function applyCSwap(state: Float64Array, n: number, c: number, a: number, b: number, k0 = 0, k1 = 1 << (n - 3)): void {
  sort3(c, a, b, SORTED);
  const m0 = (1 << (SORTED[0] as number)) - 1;
  const m1 = (1 << (SORTED[1] as number)) - 1;
  const m2 = (1 << (SORTED[2] as number)) - 1;
  const n0 = ~m0;
  const n1 = ~m1;
  const n2 = ~m2;
  const cBit = 1 << c;
  const oa = 2 << a;
  const ob = 2 << b;
  for (let k = k0; k < k1; ) {
    // consecutive k inside one block of the lowest gate qubit are consecutive amplitudes
    const run = Math.min(k1, (k | m0) + 1) - k;
    let i = ((k & n0) << 1) | (k & m0);
    i = ((i & n1) << 1) | (i & m1);
    i = ((i & n2) << 1) | (i & m2);
    const first = 2 * (i | cBit);
    k += run;
    for (let i0 = first, stop = first + 2 * run; i0 < stop; i0 += 2) {
      const ia = i0 + oa;
      const ib = i0 + ob;
      const re = state[ia] as number;
      const im = state[ia + 1] as number;
      state[ia] = state[ib] as number;
      state[ia + 1] = state[ib + 1] as number;
      state[ib] = re;
      state[ib + 1] = im;
    }
  }
}
