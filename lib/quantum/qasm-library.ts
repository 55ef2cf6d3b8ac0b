/**
 * The gates an OpenQASM program may call without defining them: the IR's gates under their
 * qelib1.inc / stdgates.inc names (u3 = U, u2(φ,λ) = U(π/2,φ,λ), u1 = p, cu1 = cp, CX = cx, ...) and,
 * as OpenQASM text expanded like user gates, those of qelib1.inc that the IR lacks (cu3, cu, csx),
 * with the standard qelib1.inc decompositions (Cross et al., "Open Quantum Assembly Language",
 * arXiv:1707.03429, and Qiskit's qelib1.inc).
 */
import { GATE_ARITY, type GateName } from './circuit';
import { constant, type Affine } from './qasm-expr';

export interface NativeGate {
  readonly ir: GateName;
  /** Parameters and qubits in OpenQASM. */
  readonly params: number;
  readonly qubits: number;
  /** OpenQASM parameters -> IR angles. */
  readonly angles: (p: readonly Affine[]) => Affine[];
}

const same = (p: readonly Affine[]): Affine[] => [...p];

function native(ir: GateName, angles: (p: readonly Affine[]) => Affine[] = same, params: number = GATE_ARITY[ir].params): NativeGate {
  return { ir, params, qubits: GATE_ARITY[ir].qubits, angles };
}

export const NATIVE_GATES: ReadonlyMap<string, NativeGate> = new Map<string, NativeGate>([
  ...(Object.keys(GATE_ARITY) as GateName[]).filter((g) => g !== 'u').map((g) => [g, native(g)] as [string, NativeGate]),
  ['U', native('u')],
  ['u', native('u')],
  ['u3', native('u')],
  ['u2', native('u', (p) => [constant(Math.PI / 2), p[0]!, p[1]!], 2)],
  ['u1', native('p')],
  ['phase', native('p')],
  ['u0', native('id', () => [], 1)],
  ['CX', native('cx')],
  ['cnot', native('cx')],
  ['cu1', native('cp')],
  ['cphase', native('cp')],
]);

/** qelib1.inc gates outside the IR, as OpenQASM definitions. */
export const DEFINED_GATES = `
gate cu3(theta,phi,lambda) c, t { u1((lambda+phi)/2) c; u1((lambda-phi)/2) t; cx c,t; u3(-theta/2,0,-(phi+lambda)/2) t; cx c,t; u3(theta/2,phi,0) t; }
gate cu(theta,phi,lambda,gamma) c, t { p(gamma) c; p((lambda+phi)/2) c; p((lambda-phi)/2) t; cx c,t; u(-theta/2,0,-(phi+lambda)/2) t; cx c,t; u(theta/2,phi,0) t; }
gate csx a, b { h b; cu1(pi/2) a, b; h b; }
`;
