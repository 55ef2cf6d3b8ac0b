/**
 * Our circuits as Braket OpenQASM 3 programs: Braket's built-in gate names (`cnot`, `si`, `ti`,
 * `phaseshift`, `v`, ...; `ctrl @` for controlled rotations), no `include`, and `c[i] = measure q[i]`
 * for every qubit so `measuredQubits` lists the logical qubits (braket.md §2.8).
 */
import type { Circuit, GateName, Operation } from '../../quantum/circuit';
import { qasmIdentifier, toQasm3 } from '../../quantum/qasm3';

export const BRAKET_GATE_NAMES: Partial<Record<GateName, string>> = {
  id: 'i', cx: 'cnot', sdg: 'si', tdg: 'ti', p: 'phaseshift', sx: 'v', sxdg: 'vi', ccx: 'ccnot',
  rzz: 'zz', rxx: 'xx', ryy: 'yy', cp: 'cphaseshift', u: 'U',
  crx: 'ctrl @ rx', cry: 'ctrl @ ry', crz: 'ctrl @ rz', ch: 'ctrl @ h',
};

/** The Braket program text of `circuit` with a measurement of every qubit appended when it has none. */
export function toBraketQasm(circuit: Circuit): string {
  let c = circuit;
  if (!circuit.ops.some((op) => op.kind === 'measure')) {
    const measures: Operation[] = Array.from({ length: circuit.numQubits }, (_, q) => ({ kind: 'measure', qubit: q, clbit: circuit.numClbits + q }));
    c = { ...circuit, numClbits: circuit.numClbits + circuit.numQubits, ops: [...circuit.ops, ...measures] };
  }
  return toQasm3(c, { includeStdgates: false, gateNames: BRAKET_GATE_NAMES });
}

/** `inputs` of one parameter set: `{ theta_0: 0.1, ... }`. */
export function inputsOf(circuit: Circuit, values: readonly number[]): Record<string, number> {
  return Object.fromEntries(circuit.parameters.map((p, i) => [qasmIdentifier(p), values[i]!]));
}
