/**
 * The touch variants of the complex float64 kernels that skip amplitudes (lib/quantum/wasm/source.ts
 * `loops`: CX, SWAP, controlled phase, controlled 2x2), against the same kernels without them. Both
 * modules are assembled here from source.ts's text (`kernelsWat({ touch })`, wabt), each bound to a
 * state of its own of the same size and values; every gate placement (q, q + 1) runs on both in
 * interleaved rounds, alternating which goes first, in one process. JSON: per kernel and q, the
 * median milliseconds of each and their ratio (touch / plain), then per kernel the ratio of the
 * summed medians (a layer of the gate on every neighbouring pair). Results stay bit-identical (checked).
 *
 *   npx tsx bench/kernel-touch.ts [--qubits 20,24] [--kernels cx,swap2,cphase,ctrl1] [--rounds 9]
 */
import { parseArgs } from 'node:util';
import { kernelsWat } from '../lib/quantum/wasm/source';
import { assembleKernels } from '../scripts/wasm-assemble';

type Kernel = (...args: number[]) => void;

interface Module {
  readonly state: Float64Array;
  readonly kernels: Record<string, Kernel>;
}

/** A kernel module assembled from `text`, on a memory holding a state of n qubits at byte 0. */
async function moduleOf(text: string, n: number): Promise<Module> {
  const bytes = await assembleKernels(text);
  const pages = Math.ceil((16 * 2 ** n) / 65536) + 1;
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
  const state = new Float64Array(memory.buffer, 0, 2 * 2 ** n);
  for (let k = 0; k < state.length; k++) state[k] = Math.sin(k);
  return { state, kernels: instance.exports as unknown as Record<string, Kernel> };
}

/** One call of `kernel` on qubits (q, q + 1) over the whole state (coefficients of a rotation). */
function call(m: Module, kernel: string, n: number, q: number): void {
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
      kernels: { type: 'string', default: 'cx,swap2,cphase,ctrl1' },
      rounds: { type: 'string', default: '9' },
    },
  });
  const rounds = Number(values.rounds);
  const rows: Record<string, unknown>[] = [];
  const summary: Record<string, unknown>[] = [];
  for (const n of values.qubits.split(',').map(Number)) {
    const plain = await moduleOf(kernelsWat({ touch: false }), n);
    const touch = await moduleOf(kernelsWat(), n);
    for (const kernel of values.kernels.split(',')) {
      const qs = Array.from({ length: n - 1 }, (_, q) => q);
      const times = { plain: qs.map(() => [] as number[]), touch: qs.map(() => [] as number[]) };
      for (let r = 0; r < rounds; r++) {
        for (const q of qs) {
          const order = r % 2 === 0 ? (['plain', 'touch'] as const) : (['touch', 'plain'] as const);
          for (const variant of order) {
            const t0 = performance.now();
            call(variant === 'plain' ? plain : touch, kernel, n, q);
            times[variant][q]!.push(performance.now() - t0);
          }
        }
      }
      if (plain.state.some((x, k) => x !== touch.state[k])) throw new Error(`${kernel}: the two modules' states differ`);
      let sumPlain = 0;
      let sumTouch = 0;
      for (const q of qs) {
        const p = median(times.plain[q]!);
        const t = median(times.touch[q]!);
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
