/**
 * State representations of the simulator's WebAssembly engine: complex or real amplitudes, in
 * double (float64) or single (float32) precision. Shared by the kernel generator (generic.ts) and
 * the programs that call the kernels (engine/).
 *
 * | name | amplitude            | bytes | amplitudes per v128 (2^laneBits) |
 * | ---- | -------------------- | ----- | -------------------------------- |
 * | c64  | complex, f64 re, im  | 16    | 1                                |
 * | c32  | complex, f32 re, im  | 8     | 2                                |
 * | r64  | real, f64            | 8     | 2                                |
 * | r32  | real, f32            | 4     | 4                                |
 *
 * Complex amplitudes are interleaved (re, im); amplitude k is at byte `base + bytes * k`. A real
 * state holds the amplitudes of a circuit whose gates are all real (RY, CX, CZ, H, X, Z, SWAP, ...)
 * run from |0...0>: its imaginary parts stay exactly zero, so they are not stored.
 */
export type Representation = 'c64' | 'c32' | 'r64' | 'r32';

export interface RepresentationInfo {
  readonly name: Representation;
  readonly complex: boolean;
  /** float32 (single precision) lanes. */
  readonly single: boolean;
  /** Bytes per amplitude. */
  readonly ampBytes: 16 | 8 | 4;
  /** log2 of the amplitudes per 128-bit vector: the state's lowest `laneBits` qubits are lane qubits. */
  readonly laneBits: 0 | 1 | 2;
}

export const REPRESENTATIONS: Readonly<Record<Representation, RepresentationInfo>> = {
  c64: { name: 'c64', complex: true, single: false, ampBytes: 16, laneBits: 0 },
  c32: { name: 'c32', complex: true, single: true, ampBytes: 8, laneBits: 1 },
  r64: { name: 'r64', complex: false, single: false, ampBytes: 8, laneBits: 1 },
  r32: { name: 'r32', complex: false, single: true, ampBytes: 4, laneBits: 2 },
};

/** Largest number of qubits a fused gate may act on (the generic kernels are generated up to it). */
export const MAX_FUSED_QUBITS = 4;

/** Which generic kernel: dense complex coefficients, dense real coefficients, or diagonal. */
export type GenericKind = 'mat' | 'matr' | 'diag';

/**
 * One generic kernel: `high` gate qubits at or above laneBits (addressed by vector index), `lanes`
 * the bit mask of gate qubits below laneBits (handled by lane shuffles; always 0 for diagonal
 * kernels, whose coefficients carry the lane pattern), and the gate's control qubits: `ctrlHigh`
 * a mask over the high gate qubits (bit j: the j-th lowest), `ctrlLanes` a sub-mask of `lanes`.
 * A control qubit is one the matrix is block-diagonal in (it is never flipped: a CX's control, one
 * side of a CZ): the kernel skips the terms that would flip it, so a 1-qubit gate fused with the CX
 * on its qubit costs the arithmetic of the 1-qubit gate alone.
 */
export interface GenericKey {
  readonly kind: GenericKind;
  readonly high: number;
  readonly lanes: number;
  readonly ctrlHigh: number;
  readonly ctrlLanes: number;
}

/** The export name of a generic kernel: `<repr>_<kind>_h<high>_l<lanes>`, then `_c<ctrlHigh>_<ctrlLanes>` when it has controls. */
export function genericKernelName(repr: Representation, key: GenericKey): string {
  const controls = key.ctrlHigh !== 0 || key.ctrlLanes !== 0 ? `_c${key.ctrlHigh}_${key.ctrlLanes}` : '';
  return `${repr}_${key.kind}_h${key.high}_l${key.lanes}${controls}`;
}

/** The number of set bits of a small mask. */
export function popcount(mask: number): number {
  let c = 0;
  for (let m = mask; m !== 0; m &= m - 1) c++;
  return c;
}

/** The subsets of `mask`, ascending (0 first). */
export function subsets(mask: number): number[] {
  const out: number[] = [];
  for (let s = 0; s <= mask; s++) if ((s & mask) === s) out.push(s);
  return out;
}

/**
 * The terms (i, j, s) of a dense generic kernel, in coefficient order: output vector group i, input
 * group j (0 .. 2^high - 1), lane permutation s (a subset of `lanes`); without the terms that flip
 * a control qubit ((i xor j) & ctrlHigh, s & ctrlLanes). Shared by the kernel generator
 * (generic.ts) and the coefficient tables (engine/coefficients.ts).
 */
export function genericTerms(key: GenericKey): [number, number, number][] {
  const out: [number, number, number][] = [];
  const groups = 2 ** key.high;
  const subs = subsets(key.lanes).filter((s) => (s & key.ctrlLanes) === 0);
  for (let i = 0; i < groups; i++) {
    for (let j = 0; j < groups; j++) {
      if (((i ^ j) & key.ctrlHigh) !== 0) continue;
      for (const s of subs) out.push([i, j, s]);
    }
  }
  return out;
}

/**
 * The generic kernels generated for a representation: dense and diagonal ones on up to
 * MAX_FUSED_QUBITS qubits, and, except for c64 (whose single gates run the c64 kernels), the dense
 * 2-qubit ones with one control qubit (either of the two).
 */
export function genericKernelKeys(info: RepresentationInfo): GenericKey[] {
  const keys: GenericKey[] = [];
  const kinds: GenericKind[] = info.complex ? ['mat', 'matr'] : ['matr'];
  for (const kind of kinds) {
    for (let lanes = 0; lanes < 2 ** info.laneBits; lanes++) {
      for (let high = 0; high + popcount(lanes) <= MAX_FUSED_QUBITS; high++) {
        if (high + popcount(lanes) === 0) continue;
        keys.push({ kind, high, lanes, ctrlHigh: 0, ctrlLanes: 0 });
      }
    }
  }
  for (let high = 0; high <= MAX_FUSED_QUBITS; high++) keys.push({ kind: 'diag', high, lanes: 0, ctrlHigh: 0, ctrlLanes: 0 });
  if (info.name === 'c64') return keys;
  for (const kind of kinds) {
    for (let lanes = 0; lanes < 2 ** info.laneBits; lanes++) {
      const high = 2 - popcount(lanes);
      if (high < 0) continue;
      for (let j = 0; j < high; j++) keys.push({ kind, high, lanes, ctrlHigh: 1 << j, ctrlLanes: 0 });
      for (const bit of subsets(lanes).filter((s) => popcount(s) === 1)) keys.push({ kind, high, lanes, ctrlHigh: 0, ctrlLanes: bit });
    }
  }
  return keys;
}
