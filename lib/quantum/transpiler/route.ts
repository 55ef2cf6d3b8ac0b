/**
 * SWAP routing: walk the gates in order; when a 2-qubit gate's qubits are not adjacent, swap the
 * first one along a shortest path until they are (a greedy router in the spirit of Qiskit's
 * BasicSwap). The layout maps logical -> local position and is updated by every SWAP.
 */
import type { GateOp, Operation } from '../circuit';

export interface Routed {
  readonly ops: Operation[];
  /** Logical qubit -> local position after the last gate. */
  readonly finalLayout: number[];
  readonly swaps: number;
}

/**
 * Route `ops` (1- and 2-qubit gates on logical qubits, measures, barriers) over the local graph
 * with all-pairs distances `dist` and adjacency `adj`. Output ops act on local positions.
 */
export function routeSwaps(ops: readonly Operation[], adj: readonly (readonly number[])[], dist: readonly (readonly number[])[]): Routed {
  const n = adj.length;
  const pos = Array.from({ length: n }, (_, i) => i); // logical -> position
  const at = Array.from({ length: n }, (_, i) => i); // position -> logical
  const out: Operation[] = [];
  let swaps = 0;
  for (const op of ops) {
    if (op.kind === 'measure') { out.push({ ...op, qubit: pos[op.qubit]! }); continue; }
    if (op.kind === 'barrier') { out.push({ kind: 'barrier', qubits: op.qubits.map((q) => pos[q]!) }); continue; }
    if (op.qubits.length === 2) {
      const [la, lb] = op.qubits as [number, number];
      while (dist[pos[la]!]![pos[lb]!]! > 1) {
        const pa = pos[la]!;
        const pb = pos[lb]!;
        const next = adj[pa]!.find((w) => dist[w]![pb]! === dist[pa]![pb]! - 1)!;
        out.push({ kind: 'gate', name: 'swap', qubits: [pa, next], params: [] });
        swaps++;
        const other = at[next]!;
        at[next] = la; at[pa] = other;
        pos[la] = next; pos[other] = pa;
      }
    }
    out.push({ ...(op as GateOp), qubits: op.qubits.map((q) => pos[q]!) });
  }
  return { ops: out, finalLayout: pos, swaps };
}
