/**
 * The WebAssembly text (WAT) of the SIMD state-vector kernels, generated from two loop skeletons
 * (1-qubit and 2-qubit gates) and one body per gate class. `scripts/build-wasm-kernels.ts` assembles
 * it with wabt into `kernels-binary.ts`; a test checks that the committed binary is this text.
 *
 * Contract (that of kernels.ts, which the WASM kernels replace for states in WebAssembly memory):
 * - The module imports one shared memory `env.memory`; a state of n qubits is 16 * 2^n bytes at byte
 *   offset `base` (16-byte aligned), amplitude k = (re, im) as one f64x2 at `base + 16k`; qubit q is
 *   bit q of k (Qiskit's little-endian order).
 * - Each kernel runs over the half-open range `[k0, k1)` of the compressed loop index (the 2^(n-a)
 *   indices with the gate's a qubit bits removed), so workers may run disjoint ranges at once.
 * - Addresses are unsigned 32-bit: states up to 2 GiB (27 qubits) at `base` + 16 * 2^n <= 2^32.
 * - Complex products use f64x2 with the same operation order as the JavaScript kernels, so the two
 *   give bit-identical amplitudes (tested).
 *
 * The bit-insertion indexing follows qulacs `csim` (Suzuki et al., "Qulacs: a fast and versatile
 * quantum circuit simulator for research purpose", Quantum 5, 559 (2021)): consecutive k within a
 * block below the lowest gate qubit address consecutive amplitudes, so the index insertion happens
 * once per run, and the inner loop streams through memory. When the lowest gate qubit is 0 the run
 * is the whole block below the next gate qubit, with a stride of two amplitudes.
 */

import { genericKernels } from './generic';
import { add, chooseVariant, flatLoop, get, i32, set } from './wat';
import { REPRESENTATIONS } from './repr';

const load = (addr: string): string => `(v128.load ${addr})`;
const store = (addr: string, v: string): string => `(v128.store ${addr} ${v})`;
const fadd = (a: string, b: string): string => `(f64x2.add ${a} ${b})`;
const fmul = (a: string, b: string): string => `(f64x2.mul ${a} ${b})`;
/** (re, im) -> (im, re) */
const swapHalves = (v: string): string => `(i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})`;

/** A complex coefficient held as two vectors: re = (r, r), pm = (-i, i). */
interface Coefficient {
  readonly re: string;
  readonly pm: string;
}

/** Locals and prelude for the complex coefficients named `names` (each from params `<name>r`, `<name>i`). */
function coefficients(names: readonly string[]): { params: string[]; locals: string[]; prelude: string[]; c: Record<string, Coefficient> } {
  const params: string[] = [];
  const locals: string[] = [];
  const prelude: string[] = [];
  const c: Record<string, Coefficient> = {};
  for (const name of names) {
    params.push(`(param $${name}r f64) (param $${name}i f64)`);
    locals.push(`(local $${name}R v128) (local $${name}P v128)`);
    prelude.push(set(`${name}R`, `(f64x2.splat ${get(`${name}r`)})`));
    prelude.push(set(`${name}P`, `(f64x2.replace_lane 1 (f64x2.splat (f64.neg ${get(`${name}i`)})) ${get(`${name}i`)})`));
    c[name] = { re: get(`${name}R`), pm: get(`${name}P`) };
  }
  return { params, locals, prelude, c };
}

/** c * v (complex), as the JavaScript kernels compute it: (cr vr - ci vi, cr vi + ci vr). */
const cmul = (c: Coefficient, v: string): string => fadd(fmul(v, c.re), fmul(swapHalves(v), c.pm));
/** acc + c * v, summed in the JavaScript kernels' order ((acc + cr v) + (-ci, ci) swap(v)). */
const cmulAdd = (acc: string, c: Coefficient, v: string): string => fadd(fadd(acc, fmul(v, c.re)), fmul(swapHalves(v), c.pm));

interface KernelSpec {
  readonly name: string;
  /** Extra params between the qubits and the range. */
  readonly params?: readonly string[];
  readonly locals?: readonly string[];
  readonly prelude?: readonly string[];
  /** Statements after the qubit offsets are set (2-qubit kernels: loop invariants of $oa, $ob). */
  readonly afterOffsets?: readonly string[];
  /** The loop body for the amplitude group at the byte address in local `p` (gate bits all 0). */
  readonly body: (p: string) => string;
  /**
   * For a gate that leaves some amplitudes alone (gaps between the runs it touches): the byte
   * addresses of the first group of each touched stream of a run; the vector before each is
   * loaded (and dropped) before the run starts. See `loops`.
   */
  readonly touch?: (p: string) => readonly string[];
}

/**
 * Lowest gate qubits whose runs (2^lo groups: 8 to 256 amplitudes, 128 B to 4 KiB of complex
 * float64) the `touch` variant of a kernel walks; see `loops`.
 */
const TOUCH_LO = [3, 8] as const;

const COMMON_LOCALS = '(local $k i32) (local $end i32) (local $p i32) (local $q2 i32) (local $cnt i32) (local $step i32) (local $a v128) (local $b v128) (local $c v128) (local $d v128)';

/**
 * The outer/inner loop shared by both skeletons; `$mask` is the run mask of k. Each run of
 * consecutive groups is unrolled by two (two groups per iteration, then the odd one), so the loop
 * control is paid once per two groups; the arithmetic per amplitude is unchanged. Runs of one or
 * two groups take wat.ts's flat loop instead.
 *
 * `touch`: a gate that skips amplitudes (CX touches half of them, in runs of 2^lo groups with
 * gaps of the same size) first loads the vector just before each of its streams in every run. The
 * load reads an amplitude the gate leaves alone, inside the state (the streams start at an offset
 * of at least one amplitude); its value is dropped. Measured on the AMD EPYC of docs/benchmarks.md
 * (bench/kernel-touch.ts), the hardware prefetcher then follows each run from its first line: CX(q,
 * q + 1) took 25-45% less time at q = 3 and 5-20% less at q = 4..8, on a 16 MiB state in L3 and
 * on a 256 MiB one. Shorter runs lose by it (at q = 2 the vector before is on a line the run does not
 * use, and loading it made every line travel: 1.2-1.5x as long), longer ones gain nothing, so
 * twoQubit makes the touch variant a kernel of its own for lo in TOUCH_LO only.
 */
function loops(insert: string, body: (p: string) => string, touch?: (p: string) => readonly string[]): string {
  return `
    ${set('k', get('k0'))}
    ${flatLoop(insert, body)}
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u ${get('k')} ${get('k1')}))
        ${set('end', add(`(i32.or ${get('k')} ${get('mask')})`, i32(1)))}
        (if (i32.gt_u ${get('end')} ${get('k1')}) (then ${set('end', get('k1'))}))
        ${set('p', add(get('base'), `(i32.shl ${insert} ${i32(4)})`))}
        ${(touch?.('p') ?? []).map((x) => `(drop (v128.load (i32.sub ${x} ${i32(16)})))`).join(' ')}
        ${set('cnt', `(i32.sub ${get('end')} ${get('k')})`)}
        ${set('k', get('end'))}
        (block $rest
          (loop $pair
            (br_if $rest (i32.lt_u ${get('cnt')} ${i32(2)}))
            ${body('p')}
            ${set('q2', add(get('p'), get('step')))}
            ${body('q2')}
            ${set('p', add(get('q2'), get('step')))}
            ${set('cnt', `(i32.sub ${get('cnt')} ${i32(2)})`)}
            (br $pair)))
        (if ${get('cnt')} (then ${body('p')}))
        (br $outer)))`;
}

/** A 1-qubit kernel `(base, q, ...params, k0, k1)`; the body sees $p (bit q = 0) and $o (offset of bit q = 1). */
function oneQubit(spec: KernelSpec): string {
  // q = 0: pairs are adjacent, stride 32 bytes, one run to k1 (mask k1 - 1).
  const insert = `(i32.or (i32.shl (i32.and ${get('k')} (i32.xor ${get('low')} ${i32(-1)})) ${i32(1)}) (i32.and ${get('k')} ${get('low')}))`;
  return `
  (func (export "${spec.name}") (param $base i32) (param $q i32) ${(spec.params ?? []).join(' ')} (param $k0 i32) (param $k1 i32)
    (local $low i32) (local $mask i32) (local $o i32) ${COMMON_LOCALS} ${(spec.locals ?? []).join(' ')}
    ${(spec.prelude ?? []).join('\n    ')}
    ${set('low', `(i32.sub (i32.shl ${i32(1)} ${get('q')}) ${i32(1)})`)}
    ${set('o', `(i32.shl ${i32(16)} ${get('q')})`)}
    ${set('mask', `(select (i32.sub ${get('k1')} ${i32(1)}) ${get('low')} (i32.eqz ${get('q')}))`)}
    ${set('step', `(select ${i32(32)} ${i32(16)} (i32.eqz ${get('q')}))`)}
    ${loops(insert, spec.body)})`;
}

/**
 * A 2-qubit kernel `(base, qa, qb, ...params, k0, k1)`; the body sees $p (both bits 0) and the byte
 * offsets $oa, $ob of bits qa, qb.
 */
function twoQubit(spec: KernelSpec): string {
  if (spec.touch === undefined) return twoQubitFunction(spec, `(export "${spec.name}")`, false);
  // the exported kernel calls the variant with the touch for runs of 2^lo groups, lo in TOUCH_LO
  return `${twoQubitFunction(spec, `$${spec.name}_plain`, false)}
  ${twoQubitFunction(spec, `$${spec.name}_touch`, true)}
  ${chooseVariant({
    name: spec.name,
    params: ['(param $base i32) (param $qa i32) (param $qb i32)', ...(spec.params ?? []), '(param $k0 i32) (param $k1 i32)'],
    variant: 'touch',
    locals: '(local $lo i32)',
    prelude: set('lo', `(select ${get('qa')} ${get('qb')} (i32.lt_u ${get('qa')} ${get('qb')}))`),
    condition: `(i32.and (i32.ge_u ${get('lo')} ${i32(TOUCH_LO[0])}) (i32.le_u ${get('lo')} ${i32(TOUCH_LO[1])}))`,
  })}`;
}

function twoQubitFunction(spec: KernelSpec, name: string, touch: boolean): string {
  const insertLo = `(i32.or (i32.shl (i32.and ${get('k')} (i32.xor ${get('mlo')} ${i32(-1)})) ${i32(1)}) (i32.and ${get('k')} ${get('mlo')}))`;
  const insert = `(i32.or (i32.shl (i32.and (local.tee $t ${insertLo}) (i32.xor ${get('mhi')} ${i32(-1)})) ${i32(1)}) (i32.and ${get('t')} ${get('mhi')}))`;
  return `
  (func ${name} (param $base i32) (param $qa i32) (param $qb i32) ${(spec.params ?? []).join(' ')} (param $k0 i32) (param $k1 i32)
    (local $lo i32) (local $hi i32) (local $mlo i32) (local $mhi i32) (local $mask i32) (local $t i32) (local $oa i32) (local $ob i32) ${COMMON_LOCALS} ${(spec.locals ?? []).join(' ')}
    ${(spec.prelude ?? []).join('\n    ')}
    ${set('lo', `(select ${get('qa')} ${get('qb')} (i32.lt_u ${get('qa')} ${get('qb')}))`)}
    ${set('hi', `(select ${get('qb')} ${get('qa')} (i32.lt_u ${get('qa')} ${get('qb')}))`)}
    ${set('mlo', `(i32.sub (i32.shl ${i32(1)} ${get('lo')}) ${i32(1)})`)}
    ${set('mhi', `(i32.sub (i32.shl ${i32(1)} ${get('hi')}) ${i32(1)})`)}
    ${set('oa', `(i32.shl ${i32(16)} ${get('qa')})`)}
    ${set('ob', `(i32.shl ${i32(16)} ${get('qb')})`)}
    ${(spec.afterOffsets ?? []).join('\n    ')}
    ;; lo = 0: consecutive k step two amplitudes up to the block of bit hi (bit hi - 1 of k)
    ${set('mask', `(select (i32.sub (i32.shl ${i32(1)} (i32.sub ${get('hi')} ${i32(1)})) ${i32(1)}) ${get('mlo')} (i32.eqz ${get('lo')}))`)}
    ${set('step', `(select ${i32(32)} ${i32(16)} (i32.eqz ${get('lo')}))`)}
    ;; qubits 0 and 1: consecutive k step four amplitudes, over the whole range (one run)
    (if (i32.eq ${get('hi')} ${i32(1)}) (then ${set('mask', `(i32.sub ${get('k1')} ${i32(1)})`)} ${set('step', i32(64))}))
    ${loops(insert, spec.body, touch ? spec.touch : undefined)})`;
}

/** Byte address: local `p` plus the named offset locals. */
const at = (p: string, ...offsets: string[]): string => offsets.reduce((acc, o) => add(acc, get(o)), get(p));

/** Multiply the amplitude at byte address x by c (through $a: the product reads it twice). */
const scale = (x: string, c: Coefficient): string => `${set('a', load(x))} ${store(x, cmul(c, get('a')))}`;

/** Swap the amplitudes at byte addresses x and y. */
const swapAt = (x: string, y: string): string => `${set('a', load(x))} ${set('b', load(y))} ${store(x, get('b'))} ${store(y, get('a'))}`;

function realMatrix1(): string {
  const names = ['m00', 'm01', 'm10', 'm11'];
  return oneQubit({
    name: 'real1',
    params: names.map((m) => `(param $${m} f64)`),
    locals: names.map((m) => `(local $${m}v v128)`),
    prelude: names.map((m) => set(`${m}v`, `(f64x2.splat ${get(m)})`)),
    body: (p) => `${set('a', load(at(p)))} ${set('b', load(at(p, 'o')))}
          ${store(at(p), fadd(fmul(get('a'), get('m00v')), fmul(get('b'), get('m01v'))))}
          ${store(at(p, 'o'), fadd(fmul(get('a'), get('m10v')), fmul(get('b'), get('m11v'))))}`,
  });
}

/** Dense complex 2x2 [[m00, m01], [m10, m11]] on amplitudes at x (bit 0) and y (bit 1). */
function denseBody(c: Record<string, Coefficient>, x: string, y: string): string {
  return `${set('a', load(x))} ${set('b', load(y))}
          ${store(x, cmulAdd(cmul(c.m00!, get('a')), c.m01!, get('b')))}
          ${store(y, cmulAdd(cmul(c.m10!, get('a')), c.m11!, get('b')))}`;
}

function matrix1(): string {
  const k = coefficients(['m00', 'm01', 'm10', 'm11']);
  return oneQubit({ name: 'dense1', params: k.params, locals: k.locals, prelude: k.prelude, body: (p) => denseBody(k.c, at(p), at(p, 'o')) });
}

function diag1(): string {
  const k = coefficients(['d0', 'd1']);
  return oneQubit({
    name: 'diag1',
    params: k.params,
    locals: k.locals,
    prelude: k.prelude,
    body: (p) => `${scale(at(p), k.c.d0!)} ${scale(at(p, 'o'), k.c.d1!)}`,
  });
}

function phase1(): string {
  const k = coefficients(['ph']);
  return oneQubit({ name: 'phase1', params: k.params, locals: k.locals, prelude: k.prelude, body: (p) => scale(at(p, 'o'), k.c.ph!) });
}

function x1(): string {
  return oneQubit({ name: 'x1', body: (p) => swapAt(at(p), at(p, 'o')) });
}

function cx(touch: boolean): string {
  // the control offset oa and the target pair (oa, oa + ob) are loop invariants: one add each per group
  return twoQubit({
    name: 'cx',
    locals: ['(local $oab i32)'],
    prelude: [],
    afterOffsets: [set('oab', add(get('oa'), get('ob')))],
    body: (p) => swapAt(at(p, 'oa'), at(p, 'oab')),
    ...(touch ? { touch: (p: string) => [at(p, 'oa'), at(p, 'oab')] } : {}),
  });
}

function swap2(touch: boolean): string {
  return twoQubit({ name: 'swap2', body: (p) => swapAt(at(p, 'oa'), at(p, 'ob')), ...(touch ? { touch: (p: string) => [at(p, 'oa'), at(p, 'ob')] } : {}) });
}

function controlledPhase(touch: boolean): string {
  const k = coefficients(['ph']);
  return twoQubit({
    name: 'cphase',
    params: k.params,
    locals: [...k.locals, '(local $oab i32)'],
    prelude: k.prelude,
    afterOffsets: [set('oab', add(get('oa'), get('ob')))],
    body: (p) => scale(at(p, 'oab'), k.c.ph!),
    ...(touch ? { touch: (p: string) => [at(p, 'oab')] } : {}),
  });
}

function diag2(): string {
  const k = coefficients(['d0', 'd1', 'd2', 'd3']);
  return twoQubit({
    name: 'diag2',
    params: k.params,
    locals: [...k.locals, '(local $oab i32)'],
    prelude: k.prelude,
    afterOffsets: [set('oab', add(get('oa'), get('ob')))],
    body: (p) => [at(p), at(p, 'oa'), at(p, 'ob'), at(p, 'oab')].map((x, j) => scale(x, k.c[`d${j}`]!)).join(' '),
  });
}

function controlledMatrix1(touch: boolean): string {
  const k = coefficients(['m00', 'm01', 'm10', 'm11']);
  return twoQubit({
    name: 'ctrl1',
    params: k.params,
    locals: [...k.locals, '(local $oab i32)'],
    prelude: k.prelude,
    afterOffsets: [set('oab', add(get('oa'), get('ob')))],
    body: (p) => denseBody(k.c, at(p, 'oa'), at(p, 'oab')),
    ...(touch ? { touch: (p: string) => [at(p, 'oa'), at(p, 'oab')] } : {}),
  });
}

/**
 * `copy(state, scratch, block, maskH, chunkBytes, count, gather)`: the cache-block copies of
 * blocked.ts, for any representation. Chunk h (chunkBytes at scratch + h * chunkBytes) is the
 * state's run of amplitudes starting at byte `state + (block | deposit(h, maskH))`, where `block`
 * and `maskH` are the block's amplitude index and high-qubit mask already scaled to bytes (shifted
 * by log2 of the amplitude size); the deposits are enumerated in increasing order by the subset
 * step off' = ((off | ~maskH) + 1) & maskH. gather = 1 copies state -> scratch, 0 back.
 */
function blockCopy(): string {
  // $dst walks the scratch chunk (it bounds the loop) whichever way the bytes go
  // four vectors per iteration when the chunk is a multiple of 64 bytes (every default block), else one
  const copyLoop = (from: string, to: string): string => `
        (if (i32.and ${get('chunkBytes')} ${i32(63)})
          (then
            (loop $one
              (v128.store ${get(to)} (v128.load ${get(from)}))
              ${set('src', add(get('src'), i32(16)))}
              ${set('dst', add(get('dst'), i32(16)))}
              (br_if $one (i32.lt_u ${get('dst')} ${get('end')}))))
          (else
            (loop $four
              (v128.store ${get(to)} (v128.load ${get(from)}))
              (v128.store offset=16 ${get(to)} (v128.load offset=16 ${get(from)}))
              (v128.store offset=32 ${get(to)} (v128.load offset=32 ${get(from)}))
              (v128.store offset=48 ${get(to)} (v128.load offset=48 ${get(from)}))
              ${set('src', add(get('src'), i32(64)))}
              ${set('dst', add(get('dst'), i32(64)))}
              (br_if $four (i32.lt_u ${get('dst')} ${get('end')})))))`;
  return `
  (func (export "copy") (param $state i32) (param $scratch i32) (param $block i32) (param $maskH i32) (param $chunkBytes i32) (param $count i32) (param $gather i32)
    (local $h i32) (local $off i32) (local $src i32) (local $dst i32) (local $end i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u ${get('h')} ${get('count')}))
        ${set('src', add(get('state'), `(i32.or ${get('block')} ${get('off')})`))}
        ${set('dst', add(get('scratch'), `(i32.mul ${get('h')} ${get('chunkBytes')})`))}
        ${set('end', add(get('dst'), get('chunkBytes')))}
        (if ${get('gather')}
          (then ${copyLoop('src', 'dst')})
          (else ${copyLoop('dst', 'src')}))
        ${set('off', `(i32.and (i32.add (i32.or ${get('off')} (i32.xor ${get('maskH')} ${i32(-1)})) ${i32(1)}) ${get('maskH')})`)}
        ${set('h', add(get('h'), i32(1)))}
        (br $next))))`;
}

/**
 * `zero(base, bytes)`: set [base, base + bytes) to 0 (bytes a multiple of 16; four vectors per
 * iteration when a multiple of 64). Resetting a state from JavaScript (TypedArray.fill) is some 3x
 * slower on the growable shared memory the states live in.
 */
function zero(): string {
  return `
  (func (export "zero") (param $base i32) (param $bytes i32)
    (local $p i32) (local $end i32) (local $z v128)
    ${set('p', get('base'))}
    ${set('end', add(get('base'), get('bytes')))}
    (block $done
      (loop $four
        (br_if $done (i32.gt_u (i32.add ${get('p')} ${i32(64)}) ${get('end')}))
        (v128.store ${get('p')} ${get('z')})
        (v128.store offset=16 ${get('p')} ${get('z')})
        (v128.store offset=32 ${get('p')} ${get('z')})
        (v128.store offset=48 ${get('p')} ${get('z')})
        ${set('p', add(get('p'), i32(64)))}
        (br $four)))
    (block $rest
      (loop $one
        (br_if $rest (i32.ge_u ${get('p')} ${get('end')}))
        (v128.store ${get('p')} ${get('z')})
        ${set('p', add(get('p'), i32(16)))}
        (br $one))))`;
}

/**
 * The whole module's text: the c64 kernels above, then the generic kernels of every representation
 * (generic.ts). `touch: false` leaves out the touch and preloading variants (bench/kernel-touch.ts
 * measures both).
 */
export function kernelsWat(options: { readonly touch?: boolean } = {}): string {
  const touch = options.touch ?? true;
  const c64 = [realMatrix1(), matrix1(), diag1(), phase1(), x1(), cx(touch), swap2(touch), controlledPhase(touch), diag2(), controlledMatrix1(touch), blockCopy(), zero()];
  const generic = Object.values(REPRESENTATIONS).flatMap((info) => genericKernels(info, touch));
  return `;; Generated by lib/quantum/wasm/source.ts - do not edit; run scripts/build-wasm-kernels.ts
(module
  (import "env" "memory" (memory 1 65536 shared))
${[...c64, ...generic].join('\n')}
)
`;
}
