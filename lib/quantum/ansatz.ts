/**
 * Variational ansätze of Qiskit's circuit library (qiskit.circuit.library.n_local: `n_local`,
 * `TwoLocal`/`two_local`, `RealAmplitudes`/`real_amplitudes`, `EfficientSU2`/`efficient_su2`), with
 * the same gate order and the same parameter order and names (`θ[0]`, `θ[1]`, ...), so parameter
 * vectors move between this simulator and Qiskit unchanged.
 *
 * Structure (Qiskit >= 1.3, crates/accelerate/src/circuit_library/n_local):
 *   for rep in 0..reps-1: rotation layer, [barrier], entanglement layer (entangler map of `rep`), [barrier]
 *   then a final rotation layer unless `skipFinalRotationLayer`.
 * A rotation layer applies each rotation block in turn to qubits 0..n-1; an entanglement layer
 * applies each entanglement block in turn to every pair of the entangler map. Parameters are
 * numbered in exactly that emission order (Qiskit's ParameterLedger): layer by layer, block by
 * block, qubit (or pair) by qubit.
 *
 * Entangler maps for 2-qubit blocks (Qiskit's `get_entangler_map`), e.g. for n = 4:
 *   full           (0,1) (0,2) (0,3) (1,2) (1,3) (2,3)
 *   linear         (0,1) (1,2) (2,3)
 *   reverse_linear (2,3) (1,2) (0,1)
 *   circular       (3,0) (0,1) (1,2) (2,3)        (n = 2: same as linear)
 *   pairwise       (0,1) (2,3) (1,2)
 *   sca            circular rotated right by `rep` pairs, each pair reversed when `rep` is odd
 * With one qubit there are no pairs (Qiskit's efficient_su2 and real_amplitudes drop the
 * entanglement blocks then).
 *
 * @example
 * realAmplitudes({ numQubits: 4, reps: 3 }).parameters.length; // 16
 */
import { GATE_ARITY, type Circuit, type GateName } from './circuit';
import { CircuitBuilder } from './builder';
import { InvalidArgumentError } from './errors';

export type EntanglementMode = 'full' | 'linear' | 'reverse_linear' | 'circular' | 'pairwise' | 'sca';

/** A named entanglement strategy or an explicit list of (control, target) pairs used in every layer. */
export type Entanglement = EntanglementMode | readonly (readonly [number, number])[];

const MODES: readonly EntanglementMode[] = ['full', 'linear', 'reverse_linear', 'circular', 'pairwise', 'sca'];

function linear(n: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < n; i++) pairs.push([i, i + 1]);
  return pairs;
}

function circular(n: number): [number, number][] {
  if (n === 2) return linear(n);
  const pairs: [number, number][] = [];
  for (let start = 0; start < n; start++) pairs.push([(n - 1 + start) % n, start]);
  return pairs;
}

/**
 * The qubit pairs of a 2-qubit entanglement layer, in Qiskit's order.
 * @param layer the repetition index (only `sca` depends on it)
 * @throws InvalidArgumentError on an unknown mode
 */
export function entanglerMap(numQubits: number, entanglement: EntanglementMode, layer = 0): [number, number][] {
  const n = numQubits;
  if (n < 2) return [];
  switch (entanglement) {
    case 'full': {
      const pairs: [number, number][] = [];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push([i, j]);
      return pairs;
    }
    case 'linear':
      return linear(n);
    case 'reverse_linear':
      return linear(n).reverse();
    case 'circular':
      return circular(n);
    case 'pairwise': {
      const all = linear(n);
      return [...all.filter((_, i) => i % 2 === 0), ...all.filter((_, i) => i % 2 === 1)];
    }
    case 'sca': {
      const base = circular(n);
      const split = (base.length - (layer % base.length)) % base.length;
      const shifted = [...base.slice(split), ...base.slice(0, split)];
      return layer % 2 === 0 ? shifted : shifted.map(([a, b]) => [b, a]);
    }
    default:
      throw new InvalidArgumentError(
        `entanglement: ${JSON.stringify(entanglement)} is not supported; must be one of ${MODES.join(', ')} or a list of pairs`,
        { path: 'entanglement' },
      );
  }
}

export interface TwoLocalOptions {
  readonly numQubits: number;
  /** 1-qubit gates applied in turn to every qubit in each rotation layer, e.g. ['ry', 'rz']. */
  readonly rotationBlocks: readonly GateName[];
  /** 2-qubit gates applied in turn to every entangled pair, e.g. ['cx'] or ['rzz']. */
  readonly entanglementBlocks: readonly GateName[];
  /** @default 'full' (Qiskit's TwoLocal default) */
  readonly entanglement?: Entanglement;
  /** Number of rotation + entanglement repetitions, an integer >= 0. @default 3 */
  readonly reps?: number;
  /** @default false */
  readonly skipFinalRotationLayer?: boolean;
  /** Barriers after every rotation and entanglement layer of each repetition. @default false */
  readonly insertBarriers?: boolean;
  /** Parameter names are `${prefix}[i]`. @default 'θ' */
  readonly parameterPrefix?: string;
}

function checkBlocks(blocks: readonly GateName[], qubits: number, path: string): void {
  blocks.forEach((name, i) => {
    const arity = Object.prototype.hasOwnProperty.call(GATE_ARITY, name) ? GATE_ARITY[name] : undefined;
    if (arity === undefined || arity.qubits !== qubits) {
      throw new InvalidArgumentError(`${path}[${i}]: ${JSON.stringify(name)} is not a ${qubits}-qubit gate`, {
        path: `${path}[${i}]`,
      });
    }
  });
}

/**
 * Qiskit's TwoLocal circuit (as `two_local` / `n_local` with 1-qubit rotation and 2-qubit
 * entanglement blocks). Parameters: per rotation layer n * Σ(block params), per entanglement
 * layer (#pairs) * Σ(block params).
 * @throws InvalidArgumentError on bad sizes, blocks or entanglement
 */
export function twoLocal(options: TwoLocalOptions): Circuit {
  const n = options.numQubits;
  const reps = options.reps ?? 3;
  if (!Number.isInteger(n) || n < 1) {
    throw new InvalidArgumentError(`numQubits: ${n} is out of range; must be an integer >= 1`, { path: 'numQubits' });
  }
  if (!Number.isInteger(reps) || reps < 0) {
    throw new InvalidArgumentError(`reps: ${reps} is out of range; must be an integer >= 0`, { path: 'reps' });
  }
  checkBlocks(options.rotationBlocks, 1, 'rotationBlocks');
  checkBlocks(options.entanglementBlocks, 2, 'entanglementBlocks');
  const entanglement = options.entanglement ?? 'full';
  const prefix = options.parameterPrefix ?? 'θ';
  const barriers = options.insertBarriers ?? false;

  const b = new CircuitBuilder(n);
  let next = 0;
  const add = (name: GateName, qubits: number[]): void => {
    const refs = [];
    for (let i = 0; i < GATE_ARITY[name].params; i++) refs.push(b.parameter(`${prefix}[${next++}]`));
    b.gate(name, qubits, refs);
  };
  const rotationLayer = (): void => {
    for (const name of options.rotationBlocks) for (let q = 0; q < n; q++) add(name, [q]);
  };
  const pairsOf = (layer: number): readonly (readonly [number, number])[] =>
    typeof entanglement === 'string' ? entanglerMap(n, entanglement, layer) : n < 2 ? [] : entanglement;

  for (let rep = 0; rep < reps; rep++) {
    rotationLayer();
    if (barriers) b.barrier();
    const pairs = pairsOf(rep);
    for (const name of options.entanglementBlocks) for (const [c, t] of pairs) add(name, [c, t]);
    if (barriers) b.barrier();
  }
  if (!(options.skipFinalRotationLayer ?? false)) rotationLayer();
  return b.build();
}

export interface RealAmplitudesOptions {
  readonly numQubits: number;
  /** @default 3 */
  readonly reps?: number;
  /** @default 'reverse_linear' (Qiskit's default; same unitary as 'full' with CX) */
  readonly entanglement?: Entanglement;
  readonly skipFinalRotationLayer?: boolean;
  readonly insertBarriers?: boolean;
  readonly parameterPrefix?: string;
}

/** Qiskit's RealAmplitudes: RY rotation layers, CX entanglement. n * (reps + 1) parameters. */
export function realAmplitudes(options: RealAmplitudesOptions): Circuit {
  return twoLocal({
    ...options,
    entanglement: options.entanglement ?? 'reverse_linear',
    rotationBlocks: ['ry'],
    entanglementBlocks: options.numQubits > 1 ? ['cx'] : [],
  });
}

export interface EfficientSU2Options extends RealAmplitudesOptions {
  /** 1-qubit gates of each rotation layer. @default ['ry', 'rz'] */
  readonly su2Gates?: readonly GateName[];
}

/** Qiskit's EfficientSU2: RY and RZ rotation layers, CX entanglement. 2n * (reps + 1) parameters by default. */
export function efficientSU2(options: EfficientSU2Options): Circuit {
  const { su2Gates, ...rest } = options;
  return twoLocal({
    ...rest,
    entanglement: options.entanglement ?? 'reverse_linear',
    rotationBlocks: su2Gates ?? ['ry', 'rz'],
    entanglementBlocks: options.numQubits > 1 ? ['cx'] : [],
  });
}
