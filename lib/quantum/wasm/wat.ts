/**
 * WebAssembly text helpers shared by the kernel generators (source.ts: the c64 kernels;
 * generic.ts: the kernels of every representation).
 */

export const get = (x: string): string => `(local.get $${x})`;
export const set = (x: string, e: string): string => `(local.set $${x} ${e})`;
export const i32 = (v: number): string => `(i32.const ${v})`;
export const add = (a: string, b: string): string => `(i32.add ${a} ${b})`;

/**
 * Runs of at most this many groups (mask + 1) take the flat loop: a gate whose lowest qubit is 0 or
 * 1 among the vector-index bits has runs of one or two groups, where the run loop's exits cost more
 * than computing the index (c64 CX(0, 1) on 20 qubits: 1.4 -> 0.7 ms; runs of 4 got slower).
 */
export const FLAT_BELOW = 2;

/**
 * The flat loop over the group index, taken when the run mask `$mask` is below FLAT_BELOW: for each
 * k in [$k, $k1) the group's byte address `$base + insert(k) * 16` goes into `$p` and `body('p')`
 * runs; then the function returns. Uses the locals k, k1, mask, p, base.
 */
export function flatLoop(insert: string, body: (p: string) => string): string {
  return `(if (i32.lt_u ${get('mask')} ${i32(FLAT_BELOW)})
      (then
        (block $flatDone
          (loop $flat
            (br_if $flatDone (i32.ge_u ${get('k')} ${get('k1')}))
            ${set('p', add(get('base'), `(i32.shl ${insert} ${i32(4)})`))}
            ${body('p')}
            ${set('k', add(get('k'), i32(1)))}
            (br $flat)))
        (return)))`;
}

/**
 * An exported kernel `name` that calls one of two functions of the module with its own arguments:
 * `$<name>_<variant>` when `condition` holds, else `$<name>_plain` (both written by the caller with
 * the same parameters). `params` is the kernel's parameter list; `prelude` sets the locals
 * `locals` that `condition` reads. The variants are functions of their own so that the plain one
 * stays the code it was.
 */
export function chooseVariant(spec: {
  readonly name: string;
  readonly params: readonly string[];
  readonly variant: string;
  readonly condition: string;
  readonly locals?: string;
  readonly prelude?: string;
}): string {
  const args = spec.params.flatMap((p) => [...p.matchAll(/\$(\w+)/g)].map((m) => get(m[1]!))).join(' ');
  return `
  (func (export "${spec.name}") ${spec.params.join(' ')} ${spec.locals ?? ''}
    ${spec.prelude ?? ''}
    (if ${spec.condition}
      (then (call $${spec.name}_${spec.variant} ${args}))
      (else (call $${spec.name}_plain ${args}))))`;
}
