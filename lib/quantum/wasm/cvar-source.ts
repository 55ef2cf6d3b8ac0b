/**
 * The WebAssembly text (WAT) of the CVaR walk's bucket pass (expectation.ts): for every basis index
 * k in [0, n), `acc[bucket[k]] += (p[k], p[k] * E[k])`, in ascending k, so the sums are those of the
 * JavaScript pass bit for bit (p * 1 = p exactly; p * E and the additions in the same order).
 * `scripts/build-wasm-kernels.ts` assembles it with wabt into `cvar-binary.ts`; a test checks that
 * the committed binary is this text.
 *
 * Contract: the module exports its own (unshared) memory `memory`; the caller places the bucket ids
 * (u16, at `bucket`), the probabilities and energies (f64, at `p` and `e`) and the accumulator
 * pairs (f64 mass, f64 Σ p E, 16 bytes per bucket, 16-byte aligned, at `acc`) in it. Addresses are
 * unsigned 32-bit byte offsets.
 */
export function cvarWat(): string {
  return `(module
  (memory (export "memory") 1)
  (func (export "bucket_sums") (param $bucket i32) (param $p i32) (param $e i32) (param $acc i32) (param $n i32)
    (local $end i32) (local $a i32) (local $one v128)
    (local.set $one (v128.const f64x2 1 1))
    (local.set $end (i32.add (local.get $bucket) (i32.shl (local.get $n) (i32.const 1))))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $bucket) (local.get $end)))
        ;; a = acc + 16 * bucket[k]; (mass, sum) += (p, p * E) as one f64x2
        (local.set $a (i32.add (local.get $acc) (i32.shl (i32.load16_u (local.get $bucket)) (i32.const 4))))
        (v128.store (local.get $a)
          (f64x2.add (v128.load (local.get $a))
            (f64x2.mul (v128.load64_splat (local.get $p)) (f64x2.replace_lane 1 (local.get $one) (f64.load (local.get $e))))))
        (local.set $bucket (i32.add (local.get $bucket) (i32.const 2)))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $e (i32.add (local.get $e) (i32.const 8)))
        (br $next))))
)
`;
}
