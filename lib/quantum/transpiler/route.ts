/**
 * SWAP routing: walk the gates in order; when a 2-qubit gate's qubits are not adjacent, insert SWAPs
 * along shortest paths until they are. Each SWAP is chosen among those that bring the pair one step
 * closer (moving either qubit), by a look-ahead score: the distance of the pair plus the decayed
 * distances of the next few 2-qubit gates under the new layout (the idea of Qiskit's LookaheadSwap /
 * SABRE's extended set, Li, Ding, Xie, ASPLOS 2019, without the bidirectional passes).
 * The layout maps logical -> local position and is updated by every SWAP.
 */
import type { GateOp, Operation } from '../circuit';

export interface Routed {
  readonly ops: Operation[];
  /** Logical qubit -> local position after the last gate. */
  readonly finalLayout: number[];
  readonly swaps: number;
}

/** 2-qubit gates looked ahead, and the weight decay per gate. */
const LOOKAHEAD = 12;
const DECAY = 0.7;

/**
 * Route `ops` (1- and 2-qubit gates on logical qubits, measures, barriers) over the local graph
 * with all-pairs distances `dist` and adjacency `adj`. Output ops act on local positions.
 */
export function routeSwaps(ops: readonly Operation[], adj: readonly (readonly number[])[], dist: readonly (readonly number[])[]): Routed {
  const n = adj.length;
  const pos = Array.from({ length: n }, (_, i) => i); // logical -> position
  const at = Array.from({ length: n }, (_, i) => i); // position -> logical
  const pairs = ops.flatMap((op, i) => (op.kind === 'gate' && op.qubits.length === 2 ? [[i, op.qubits[0]!, op.qubits[1]!] as const] : []));
  const out: Operation[] = [];
  let swaps = 0;
  let nextPair = 0;
  const swap = (p: number, q: number) => {
    const a = at[p]!;
    const b = at[q]!;
    at[p] = b; at[q] = a;
    pos[a] = q; pos[b] = p;
  };
  const lookaheadCost = (from: number): number => {
    let cost = 0;
    let w = 1;
    for (let k = from; k < Math.min(pairs.length, from + LOOKAHEAD); k++, w *= DECAY) cost += w * dist[pos[pairs[k]![1]]!]![pos[pairs[k]![2]]!]!;
    return cost;
  };
  ops.forEach((op, index) => {
    if (op.kind === 'measure') { out.push({ ...op, qubit: pos[op.qubit]! }); return; }
    if (op.kind === 'barrier') { out.push({ kind: 'barrier', qubits: op.qubits.map((q) => pos[q]!) }); return; }
    if (op.qubits.length === 2) {
      while (pairs[nextPair]![0] !== index) nextPair++;
      const [la, lb] = op.qubits as [number, number];
      while (dist[pos[la]!]![pos[lb]!]! > 1) {
        const pa = pos[la]!;
        const pb = pos[lb]!;
        const d = dist[pa]![pb]!;
        let best: [number, number] | null = null;
        let bestCost = Infinity;
        for (const [from, to] of [[pa, pb], [pb, pa]] as const) {
          for (const w of adj[from]!) {
            if (dist[w]![to]! !== d - 1) continue;
            swap(from, w);
            const cost = lookaheadCost(nextPair);
            swap(from, w);
            if (cost < bestCost - 1e-12) { bestCost = cost; best = [from, w]; }
          }
        }
        out.push({ kind: 'gate', name: 'swap', qubits: [best![0], best![1]], params: [] });
        swap(best![0], best![1]);
        swaps++;
      }
    }
    out.push({ ...(op as GateOp), qubits: op.qubits.map((q) => pos[q]!) });
  });
  return { ops: out, finalLayout: pos, swaps };
}
