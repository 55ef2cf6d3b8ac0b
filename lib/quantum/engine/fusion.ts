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
  /** A qubit none of the members flips (the group's matrix is block-diagonal in it), when one was made so: absorbControlled. */
  readonly control?: number;
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

/** Two-qubit gates that never flip their first qubit; for CZ (symmetric) neither qubit is flipped. */
const CONTROLLED = new Set(['cx', 'cz']);

/**
 * Fold each CX or CZ that stands alone into a run of 1-qubit gates on its target (fuseGates'
 * groups of size 1): the nearest earlier group touching the target when it is such a run (the run
 * moves forward to the CX: nothing between touches its qubit, so they commute), else the nearest
 * later one. The result is a 2-qubit group whose matrix is block-diagonal in the control, marked
 * `control`: the kernels apply it as two 2x2 matrices selected by the control bit, at the cost of
 * the run alone, and the CX's own pass over the state disappears. For a CZ either qubit may be the
 * target. Used on representations whose kernels have controlled variants (wasm/repr.ts).
 *
 * In RealAmplitudes with reverse_linear entanglement every CX(i, i+1) takes the next layer's RY on
 * i + 1; with linear entanglement each takes the same layer's RY before it.
 */
export function absorbControlled(gates: readonly { readonly name: string; readonly qubits: readonly number[] }[], groups: readonly FusedGroup[]): FusedGroup[] {
  const out: (FusedGroup | undefined)[] = [...groups];
  const isRunOn = (g: FusedGroup | undefined, q: number): boolean => g !== undefined && g.control === undefined && g.qubits.length === 1 && g.qubits[0] === q;
  const nearest = (from: number, step: number, q: number): number => {
    let k = from + step;
    while (k >= 0 && k < out.length && !(out[k] !== undefined && out[k]!.qubits.includes(q))) k += step;
    return k;
  };
  for (let i = 0; i < out.length; i++) {
    const group = out[i]!;
    if (group === undefined || group.members.length !== 1) continue;
    const gate = gates[group.members[0]!]!;
    if (!CONTROLLED.has(gate.name)) continue;
    const [a, b] = gate.qubits as [number, number];
    const sides: [number, number][] = gate.name === 'cz' ? [[b, a], [a, b]] : [[b, a]];
    for (const [target, control] of sides) {
      const before = nearest(i, -1, target);
      const after = nearest(i, 1, target);
      const qubits = [Math.min(a, b), Math.max(a, b)];
      if (before >= 0 && isRunOn(out[before], target)) {
        out[i] = { qubits, members: [...out[before]!.members, group.members[0]!], control };
        out[before] = undefined;
        break;
      }
      if (after < out.length && isRunOn(out[after], target)) {
        out[i] = { qubits, members: [group.members[0]!, ...out[after]!.members], control };
        out[after] = undefined;
        break;
      }
    }
  }
  return out.filter((g): g is FusedGroup => g !== undefined);
}
