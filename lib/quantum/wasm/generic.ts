/**
 * Generic WebAssembly kernels for every state representation (repr.ts): a dense or diagonal gate
 * on up to MAX_FUSED_QUBITS qubits, its coefficients read from memory. They serve fused gates (the
 * product of several gates, engine/fusion.ts) and every non-permutation gate of the c32, r64 and
 * r32 representations.
 *
 * Vectors: a v128 holds 2^laneBits amplitudes (the lane qubits are the state's lowest laneBits
 * qubits). The gate's qubits split into `high` qubits (>= laneBits; their bits address whole
 * vectors) and lane qubits (a bit mask `lanes` over the lane bits). For each group of 2^high
 * vectors that differ only in the high gate bits, output vector i is
 *
 *   y_i = sum_j sum_{s subset of lanes} C[i][j][s] (.) perm_s(x_j)
 *
 * where perm_s exchanges lane l with lane l xor s, and C[i][j][s] are coefficient vectors whose
 * lanes carry the matrix entries for each lane's gate bits (engine/coefficients.ts builds them). A
 * complex coefficient is two vectors, (re, re) and (-im, im) per amplitude, and the product is
 * v * re + swap(v) * (-im, im), swap exchanging re and im (the form of the c64 kernels). The
 * approach is that of qsim's vectorised matrix kernels, where gate qubits inside a SIMD register
 * are handled by lane permutations of the register (Isakov et al., "Simulations of quantum circuits
 * with approximate noise using qsim and Cirq", arXiv:2111.02396, 2021), written from the formula
 * above, not from their code.
 *
 * Kernel signature: `(base, coef, v1 .. vhigh, k0, k1)`: byte address of the state, byte address
 * of the coefficients, the high gate qubits as vector-index bit positions (qubit - laneBits,
 * ascending), and the half-open range of the compressed group index (2^(n - laneBits - high)
 * groups). Disjoint ranges touch disjoint vectors (worker threads each take one).
 *
 * Loop: consecutive group indices address consecutive vector groups up to the block of the lowest
 * high gate bit that is not one of the lowest contiguous ones, so the index insertion happens once
 * per run, and each run is unrolled by `unroll` groups per iteration. Kernels on 1 or 2 high qubits
 * take wat.ts's flat loop for runs of one or two groups (the fused 3- and 4-qubit ones keep the run
 * loop alone: their bodies are long and the module would grow by half).
 */
import { genericKernelKeys, genericKernelName, genericTerms, popcount, subsets, type GenericKey, type RepresentationInfo } from './repr';
import { add, chooseVariant, flatLoop, get, i32, set } from './wat';


/** Vector element ops of a representation. */
function ops(info: RepresentationInfo): { mul: (a: string, b: string) => string; fadd: (a: string, b: string) => string } {
  const t = info.single ? 'f32x4' : 'f64x2';
  return { mul: (a, b) => `(${t}.mul ${a} ${b})`, fadd: (a, b) => `(${t}.add ${a} ${b})` };
}

/** Bytes per amplitude lane inside a v128. */
const laneBytes = (info: RepresentationInfo): number => 16 >> info.laneBits;

/** A shuffle pattern: output byte b takes input byte `src(b)`. */
function shuffle(v: string, src: (b: number) => number): string {
  const pattern = Array.from({ length: 16 }, (_, b) => src(b));
  if (pattern.every((p, b) => p === b)) return v;
  return `(i8x16.shuffle ${pattern.join(' ')} ${v} ${v})`;
}

/** perm_s: amplitude lane l takes lane l xor s; with `swap`, also exchange re and im in each amplitude. */
function permuted(info: RepresentationInfo, v: string, s: number, swap: boolean): string {
  const lb = laneBytes(info);
  const half = lb / 2;
  return shuffle(v, (b) => {
    const from = swap ? b ^ half : b;
    return ((Math.floor(from / lb) ^ s) * lb) + (from % lb);
  });
}

/**
 * The number of coefficient vectors of a generic kernel (16 bytes each): dense kernels one term
 * per genericTerms entry, in that order (two vectors per term for complex coefficients: re, then
 * (-im, im)); diagonal kernels one per group j (two when complex).
 */
export function coefficientVectors(info: RepresentationInfo, key: GenericKey): number {
  const perTerm = key.kind === 'mat' || (key.kind === 'diag' && info.complex) ? 2 : 1;
  return perTerm * (key.kind === 'diag' ? 2 ** key.high : genericTerms(key).length);
}

/**
 * The loop over vector groups shared by all generic kernels; `body(p)` handles the group at byte
 * address local `p`. With `preload`, each run first loads (and drops) one vector per 64-byte line of
 * its first stream, the vectors at p .. p + run: see PRELOAD_V1.
 */
function groupLoop(high: number, unroll: number, body: (p: string) => string, preload = false): string {
  const lines: string[] = [];
  for (let j = 1; j <= high; j++) {
    lines.push(set(`m${j}`, `(i32.sub (i32.shl ${i32(1)} ${get(`v${j}`)}) ${i32(1)})`));
    lines.push(set(`o${j}`, `(i32.shl ${i32(16)} ${get(`v${j}`)})`));
  }
  for (let g = 1; g < 2 ** high; g++) {
    const bits = Array.from({ length: high }, (_, j) => j).filter((j) => (g >> j) & 1);
    lines.push(set(`g${g}`, bits.map((j) => get(`o${j + 1}`)).reduce((a, b) => add(a, b))));
  }
  if (high === 0) {
    lines.push(set('stride', i32(16)));
    lines.push(set('mask', `(i32.sub ${get('k1')} ${i32(1)})`));
  } else {
    // t = number of high gate bits at vector-index positions 0, 1, ..., t-1 (ascending, distinct)
    const t = Array.from({ length: high }, (_, j) => `(i32.eq ${get(`v${j + 1}`)} ${i32(j)})`).reduce((a, b) => add(a, b));
    lines.push(set('t', t));
    lines.push(set('stride', `(i32.shl ${i32(16)} ${get('t')})`));
    // the run ends at the block of the next gate bit above the contiguous ones: v_{t+1}
    let next = get(`v${high}`);
    for (let j = high - 1; j >= 1; j--) next = `(select ${get(`v${j}`)} ${next} (i32.eq ${get('t')} ${i32(j - 1)}))`;
    lines.push(
      set(
        'mask',
        `(select (i32.sub ${get('k1')} ${i32(1)}) (i32.sub (i32.shl ${i32(1)} (i32.sub ${next} ${get('t')})) ${i32(1)}) (i32.eq ${get('t')} ${i32(high)}))`,
      ),
    );
  }
  let insert = get('k');
  for (let j = 1; j <= high; j++) {
    insert = `(i32.or (i32.shl (i32.and (local.tee $i ${insert}) (i32.xor ${get(`m${j}`)} ${i32(-1)})) ${i32(1)}) (i32.and ${get('i')} ${get(`m${j}`)}))`;
  }
  const unrolled = Array.from({ length: unroll }, (_, u) =>
    u === 0 ? body('p') : `${set('q', add(get('p'), u === 1 ? get('stride') : `(i32.mul ${get('stride')} ${i32(u)})`))} ${body('q')}`,
  ).join('\n          ');
  return `
    ${lines.join('\n    ')}
    ${set('k', get('k0'))}
    ${high >= 1 && high <= 2 ? flatLoop(insert, body) : ''}
    (block $done
      (loop $outer
        (br_if $done (i32.ge_u ${get('k')} ${get('k1')}))
        ${set('end', add(`(i32.or ${get('k')} ${get('mask')})`, i32(1)))}
        (if (i32.gt_u ${get('end')} ${get('k1')}) (then ${set('end', get('k1'))}))
        ${set('p', add(get('base'), `(i32.shl ${insert} ${i32(4)})`))}
        ${set('cnt', `(i32.sub ${get('end')} ${get('k')})`)}
        ${set('k', get('end'))}
        ${
          preload
            ? `${set('i', get('p'))} ${set('q', add(get('p'), `(i32.mul ${get('cnt')} ${get('stride')})`))}
        (block $preloaded
          (loop $preload
            (br_if $preloaded (i32.ge_u ${get('i')} ${get('q')}))
            (drop (v128.load ${get('i')}))
            ${set('i', add(get('i'), i32(64)))}
            (br $preload)))`
            : ''
        }
        ${
          unroll > 1
            ? `(block $rest
          (loop $wide
            (br_if $rest (i32.lt_u ${get('cnt')} ${i32(unroll)}))
          ${unrolled}
            ${set('p', add(get('p'), `(i32.mul ${get('stride')} ${i32(unroll)})`))}
            ${set('cnt', `(i32.sub ${get('cnt')} ${i32(unroll)})`)}
            (br $wide)))`
            : ''
        }
        (block $last
          (loop $one
            (br_if $last (i32.eqz ${get('cnt')}))
            ${body('p')}
            ${set('p', add(get('p'), get('stride')))}
            ${set('cnt', `(i32.sub ${get('cnt')} ${i32(1)})`)}
            (br $one)))
        (br $outer)))`;
}

/** Locals of the loop skeleton for `high` gate qubits. */
function loopLocals(high: number): string {
  const names = ['k', 'end', 'p', 'q', 'cnt', 'stride', 'mask', 't', 'i'];
  for (let j = 1; j <= high; j++) names.push(`m${j}`, `o${j}`);
  for (let g = 1; g < 2 ** high; g++) names.push(`g${g}`);
  return names.map((n) => `(local $${n} i32)`).join(' ');
}

/** Coefficient vectors held in locals when there are at most this many, else loaded from memory in the loop. */
const MAX_COEFFICIENT_LOCALS = 8;

/**
 * The vector-index bits v1 of a 1-qubit gate on a high qubit whose runs (2^v1 vectors: 512 B to
 * 2 KiB, r64 qubits 6-8) the preloading variant walks. Such a gate reads two streams of a run at
 * once, the second one run higher; measured on the AMD EPYC of docs/benchmarks.md, these run
 * lengths took twice as long per gate as longer ones (a RY pass over 128 MiB of r64: 13-16 ms at
 * qubits 6-8 against 7-9 ms elsewhere). Loading the first stream's lines in order before the run
 * brought them to 8 ms; for runs of 4 KiB and more it cost 5-10% (bench/kernel-touch.ts).
 */
const PRELOAD_V1 = [5, 7] as const;

/**
 * Least groups (k1 - k0) of a call that preloads: 2^16, 2 MiB of r64 amplitudes, past the L2. The
 * passes of the cache-blocked stages (1 MiB blocks: at most 2^15 groups) keep the plain loop: in a
 * block held in L2 there is no miss for the prefetcher to hide, and the preload would only add
 * loads (at 16 qubits, `bench/kernel-touch.ts --qubits 16`, the two differed by less than the
 * timer's noise, +-25% on calls of 12-37 us).
 */
const PRELOAD_MIN_GROUPS = 2 ** 16;

/** Whether a kernel has the preloading variant: a plain 1-qubit gate on a high qubit. */
const preloads = (key: GenericKey): boolean => key.high === 1 && key.lanes === 0 && key.ctrlHigh === 0 && key.ctrlLanes === 0;

/**
 * One generic kernel's function text; the loop is unrolled by two groups for 1-qubit gates and for
 * the controlled 2-qubit ones (the arithmetic of a 1-qubit gate). A plain 1-qubit gate on a high
 * qubit is exported as a choice between two functions, without and with preloading (PRELOAD_V1,
 * calls of at least PRELOAD_MIN_GROUPS groups), unless `preload` is false.
 */
export function genericKernel(info: RepresentationInfo, key: GenericKey, preload = true): string {
  const name = genericKernelName(info.name, key);
  if (!preload || !preloads(key)) return genericKernelFunction(info, key, `(export "${name}")`, false);
  return `${genericKernelFunction(info, key, `$${name}_plain`, false)}
  ${genericKernelFunction(info, key, `$${name}_preload`, true)}
  ${chooseVariant({
    name,
    params: ['(param $base i32) (param $coef i32) (param $v1 i32) (param $k0 i32) (param $k1 i32)'],
    variant: 'preload',
    condition: `(i32.and (i32.and (i32.ge_u ${get('v1')} ${i32(PRELOAD_V1[0])}) (i32.le_u ${get('v1')} ${i32(PRELOAD_V1[1])})) (i32.ge_u (i32.sub ${get('k1')} ${get('k0')}) ${i32(PRELOAD_MIN_GROUPS)}))`,
  })}`;
}

function genericKernelFunction(info: RepresentationInfo, key: GenericKey, header: string, preload: boolean): string {
  const unroll = key.high <= 1 || (key.ctrlHigh !== 0 && key.high === 2) ? 2 : 1;
  const { kind, high, lanes } = key;
  const { mul, fadd } = ops(info);
  const complexCoef = kind === 'mat' || (kind === 'diag' && info.complex);
  const vectors = coefficientVectors(info, key);
  const inLocals = vectors <= MAX_COEFFICIENT_LOCALS;
  const coef = (index: number): string => (inLocals ? get(`c${index}`) : `(v128.load offset=${16 * index} ${get('coef')})`);
  const groups = 2 ** high;
  const subs = subsets(lanes).filter((s) => (s & key.ctrlLanes) === 0);
  const addr = (p: string, g: number): string => (g === 0 ? get(p) : add(get(p), get(`g${g}`)));

  let body: (p: string) => string;
  const vlocals: string[] = [];
  if (kind === 'diag') {
    for (let j = 0; j < groups; j++) vlocals.push(`x${j}`);
    body = (p) =>
      Array.from({ length: groups }, (_, j) => {
        const x = get(`x${j}`);
        const product = complexCoef ? fadd(mul(x, coef(2 * j)), mul(permuted(info, x, 0, true), coef(2 * j + 1))) : mul(x, coef(j));
        return `${set(`x${j}`, `(v128.load ${addr(p, j)})`)} (v128.store ${addr(p, j)} ${product})`;
      }).join('\n          ');
  } else {
    for (let j = 0; j < groups; j++) {
      vlocals.push(`x${j}`);
      for (const s of subs) {
        if (s !== 0) vlocals.push(`y${j}_${s}`);
        if (complexCoef) vlocals.push(`z${j}_${s}`);
      }
    }
    const y = (j: number, s: number): string => (s === 0 ? get(`x${j}`) : get(`y${j}_${s}`));
    body = (p) => {
      const parts: string[] = [];
      for (let j = 0; j < groups; j++) parts.push(set(`x${j}`, `(v128.load ${addr(p, j)})`));
      for (let j = 0; j < groups; j++) {
        for (const s of subs) {
          if (s !== 0) parts.push(set(`y${j}_${s}`, permuted(info, get(`x${j}`), s, false)));
          if (complexCoef) parts.push(set(`z${j}_${s}`, permuted(info, get(`x${j}`), s, true)));
        }
      }
      const acc: (string | undefined)[] = new Array(groups).fill(undefined);
      genericTerms(key).forEach(([i, j, s], term) => {
        if (complexCoef) {
          const re = mul(y(j, s), coef(2 * term));
          const pm = mul(get(`z${j}_${s}`), coef(2 * term + 1));
          acc[i] = acc[i] === undefined ? fadd(re, pm) : fadd(fadd(acc[i]!, re), pm);
        } else {
          const t = mul(y(j, s), coef(term));
          acc[i] = acc[i] === undefined ? t : fadd(acc[i]!, t);
        }
      });
      const outputs = acc.map((a, i) => `(v128.store ${addr(p, i)} ${a!})`);
      return [...parts, ...outputs].join('\n          ');
    };
  }
  const params = Array.from({ length: high }, (_, j) => `(param $v${j + 1} i32)`).join(' ');
  const clocals = inLocals ? Array.from({ length: vectors }, (_, c) => `(local $c${c} v128)`).join(' ') : '';
  const prelude = inLocals ? Array.from({ length: vectors }, (_, c) => set(`c${c}`, `(v128.load offset=${16 * c} ${get('coef')})`)).join(' ') : '';
  return `
  (func ${header} (param $base i32) (param $coef i32) ${params} (param $k0 i32) (param $k1 i32)
    ${loopLocals(high)} ${vlocals.map((v) => `(local $${v} v128)`).join(' ')} ${clocals}
    ${prelude}
    ${groupLoop(high, unroll, body, preload)})`;
}

/**
 * `prob_<repr>(base, out, a0, a1)`: |amplitude|^2 as float64 at byte address `out` (8 bytes per
 * amplitude index) for the amplitudes [a0, a1) (multiples of 2^laneBits). Float32 amplitudes are
 * widened before squaring; c64 sums re * re + im * im in the order of the JavaScript loop.
 */
export function probabilityKernel(info: RepresentationInfo): string {
  const perVector = 2 ** info.laneBits;
  const v = get('v');
  let body: string;
  if (info.name === 'c64') {
    const sq = `(f64x2.mul ${v} ${v})`;
    body = `(f64.store ${get('o')} (f64.add (f64x2.extract_lane 0 (local.tee $w ${sq})) (f64x2.extract_lane 1 ${get('w')})))`;
  } else if (info.name === 'r64') {
    body = `(v128.store ${get('o')} (f64x2.mul ${v} ${v}))`;
  } else if (info.name === 'r32') {
    const lo = `(local.tee $w (f64x2.promote_low_f32x4 ${v}))`;
    const hi = `(local.tee $w (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})))`;
    body = `(v128.store ${get('o')} (f64x2.mul ${lo} ${get('w')})) (v128.store offset=16 ${get('o')} (f64x2.mul ${hi} ${get('w')}))`;
  } else {
    // c32: (re0, im0, re1, im1) -> (re0^2 + im0^2, re1^2 + im1^2)
    const a = `(local.tee $w (f64x2.promote_low_f32x4 ${v}))`;
    const b = `(local.tee $u (f64x2.promote_low_f32x4 (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 ${v} ${v})))`;
    const sa = `(f64x2.mul ${a} ${get('w')})`;
    const sb = `(f64x2.mul ${b} ${get('u')})`;
    body = `${set('w', sa)} ${set('u', sb)}
          (v128.store ${get('o')} (f64x2.add
            (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 ${get('w')} ${get('u')})
            (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 ${get('w')} ${get('u')})))`;
  }
  return `
  (func (export "prob_${info.name}") (param $base i32) (param $out i32) (param $a0 i32) (param $a1 i32)
    (local $p i32) (local $o i32) (local $stop i32) (local $v v128) (local $w v128) (local $u v128)
    (if (i32.ge_u ${get('a0')} ${get('a1')}) (then (return)))
    ${set('p', add(get('base'), `(i32.mul ${get('a0')} ${i32(info.ampBytes)})`))}
    ${set('o', add(get('out'), `(i32.shl ${get('a0')} ${i32(3)})`))}
    ${set('stop', add(get('base'), `(i32.mul ${get('a1')} ${i32(info.ampBytes)})`))}
    (loop $next
      ${set('v', `(v128.load ${get('p')})`)}
      ${body}
      ${set('p', add(get('p'), i32(16)))}
      ${set('o', add(get('o'), i32(8 * perVector)))}
      (br_if $next (i32.lt_u ${get('p')} ${get('stop')}))))`;
}

/**
 * `product_<repr>(base, bytes, ar, ai, br, bi)`: one doubling step of a product state, for the
 * amplitudes [base, base + bytes) (bytes a multiple of 16): each x moves to x * b at the same place
 * `bytes` higher and becomes x * a (a, b the complex first column of the next qubit's gate; real
 * representations use ar and br). Writing a block of the product state (blocked.ts) is one call per
 * qubit of the block once the first vector is set. Single precision multiplies in float32.
 */
export function productKernel(info: RepresentationInfo): string {
  const { mul, fadd } = ops(info);
  const splat = (x: string): string => (info.single ? `(f32x4.splat (f32.demote_f64 ${x}))` : `(f64x2.splat ${x})`);
  let prelude: string;
  let times: (v: string, c: 'A' | 'B') => string;
  if (!info.complex) {
    prelude = `${set('A', splat(get('ar')))} ${set('B', splat(get('br')))}`;
    times = (v, c) => mul(v, get(c));
  } else {
    // (re, im) pairs: x * c = x * (cr, cr) + swap(x) * (-ci, ci)
    const pm = (ci: string): string =>
      info.single
        ? `(f32x4.mul ${splat(ci)} (v128.const f32x4 -1 1 -1 1))`
        : `(f64x2.mul ${splat(ci)} (v128.const f64x2 -1 1))`;
    prelude = `${set('A', splat(get('ar')))} ${set('B', splat(get('br')))} ${set('PA', pm(get('ai')))} ${set('PB', pm(get('bi')))}`;
    times = (v, c) => fadd(mul(v, get(c)), mul(permuted(info, v, 0, true), get(`P${c}`)));
  }
  return `
  (func (export "product_${info.name}") (param $base i32) (param $bytes i32) (param $ar f64) (param $ai f64) (param $br f64) (param $bi f64)
    (local $p i32) (local $end i32) (local $x v128) (local $A v128) (local $B v128) (local $PA v128) (local $PB v128)
    (if (i32.eqz ${get('bytes')}) (then (return)))
    ${prelude}
    ${set('p', get('base'))}
    ${set('end', add(get('base'), get('bytes')))}
    (loop $next
      ${set('x', `(v128.load ${get('p')})`)}
      (v128.store ${add(get('p'), get('bytes'))} ${times(get('x'), 'B')})
      (v128.store ${get('p')} ${times(get('x'), 'A')})
      ${set('p', add(get('p'), i32(16)))}
      (br_if $next (i32.lt_u ${get('p')} ${get('end')}))))`;
}

/** Every generic, probability and product kernel of a representation (`preload: false`: without the preloading variants). */
export function genericKernels(info: RepresentationInfo, preload = true): string[] {
  return [...genericKernelKeys(info).map((k) => genericKernel(info, k, preload)), probabilityKernel(info), productKernel(info)];
}
