/**
 * The CVaR walk's bucket pass in WebAssembly (cvar-source.ts): per energy-rank bucket, the mass Σ p
 * and Σ p E of the probabilities of one evaluation, bit-identical to the JavaScript pass and about
 * 4x less CPU at 2^20 states (bench/cvar.ts). One instance per Hamiltonian's walk tables holds a copy
 * of the energies and bucket ids; each pass copies the probabilities in (8 bytes per state).
 *
 * Memory: 18 bytes per state + 16 per bucket in the instance's own memory, at most 2 GiB; larger
 * tables, a runtime without WebAssembly SIMD, or a failed allocation give undefined (the caller
 * keeps its JavaScript pass).
 */
import { CVAR_WASM_BASE64 } from './cvar-binary';
import { lazyModule } from './module';

/** Largest instance memory (bytes) a bucket pass allocates. */
const MAX_BYTES = 2 ** 31;
const PAGE_BYTES = 65536;

export interface CvarBucketPass {
  /** Accumulator pairs, length 2 x buckets: [2b] = Σ p, [2b + 1] = Σ p E over bucket b (valid until the next run). */
  readonly sums: Float64Array;
  /** Zero the sums, copy `probabilities` (length 2^n) in and accumulate. */
  run(probabilities: Float64Array): void;
}

/** The bucket pass's module, or null without WebAssembly SIMD (the JavaScript pass runs). */
const cvarModule = lazyModule(CVAR_WASM_BASE64);

/**
 * A bucket pass over `energies` (length 2^n) with bucket ids `bucket` (length 2^n, each < buckets),
 * or undefined when it cannot be set up (see above). The arrays are copied.
 */
export function createCvarBucketPass(energies: Float64Array, bucket: Uint16Array, buckets: number): CvarBucketPass | undefined {
  const module = cvarModule();
  if (module === null) return undefined;
  const size = energies.length;
  // layout: energies, probabilities, accumulators (16-byte aligned), bucket ids
  const e0 = 0;
  const p0 = 8 * size;
  const acc0 = 16 * size;
  const b0 = acc0 + 16 * buckets;
  const bytes = b0 + 2 * size;
  if (bytes > MAX_BYTES) return undefined;
  let exports: Record<string, unknown>;
  let memory: WebAssembly.Memory;
  try {
    exports = new WebAssembly.Instance(module, {}).exports;
    memory = exports.memory as WebAssembly.Memory;
    const pages = Math.ceil(bytes / PAGE_BYTES) - memory.buffer.byteLength / PAGE_BYTES;
    if (pages > 0) memory.grow(pages);
  } catch {
    return undefined; // the allocation failed: the JavaScript pass runs
  }
  const buffer = memory.buffer;
  new Float64Array(buffer, e0, size).set(energies);
  new Uint16Array(buffer, b0, size).set(bucket);
  const probabilities = new Float64Array(buffer, p0, size);
  const sums = new Float64Array(buffer, acc0, 2 * buckets);
  const bucketSums = exports.bucket_sums as (bucket: number, p: number, e: number, acc: number, n: number) => void;
  return {
    sums,
    run(p: Float64Array): void {
      probabilities.set(p);
      sums.fill(0);
      bucketSums(b0, p0, e0, acc0, size);
    },
  };
}
