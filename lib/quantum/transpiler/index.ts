/**
 * A small TypeScript transpiler to a device's ISA (what Qiskit Runtime's Sampler V2 requires since
 * 2024-03-01): basis translation to `rz, sx, x` + `cz` | `ecr` | `cx`, an initial layout on connected
 * physical qubits (a path when one exists), greedy SWAP routing on the coupling map, and 1-qubit gate
 * merging. Pure: no I/O. Parameters stay symbolic, so one transpilation serves every parameter set.
 *
 * The output acts on `n` local wires; local wire k is physical qubit `physicalQubits[k]`. A circuit
 * without measurements gets one per logical qubit (logical i -> clbit i, at its final position), so
 * counts come back in the logical order whatever the routing did.
 *
 * @example
 * const t = transpile(realAmplitudes({ numQubits: 4, reps: 2 }), heronTarget);
 * toQasm3(t.circuit, { physicalQubits: true, physicalQubitMap: t.physicalQubits });
 */
import type { Circuit, GateOp, Operation } from '../circuit';
import { InvalidArgumentError } from '../errors';
import { circuitStats, type CircuitStats } from '../stats';
import { decomposeGate, lowerCx } from './decompose';
import { chooseLayout } from './layout';
import { routeSwaps } from './route';
import { synthesizeOneQubitRuns } from './synthesize';
import { adjacency, distances, hasDirectedEdge, twoQubitBasis, type Target } from './target';

export * from './target';
export { synthesizeZsx, zyz, mul2 } from './euler';

export interface TranspiledCircuit {
  /** The ISA circuit on n local wires (gates rz, sx, x and the target's 2-qubit gate; measures). */
  readonly circuit: Circuit;
  /** Local wire -> physical qubit. */
  readonly physicalQubits: readonly number[];
  /** Logical qubit -> local wire at the end of the circuit (after SWAPs). */
  readonly finalLayout: readonly number[];
  readonly swaps: number;
  readonly stats: CircuitStats;
}

function fullyDecompose(op: GateOp): GateOp[] {
  const parts = decomposeGate(op, false);
  if (parts.length === 1 && parts[0] === op) return parts;
  return parts.flatMap((p) => (p.qubits.length === 1 || p.name === 'cx' ? [p] : fullyDecompose(p)));
}

/**
 * Transpile `circuit` for `target`.
 * @throws InvalidArgumentError when the target lacks a 2-qubit basis gate or enough connected qubits
 */
export function transpile(circuit: Circuit, target: Target): TranspiledCircuit {
  const n = circuit.numQubits;
  if (n > target.numQubits) {
    throw new InvalidArgumentError(`numQubits: the circuit has ${n} qubits; the device has ${target.numQubits}`, { path: 'numQubits' });
  }
  const basis = twoQubitBasis(target);
  const logical: Operation[] = circuit.ops.flatMap((op): Operation[] => (op.kind === 'gate' ? fullyDecompose(op) : [op]));
  let numClbits = circuit.numClbits;
  if (!circuit.ops.some((op) => op.kind === 'measure')) {
    for (let q = 0; q < n; q++) logical.push({ kind: 'measure', qubit: q, clbit: numClbits + q });
    numClbits += n;
  }
  const adj = adjacency(target);
  const physical = chooseLayout(adj, n);
  const local = physical.map((p) => adj[p]!.map((w) => physical.indexOf(w)).filter((k) => k >= 0));
  const routed = routeSwaps(logical, local, distances(local));
  const lowered = routed.ops.flatMap((op): Operation[] => {
    if (op.kind !== 'gate' || op.qubits.length === 1) return [op];
    const cxs = op.name === 'swap' ? decomposeGate(op, false) : [op];
    return cxs.flatMap((g) => {
      const [a, b] = g.qubits as [number, number];
      return lowerCx(a, b, basis, hasDirectedEdge(target, physical[a]!, physical[b]!));
    });
  });
  const ops = synthesizeOneQubitRuns(lowered, n);
  const out: Circuit = { kind: 'circuit', numQubits: n, numClbits, parameters: [...circuit.parameters], ops };
  return { circuit: out, physicalQubits: physical, finalLayout: routed.finalLayout, swaps: routed.swaps, stats: circuitStats(out) };
}
