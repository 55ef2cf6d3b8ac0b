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

function set(out: Float64Array, dim: number, r: number, c: number, re: number, im: number): void {
  const i = 2 * (r * dim + c);
  out[i] = re;
  out[i + 1] = im;
}

function angle(angles: ArrayLike<number>, i: number): number {
  return angles[i] ?? 0;
}

/** Write the 2x2 matrix of a single-qubit gate into `out[0..7]`. */
function write1(name: GateName, angles: ArrayLike<number>, out: Float64Array): void {
  const a = angle(angles, 0);
  const c = Math.cos(a / 2);
  const s = Math.sin(a / 2);
  switch (name) {
    case 'id':
      set(out, 2, 0, 0, 1, 0);
      set(out, 2, 1, 1, 1, 0);
      return;
    case 'h':
      set(out, 2, 0, 0, SQRT1_2, 0);
      set(out, 2, 0, 1, SQRT1_2, 0);
      set(out, 2, 1, 0, SQRT1_2, 0);
      set(out, 2, 1, 1, -SQRT1_2, 0);
      return;
    case 'x':
      set(out, 2, 0, 1, 1, 0);
      set(out, 2, 1, 0, 1, 0);
      return;
    case 'y':
      set(out, 2, 0, 1, 0, -1);
      set(out, 2, 1, 0, 0, 1);
      return;
    case 'z':
      set(out, 2, 0, 0, 1, 0);
      set(out, 2, 1, 1, -1, 0);
      return;
    case 's':
      set(out, 2, 0, 0, 1, 0);
      set(out, 2, 1, 1, 0, 1);
      return;
    case 'sdg':
      set(out, 2, 0, 0, 1, 0);
      set(out, 2, 1, 1, 0, -1);
      return;
    case 't':
      set(out, 2, 0, 0, 1, 0);
      set(out, 2, 1, 1, Math.cos(PI_4), Math.sin(PI_4));
      return;
    case 'tdg':
      set(out, 2, 0, 0, 1, 0);
      set(out, 2, 1, 1, Math.cos(PI_4), -Math.sin(PI_4));
      return;
    case 'sx': // (1/2) [[1+i, 1-i], [1-i, 1+i]]
      set(out, 2, 0, 0, 0.5, 0.5);
      set(out, 2, 0, 1, 0.5, -0.5);
      set(out, 2, 1, 0, 0.5, -0.5);
      set(out, 2, 1, 1, 0.5, 0.5);
      return;
    case 'sxdg': // (1/2) [[1-i, 1+i], [1+i, 1-i]]
      set(out, 2, 0, 0, 0.5, -0.5);
      set(out, 2, 0, 1, 0.5, 0.5);
      set(out, 2, 1, 0, 0.5, 0.5);
      set(out, 2, 1, 1, 0.5, -0.5);
      return;
    case 'rx':
      set(out, 2, 0, 0, c, 0);
      set(out, 2, 0, 1, 0, -s);
      set(out, 2, 1, 0, 0, -s);
      set(out, 2, 1, 1, c, 0);
      return;
    case 'ry':
      set(out, 2, 0, 0, c, 0);
      set(out, 2, 0, 1, -s, 0);
      set(out, 2, 1, 0, s, 0);
      set(out, 2, 1, 1, c, 0);
      return;
    case 'rz':
      set(out, 2, 0, 0, c, -s);
      set(out, 2, 1, 1, c, s);
      return;
    case 'p':
      set(out, 2, 0, 0, 1, 0);
      set(out, 2, 1, 1, Math.cos(a), Math.sin(a));
      return;
    case 'u': {
      const phi = angle(angles, 1);
      const lam = angle(angles, 2);
      set(out, 2, 0, 0, c, 0);
      set(out, 2, 0, 1, -Math.cos(lam) * s, -Math.sin(lam) * s);
      set(out, 2, 1, 0, Math.cos(phi) * s, Math.sin(phi) * s);
      set(out, 2, 1, 1, Math.cos(phi + lam) * c, Math.sin(phi + lam) * c);
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
export function writeGateMatrix(name: GateName, angles: ArrayLike<number>, out: Float64Array): Float64Array {
  const dim = gateDimension(name);
  out.fill(0, 0, 2 * dim * dim);
  if (dim === 2) {
    write1(name, angles, out);
    return out;
  }
  const a = angle(angles, 0);
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
      set(out, 4, 0, 0, 1, 0);
      set(out, 4, 2, 2, 1, 0);
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
      set(out, 4, 0, 0, c, -s);
      set(out, 4, 1, 1, c, s);
      set(out, 4, 2, 2, c, s);
      set(out, 4, 3, 3, c, -s);
      return out;
    case 'rxx': // cos(θ/2) I - i sin(θ/2) X⊗X
      for (let r = 0; r < 4; r++) {
        set(out, 4, r, r, c, 0);
        set(out, 4, r, 3 - r, 0, -s);
      }
      return out;
    case 'ryy': // cos(θ/2) I - i sin(θ/2) Y⊗Y, Y⊗Y = antidiag(-1, 1, 1, -1)
      for (let r = 0; r < 4; r++) {
        set(out, 4, r, r, c, 0);
        set(out, 4, r, 3 - r, 0, r === 0 || r === 3 ? s : -s);
      }
      return out;
    case 'swap':
      set(out, 4, 0, 0, 1, 0);
      set(out, 4, 1, 2, 1, 0);
      set(out, 4, 2, 1, 1, 0);
      set(out, 4, 3, 3, 1, 0);
      return out;
    case 'ecr': // IBM's echoed cross-resonance gate (Qiskit ECRGate): (IX - XY) / sqrt(2), bit0 = qubits[0]
      set(out, 4, 0, 1, SQRT1_2, 0);
      set(out, 4, 0, 3, 0, SQRT1_2);
      set(out, 4, 1, 0, SQRT1_2, 0);
      set(out, 4, 1, 2, 0, -SQRT1_2);
      set(out, 4, 2, 1, 0, SQRT1_2);
      set(out, 4, 2, 3, SQRT1_2, 0);
      set(out, 4, 3, 0, 0, -SQRT1_2);
      set(out, 4, 3, 2, SQRT1_2, 0);
      return out;
    case 'ccx': // controls qubits[0], qubits[1]; flips qubits[2]: swaps |011> and |111>
      for (let r = 0; r < 8; r++) set(out, 8, r, r === 3 ? 7 : r === 7 ? 3 : r, 1, 0);
      return out;
    case 'cswap': // control qubits[0]; swaps qubits[1], qubits[2]: swaps |011> and |101>
      for (let r = 0; r < 8; r++) set(out, 8, r, r === 3 ? 5 : r === 5 ? 3 : r, 1, 0);
      return out;
    default:
      throw new Error(`internal error: no matrix for gate ${name}`);
  }
}

/** The matrix of `name` with the given angles (radians), freshly allocated. */
export function gateMatrix(name: GateName, angles: ArrayLike<number> = []): Float64Array {
  const dim = gateDimension(name);
  return writeGateMatrix(name, angles, new Float64Array(2 * dim * dim));
}
