/**
 * Distributions of the measured classical bits of a circuit with terminal measurements, in Qiskit's
 * order: clbit 0 is the rightmost character, clbits never written read 0. When the circuit measures
 * nothing, every qubit is read into the clbit of the same index (the whole register).
 */
import type { Circuit } from './circuit';
import { CircuitError } from './errors';
import type { Rng } from './random';
import { indexToBitstring, sampleCounts } from './sampling';

/** For each clbit, the qubit measured into it last, or -1. */
export interface MeasurementMap {
  readonly numClbits: number;
  readonly qubitOfClbit: Int32Array;
}

/**
 * The clbit -> qubit map of `circuit`.
 * @throws CircuitError when a gate acts on a qubit after it was measured (mid-circuit measurement)
 */
export function measurementMap(circuit: Circuit): MeasurementMap {
  const measures = circuit.ops.filter((op) => op.kind === 'measure');
  if (measures.length === 0) {
    return { numClbits: circuit.numQubits, qubitOfClbit: Int32Array.from({ length: circuit.numQubits }, (_, q) => q) };
  }
  const qubitOfClbit = new Int32Array(circuit.numClbits).fill(-1);
  const measured = new Set<number>();
  circuit.ops.forEach((op, i) => {
    if (op.kind === 'measure') {
      qubitOfClbit[op.clbit] = op.qubit;
      measured.add(op.qubit);
    } else if (op.kind === 'gate') {
      const q = op.qubits.find((x) => measured.has(x));
      if (q !== undefined)
        throw new CircuitError(`ops[${i}]: gate '${op.name}' acts on qubit ${q} after it was measured; only terminal measurements are simulated`, {
          path: `ops[${i}]`,
        });
    }
  });
  return { numClbits: circuit.numClbits, qubitOfClbit };
}

/** The clbit value (bit j = clbit j) of basis index k. */
function clbitsOf(k: number, map: MeasurementMap): number {
  let value = 0;
  for (let j = 0; j < map.numClbits; j++) {
    const q = map.qubitOfClbit[j]!;
    if (q >= 0 && (k >>> q) & 1) value |= 1 << j;
  }
  return value;
}

function toRecord(values: ReadonlyMap<number, number>, numClbits: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const key of [...values.keys()].sort((a, b) => a - b)) out[indexToBitstring(key, numClbits)] = values.get(key)!;
  return out;
}

/**
 * Exact probabilities of the measured bitstrings, from the basis-state probabilities `probs`
 * (length 2^n). Outcomes with probability <= `cutoff` are left out. Keys sorted.
 */
export function measuredProbabilities(map: MeasurementMap, probs: Float64Array, cutoff = 0): Record<string, number> {
  const acc = new Map<number, number>();
  for (let k = 0; k < probs.length; k++) {
    const p = probs[k]!;
    if (p === 0) continue;
    const c = clbitsOf(k, map);
    acc.set(c, (acc.get(c) ?? 0) + p);
  }
  for (const [c, p] of acc) if (p <= cutoff) acc.delete(c);
  return toRecord(acc, map.numClbits);
}

/** `shots` seeded samples of the measured bitstrings (counts, keys sorted). */
export function sampleMeasured(map: MeasurementMap, probs: Float64Array, shots: number, rng: Rng): Record<string, number> {
  const acc = new Map<number, number>();
  for (const [k, count] of sampleCounts(probs, shots, rng)) {
    const c = clbitsOf(k, map);
    acc.set(c, (acc.get(c) ?? 0) + count);
  }
  return toRecord(acc, map.numClbits);
}
