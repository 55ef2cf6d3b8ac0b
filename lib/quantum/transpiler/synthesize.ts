/**
 * Basis translation, step 2, and 1-qubit gate merging: every run of 1-qubit gates on a wire (between
 * 2-qubit gates, measurements and barriers) becomes `rz`/`sx`/`x`. Runs of fixed-angle gates are
 * multiplied into one 2x2 unitary and re-synthesized (at most `rz sx rz sx rz`); parameterized
 * rotations keep their symbolic angle (`rx(θ)` = U3(θ, -π/2, π/2), `ry(θ)` = U3(θ, 0, 0), lowered
 * as `rz(λ) sx rz(θ+π) sx rz(φ+π)`), and neighbouring `rz` gates are merged whenever their angles
 * are affine in the same parameter.
 */
import type { Angle, GateName, GateOp, Operation, ParamRef } from '../circuit';
import { gateMatrix } from '../gates';
import { shiftAngle } from './decompose';
import { mul2, synthesizeZsx, wrapAngle } from './euler';

type Basic = { readonly name: 'rz'; readonly angle: Angle } | { readonly name: 'sx' | 'x' };

const IDENTITY = () => new Float64Array([1, 0, 0, 0, 0, 0, 1, 0]);

/** The symbolic lowering of one parameterized 1-qubit gate. */
function lowerSymbolic(op: GateOp): Basic[] {
  const [a0, a1, a2] = op.params as [Angle, Angle, Angle];
  const u3 = (theta: Angle, phi: Angle, lambda: Angle): Basic[] => [
    { name: 'rz', angle: lambda },
    { name: 'sx' },
    { name: 'rz', angle: shiftAngle(theta, Math.PI) },
    { name: 'sx' },
    { name: 'rz', angle: shiftAngle(phi, Math.PI) },
  ];
  switch (op.name) {
    case 'rz':
    case 'p':
      return [{ name: 'rz', angle: a0 }];
    case 'rx':
      return u3(a0, -Math.PI / 2, Math.PI / 2);
    case 'ry':
      return u3(a0, 0, 0);
    case 'u':
      return u3(a0, a1, a2);
    default:
      throw new Error(`internal error: ${op.name} has no symbolic lowering`);
  }
}

/** Merge neighbouring rz gates whose angles combine affinely; drop rz(0). */
function mergeRz(seq: readonly Basic[]): Basic[] {
  const out: Basic[] = [];
  for (const g of seq) {
    const last = out[out.length - 1];
    if (g.name === 'rz' && last?.name === 'rz') {
      const merged = addAngles(last.angle, g.angle);
      if (merged !== null) { out[out.length - 1] = { name: 'rz', angle: merged }; continue; }
    }
    out.push(g);
  }
  return out.filter((g) => !(g.name === 'rz' && typeof g.angle === 'number' && Math.abs(wrapAngle(g.angle)) < 1e-12));
}

function addAngles(a: Angle, b: Angle): Angle | null {
  if (typeof a === 'number' && typeof b === 'number') return wrapAngle(a + b);
  if (typeof a === 'number') return shiftAngle(b, a);
  if (typeof b === 'number') return shiftAngle(a, b);
  if (a.index !== b.index) return null;
  const sum: ParamRef = { kind: 'param', index: a.index, scale: a.scale + b.scale, offset: a.offset + b.offset };
  return sum.scale === 0 ? sum.offset : sum;
}

/** One wire's run of 1-qubit gates as merged basis gates. */
function synthesizeRun(run: readonly GateOp[]): Basic[] {
  const seq: Basic[] = [];
  let acc: Float64Array | null = null;
  const flush = () => {
    if (acc) for (const g of synthesizeZsx(acc)) seq.push(g);
    acc = null;
  };
  for (const op of run) {
    if (op.params.every((p) => typeof p === 'number')) {
      acc = mul2(gateMatrix(op.name, op.params as number[]), acc ?? IDENTITY());
    } else {
      flush();
      seq.push(...lowerSymbolic(op));
    }
  }
  flush();
  return mergeRz(seq);
}

/** Rewrite every 1-qubit gate of `ops` (n wires) into merged rz/sx/x; other operations pass through. */
export function synthesizeOneQubitRuns(ops: readonly Operation[], n: number): Operation[] {
  const pending: GateOp[][] = Array.from({ length: n }, () => []);
  const out: Operation[] = [];
  const flush = (q: number) => {
    for (const b of synthesizeRun(pending[q]!)) {
      out.push({ kind: 'gate', name: b.name as GateName, qubits: [q], params: b.name === 'rz' ? [b.angle] : [] });
    }
    pending[q] = [];
  };
  for (const op of ops) {
    if (op.kind === 'gate' && op.qubits.length === 1) { pending[op.qubits[0]!]!.push(op); continue; }
    const wires = op.kind === 'measure' ? [op.qubit] : op.qubits;
    for (const q of wires) flush(q);
    out.push(op);
  }
  for (let q = 0; q < n; q++) flush(q);
  return out;
}
