/**
 * Circuit IR: plain, readonly, JSON-serialisable data with symbolic parameters.
 *
 * Bit order follows Qiskit: qubit 0 is the least significant bit of a basis-state index and the
 * rightmost character of a bitstring. Angles are in radians.
 */

/** The gates of the IR, with Qiskit's (qelib1 / stdgates) names and matrix conventions. */
export const GATE_ARITY = {
  id: { qubits: 1, params: 0 },
  h: { qubits: 1, params: 0 },
  x: { qubits: 1, params: 0 },
  y: { qubits: 1, params: 0 },
  z: { qubits: 1, params: 0 },
  s: { qubits: 1, params: 0 },
  sdg: { qubits: 1, params: 0 },
  t: { qubits: 1, params: 0 },
  tdg: { qubits: 1, params: 0 },
  sx: { qubits: 1, params: 0 },
  sxdg: { qubits: 1, params: 0 },
  rx: { qubits: 1, params: 1 },
  ry: { qubits: 1, params: 1 },
  rz: { qubits: 1, params: 1 },
  p: { qubits: 1, params: 1 },
  u: { qubits: 1, params: 3 },
  cx: { qubits: 2, params: 0 },
  cy: { qubits: 2, params: 0 },
  cz: { qubits: 2, params: 0 },
  ch: { qubits: 2, params: 0 },
  cp: { qubits: 2, params: 1 },
  crx: { qubits: 2, params: 1 },
  cry: { qubits: 2, params: 1 },
  crz: { qubits: 2, params: 1 },
  rzz: { qubits: 2, params: 1 },
  rxx: { qubits: 2, params: 1 },
  ryy: { qubits: 2, params: 1 },
  swap: { qubits: 2, params: 0 },
  ecr: { qubits: 2, params: 0 },
  ccx: { qubits: 3, params: 0 },
  cswap: { qubits: 3, params: 0 },
} as const;

export type GateName = keyof typeof GATE_ARITY;

/**
 * A reference to a circuit parameter: the angle is `scale * params[index] + offset` radians.
 * `index` points into `Circuit.parameters`.
 */
export interface ParamRef {
  readonly kind: 'param';
  readonly index: number;
  readonly scale: number;
  readonly offset: number;
}

/** A gate angle: a fixed number of radians or an affine function of one circuit parameter. */
export type Angle = number | ParamRef;

export interface GateOp {
  readonly kind: 'gate';
  readonly name: GateName;
  /** Qubit indices; for controlled gates the control(s) come first, as in Qiskit. */
  readonly qubits: readonly number[];
  readonly params: readonly Angle[];
}

export interface MeasureOp {
  readonly kind: 'measure';
  readonly qubit: number;
  readonly clbit: number;
}

export interface BarrierOp {
  readonly kind: 'barrier';
  readonly qubits: readonly number[];
}

export type Operation = GateOp | MeasureOp | BarrierOp;

export interface Circuit {
  readonly kind: 'circuit';
  readonly numQubits: number;
  readonly numClbits: number;
  /** Parameter names in Qiskit's order, e.g. `θ[0]`, `θ[1]`, ... or `β[0]`, `γ[0]`. */
  readonly parameters: readonly string[];
  readonly ops: readonly Operation[];
}

/** A parameter reference `scale * params[index] + offset`. */
export function param(index: number, scale = 1, offset = 0): ParamRef {
  return { kind: 'param', index, scale, offset };
}

/** Resolve an angle against a parameter vector (radians). */
export function bindAngle(angle: Angle, params: ArrayLike<number>): number {
  if (typeof angle === 'number') return angle;
  return angle.scale * (params[angle.index] as number) + angle.offset;
}
