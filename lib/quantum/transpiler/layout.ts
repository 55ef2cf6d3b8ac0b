/**
 * Initial layout: choose `n` connected physical qubits, preferably a simple path (ideal for linear
 * and reverse-linear entanglement, which then needs no SWAP at all), else a connected set grown by
 * breadth-first search. Deterministic: the lowest-numbered start that works wins.
 */
import { InvalidArgumentError } from '../errors';

/** Longest-first DFS for a simple path of `length` vertices, with a bounded number of expansions. */
function findPath(adj: readonly (readonly number[])[], length: number, budget: number): number[] | null {
  const order = adj.map((nb, v) => [nb.length, v] as const).sort((x, y) => x[0] - y[0] || x[1] - y[1]).map(([, v]) => v);
  let steps = 0;
  const path: number[] = [];
  const used = new Uint8Array(adj.length);
  const dfs = (v: number): boolean => {
    if (++steps > budget) return false;
    path.push(v);
    used[v] = 1;
    if (path.length === length) return true;
    for (const w of adj[v]!) if (!used[w] && dfs(w)) return true;
    path.pop();
    used[v] = 0;
    return false;
  };
  for (const start of order) {
    if (steps > budget) break;
    if (dfs(start)) return path;
  }
  return null;
}

/** A connected set of `size` vertices grown by BFS from the best-connected vertex. */
function growConnected(adj: readonly (readonly number[])[], size: number): number[] | null {
  for (let start = 0; start < adj.length; start++) {
    const seen = new Set([start]);
    const queue = [start];
    for (let i = 0; i < queue.length && seen.size < size; i++) {
      for (const w of adj[queue[i]!]!) if (!seen.has(w) && seen.size < size) { seen.add(w); queue.push(w); }
    }
    if (seen.size === size) return [...queue];
  }
  return null;
}

/**
 * Physical qubits for logical qubits 0..n-1 (entry i hosts logical qubit i).
 * @throws InvalidArgumentError when the device has fewer than n connected qubits
 */
export function chooseLayout(adj: readonly (readonly number[])[], n: number): number[] {
  const path = findPath(adj, n, 20_000);
  if (path) return path;
  const set = growConnected(adj, n);
  if (set) return set;
  throw new InvalidArgumentError(`numQubits: the circuit needs ${n} connected qubits; the device has fewer`, {
    path: 'numQubits',
    details: { required: n, available: adj.length },
  });
}
