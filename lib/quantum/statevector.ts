/**
 * The state-vector simulator: allocation, the one gate dispatcher, circuit application and
 * compiled circuits for fast re-binding of parameters.
 *
 * State layout (shared with kernels.ts): one Float64Array of length 2 * 2^n, interleaved
 * (re at 2k, im at 2k+1), qubit q = bit q of amplitude index k (Qiskit's little-endian order).
 * Memory: 16 * 2^n bytes (20 qubits: 16 MiB, 26 qubits: 1 GiB, 30 qubits: 16 GiB).
 *
 * This module does no I/O and must not import `node:os`: callers at the edge pass a memory budget,
 * e.g. `allocateState(n, { maxBytes: Math.floor(os.freemem() * 0.5) })`.
 *
 * @example
 * const state = allocateState(2);
 * applyCircuit(state, bell, []);
 * probabilities(state); // Float64Array [0.5, 0, 0, 0.5]
 */
import type { Circuit, GateName } from './circuit';
import { validateCircuit } from './builder';
import { InvalidArgumentError, StateTooLargeError } from './errors';
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

/** Hard qubit limit of the simulator: kernels index amplitudes with 32-bit integers. */
export const MAX_QUBITS = 30;

/** Default memory budget of `allocateState`: 16 GiB (30 qubits). Edge code passes a real budget. */
export const DEFAULT_MAX_STATE_BYTES = 16 * 1024 ** 3;

/** Bytes of the state vector of n qubits: 16 * 2^n (two float64 per amplitude). */
export function stateBytes(numQubits: number): number {
  return 16 * 2 ** numQubits;
}

export interface AllocateOptions {
  /** Memory budget in bytes for the state vector. @default DEFAULT_MAX_STATE_BYTES (16 GiB) */
  readonly maxBytes?: number;
}

/**
 * A new state |0...0> of `numQubits` qubits (integer >= 1).
 * @throws StateTooLargeError when 16 * 2^n bytes exceed `maxBytes` or n > MAX_QUBITS
 * @throws InvalidArgumentError when numQubits is not a positive integer or maxBytes is not >= 0
 */
export function allocateState(numQubits: number, options: AllocateOptions = {}): Float64Array {
  if (!Number.isInteger(numQubits) || numQubits < 1) {
    throw new InvalidArgumentError(`numQubits: ${numQubits} is out of range; must be an integer >= 1`, {
      path: 'numQubits',
    });
  }
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_STATE_BYTES;
  if (typeof maxBytes !== 'number' || Number.isNaN(maxBytes) || maxBytes < 0) {
    throw new InvalidArgumentError(`maxBytes: ${maxBytes} is out of range; must be a number >= 0`, { path: 'maxBytes' });
  }
  const required = stateBytes(numQubits);
  const allowed = Math.min(maxBytes, stateBytes(MAX_QUBITS));
  if (required > allowed) throw new StateTooLargeError(numQubits, required, allowed);
  const state = new Float64Array(2 << numQubits);
  state[0] = 1;
  return state;
}

/** The number of qubits of a state array (length 2 * 2^n). @throws InvalidArgumentError */
export function numQubitsOf(state: Float64Array): number {
  const amplitudes = state.length / 2;
  const n = Math.round(Math.log2(amplitudes));
  if (n < 1 || 2 ** n !== amplitudes) {
    throw new InvalidArgumentError(`state.length: ${state.length} is not 2 * 2^n for an integer n >= 1`, {
      path: 'state',
    });
  }
  return n;
}

/** Reset `state` in place to |0...0>. */
export function resetState(state: Float64Array): void {
  state.fill(0);
  state[0] = 1;
}

/** |a_k|^2 for every basis index k, written into `out` (length 2^n, allocated if absent). */
export function probabilities(state: Float64Array, out?: Float64Array): Float64Array {
  const size = state.length >> 1;
  const result = out ?? new Float64Array(size);
  if (result.length !== size) {
    throw new InvalidArgumentError(`out.length: ${result.length} must equal the number of amplitudes ${size}`, {
      path: 'out',
    });
  }
  for (let k = 0; k < size; k++) {
    const re = state[2 * k] as number;
    const im = state[2 * k + 1] as number;
    result[k] = re * re + im * im;
  }
  return result;
}

/** The 2-norm sqrt(sum_k |a_k|^2) of the state (1 for a normalized state). */
export function norm(state: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < state.length; i++) {
    const v = state[i] as number;
    sum += v * v;
  }
  return Math.sqrt(sum);
}

/* ---------------------------------------------------------------- dispatcher */

// Scratch space for per-call matrices and angles: filled once per gate, never inside a kernel loop.
// Safe because JS runs one call at a time per isolate (each worker thread has its own module).
const M2 = new Float64Array(8);
const M4 = new Float64Array(32);
const ANGLES = new Float64Array(3);
const T_RE = Math.cos(Math.PI / 4);
const T_IM = Math.sin(Math.PI / 4);
const S2 = Math.SQRT1_2;

function dispatch(
  state: Float64Array,
  n: number,
  name: GateName,
  q0: number,
  q1: number,
  q2: number,
  a0: number,
  a1: number,
  a2: number,
): void {
  switch (name) {
    case 'id':
      return;
    case 'x':
      return applyX(state, n, q0);
    case 'y':
      return applyY(state, n, q0);
    case 'z':
      return applyPhase1(state, n, q0, -1, 0);
    case 's':
      return applyPhase1(state, n, q0, 0, 1);
    case 'sdg':
      return applyPhase1(state, n, q0, 0, -1);
    case 't':
      return applyPhase1(state, n, q0, T_RE, T_IM);
    case 'tdg':
      return applyPhase1(state, n, q0, T_RE, -T_IM);
    case 'p':
      return applyPhase1(state, n, q0, Math.cos(a0), Math.sin(a0));
    case 'rz': {
      const c = Math.cos(a0 / 2);
      const s = Math.sin(a0 / 2);
      return applyDiag1(state, n, q0, c, -s, c, s);
    }
    case 'h':
      return applyRealMatrix1(state, n, q0, S2, S2, S2, -S2);
    case 'ry': {
      const c = Math.cos(a0 / 2);
      const s = Math.sin(a0 / 2);
      return applyRealMatrix1(state, n, q0, c, -s, s, c);
    }
    case 'rx':
    case 'sx':
    case 'sxdg':
    case 'u':
      ANGLES[0] = a0;
      ANGLES[1] = a1;
      ANGLES[2] = a2;
      writeGateMatrix(name, ANGLES, M2);
      return applyMatrix1(state, n, q0, M2);
    case 'cx':
      return applyCX(state, n, q0, q1);
    case 'cy':
      return applyCY(state, n, q0, q1);
    case 'cz':
      return applyControlledPhase(state, n, q0, q1, -1, 0);
    case 'cp':
      return applyControlledPhase(state, n, q0, q1, Math.cos(a0), Math.sin(a0));
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
      return applyDiag2(state, n, q0, q1, M4);
    }
    case 'ch':
    case 'crx':
    case 'cry':
      ANGLES[0] = a0;
      writeGateMatrix(CONTROLLED_BASE[name], ANGLES, M2);
      return applyControlledMatrix1(state, n, q0, q1, M2);
    case 'rxx':
    case 'ryy':
    case 'ecr':
      ANGLES[0] = a0;
      writeGateMatrix(name, ANGLES, M4);
      return applyMatrix2(state, n, q0, q1, M4);
    case 'swap':
      return applySwap(state, n, q0, q1);
    case 'ccx':
      return applyCCX(state, n, q0, q1, q2);
    case 'cswap':
      return applyCSwap(state, n, q0, q1, q2);
  }
}

/**
 * Apply one gate in place: the single dispatcher that picks the kernel (swaps for x/cx/swap/ccx/
 * cswap, phases for diagonal gates, dense 2x2/4x4 otherwise).
 *
 * @param state interleaved state of `numQubits` qubits
 * @param qubits the gate's qubits, controls first (Qiskit order)
 * @param angles the gate's angles in radians (Qiskit order)
 * @throws CircuitError / InvalidArgumentError on an unknown gate, bad qubits or a wrong angle count
 */
export function applyGate(
  state: Float64Array,
  numQubits: number,
  name: GateName,
  qubits: ArrayLike<number>,
  angles: ArrayLike<number> = [],
): void {
  if (state.length !== 2 * 2 ** numQubits) {
    throw new InvalidArgumentError(`state.length: ${state.length} does not match numQubits ${numQubits}`, {
      path: 'state',
    });
  }
  validateCircuit({
    kind: 'circuit',
    numQubits,
    numClbits: 0,
    parameters: [],
    ops: [{ kind: 'gate', name, qubits: Array.from(qubits), params: Array.from(angles) }],
  });
  dispatch(state, numQubits, name, qubits[0] ?? 0, qubits[1] ?? 0, qubits[2] ?? 0, angles[0] ?? 0, angles[1] ?? 0, angles[2] ?? 0);
}

/* ---------------------------------------------------------------- compiled circuits */

/** A circuit pre-resolved into flat arrays of kernel calls; `run` binds parameters and applies it. */
export interface CompiledCircuit {
  readonly numQubits: number;
  readonly numParameters: number;
  /** Number of gate operations kept (barriers, measurements and `id` are dropped). */
  readonly numGates: number;
  /**
   * Apply the circuit in place to `state` (which is not reset first) with parameter values
   * `params` (length >= numParameters, radians).
   * @throws InvalidArgumentError when the state or parameter vector has the wrong size
   */
  run(state: Float64Array, params: ArrayLike<number>): void;
}

/**
 * Validate `circuit` once and resolve its gate list into flat arrays: gate name, three qubit
 * slots and, for each of three angle slots, `scale * params[index] + offset` (index -1 for a
 * constant). `measure`, `barrier` and `id` are dropped: the simulator keeps the pre-measurement
 * state; sampling happens afterwards.
 */
export function compileCircuit(circuit: Circuit): CompiledCircuit {
  validateCircuit(circuit);
  const n = circuit.numQubits;
  if (n > MAX_QUBITS) {
    throw new StateTooLargeError(n, stateBytes(n), stateBytes(MAX_QUBITS));
  }
  const gates = circuit.ops.filter((op) => op.kind === 'gate' && op.name !== 'id');
  const count = gates.length;
  const names: GateName[] = [];
  const qubits = new Int32Array(3 * count);
  const paramIndex = new Int32Array(3 * count).fill(-1);
  const scale = new Float64Array(3 * count);
  const offset = new Float64Array(3 * count);
  gates.forEach((op, g) => {
    if (op.kind !== 'gate') return;
    names.push(op.name);
    op.qubits.forEach((q, j) => (qubits[3 * g + j] = q));
    op.params.forEach((a, j) => {
      if (typeof a === 'number') {
        offset[3 * g + j] = a;
      } else {
        paramIndex[3 * g + j] = a.index;
        scale[3 * g + j] = a.scale;
        offset[3 * g + j] = a.offset;
      }
    });
  });
  const numParameters = circuit.parameters.length;
  const size = 2 << n;

  function angleAt(slot: number, params: ArrayLike<number>): number {
    const index = paramIndex[slot] as number;
    const base = offset[slot] as number;
    return index < 0 ? base : (scale[slot] as number) * (params[index] as number) + base;
  }

  return {
    numQubits: n,
    numParameters,
    numGates: count,
    run(state: Float64Array, params: ArrayLike<number>): void {
      if (state.length !== size) {
        throw new InvalidArgumentError(`state.length: ${state.length} must be ${size} for ${n} qubits`, { path: 'state' });
      }
      if (params.length < numParameters) {
        throw new InvalidArgumentError(`params.length: ${params.length} is too short; the circuit has ${numParameters} parameters`, {
          path: 'params',
        });
      }
      for (let g = 0; g < count; g++) {
        const s = 3 * g;
        dispatch(
          state,
          n,
          names[g] as GateName,
          qubits[s] as number,
          qubits[s + 1] as number,
          qubits[s + 2] as number,
          angleAt(s, params),
          angleAt(s + 1, params),
          angleAt(s + 2, params),
        );
      }
    },
  };
}

/**
 * Apply `circuit` in place to `state` with parameter values `params` (bound with `bindAngle`
 * semantics: `scale * params[index] + offset`). Barriers and measurements are ignored.
 * For repeated runs with new parameters, compile once with `compileCircuit`.
 */
export function applyCircuit(state: Float64Array, circuit: Circuit, params: ArrayLike<number> = []): void {
  compileCircuit(circuit).run(state, params);
}
