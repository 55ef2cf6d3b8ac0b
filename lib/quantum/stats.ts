/**
 * Circuit statistics as Qiskit reports them (`QuantumCircuit.depth()`, `count_ops()`,
 * `num_parameters`, `num_qubits`).
 *
 * Depth: every qubit and classical bit is a wire with a height; an operation sits one above the
 * highest wire it touches and lifts all of them to that level (a measurement touches its qubit and
 * its clbit). Barriers are directives: they do not add a level but still align the wires they
 * span, exactly as Qiskit's `depth()` with its default filter.
 * Gate counts: every operation name, including `measure` and `barrier` (Qiskit's `count_ops`).
 *
 * @example
 * circuitStats(bell); // { depth: 3, gateCounts: { h: 1, cx: 1, barrier: 1, measure: 2 }, numParameters: 0, numQubits: 2 }
 */
import type { Circuit } from './circuit';

export interface CircuitStats {
  readonly depth: number;
  readonly gateCounts: Record<string, number>;
  readonly numParameters: number;
  readonly numQubits: number;
}

export function circuitStats(circuit: Circuit): CircuitStats {
  const n = circuit.numQubits;
  const height = new Array<number>(n + circuit.numClbits).fill(0);
  const gateCounts: Record<string, number> = {};
  for (const op of circuit.ops) {
    const name = op.kind === 'gate' ? op.name : op.kind;
    gateCounts[name] = (gateCounts[name] ?? 0) + 1;
    const wires = op.kind === 'measure' ? [op.qubit, n + op.clbit] : op.qubits;
    const step = op.kind === 'barrier' ? 0 : 1;
    let level = 0;
    for (const w of wires) level = Math.max(level, (height[w] ?? 0) + step);
    for (const w of wires) height[w] = level;
  }
  return {
    depth: height.reduce((a, b) => Math.max(a, b), 0),
    gateCounts,
    numParameters: circuit.parameters.length,
    numQubits: n,
  };
}
