/**
 * The one gate dispatcher: picks the kernel for a gate name (swaps for x/cx/swap/ccx/cswap, phases
 * for diagonal gates, dense 2x2 / 4x4 otherwise) and applies it to the compressed loop-index range
 * `[k0, k1)` (see kernels.ts; `gateSpan` gives the full range). A state in WebAssembly memory
 * (wasm/index.ts) runs the SIMD kernels of that memory's instance, other states the JavaScript
 * kernels of kernels.ts; both give bit-identical amplitudes. Gates without a SIMD kernel (y, cy,
 * rxx, ryy, ecr, ccx, cswap) run the JavaScript kernel on either kind of state.
 * No validation: callers validate the circuit once (builder.ts `validateCircuit`).
 */
import { GATE_ARITY, type GateName } from './circuit';
import { CONTROLLED_BASE, writeGateMatrix } from './gates';
import {
  applyCCX,
  applyControlledMatrix1,
  applyControlledPhase,
  applyCSwap,
  applyCX,
  applyCY,
  applyDiag1,
  applyDiag2,
  applyMatrix1,
  applyMatrix2,
  applyPhase1,
  applyRealMatrix1,
  applySwap,
  applyX,
  applyY,
} from './kernels';
import { wasmKernelsOf, type WasmKernels } from './wasm';

// Scratch space for per-call matrices and angles: filled once per gate, never inside a kernel loop.
// Safe because JS runs one call at a time per isolate (each worker thread has its own module).
const M2 = new Float64Array(8);
const M4 = new Float64Array(32);
const ANGLES = new Float64Array(3);
const T_RE = Math.cos(Math.PI / 4);
const T_IM = Math.sin(Math.PI / 4);
const S2 = Math.SQRT1_2;

/* Kernel classes with a SIMD kernel: `w` is the WebAssembly instance of the state's memory, if any. */

/** Real 2x2 [[m00, m01], [m10, m11]] on qubit q. */
export function real1(state: Float64Array, w: WasmKernels | undefined, n: number, q: number, m00: number, m01: number, m10: number, m11: number, k0: number, k1: number): void {
  if (w === undefined) applyRealMatrix1(state, n, q, m00, m01, m10, m11, k0, k1);
  else w.real1(state.byteOffset, q, m00, m01, m10, m11, k0, k1);
}

/** Dense complex 2x2 `m` (interleaved, row-major, length 8) on qubit q. */
export function dense1(state: Float64Array, w: WasmKernels | undefined, n: number, q: number, m: Float64Array, k0: number, k1: number): void {
  if (w === undefined) applyMatrix1(state, n, q, m, k0, k1);
  else w.dense1(state.byteOffset, q, m[0]!, m[1]!, m[2]!, m[3]!, m[4]!, m[5]!, m[6]!, m[7]!, k0, k1);
}

/** diag(d0, d1) on qubit q. */
export function diag1(state: Float64Array, w: WasmKernels | undefined, n: number, q: number, d0r: number, d0i: number, d1r: number, d1i: number, k0: number, k1: number): void {
  if (w === undefined) applyDiag1(state, n, q, d0r, d0i, d1r, d1i, k0, k1);
  else w.diag1(state.byteOffset, q, d0r, d0i, d1r, d1i, k0, k1);
}

function phase1(state: Float64Array, w: WasmKernels | undefined, n: number, q: number, re: number, im: number, k0: number, k1: number): void {
  if (w === undefined) applyPhase1(state, n, q, re, im, k0, k1);
  else w.phase1(state.byteOffset, q, re, im, k0, k1);
}

function controlledPhase(state: Float64Array, w: WasmKernels | undefined, n: number, a: number, b: number, re: number, im: number, k0: number, k1: number): void {
  if (w === undefined) applyControlledPhase(state, n, a, b, re, im, k0, k1);
  else w.cphase(state.byteOffset, a, b, re, im, k0, k1);
}

/** Length 2^(n - a) of the compressed loop index of an a-qubit gate on n qubits. */
export function gateSpan(name: GateName, n: number): number {
  return 2 ** (n - GATE_ARITY[name].qubits);
}

/**
 * Apply gate `name` on qubits (q0, q1, q2) with angles (a0, a1, a2) to the loop indices [k0, k1)
 * of `state` (n qubits, interleaved). Unused qubit / angle slots are ignored.
 */
export function dispatchGate(
  state: Float64Array,
  n: number,
  name: GateName,
  q0: number,
  q1: number,
  q2: number,
  a0: number,
  a1: number,
  a2: number,
  k0: number,
  k1: number,
): void {
  const w = wasmKernelsOf(state);
  switch (name) {
    case 'id':
      return;
    case 'x':
      if (w === undefined) return applyX(state, n, q0, k0, k1);
      return w.x1(state.byteOffset, q0, k0, k1);
    case 'y':
      return applyY(state, n, q0, k0, k1);
    case 'z':
      return phase1(state, w, n, q0, -1, 0, k0, k1);
    case 's':
      return phase1(state, w, n, q0, 0, 1, k0, k1);
    case 'sdg':
      return phase1(state, w, n, q0, 0, -1, k0, k1);
    case 't':
      return phase1(state, w, n, q0, T_RE, T_IM, k0, k1);
    case 'tdg':
      return phase1(state, w, n, q0, T_RE, -T_IM, k0, k1);
    case 'p':
      return phase1(state, w, n, q0, Math.cos(a0), Math.sin(a0), k0, k1);
    case 'rz': {
      const c = Math.cos(a0 / 2);
      const s = Math.sin(a0 / 2);
      return diag1(state, w, n, q0, c, -s, c, s, k0, k1);
    }
    case 'h':
      return real1(state, w, n, q0, S2, S2, S2, -S2, k0, k1);
    case 'ry': {
      const c = Math.cos(a0 / 2);
      const s = Math.sin(a0 / 2);
      return real1(state, w, n, q0, c, -s, s, c, k0, k1);
    }
    case 'rx':
    case 'sx':
    case 'sxdg':
    case 'u':
      ANGLES[0] = a0;
      ANGLES[1] = a1;
      ANGLES[2] = a2;
      writeGateMatrix(name, ANGLES, M2);
      return dense1(state, w, n, q0, M2, k0, k1);
    case 'cx':
      if (w === undefined) return applyCX(state, n, q0, q1, k0, k1);
      return w.cx(state.byteOffset, q0, q1, k0, k1);
    case 'cy':
      return applyCY(state, n, q0, q1, k0, k1);
    case 'cz':
      return controlledPhase(state, w, n, q0, q1, -1, 0, k0, k1);
    case 'cp':
      return controlledPhase(state, w, n, q0, q1, Math.cos(a0), Math.sin(a0), k0, k1);
    case 'crz':
    case 'rzz': {
      // diag(d00, d01, d10, d11) with bit0 = q0 (control for crz), bit1 = q1
      const c = Math.cos(a0 / 2);
      const s = Math.sin(a0 / 2);
      if (name === 'crz') {
        M4[0] = 1; M4[1] = 0; M4[2] = c; M4[3] = -s; M4[4] = 1; M4[5] = 0; M4[6] = c; M4[7] = s;
      } else {
        M4[0] = c; M4[1] = -s; M4[2] = c; M4[3] = s; M4[4] = c; M4[5] = s; M4[6] = c; M4[7] = -s;
      }
      if (w === undefined) return applyDiag2(state, n, q0, q1, M4, k0, k1);
      return w.diag2(state.byteOffset, q0, q1, M4[0]!, M4[1]!, M4[2]!, M4[3]!, M4[4]!, M4[5]!, M4[6]!, M4[7]!, k0, k1);
    }
    case 'ch':
    case 'crx':
    case 'cry':
      ANGLES[0] = a0;
      writeGateMatrix(CONTROLLED_BASE[name], ANGLES, M2);
      if (w === undefined) return applyControlledMatrix1(state, n, q0, q1, M2, k0, k1);
      return w.ctrl1(state.byteOffset, q0, q1, M2[0]!, M2[1]!, M2[2]!, M2[3]!, M2[4]!, M2[5]!, M2[6]!, M2[7]!, k0, k1);
    case 'rxx':
    case 'ryy':
    case 'ecr':
      ANGLES[0] = a0;
      writeGateMatrix(name, ANGLES, M4);
      return applyMatrix2(state, n, q0, q1, M4, k0, k1);
    case 'swap':
      if (w === undefined) return applySwap(state, n, q0, q1, k0, k1);
      return w.swap2(state.byteOffset, q0, q1, k0, k1);
    case 'ccx':
      return applyCCX(state, n, q0, q1, q2, k0, k1);
    case 'cswap':
      return applyCSwap(state, n, q0, q1, q2, k0, k1);
  }
}
