/**
 * The touch variants of the complex float64 kernels that skip amplitudes (lib/quantum/wasm/source.ts
 * `loops`: CX, SWAP, controlled phase, controlled 2x2) and the preloading variants of the generic
 * 1-qubit kernels (generic.ts PRELOAD_V1: a real 2x2 such as RY on r64 and r32 states), against the
 * same kernels without them. Both modules are assembled here from source.ts's text
 * (`kernelsWat({ touch })`, wabt) and bound to one memory (two states in two memories differed by
 * up to 10% with the same code); every gate placement ((q, q + 1), or q for 1-qubit gates) runs
 * with both on that state in interleaved rounds, alternating which goes first, in one process.
 * JSON: per kernel and q, the median milliseconds of each and their ratio (touch / plain), then per
 * kernel the ratio of the summed medians (a layer of the gate on every pair or qubit). Each kernel's
 * results are checked bit-identical first, on a 12-qubit state in two memories.
 *
 *   npx tsx bench/kernel-touch.ts [--qubits 20,24] [--kernels cx,swap2,cphase,ctrl1,r64_ry,r32_ry] [--rounds 9]
 */
import { parseArgs } from 'node:util';
import { kernelsWat } from '../lib/quantum/wasm/source';
import { assembleKernels } from '../scripts/wasm-assemble';

type Kernel = (...args: number[]) => void;

interface Module {
  /** The memory's first 16 * 2^n bytes as float64 (the state of any representation, and its coefficients after it). */
  readonly memory: Float64Array;
  readonly kernels: Record<string, Kernel>;
}

/** The generic 1-qubit kernels measured: name, its representation's lane bits (qubits inside a vector). */
const GENERIC: Readonly<Record<string, { readonly name: string; readonly laneBits: number }>> = {
  r64_ry: { name: 'r64_matr_h1_l0', laneBits: 1 },
  r32_ry: { name: 'r32_matr_h1_l0', laneBits: 2 },
};

/** The kernels of `text` bound to `memory` (16 * 2^n bytes of values at byte 0: a c64 state of n qubits). */
function moduleOf(bytes: Uint8Array, memory: WebAssembly.Memory, n: number): Module {
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  return { memory: new Float64Array(memory.buffer, 0, 2 * 2 ** n), kernels: instance.exports as unknown as Record<string, Kernel> };
}

/** A memory for a c64 state of n qubits, filled with small values. */
function memoryOf(n: number): WebAssembly.Memory {
  const memory = new WebAssembly.Memory({ initial: Math.ceil((16 * 2 ** n) / 65536) + 1, maximum: 65536, shared: true });
  const values = new Float64Array(memory.buffer, 0, 2 * 2 ** n);
  for (let k = 0; k < values.length; k++) values[k] = Math.sin(k) / 1024;
  return memory;
}

/** The qubits (or first qubits) a kernel is measured on. */
function placements(kernel: string, n: number): number[] {
  const generic = GENERIC[kernel];
  if (generic === undefined) return Array.from({ length: n - 1 }, (_, q) => q);
  return Array.from({ length: n - generic.laneBits }, (_, q) => q + generic.laneBits);
}

/**
 * One call of `kernel` over the whole state: on qubits (q, q + 1) with the coefficients of a
 * rotation; a generic 1-qubit kernel on qubit q of a real state of n qubits (8 or 4 bytes an
 * amplitude, so it takes the first half or quarter of the values), its 4 coefficient vectors after
 * that state.
 */
function call(m: Module, kernel: string, n: number, q: number): void {
  const generic = GENERIC[kernel];
  if (generic !== undefined) {
    const stateBytes = (generic.laneBits === 1 ? 8 : 4) * 2 ** n;
    m.kernels[generic.name]!(0, stateBytes, q - generic.laneBits, 0, 2 ** (n - generic.laneBits - 1));
    return;
  }
  const span = 2 ** (n - 2);
  const f = m.kernels[kernel]!;
  if (kernel === 'cphase') f(0, q, q + 1, 0.6, 0.8, 0, span);
  else if (kernel === 'ctrl1') f(0, q, q + 1, 0.6, 0, 0.8, 0, -0.8, 0, 0.6, 0, 0, span);
  else f(0, q, q + 1, 0, span);
}

const median = (t: number[]): number => [...t].sort((a, b) => a - b)[t.length >> 1]!;
const round4 = (x: number): number => Number(x.toPrecision(4));

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      qubits: { type: 'string', default: '20,24' },
      kernels: { type: 'string', default: 'cx,swap2,cphase,ctrl1,r64_ry,r32_ry' },
      rounds: { type: 'string', default: '9' },
    },
  });
  const rounds = Number(values.rounds);
  const rows: Record<string, unknown>[] = [];
  const summary: Record<string, unknown>[] = [];
  const plainBytes = await assembleKernels(kernelsWat({ touch: false }));
  const touchBytes = await assembleKernels(kernelsWat());
  const kernels = values.kernels.split(',');
  // the same results: every placement once on a small state with each module
  const small = 12;
  const [checkPlain, checkTouch] = [moduleOf(plainBytes, memoryOf(small), small), moduleOf(touchBytes, memoryOf(small), small)];
  for (const kernel of kernels) {
    for (const q of placements(kernel, small)) {
      call(checkPlain, kernel, small, q);
      call(checkTouch, kernel, small, q);
    }
    if (checkPlain.memory.some((x, k) => !Object.is(x, checkTouch.memory[k]))) throw new Error(`${kernel}: the two modules' states differ`);
  }
  for (const n of values.qubits.split(',').map(Number)) {
    const memory = memoryOf(n);
    const plain = moduleOf(plainBytes, memory, n);
    const touch = moduleOf(touchBytes, memory, n);
    for (const kernel of kernels) {
      const qs = placements(kernel, n);
      const times = { plain: qs.map(() => [] as number[]), touch: qs.map(() => [] as number[]) };
      for (let r = 0; r < rounds; r++) {
        qs.forEach((q, i) => {
          const order = r % 2 === 0 ? (['plain', 'touch'] as const) : (['touch', 'plain'] as const);
          for (const variant of order) {
            const t0 = performance.now();
            call(variant === 'plain' ? plain : touch, kernel, n, q);
            times[variant][i]!.push(performance.now() - t0);
          }
        });
      }
      let sumPlain = 0;
      let sumTouch = 0;
      for (const [i, q] of qs.entries()) {
        const p = median(times.plain[i]!);
        const t = median(times.touch[i]!);
        sumPlain += p;
        sumTouch += t;
        rows.push({ kernel, qubits: n, q, plainMs: round4(p), touchMs: round4(t), ratio: round4(t / p) });
      }
      summary.push({ kernel, qubits: n, layerPlainMs: round4(sumPlain), layerTouchMs: round4(sumTouch), ratio: round4(sumTouch / sumPlain) });
    }
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'kernel-touch', node: process.version, rounds, results: rows, summary }, null, 2)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
