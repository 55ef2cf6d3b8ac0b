/**
 * Hamming-weight-preserving ansätze of Givens rotations: every gate keeps the number of ones, so a
 * circuit started from a weight-k state (a basis state or the Dicke state |D^n_k>) keeps all of its
 * amplitude on the C(n, k) states of weight k. For the portfolio problem (k = budget B) the search
 * runs inside the feasible selections and the budget penalty is constant there.
 *
 * The Givens rotation G(θ) on qubits (i, j), also called the RBS (reconfigurable beam splitter)
 * gate, is the real rotation of the pair (a, b) = (qubit i = 1, qubit j = 0), (qubit i = 0, qubit
 * j = 1): a -> cos(θ/2) a + sin(θ/2) b, b -> -sin(θ/2) a + cos(θ/2) b; it leaves |00> and |11>
 * alone. In the IR it is CX(j, i) CRY(θ; control i, target j) CX(j, i). G(0) is the identity, so an
 * ansatz at θ = 0 is its initial state (layerwise training adds layers at zero).
 * References: Kerenidis & Prakash / Landman et al. (RBS gates); Monbroussou et al., "Trainability and
 * expressivity of Hamming-weight preserving quantum circuits" (arXiv:2309.15547); Hadfield et al.,
 * Algorithms 12, 34 (2019) for the feasible-subspace view.
 *
 * Layers: `brick` (default) applies the ring pairs (0,1), (2,3), ... then (1,2), (3,4), ... and
 * (n-1, 0) (n > 2), so one layer couples every neighbour; `ladder` the pairs (0,1), (1,2), ...,
 * (n-2, n-1) in that order. An optional CZ after each Givens pair (`cz: true`) adds a real diagonal
 * interaction, still weight-preserving. Parameters: one angle per Givens gate, `θ[0]`, `θ[1]`, ...
 * in gate order.
 *
 * @example
 * const a = givensAnsatz({ numQubits: 6, weight: 3, layers: 2 }); // Dicke start, 12 parameters
 * const circuit = givensCircuit(a);                               // what a Sampler runs
 */
import { param, type Circuit } from './circuit';
import { CircuitBuilder } from './builder';
import { appendDickeState } from './dicke';
import { InvalidArgumentError } from './errors';

export type GivensLayout = 'brick' | 'ladder';

/** One operation of the ansatz: a parameterized Givens rotation or a fixed CZ on (i, j). */
export type WeightPreservingOp =
  | { readonly kind: 'givens'; readonly i: number; readonly j: number; readonly parameter: number }
  | { readonly kind: 'cz'; readonly i: number; readonly j: number };

/** Where the ansatz starts: the Dicke state of its weight, or one basis state (Qiskit bitstring). */
export type WeightInitialState = { readonly kind: 'dicke' } | { readonly kind: 'basis'; readonly bitstring: string };

/** A Hamming-weight-preserving ansatz as plain data (survives JSON). */
export interface GivensAnsatz {
  readonly kind: 'givens-ansatz';
  readonly numQubits: number;
  readonly weight: number;
  readonly initialState: WeightInitialState;
  readonly layers: number;
  readonly layout: GivensLayout;
  readonly ops: readonly WeightPreservingOp[];
  readonly numParameters: number;
}

export interface GivensAnsatzOptions {
  readonly numQubits: number;
  /** Hamming weight k (the budget): ones of the initial state. */
  readonly weight: number;
  /** Repetitions of the pair pattern, an integer >= 1. */
  readonly layers: number;
  /** @default 'brick' */
  readonly layout?: GivensLayout;
  /** @default { kind: 'dicke' } */
  readonly initialState?: WeightInitialState;
  /** A CZ after every Givens rotation. @default false */
  readonly cz?: boolean;
}

/** The pairs of one layer in application order (see the module doc). */
export function givensLayerPairs(n: number, layout: GivensLayout): [number, number][] {
  const pairs: [number, number][] = [];
  if (layout === 'ladder') {
    for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1]);
    return pairs;
  }
  for (let i = 0; i + 1 < n; i += 2) pairs.push([i, i + 1]);
  for (let i = 1; i + 1 < n; i += 2) pairs.push([i, i + 1]);
  if (n > 2) pairs.push([n - 1, 0]);
  return pairs;
}

function weightOf(bits: string): number {
  let w = 0;
  for (const c of bits) if (c === '1') w++;
  return w;
}

/**
 * Build the ansatz.
 * @throws InvalidArgumentError on sizes out of range, an unknown layout, or a basis state of the
 *   wrong length or weight
 */
export function givensAnsatz(options: GivensAnsatzOptions): GivensAnsatz {
  const { numQubits: n, weight: k, layers } = options;
  const layout = options.layout ?? 'brick';
  const initialState = options.initialState ?? { kind: 'dicke' };
  if (!Number.isInteger(n) || n < 2) throw new InvalidArgumentError(`numQubits: ${n} is out of range; must be an integer >= 2`, { path: 'numQubits' });
  if (!Number.isInteger(k) || k < 0 || k > n) throw new InvalidArgumentError(`weight: ${k} is out of range; must be an integer between 0 and ${n}`, { path: 'weight' });
  if (!Number.isInteger(layers) || layers < 1) throw new InvalidArgumentError(`layers: ${layers} is out of range; must be an integer >= 1`, { path: 'layers' });
  if (layout !== 'brick' && layout !== 'ladder') throw new InvalidArgumentError(`layout: '${String(layout)}' is unknown; use brick or ladder`, { path: 'layout' });
  if (initialState.kind === 'basis') {
    const bits = initialState.bitstring;
    if (bits.length !== n || !/^[01]+$/.test(bits) || weightOf(bits) !== k) {
      throw new InvalidArgumentError(`initialState: '${bits}' must be a bitstring of ${n} characters with ${k} ones`, { path: 'initialState' });
    }
  }
  const pairs = givensLayerPairs(n, layout);
  const ops: WeightPreservingOp[] = [];
  let p = 0;
  for (let l = 0; l < layers; l++) {
    for (const [i, j] of pairs) {
      ops.push({ kind: 'givens', i, j, parameter: p++ });
      if (options.cz) ops.push({ kind: 'cz', i, j });
    }
  }
  return { kind: 'givens-ansatz', numQubits: n, weight: k, initialState, layers, layout, ops, numParameters: p };
}

/**
 * The ansatz as an IR circuit (what a Sampler or a device runs): the initial state (X gates, or the
 * Bärtschi-Eidenbenz Dicke circuit), then each Givens rotation as CX(j, i) CRY(θ; i -> j) CX(j, i)
 * and each CZ as is. Parameters `θ[0..]` in gate order.
 */
export function givensCircuit(a: GivensAnsatz): Circuit {
  const b = new CircuitBuilder(a.numQubits);
  const theta = b.parameterVector('θ', a.numParameters);
  if (a.initialState.kind === 'dicke') appendDickeState(b, a.weight);
  else {
    const bits = a.initialState.bitstring;
    for (let q = 0; q < a.numQubits; q++) if (bits[a.numQubits - 1 - q] === '1') b.x(q);
  }
  for (const op of a.ops) {
    if (op.kind === 'cz') b.cz(op.i, op.j);
    else b.cx(op.j, op.i).cry(theta[op.parameter] ?? param(op.parameter), op.i, op.j).cx(op.j, op.i);
  }
  return b.build();
}
