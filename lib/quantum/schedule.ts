/**
 * Gate scheduling for cache blocking (blocked.ts): the circuit cut into stages, each a set of gates
 * on at most `cap` qubits at or above `minLow` (the block's other qubits are the lowest ones), so
 * that a stage is applied in one pass over the state. Fewer stages, fewer passes.
 *
 * A stage may take any gate whose predecessors on each of its qubits are already scheduled (the
 * circuit's dependency order; gates on disjoint qubits commute), not only a prefix of the circuit
 * (Häner and Steiger, "0.5 Petabyte Simulation of a 45-Qubit Quantum Circuit", SC17, 2017, sect.
 * 3.2: gates scheduled onto cache-sized sets of qubits). The set of high qubits of a stage is
 * chosen greedily: start from every high qubit the remaining gates use and, while it is larger than
 * `cap`, drop the qubit whose exclusion leaves the most gates schedulable (ties: the qubit used
 * latest, then the highest). A gate is schedulable when all its qubits are allowed and no earlier
 * unscheduled gate shares a qubit with it. Within a stage the gates keep their circuit order.
 *
 * Cost: each drop tries every remaining candidate over a window of the next `WINDOW` gates, so a
 * stage costs O(drops * candidates * WINDOW); the circuit is compiled once per optimizer run.
 */
import type { GateOp } from './circuit';

/** Gates looked at when scoring a candidate qubit set. */
const WINDOW = 4096;

/** Mark the gates of `gates` schedulable with `allowed` high qubits (qubits below minLow always allowed); returns how many. */
function schedulable(gates: readonly GateOp[], allowed: ReadonlySet<number>, minLow: number, blocked: Uint8Array, take?: boolean[]): number {
  blocked.fill(0);
  let count = 0;
  const end = take === undefined ? Math.min(gates.length, WINDOW) : gates.length;
  for (let g = 0; g < end; g++) {
    const qubits = gates[g]!.qubits;
    let ok = true;
    for (const q of qubits) if (blocked[q] || (q >= minLow && !allowed.has(q))) ok = false;
    if (ok) count++;
    else for (const q of qubits) blocked[q] = 1;
    if (take !== undefined) take[g] = ok;
  }
  return count;
}

/**
 * Cut `gates` (on `numQubits` qubits) into stages of at most `cap` distinct qubits >= minLow each,
 * in a dependency-respecting order (see the module comment).
 */
export function scheduleStages(gates: readonly GateOp[], numQubits: number, cap: number, minLow: number): GateOp[][] {
  const stages: GateOp[][] = [];
  const blocked = new Uint8Array(numQubits);
  let rest = gates;
  while (rest.length > 0) {
    const firstUse = new Map<number, number>();
    rest.forEach((gate, g) => {
      for (const q of gate.qubits) if (q >= minLow && !firstUse.has(q)) firstUse.set(q, g);
    });
    const allowed = new Set(firstUse.keys());
    while (allowed.size > cap) {
      let drop = -1;
      let bestCount = -1;
      for (const q of [...allowed]) {
        allowed.delete(q);
        const count = schedulable(rest, allowed, minLow, blocked);
        allowed.add(q);
        const better =
          count > bestCount ||
          (count === bestCount && (firstUse.get(q)! > firstUse.get(drop)! || (firstUse.get(q) === firstUse.get(drop) && q > drop)));
        if (better) {
          drop = q;
          bestCount = count;
        }
      }
      allowed.delete(drop);
    }
    const take: boolean[] = new Array<boolean>(rest.length);
    schedulable(rest, allowed, minLow, blocked, take);
    const stage = rest.filter((_, g) => take[g]);
    // a gate with more than `cap` high qubits can never be taken: it forms a stage of its own
    if (stage.length === 0) {
      stages.push([rest[0]!]);
      rest = rest.slice(1);
      continue;
    }
    stages.push(stage);
    rest = rest.filter((_, g) => !take[g]);
  }
  return stages;
}
