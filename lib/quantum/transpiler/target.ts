/**
 * A transpilation target: a device's native gates and its coupling map, as IBM's backend
 * configuration gives them (`basis_gates`, `coupling_map`; Qiskit Runtime REST
 * `GET /v1/backends/{name}/configuration`).
 *
 * @example
 * const target: Target = { numQubits: 5, basisGates: ['cz', 'rz', 'sx', 'x'], couplingMap: [[0, 1], [1, 2], [2, 3], [3, 4]] };
 */
import { InvalidArgumentError } from '../errors';

export interface Target {
  /** Physical qubits of the device. */
  readonly numQubits: number;
  /** Native gate names, e.g. `['cz', 'id', 'rz', 'sx', 'x']` (Heron) or `['ecr', 'id', 'rz', 'sx', 'x']` (Eagle). */
  readonly basisGates: readonly string[];
  /** Directed physical pairs (control, target) a 2-qubit gate may act on; omitted = all-to-all. */
  readonly couplingMap?: readonly (readonly [number, number])[];
}

/** The entangling gate of a target: `cz` or `ecr` (Qiskit Runtime ISA), else `cx`. @throws InvalidArgumentError */
export function twoQubitBasis(target: Target): 'cz' | 'ecr' | 'cx' {
  for (const g of ['cz', 'ecr', 'cx'] as const) if (target.basisGates.includes(g)) return g;
  throw new InvalidArgumentError(
    `basisGates: ${JSON.stringify(target.basisGates)} has no 2-qubit gate; one of cz, ecr, cx is needed`,
    { path: 'basisGates' },
  );
}

/** Undirected adjacency lists of the coupling map over `numQubits` physical qubits. */
export function adjacency(target: Target): number[][] {
  const n = target.numQubits;
  const adj: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  if (!target.couplingMap) {
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) adj[a]!.add(b);
  } else {
    for (const [a, b] of target.couplingMap) {
      if (a >= n || b >= n || a < 0 || b < 0) continue;
      adj[a]!.add(b);
      adj[b]!.add(a);
    }
  }
  return adj.map((s) => [...s].sort((x, y) => x - y));
}

/** True when the directed edge (a, b) is native (an absent coupling map allows every pair). */
export function hasDirectedEdge(target: Target, a: number, b: number): boolean {
  return !target.couplingMap || target.couplingMap.some(([x, y]) => x === a && y === b);
}

/** All-pairs hop distances over an adjacency list (BFS; Infinity when disconnected). */
export function distances(adj: readonly (readonly number[])[]): number[][] {
  return adj.map((_, src) => {
    const d = new Array<number>(adj.length).fill(Infinity);
    d[src] = 0;
    const queue = [src];
    for (let i = 0; i < queue.length; i++) {
      const u = queue[i]!;
      for (const v of adj[u]!) if (d[v] === Infinity) { d[v] = d[u]! + 1; queue.push(v); }
    }
    return d;
  });
}
