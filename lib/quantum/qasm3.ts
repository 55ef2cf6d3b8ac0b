/**
 * OpenQASM 3 export of a Circuit (OpenQASM 3.0 specification, `stdgates.inc`).
 *
 * Parameters become `input float[64]` declarations (IBM Qiskit Runtime and Amazon Braket bind them
 * per parameter set); ParamRef angles are written as `scale*name + offset`. Gates of the IR that
 * `stdgates.inc` lacks (rzz, rxx, ryy, sxdg) are defined in the program with Qiskit's decompositions,
 * so any OpenQASM 3 consumer can read the output (sxdg as H Sdg H, exact with no global phase, so
 * an import of the output gives the same state). `u` is the builtin `U`.
 *
 * @example toQasm3(realAmplitudes({ numQubits: 2, reps: 1 }))
 * // OPENQASM 3.0; include "stdgates.inc"; input float[64] theta_0; ... qubit[2] q; ry(theta_0) q[0]; ...
 */
import type { Angle, Circuit, GateName } from './circuit';

export interface Qasm3Options {
  /** Rename gates for a dialect (e.g. Braket: { cx: 'cnot', sdg: 'si', tdg: 'ti', p: 'phaseshift' }). */
  readonly gateNames?: Partial<Record<GateName, string>>;
  /** Skip the `include "stdgates.inc";` line (Braket's dialect has its gates built in). */
  readonly includeStdgates?: boolean;
  /** Qubit and bit register names (default `q` and `c`). */
  readonly qubitRegister?: string;
  readonly bitRegister?: string;
  /** Emit physical qubits `$0, $1, ...` instead of a register (hardware ISA circuits). */
  readonly physicalQubits?: boolean;
  /** With `physicalQubits`: IR qubit k is written `$physicalQubitMap[k]` (a transpiled layout). */
  readonly physicalQubitMap?: readonly number[];
}

/** Definitions of the IR gates missing from stdgates.inc (Qiskit's decompositions). */
const EXTRA_GATES: Partial<Record<GateName, string>> = {
  rzz: 'gate rzz(theta) a, b { cx a, b; rz(theta) b; cx a, b; }',
  rxx: 'gate rxx(theta) a, b { h a; h b; cx a, b; rz(theta) b; cx a, b; h a; h b; }',
  ryy: 'gate ryy(theta) a, b { rx(pi/2) a; rx(pi/2) b; cx a, b; rz(theta) b; cx a, b; rx(-pi/2) a; rx(-pi/2) b; }',
  sxdg: 'gate sxdg a { h a; sdg a; h a; }',
  ecr: 'gate ecr a, b { s a; sx b; cx a, b; x a; }',
};

/** A parameter name as an OpenQASM identifier: `θ[3]` -> `theta_3`, `γ[0]` -> `gamma_0`. */
export function qasmIdentifier(name: string): string {
  const greek: Record<string, string> = { θ: 'theta', β: 'beta', γ: 'gamma', φ: 'phi', λ: 'lambda', α: 'alpha' };
  let id = [...name].map((ch) => greek[ch] ?? ch).join('');
  id = id.replace(/\[(\d+)\]/g, '_$1').replace(/[^A-Za-z0-9_]/g, '_');
  return /^[A-Za-z_]/.test(id) ? id : `p_${id}`;
}

/** A float literal that round-trips exactly. */
function literal(x: number): string {
  const s = String(x);
  return /[.eE]/.test(s) || !Number.isFinite(x) ? s : `${s}.0`;
}

function angleText(angle: Angle, names: readonly string[]): string {
  if (typeof angle === 'number') return literal(angle);
  const name = names[angle.index]!;
  let text = angle.scale === 1 ? name : angle.scale === -1 ? `-${name}` : `${literal(angle.scale)}*${name}`;
  if (angle.offset !== 0) text += angle.offset < 0 ? ` - ${literal(-angle.offset)}` : ` + ${literal(angle.offset)}`;
  return text;
}

/** The OpenQASM 3 program text of `circuit`. */
export function toQasm3(circuit: Circuit, options: Qasm3Options = {}): string {
  const q = options.qubitRegister ?? 'q';
  const c = options.bitRegister ?? 'c';
  const qubit = (k: number) => (options.physicalQubits ? `$${options.physicalQubitMap?.[k] ?? k}` : `${q}[${k}]`);
  const names = circuit.parameters.map(qasmIdentifier);
  if (new Set(names).size !== names.length) throw new Error(`toQasm3: parameter names collide after renaming: ${names.join(', ')}`);
  const lines = ['OPENQASM 3.0;'];
  if (options.includeStdgates !== false) lines.push('include "stdgates.inc";');
  const used = new Set(circuit.ops.filter((op) => op.kind === 'gate').map((op) => op.name));
  for (const [gate, def] of Object.entries(EXTRA_GATES)) {
    if (used.has(gate as GateName) && !options.gateNames?.[gate as GateName]) lines.push(def);
  }
  for (const name of names) lines.push(`input float[64] ${name};`);
  if (!options.physicalQubits) lines.push(`qubit[${circuit.numQubits}] ${q};`);
  if (circuit.numClbits > 0) lines.push(`bit[${circuit.numClbits}] ${c};`);
  for (const op of circuit.ops) {
    if (op.kind === 'barrier') lines.push(`barrier ${op.qubits.map(qubit).join(', ')};`);
    else if (op.kind === 'measure') lines.push(`${c}[${op.clbit}] = measure ${qubit(op.qubit)};`);
    else {
      const gate = options.gateNames?.[op.name] ?? (op.name === 'u' ? 'U' : op.name);
      const args = op.params.length ? `(${op.params.map((a) => angleText(a, names)).join(', ')})` : '';
      lines.push(`${gate}${args} ${op.qubits.map(qubit).join(', ')};`);
    }
  }
  return `${lines.join('\n')}\n`;
}
