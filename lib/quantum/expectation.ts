/**
 * Expectation values and CVaR of a diagonal (Ising) observable.
 *
 * Energies: basis state k has spins z_i = +1 when bit i of k is 0 and -1 when it is 1 (see
 * observable.ts), so `energies[k] = offset + Σ h_i z_i + Σ_{i<j} J_ij z_i z_j`.
 *
 * CVaR follows Barkoutsos, Nannicini, Robert, Tavernelli, Woerner, "Improving Variational Quantum
 * Optimization using CVaR", Quantum 4, 256 (2020): for alpha in (0, 1], CVaR_alpha is the mean
 * energy of the lowest alpha-fraction of the probability mass, the boundary state counted with the
 * fraction of its mass that fits; alpha = 1 gives the expectation value, alpha -> 0 the minimum
 * energy in the support.
 *
 * @example
 * const energies = diagonalEnergies(hamiltonian); // once per problem
 * const order = energyOrder(energies);             // once per problem
 * cvar(probabilities(state), energies, 0.1, order);
 */
import { InvalidArgumentError } from './errors';
import type { IsingHamiltonian } from './observable';
import { createCvarBucketPass, type CvarBucketPass } from './wasm';

function finite(value: unknown, path: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new InvalidArgumentError(`${path}: ${String(value)} must be a finite number`, { path });
  }
  return value;
}

/**
 * The energy of each of the 2^n basis states, length 2^n.
 *
 * Built by doubling in O(2^n) time: with x < 2^k (bits k.. zero), setting bit k flips z_k from +1
 * to -1 and changes the energy by `Δ_k(x) = c_k + Σ_{j<k} 4 J_jk b_j(x)`, where
 * `c_k = -2 (h_k + Σ_{j≠k} J_jk)`; Δ_k itself is tabulated by doubling over the bits below k.
 *
 * @throws InvalidArgumentError on a shape mismatch, a non-finite coefficient or n outside 1..30
 */
export function diagonalEnergies(hamiltonian: IsingHamiltonian): Float64Array {
  const n = hamiltonian.numQubits;
  if (!Number.isInteger(n) || n < 1 || n > 30) {
    throw new InvalidArgumentError(`numQubits: ${n} is out of range; must be an integer between 1 and 30`, {
      path: 'numQubits',
    });
  }
  if (hamiltonian.h.length !== n) {
    throw new InvalidArgumentError(`h.length: ${hamiltonian.h.length} must equal numQubits ${n}`, { path: 'h' });
  }
  if (hamiltonian.J.length !== n) {
    throw new InvalidArgumentError(`J.length: ${hamiltonian.J.length} must equal numQubits ${n}`, { path: 'J' });
  }
  const h = hamiltonian.h.map((v, i) => finite(v, `h[${i}]`));
  // symmetric coupling from the strict upper triangle
  const J: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const row = hamiltonian.J[i] as readonly number[];
    if (row.length !== n) {
      throw new InvalidArgumentError(`J[${i}].length: ${row.length} must equal numQubits ${n}`, { path: `J[${i}]` });
    }
    for (let j = i + 1; j < n; j++) {
      const v = finite(row[j], `J[${i}][${j}]`);
      (J[i] as number[])[j] = v;
      (J[j] as number[])[i] = v;
    }
  }
  const offset = finite(hamiltonian.offset, 'offset');

  const size = 2 ** n;
  const energies = new Float64Array(size);
  const delta = new Float64Array(size >> 1);
  // all spins up
  let e0 = offset;
  for (let i = 0; i < n; i++) {
    e0 += h[i] as number;
    for (let j = i + 1; j < n; j++) e0 += (J[i] as number[])[j] as number;
  }
  energies[0] = e0;
  for (let k = 0; k < n; k++) {
    const Jk = J[k] as number[];
    let ck = h[k] as number;
    for (let j = 0; j < n; j++) if (j !== k) ck += Jk[j] as number;
    delta[0] = -2 * ck;
    for (let j = 0; j < k; j++) {
      const w = 4 * (Jk[j] as number);
      const half = 1 << j;
      for (let x = 0; x < half; x++) delta[x + half] = (delta[x] as number) + w;
    }
    const half = 1 << k;
    for (let x = 0; x < half; x++) energies[x + half] = (energies[x] as number) + (delta[x] as number);
  }
  return energies;
}

function checkLengths(probabilities: ArrayLike<number>, energies: ArrayLike<number>): void {
  if (probabilities.length !== energies.length) {
    throw new InvalidArgumentError(
      `probabilities.length: ${probabilities.length} must equal energies.length ${energies.length}`,
      { path: 'probabilities' },
    );
  }
}

function checkAlpha(alpha: number): void {
  if (!(alpha > 0 && alpha <= 1)) {
    throw new InvalidArgumentError(`alpha: ${alpha} is out of range; must be in (0, 1]`, { path: 'alpha' });
  }
}

/** Σ_k p_k E_k: the expectation of the diagonal observable (probabilities assumed normalized). */
export function expectationValue(probabilities: Float64Array, energies: Float64Array): number {
  checkLengths(probabilities, energies);
  let sum = 0;
  for (let k = 0; k < energies.length; k++) sum += (probabilities[k] as number) * (energies[k] as number);
  return sum;
}

/** Largest state count sorted by radix sort (it needs 24 bytes per state: 1.5 GiB at 2^26). */
export const RADIX_ORDER_MAX_STATES = 2 ** 26;

/**
 * Basis indices sorted by ascending energy (ties by ascending index), computed once per problem
 * and passed to `cvar` so no sort happens per evaluation. A stable LSD radix sort over the 64-bit
 * order-preserving image of each energy (IEEE 754 bits, sign flipped for positives and all bits
 * for negatives; -0 taken as +0), four passes of 16 bits: O(2^n), about 4x less CPU than the
 * comparison sort at 2^22 states. Above RADIX_ORDER_MAX_STATES the comparison sort (less memory).
 * Both give the same order.
 */
export function energyOrder(energies: Float64Array): Uint32Array {
  const steps = energyOrderSteps(energies);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * `energyOrder` in steps: the generator yields after about `chunk` elements of work, so a caller
 * can keep its event loop (and its time budget) alive during a long sort: 2^24 states are some 70
 * steps. Arrays of at most `chunk` elements, and the comparison-sort fallback, are one step.
 */
export function* energyOrderSteps(energies: Float64Array, chunk = 1 << 20): Generator<void, Uint32Array, void> {
  const n = energies.length;
  if (n > RADIX_ORDER_MAX_STATES) {
    const order = new Uint32Array(n);
    for (let k = 0; k < n; k++) order[k] = k;
    order.sort((a, b) => (energies[a] as number) - (energies[b] as number) || a - b);
    return order;
  }
  // keys: the order-preserving unsigned image of each energy, as (hi, lo) 32-bit words
  const bits = new Float64Array(1);
  const words = new Uint32Array(bits.buffer);
  const little = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
  const [LO, HI] = little ? [0, 1] : [1, 0];
  let hi = new Uint32Array(n);
  let lo = new Uint32Array(n);
  let idx = new Uint32Array(n);
  for (let start = 0; start < n; start += chunk) {
    const end = Math.min(n, start + chunk);
    for (let k = start; k < end; k++) {
      bits[0] = (energies[k] as number) + 0; // -0 -> +0
      const h = words[HI] as number;
      const l = words[LO] as number;
      const negative = h >>> 31 === 1;
      hi[k] = negative ? ~h >>> 0 : (h | 0x80000000) >>> 0;
      lo[k] = negative ? ~l >>> 0 : l;
      idx[k] = k;
    }
    if (n > chunk) yield;
  }
  let hi2 = new Uint32Array(n);
  let lo2 = new Uint32Array(n);
  let idx2 = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 4; pass++) {
    const src = pass < 2 ? lo : hi;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((src[i] as number) >>> shift) & 0xffff]!++;
    if (counts[((src[0] as number) >>> shift) & 0xffff] === n) continue; // one digit value: the order stands
    let total = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d] as number;
      counts[d] = total;
      total += c;
    }
    if (n > chunk) yield;
    for (let start = 0; start < n; start += chunk) {
      const end = Math.min(n, start + chunk);
      for (let i = start; i < end; i++) {
        const at = counts[((src[i] as number) >>> shift) & 0xffff]!++;
        hi2[at] = hi[i] as number;
        lo2[at] = lo[i] as number;
        idx2[at] = idx[i] as number;
      }
      if (n > chunk) yield;
    }
    [hi, hi2] = [hi2, hi];
    [lo, lo2] = [lo2, lo];
    [idx, idx2] = [idx2, idx];
  }
  return idx;
}

/**
 * Per order array (computed once): the energies in walk order, and for the bucketed walk of large
 * states the energy-rank buckets (the WebAssembly bucket pass, or the bucket ids and accumulators of
 * the JavaScript one); small states keep a buffer for the probabilities in walk order instead.
 */
interface WalkTables {
  readonly energies: Float64Array;
  /** energies[order[r]] at rank r, length 2^n */
  readonly sorted: Float64Array;
  /** small states: the probabilities in walk order and the rank of each basis index, length 2^n; empty when bucketed */
  readonly inOrder: Float64Array;
  readonly rank: Uint32Array;
  /** bucketed: states per bucket (bucket of basis index k = floor(rank(k) / bucketSize)); 0 for small states */
  readonly bucketSize: number;
  /** bucketed: the WebAssembly pass, when this runtime has one */
  readonly pass: CvarBucketPass | undefined;
  /** bucketed without the WebAssembly pass: the bucket id of each basis index, length 2^n; else empty */
  readonly bucket: Uint16Array;
  /** bucketed without the WebAssembly pass: per bucket b, [2b] = Σ p and [2b + 1] = Σ p E; else empty */
  readonly accumulators: Float64Array;
}

const TABLES = new WeakMap<Uint32Array, WalkTables>();

/** From this many states the CVaR walk goes by energy-rank buckets (below it, the one-by-one walk). */
export const CVAR_BUCKET_MIN_STATES = 2 ** 16;
/** States per bucket: the crossing bucket is walked in energy order, one random load per state. */
const BUCKET_STATES = 256;
/** Most buckets: 2^16 (Uint16 ids), 1 MiB of accumulators; from 2^24 states buckets grow past 256. */
const MAX_BUCKETS = 2 ** 16;

/** The bucket of each basis index (`order` ranks, `bucketSize` per bucket). */
function bucketIds(order: Uint32Array, bucketSize: number): Uint16Array {
  const bucket = new Uint16Array(order.length);
  for (let r = 0; r < order.length; r++) bucket[order[r]!] = Math.floor(r / bucketSize);
  return bucket;
}

const bucketSizeOf = (size: number): number => Math.max(BUCKET_STATES, Math.ceil(size / MAX_BUCKETS));

function walkTables(energies: Float64Array, order: Uint32Array): WalkTables {
  const hit = TABLES.get(order);
  if (hit !== undefined && hit.energies === energies) return hit;
  const size = order.length;
  const sorted = new Float64Array(size);
  for (let r = 0; r < size; r++) sorted[r] = energies[order[r]!]!;
  let tables: WalkTables;
  if (size >= CVAR_BUCKET_MIN_STATES) {
    const bucketSize = bucketSizeOf(size);
    const buckets = Math.ceil(size / bucketSize);
    const bucket = bucketIds(order, bucketSize);
    const pass = createCvarBucketPass(energies, bucket, buckets);
    const small = { inOrder: new Float64Array(0), rank: new Uint32Array(0) };
    tables = pass !== undefined
      ? { energies, sorted, ...small, bucketSize, pass, bucket: new Uint16Array(0), accumulators: new Float64Array(0) }
      : { energies, sorted, ...small, bucketSize, pass, bucket, accumulators: new Float64Array(2 * buckets) };
  } else {
    const rank = new Uint32Array(size);
    for (let r = 0; r < size; r++) rank[order[r]!] = r;
    const none = { bucketSize: 0, pass: undefined, bucket: new Uint16Array(0), accumulators: new Float64Array(0) };
    tables = { energies, sorted, inOrder: new Float64Array(size), rank, ...none };
  }
  TABLES.set(order, tables);
  return tables;
}

/** Σ p and Σ p E per bucket, in ascending basis index: the JavaScript pass (acc zeroed here). */
function bucketSumsJs(probabilities: Float64Array, energies: Float64Array, bucket: Uint16Array, acc: Float64Array): void {
  acc.fill(0);
  const size = bucket.length;
  for (let k = 0; k < size; k++) {
    const b = bucket[k]! << 1;
    const p = probabilities[k]!;
    acc[b]! += p;
    acc[b + 1]! += p * energies[k]!;
  }
}

/**
 * The per-bucket sums of the bucketed CVaR walk (tests and benchmarks): [2b] = Σ p and [2b + 1] =
 * Σ p E over the states of energy ranks [b B, (b + 1) B), B = 256 up to 2^24 states, by the
 * WebAssembly pass (undefined when this runtime has none) or the JavaScript one. Both sum in
 * ascending basis index, so they agree bit for bit.
 *
 * @param probabilities, energies length 2^n >= CVAR_BUCKET_MIN_STATES; order from `energyOrder`
 */
export function cvarBucketSums(probabilities: Float64Array, energies: Float64Array, order: Uint32Array, kernel: 'wasm' | 'js'): Float64Array | undefined {
  const bucketSize = bucketSizeOf(order.length);
  const buckets = Math.ceil(order.length / bucketSize);
  const bucket = bucketIds(order, bucketSize);
  if (kernel === 'js') {
    const acc = new Float64Array(2 * buckets);
    bucketSumsJs(probabilities, energies, bucket, acc);
    return acc;
  }
  const pass = createCvarBucketPass(energies, bucket, buckets);
  if (pass === undefined) return undefined;
  pass.run(probabilities);
  return pass.sums.slice();
}

/**
 * Entries the CVaR walk gathers one by one before it may go to its pass over all states (bucketed:
 * the step of its gather, in whole buckets). Measured at 2^20 (bench/cvar.ts, WebAssembly pass 2-3
 * ms): a fixed prefix of 2^14 cost 0.5-0.8 ms more than 4096 on the VQE workload's states (crossing
 * at rank 190-320 thousand), and 4096 alone cost 2-3 ms more than 2^14 when a concentrated
 * distribution crossed within it: hence steps of 4096 while the crossing looks near.
 */
const GATHER_FIRST = 4096;

/**
 * CVaR_alpha of the energy distribution (Barkoutsos et al. 2020): walk the basis states by
 * ascending energy, accumulating probability mass until it reaches alpha; the boundary state
 * contributes only the missing fraction; the result is the accumulated Σ p E divided by alpha.
 * If the vector holds slightly less than alpha in total (rounding), the mean over all of it is
 * returned. alpha = 1 gives `expectationValue`.
 *
 * Below CVAR_BUCKET_MIN_STATES states the walk is the definition's, one state at a time. From it,
 * unless alpha is reached within the first states gathered one by one, the states are grouped into
 * buckets of 256 consecutive energy ranks (fixed per order array, up to 2^24 states): one
 * sequential pass sums p and p E per bucket (WebAssembly SIMD, bit-identical JavaScript fallback),
 * whole buckets are then taken in energy order up to the one where the mass reaches alpha, and only
 * that bucket is walked state by state. The sums run over the same terms in another grouping, so
 * the result equals the one-by-one walk up to float rounding (a few ulps of Σ |p E|), not bit for
 * bit.
 *
 * @param probabilities length 2^n, basis-index order (bit i of k = qubit i)
 * @param energies length 2^n, from `diagonalEnergies`
 * @param order ascending-energy order from `energyOrder(energies)`; computed here when absent
 * @throws InvalidArgumentError when alpha is not in (0, 1] or the lengths differ
 */
export function cvar(
  probabilities: Float64Array,
  energies: Float64Array,
  alpha: number,
  order: Uint32Array = energyOrder(energies),
): number {
  checkAlpha(alpha);
  checkLengths(probabilities, energies);
  if (order.length !== energies.length) {
    throw new InvalidArgumentError(`order.length: ${order.length} must equal energies.length ${energies.length}`, {
      path: 'order',
    });
  }
  const t = walkTables(energies, order);
  const size = order.length;
  // The first entries are gathered one by one, up to 2^n / 16: a concentrated distribution reaches
  // alpha early. Bucketed, the gather goes in steps of whole buckets and stops after a step when the
  // mass so far, extrapolated linearly, would reach alpha only past 2^n / 16: the pass is cheaper.
  const bs = t.bucketSize;
  const limit = Math.min(size, Math.max(GATHER_FIRST, size >> 4));
  const step = bs > 0 ? Math.max(GATHER_FIRST, bs) : limit;
  let mass = 0;
  let sum = 0;
  let r = 0;
  for (let stop = Math.min(limit, step); ; stop = Math.min(limit, stop + step)) {
    for (; r < stop; r++) {
      const p = probabilities[order[r]!]!;
      if (p <= 0) continue;
      const e = t.sorted[r]!;
      if (mass + p >= alpha) return (sum + (alpha - mass) * e) / alpha;
      mass += p;
      sum += p * e;
    }
    if (r >= limit || mass * limit < alpha * r) break;
  }
  if (r >= size) return mass > 0 ? sum / mass : NaN;
  if (bs > 0) return bucketedWalk(probabilities, energies, alpha, order, t, r / bs, mass, sum);
  // Small states: scatter every probability into walk order in one streaming pass (random stores
  // overlap, random loads wait) and go on sequentially over the same entries in the same order.
  const inOrder = t.inOrder;
  const rank = t.rank;
  for (let k = 0; k < size; k++) inOrder[rank[k]!] = probabilities[k]!;
  for (; r < size; r++) {
    const p = inOrder[r]!;
    if (p <= 0) continue;
    const e = t.sorted[r]!;
    if (mass + p >= alpha) return (sum + (alpha - mass) * e) / alpha;
    mass += p;
    sum += p * e;
  }
  return mass > 0 ? sum / mass : NaN;
}

/**
 * The rest of the walk from bucket `from` on, with the mass and Σ p E of the buckets before it:
 * one sequential pass sums p and p E per bucket (basis order: streaming loads, the accumulators
 * stay in L2; WebAssembly when the runtime has it, wasm/cvar.ts), whole buckets are taken in
 * energy order, and the bucket where the mass reaches alpha is walked state by state. When rounding makes a bucket's sum reach alpha and its own walk not, the
 * walk goes on into the next bucket from the one-by-one sums.
 */
function bucketedWalk(
  probabilities: Float64Array,
  energies: Float64Array,
  alpha: number,
  order: Uint32Array,
  t: WalkTables,
  from: number,
  mass: number,
  sum: number,
): number {
  const size = order.length;
  const bs = t.bucketSize;
  let acc = t.accumulators;
  if (t.pass !== undefined) {
    t.pass.run(probabilities);
    acc = t.pass.sums;
  } else bucketSumsJs(probabilities, energies, t.bucket, acc);
  const buckets = acc.length >> 1;
  const sorted = t.sorted;
  for (let b = from; b < buckets; b++) {
    const m = acc[2 * b]!;
    if (mass + m < alpha) {
      mass += m;
      sum += acc[2 * b + 1]!;
      continue;
    }
    const end = Math.min(size, (b + 1) * bs);
    for (let r = b * bs; r < end; r++) {
      const p = probabilities[order[r]!]!;
      if (p <= 0) continue;
      const e = sorted[r]!;
      if (mass + p >= alpha) return (sum + (alpha - mass) * e) / alpha;
      mass += p;
      sum += p * e;
    }
  }
  return mass > 0 ? sum / mass : NaN;
}

/**
 * CVaR_alpha from measured counts (basis index -> count): the same definition with the empirical
 * distribution count / shots. O(m log m) for m distinct outcomes. `energies` is the energy of each
 * basis state (length 2^n), or a function giving it (when a table of 2^n energies is not wanted).
 * @throws InvalidArgumentError when alpha is not in (0, 1], there are no shots, or an index has no energy
 */
export function cvarFromCounts(counts: ReadonlyMap<number, number>, energies: Float64Array | ((index: number) => number), alpha: number): number {
  checkAlpha(alpha);
  const table = typeof energies === 'function' ? undefined : energies;
  const energyOf = typeof energies === 'function' ? energies : (k: number) => energies[k] as number;
  let shots = 0;
  const outcomes: number[] = [];
  for (const [k, c] of counts) {
    if (!Number.isInteger(k) || k < 0 || (table !== undefined && k >= table.length)) {
      throw new InvalidArgumentError(`counts: index ${k} is out of range; must be between 0 and ${table === undefined ? '2^n - 1' : table.length - 1}`, {
        path: 'counts',
      });
    }
    if (!(c >= 0) || !Number.isFinite(c)) {
      throw new InvalidArgumentError(`counts: count ${c} for index ${k} must be a finite number >= 0`, { path: 'counts' });
    }
    if (c > 0) outcomes.push(k);
    shots += c;
  }
  if (shots <= 0) throw new InvalidArgumentError('counts: there are no shots', { path: 'counts' });
  const energy = new Map(outcomes.map((k) => [k, energyOf(k)]));
  outcomes.sort((a, b) => energy.get(a)! - energy.get(b)! || a - b);
  const target = alpha * shots; // work in counts to avoid dividing each one
  let mass = 0;
  let sum = 0;
  for (const k of outcomes) {
    const c = counts.get(k) as number;
    const e = energy.get(k)!;
    if (mass + c >= target) return (sum + (target - mass) * e) / target;
    mass += c;
    sum += c * e;
  }
  return sum / mass;
}
