/**
 * Basis translation, step 1: every IR gate as 1-qubit gates and `cx` (plus `ecr` when the target has
 * it), with symbolic angles kept symbolic. The identities are the standard ones of Qiskit's
 * equivalence library (Nielsen & Chuang §4.3); each is checked against the dense matrix in the tests.
 */
import type { Angle, GateName, GateOp } from '../circuit';

/** angle * k (a ParamRef stays affine in its parameter). */
export function scaleAngle(a: Angle, k: number): Angle {
  return typeof a === 'number' ? a * k : { ...a, scale: a.scale * k, offset: a.offset * k };
}

/** angle + c radians. */
export function shiftAngle(a: Angle, c: number): Angle {
  return typeof a === 'number' ? a + c : { ...a, offset: a.offset + c };
}

const g = (name: GateName, qubits: readonly number[], params: readonly Angle[] = []): GateOp => ({ kind: 'gate', name, qubits, params });
const HALF_PI = Math.PI / 2;

/** One IR gate as 1-qubit gates and `cx` (and `ecr` if `keepEcr`), in application order. */
export function decomposeGate(op: GateOp, keepEcr: boolean): GateOp[] {
  const [a, b, c] = op.qubits as [number, number, number];
  const [t0] = op.params as [Angle];
  switch (op.name) {
    case 'id':
      return [];
    case 'cx':
      return [op];
    case 'cz':
      return [g('h', [b]), g('cx', [a, b]), g('h', [b])];
    case 'cy':
      return [g('sdg', [b]), g('cx', [a, b]), g('s', [b])];
    case 'ch':
      return [g('s', [b]), g('h', [b]), g('t', [b]), g('cx', [a, b]), g('tdg', [b]), g('h', [b]), g('sdg', [b])];
    case 'cp':
      return [g('p', [a], [scaleAngle(t0, 0.5)]), g('cx', [a, b]), g('p', [b], [scaleAngle(t0, -0.5)]), g('cx', [a, b]), g('p', [b], [scaleAngle(t0, 0.5)])];
    case 'crz':
      return [g('rz', [b], [scaleAngle(t0, 0.5)]), g('cx', [a, b]), g('rz', [b], [scaleAngle(t0, -0.5)]), g('cx', [a, b])];
    case 'cry':
      return [g('ry', [b], [scaleAngle(t0, 0.5)]), g('cx', [a, b]), g('ry', [b], [scaleAngle(t0, -0.5)]), g('cx', [a, b])];
    case 'crx':
      return [g('s', [b]), ...decomposeGate(g('cry', [a, b], [t0]), keepEcr), g('sdg', [b])];
    case 'rzz':
      return [g('cx', [a, b]), g('rz', [b], [t0]), g('cx', [a, b])];
    case 'rxx':
      return [g('h', [a]), g('h', [b]), g('cx', [a, b]), g('rz', [b], [t0]), g('cx', [a, b]), g('h', [a]), g('h', [b])];
    case 'ryy':
      return [
        g('rx', [a], [HALF_PI]), g('rx', [b], [HALF_PI]), g('cx', [a, b]), g('rz', [b], [t0]), g('cx', [a, b]),
        g('rx', [a], [-HALF_PI]), g('rx', [b], [-HALF_PI]),
      ];
    case 'swap':
      return [g('cx', [a, b]), g('cx', [b, a]), g('cx', [a, b])];
    case 'ecr':
      return keepEcr ? [op] : [g('s', [a]), g('sx', [b]), g('cx', [a, b]), g('x', [a])];
    case 'ccx':
      return [
        g('h', [c]), g('cx', [b, c]), g('tdg', [c]), g('cx', [a, c]), g('t', [c]), g('cx', [b, c]), g('tdg', [c]),
        g('cx', [a, c]), g('t', [b]), g('t', [c]), g('h', [c]), g('cx', [a, b]), g('t', [a]), g('tdg', [b]), g('cx', [a, b]),
      ];
    case 'cswap':
      return [g('cx', [c, b]), ...decomposeGate(g('ccx', [a, b, c]), keepEcr), g('cx', [c, b])];
    default:
      return [op]; // 1-qubit gates are translated by the synthesis pass
  }
}

/**
 * `cx(a, b)` in the target's entangling gate, in application order. `forward` tells whether the
 * directed edge (a, b) is native; for `ecr` on a reversed edge, Hadamards swap the roles.
 */
export function lowerCx(a: number, b: number, basis: 'cz' | 'ecr' | 'cx', forward: boolean): GateOp[] {
  if (basis === 'cx') return forward ? [g('cx', [a, b])] : [g('h', [a]), g('h', [b]), g('cx', [b, a]), g('h', [a]), g('h', [b])];
  if (basis === 'cz') return [g('h', [b]), g('cz', [a, b]), g('h', [b])];
  if (!forward) return [g('h', [a]), g('h', [b]), ...lowerCx(b, a, basis, true), g('h', [a]), g('h', [b])];
  return [g('sdg', [a]), g('sxdg', [b]), g('ecr', [a, b]), g('x', [a])];
}
