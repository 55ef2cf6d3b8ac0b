/**
 * Gate fusion: consecutive gates grouped into fused gates on at most `maxQubits` qubits, each later
 * applied as one dense (or diagonal) 2^k x 2^k matrix, the product of its members computed at bind
 * time (engine/matrix.ts). Fewer kernel calls and fewer passes over the state, at the price of a
 * dense matrix where the members may have been sparse: which k pays is measured (docs/benchmarks.md).
 *
 * Greedy, in circuit order (in the spirit of qsim's fusers: Isakov et al., arXiv:2111.02396):
 * every qubit has at most one open group; a gate joins the open groups of its qubits, smallest
 * first, as long as their union with the gate's qubits stays within `maxQubits` qubits (merging
 * them); the groups it cannot join are closed (emitted) first, in the order of the gate's qubits.
 * So in a RealAmplitudes layer the RY on qubit q joins the CX that follows it even when the CX's
 * other qubit already carries a full group. A gate on more than `maxQubits` qubits closes its
 * qubits' groups and is emitted alone. At the end the open groups are emitted by ascending lowest
 * qubit. Emitting a group before groups on disjoint qubits that precede it in the circuit is sound:
 * gates on disjoint qubits commute.
 *
 * With maxQubits = 1 this is exactly the run fusion of compiled.ts (runs of 1-qubit gates on one
 * qubit, flushed in the order of the multi-qubit gate's qubits), so the instruction order, and with
 * it every rounding, is the same.
 */
import type { GateOp } from '../circuit';

/** A fused group: its qubits (ascending) and its member gates (indices into the gate list, in order). */
export interface FusedGroup {
  readonly qubits: readonly number[];
  readonly members: readonly number[];
}

interface OpenGroup {
  qubits: number[];
  members: number[];
}

/**
 * Group `gates` (on `numQubits` qubits) into fused groups of at most `maxQubits` qubits (>= 1).
 * A gate on more qubits than that forms a group of its own.
 */
export function fuseGates(gates: readonly GateOp[], numQubits: number, maxQubits: number): FusedGroup[] {
  const out: FusedGroup[] = [];
  const open: (OpenGroup | undefined)[] = new Array(numQubits).fill(undefined);
  const emit = (group: OpenGroup): void => {
    for (const q of group.qubits) open[q] = undefined;
    out.push({ qubits: [...group.qubits].sort((a, b) => a - b), members: group.members });
  };
  const touching = (qubits: readonly number[]): OpenGroup[] => {
    const found: OpenGroup[] = [];
    for (const q of qubits) {
      const g = open[q];
      if (g !== undefined && !found.includes(g)) found.push(g);
    }
    return found;
  };
  gates.forEach((gate, index) => {
    const groups = touching(gate.qubits);
    if (gate.qubits.length > maxQubits) {
      groups.forEach(emit);
      out.push({ qubits: [...gate.qubits].sort((a, b) => a - b), members: [index] });
      return;
    }
    const union = new Set(gate.qubits);
    const kept: OpenGroup[] = [];
    for (const g of [...groups].sort((a, b) => a.qubits.length - b.qubits.length)) {
      const grown = new Set(union);
      for (const q of g.qubits) grown.add(q);
      if (grown.size > maxQubits) continue;
      kept.push(g);
      for (const q of g.qubits) union.add(q);
    }
    groups.filter((g) => !kept.includes(g)).forEach(emit);
    const merged: OpenGroup = { qubits: [...union], members: [...groups.filter((g) => kept.includes(g)).flatMap((g) => g.members), index] };
    for (const q of merged.qubits) open[q] = merged;
  });
  const rest = [...new Set(open.filter((g): g is OpenGroup => g !== undefined))];
  rest.sort((a, b) => Math.min(...a.qubits) - Math.min(...b.qubits)).forEach(emit);
  return out;
}
