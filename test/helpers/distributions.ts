/** Exact output distributions and their distance to measured counts, for backend tests. */
import type { Circuit } from '../../lib/quantum/circuit';
import type { Distribution } from '../../lib/quantum/ports';
import { allocateState, applyCircuit, probabilities } from '../../lib/quantum/statevector';

/** Exact probabilities of `circuit` at `params` (canonical order). */
export function exactProbabilities(circuit: Circuit, params: readonly number[]): Float64Array {
  const s = allocateState(circuit.numQubits);
  applyCircuit(s, circuit, params);
  return probabilities(s);
}

/** Total variation distance between exact probabilities and measured counts. */
export function totalVariation(p: Float64Array, d: Distribution): number {
  if (d.kind !== 'counts') throw new Error('expected counts');
  let sum = 0;
  for (let k = 0; k < p.length; k++) sum += Math.abs(p[k]! - (d.counts.get(k) ?? 0) / d.shots);
  return sum / 2;
}
