/**
 * Gate matrices with Qiskit's definitions (qiskit.circuit.library.standard_gates, whose docstrings
 * give each matrix) and Qiskit's little-endian index order.
 *
 * Shape: a gate on k qubits has a 2^k x 2^k matrix, stored as an interleaved Float64Array of length
 * 2 * 4^k, row-major: entry (r, c) has its real part at `2 * (r * 2^k + c)` and its imaginary part
 * right after. Bit j of a row/column index is the state of the gate's `qubits[j]`, so `qubits[0]`
 * is the least significant bit. For controlled gates the control is `qubits[0]`, as in Qiskit; e.g.
 * CX = [[1,0,0,0],[0,0,0,1],[0,0,1,0],[0,1,0,0]]. Angles are radians.
 *
 * Examples: `rz(θ) = diag(e^{-iθ/2}, e^{iθ/2})`, `p(λ) = diag(1, e^{iλ})`,
 * `u(θ,φ,λ) = [[cos(θ/2), -e^{iλ} sin(θ/2)], [e^{iφ} sin(θ/2), e^{i(φ+λ)} cos(θ/2)]]`,
 * `rzz(θ) = exp(-iθ/2 Z⊗Z)`, `rxx(θ) = exp(-iθ/2 X⊗X)`, `ryy(θ) = exp(-iθ/2 Y⊗Y)`.
 */
import { GATE_ARITY, type GateName } from './circuit';

/**
 * How a kernel can apply a gate:
 * - `permutation`: maps basis states to basis states, possibly with phases (x, y, cx, cy, swap, ccx, cswap);
 * - `diagonal`: multiplies each basis amplitude by a phase (z, s, t, rz, p, cz, cp, crz, rzz, id, ...);
 * - `dense`: anything else (h, sx, rx, ry, u, ch, crx, cry, rxx, ryy).
 */
export type GateKind = 'permutation' | 'diagonal' | 'dense';

export const GATE_KIND: Readonly<Record<GateName, GateKind>> = {
  id: 'diagonal',
  h: 'dense',
  x: 'permutation',
  y: 'permutation',
  z: 'diagonal',
  s: 'diagonal',
  sdg: 'diagonal',
  t: 'diagonal',
  tdg: 'diagonal',
  sx: 'dense',
  sxdg: 'dense',
  rx: 'dense',
  ry: 'dense',
  rz: 'diagonal',
  p: 'diagonal',
  u: 'dense',
  cx: 'permutation',
  cy: 'permutation',
  cz: 'diagonal',
  ch: 'dense',
  cp: 'diagonal',
  crx: 'dense',
  cry: 'dense',
  crz: 'diagonal',
  rzz: 'diagonal',
  rxx: 'dense',
  ryy: 'dense',
  swap: 'permutation',
  ecr: 'dense',
  ccx: 'permutation',
  cswap: 'permutation',
};

/** The single-qubit gate applied to the target (qubits[1]) when the control (qubits[0]) is 1. */
export const CONTROLLED_BASE = {
  cx: 'x',
  cy: 'y',
  cz: 'z',
  ch: 'h',
  cp: 'p',
  crx: 'rx',
  cry: 'ry',
  crz: 'rz',
} as const satisfies Partial<Record<GateName, GateName>>;

export type ControlledGateName = keyof typeof CONTROLLED_BASE;

const SQRT1_2 = Math.SQRT1_2;
const PI_4 = Math.PI / 4;

/** Matrix dimension 2^k of a gate on k qubits. */
export function gateDimension(name: GateName): number {
  return 1 << GATE_ARITY[name].qubits;
}

// Entries are stored inline (out[2 (r dim + c)] = re, then im) and angles read inline: no number
// crosses a call, so optimized code keeps them unboxed and binding allocates nothing.

/** Write the 2x2 matrix of a single-qubit gate into `out[0..7]`. */
function write1(name: GateName, angles: ArrayLike<number>, out: Float64Array): void {
  const a = angles[0] ?? 0;
  const c = Math.cos(a / 2);
  const s = Math.sin(a / 2);
  switch (name) {
    case 'id':
      out[0] = 1;
      out[1] = 0;
      out[6] = 1;
      out[7] = 0;
      return;
    case 'h':
      out[0] = SQRT1_2;
      out[1] = 0;
      out[2] = SQRT1_2;
      out[3] = 0;
      out[4] = SQRT1_2;
      out[5] = 0;
      out[6] = -SQRT1_2;
      out[7] = 0;
      return;
    case 'x':
      out[2] = 1;
      out[3] = 0;
      out[4] = 1;
      out[5] = 0;
      return;
    case 'y':
      out[2] = 0;
      out[3] = -1;
      out[4] = 0;
      out[5] = 1;
      return;
    case 'z':
      out[0] = 1;
      out[1] = 0;
      out[6] = -1;
      out[7] = 0;
      return;
    case 's':
      out[0] = 1;
      out[1] = 0;
      out[6] = 0;
      out[7] = 1;
      return;
    case 'sdg':
      out[0] = 1;
      out[1] = 0;
      out[6] = 0;
      out[7] = -1;
      return;
    case 't':
      out[0] = 1;
      out[1] = 0;
      out[6] = Math.cos(PI_4);
      out[7] = Math.sin(PI_4);
      return;
    case 'tdg':
      out[0] = 1;
      out[1] = 0;
      out[6] = Math.cos(PI_4);
      out[7] = -Math.sin(PI_4);
      return;
    case 'sx': // (1/2) [[1+i, 1-i], [1-i, 1+i]]
      out[0] = 0.5;
      out[1] = 0.5;
      out[2] = 0.5;
      out[3] = -0.5;
      out[4] = 0.5;
      out[5] = -0.5;
      out[6] = 0.5;
      out[7] = 0.5;
      return;
    case 'sxdg': // (1/2) [[1-i, 1+i], [1+i, 1-i]]
      out[0] = 0.5;
      out[1] = -0.5;
      out[2] = 0.5;
      out[3] = 0.5;
      out[4] = 0.5;
      out[5] = 0.5;
      out[6] = 0.5;
      out[7] = -0.5;
      return;
    case 'rx':
      out[0] = c;
      out[1] = 0;
      out[2] = 0;
      out[3] = -s;
      out[4] = 0;
      out[5] = -s;
      out[6] = c;
      out[7] = 0;
      return;
    case 'ry':
      out[0] = c;
      out[1] = 0;
      out[2] = -s;
      out[3] = 0;
      out[4] = s;
      out[5] = 0;
      out[6] = c;
      out[7] = 0;
      return;
    case 'rz':
      out[0] = c;
      out[1] = -s;
      out[6] = c;
      out[7] = s;
      return;
    case 'p':
      out[0] = 1;
      out[1] = 0;
      out[6] = Math.cos(a);
      out[7] = Math.sin(a);
      return;
    case 'u': {
      const phi = angles[1] ?? 0;
      const lam = angles[2] ?? 0;
      out[0] = c;
      out[1] = 0;
      out[2] = -Math.cos(lam) * s;
      out[3] = -Math.sin(lam) * s;
      out[4] = Math.cos(phi) * s;
      out[5] = Math.sin(phi) * s;
      out[6] = Math.cos(phi + lam) * c;
      out[7] = Math.sin(phi + lam) * c;
      return;
    }
    default:
      throw new Error(`internal error: ${name} is not a single-qubit gate`);
  }
}

/** The base gate of a controlled gate while writeGateMatrix builds it (no allocation per call). */
const CONTROLLED_SCRATCH = new Float64Array(8);

/**
 * Write the full matrix of `name` (see the module doc for the layout) into `out`, which must have
 * room for 2 * 4^k numbers; the used part is cleared first. Returns `out`.
 * `angles` are the gate's parameters in Qiskit's order (radians); missing ones read as 0.
 */
export function writeGateMatrix(name: GateName, angles: Float64Array, out: Float64Array): Float64Array {
  const dim = gateDimension(name);
  out.fill(0, 0, 2 * dim * dim);
  if (dim === 2) {
    write1(name, angles, out);
    return out;
  }
  const a = angles[0] ?? 0;
  const c = Math.cos(a / 2);
  const s = Math.sin(a / 2);
  switch (name) {
    case 'cx':
    case 'cy':
    case 'cz':
    case 'ch':
    case 'cp':
    case 'crx':
    case 'cry':
    case 'crz': {
      // identity on control = 0 (indices 0, 2); the base gate on the target for control = 1 (1, 3)
      const base = CONTROLLED_SCRATCH;
      base.fill(0);
      write1(CONTROLLED_BASE[name], angles, base);
      out[0] = 1;
      out[1] = 0;
      out[20] = 1;
      out[21] = 0;
      for (let r = 0; r < 2; r++) {
        for (let col = 0; col < 2; col++) {
          // entry (2r + 1, 2col + 1) written in place (no number passed through a call)
          const i = 2 * (2 * r + col);
          const o = 2 * ((2 * r + 1) * 4 + 2 * col + 1);
          out[o] = base[i] as number;
          out[o + 1] = base[i + 1] as number;
        }
      }
      return out;
    }
    case 'rzz': // diag(e^{-iθ/2}, e^{iθ/2}, e^{iθ/2}, e^{-iθ/2}) by parity
      out[0] = c;
      out[1] = -s;
      out[10] = c;
      out[11] = s;
      out[20] = c;
      out[21] = s;
      out[30] = c;
      out[31] = -s;
      return out;
    case 'rxx': // cos(θ/2) I - i sin(θ/2) X⊗X
      for (let r = 0; r < 4; r++) {
        out[2 * (r * 4 + r)] = c;
        out[2 * (r * 4 + r) + 1] = 0;
        out[2 * (r * 4 + 3 - r)] = 0;
        out[2 * (r * 4 + 3 - r) + 1] = -s;
      }
      return out;
    case 'ryy': // cos(θ/2) I - i sin(θ/2) Y⊗Y, Y⊗Y = antidiag(-1, 1, 1, -1)
      for (let r = 0; r < 4; r++) {
        out[2 * (r * 4 + r)] = c;
        out[2 * (r * 4 + r) + 1] = 0;
        out[2 * (r * 4 + 3 - r)] = 0;
        out[2 * (r * 4 + 3 - r) + 1] = r === 0 || r === 3 ? s : -s;
      }
      return out;
    case 'swap':
      out[0] = 1;
      out[1] = 0;
      out[12] = 1;
      out[13] = 0;
      out[18] = 1;
      out[19] = 0;
      out[30] = 1;
      out[31] = 0;
      return out;
    case 'ecr': // IBM's echoed cross-resonance gate (Qiskit ECRGate): (IX - XY) / sqrt(2), bit0 = qubits[0]
      out[2] = SQRT1_2;
      out[3] = 0;
      out[6] = 0;
      out[7] = SQRT1_2;
      out[8] = SQRT1_2;
      out[9] = 0;
      out[12] = 0;
      out[13] = -SQRT1_2;
      out[18] = 0;
      out[19] = SQRT1_2;
      out[22] = SQRT1_2;
      out[23] = 0;
      out[24] = 0;
      out[25] = -SQRT1_2;
      out[28] = SQRT1_2;
      out[29] = 0;
      return out;
    case 'ccx': // controls qubits[0], qubits[1]; flips qubits[2]: swaps |011> and |111>
      // (out is cleared above: only the ones are written)
      for (let r = 0; r < 8; r++) out[2 * (r * 8 + (r === 3 ? 7 : r === 7 ? 3 : r))] = 1;
      return out;
    case 'cswap': // control qubits[0]; swaps qubits[1], qubits[2]: swaps |011> and |101>
      for (let r = 0; r < 8; r++) out[2 * (r * 8 + (r === 3 ? 5 : r === 5 ? 3 : r))] = 1;
      return out;
    default:
      throw new Error(`internal error: no matrix for gate ${name}`);
  }
}

/** The matrix of `name` with the given angles (radians), freshly allocated. */
export function gateMatrix(name: GateName, angles: ArrayLike<number> = []): Float64Array {
  const dim = gateDimension(name);
  // the angles as a Float64Array, the only array type writeGateMatrix's hot callers pass: its loads
  // stay monomorphic, so the bind paths that call it keep every angle unboxed
  return writeGateMatrix(name, Float64Array.from({ length: 3 }, (_, i) => angles[i] ?? 0), new Float64Array(2 * dim * dim));
}
