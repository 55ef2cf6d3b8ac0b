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
 * The export name of a generic kernel: `high` gate qubits at or above laneBits (addressed by vector
 * index), `lanes` the bit mask of gate qubits below laneBits (handled by lane shuffles; always 0
 * for diagonal kernels, whose coefficients carry the lane pattern).
 */
export function genericKernelName(repr: Representation, kind: GenericKind, high: number, lanes: number): string {
  return `${repr}_${kind}_h${high}_l${lanes}`;
}

/** The number of set bits of a small mask. */
export function popcount(mask: number): number {
  let c = 0;
  for (let m = mask; m !== 0; m &= m - 1) c++;
  return c;
}

/** The (kind, high, lanes) combinations generated for a representation. */
export function genericKernelKeys(info: RepresentationInfo): { kind: GenericKind; high: number; lanes: number }[] {
  const keys: { kind: GenericKind; high: number; lanes: number }[] = [];
  const kinds: GenericKind[] = info.complex ? ['mat', 'matr'] : ['matr'];
  for (const kind of kinds) {
    for (let lanes = 0; lanes < 2 ** info.laneBits; lanes++) {
      for (let high = 0; high + popcount(lanes) <= MAX_FUSED_QUBITS; high++) {
        if (high + popcount(lanes) === 0) continue;
        keys.push({ kind, high, lanes });
      }
    }
  }
  for (let high = 0; high <= MAX_FUSED_QUBITS; high++) keys.push({ kind: 'diag', high, lanes: 0 });
  return keys;
}
