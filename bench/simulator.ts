/**
 * Simulator benchmark (issue 3): ns per amplitude of RY, RZ, CX, CZ and a RealAmplitudes(reps=3,
 * linear) circuit per qubit count, on 1 thread and on all threads (the parallel state vector of
 * lib/backends/local, the same code path for both), beside a plain Float64Array read-modify-write
 * pass over the same bytes measured in the same run (the memory-bandwidth bound as JavaScript sees
 * it). `bandwidthRatio` = kernel ns / RMW ns (1.0 = at the bound).
 *
 * Gate rows apply the gate to every qubit (cx, cz: to the pairs (q, q+1)) `layers` times without
 * fusion or cache blocking, from |0..0> (the reset pass is amortised over n * layers gates); the
 * best of `repeats`. RealAmplitudes rows run the compiled program as the simulator does (fused,
 * cache-blocked: `blocking: true`), and with `unblocked` also gate by gate (`blocking: false`).
 * `kernels` picks the WebAssembly SIMD kernels ('wasm', the default for 10-27 qubits) or the
 * JavaScript kernels ('js'); listing both measures them side by side in one run. `precisions` runs
 * the WebAssembly rows in double and / or single precision; each row names the representation the
 * engine chose (real amplitudes for RY, CX, CZ and RealAmplitudes, complex for RZ).
 */
import { ParallelStatevector, machineThreads } from '../lib/backends/local';
import { CircuitBuilder, realAmplitudes, type Circuit, type Precision } from '../lib/quantum';

export interface SimulatorRow {
  readonly qubits: number;
  readonly threads: number;
  readonly gate: 'ry' | 'rz' | 'cx' | 'cz' | 'realamplitudes' | 'rmw';
  /** Kernels measured: WebAssembly SIMD or JavaScript (absent on rmw rows). */
  readonly kernels?: 'wasm' | 'js';
  /** Amplitude precision and the engine's representation (c64, c32, r64, r32; absent on rmw rows). */
  readonly precision?: Precision;
  readonly representation?: string;
  /** Cache blocking (realamplitudes rows only). */
  readonly blocking?: boolean;
  readonly nsPerAmplitude: number;
  readonly bandwidthRatio: number;
  /** Wall time of one run of the RealAmplitudes circuit, seconds (realamplitudes rows only). */
  readonly seconds?: number;
}

export interface SimulatorBenchOptions {
  readonly qubits: readonly number[];
  /** Thread counts to run (default [1, all threads]). */
  readonly threads?: readonly number[];
  readonly repeats?: number;
  readonly layers?: number;
  /** Kernels to measure, side by side (default ['wasm']). */
  readonly kernels?: readonly ('wasm' | 'js')[];
  /** Precisions of the WebAssembly rows, side by side (default ['double']; JavaScript rows are double). */
  readonly precisions?: readonly Precision[];
  /** Also run RealAmplitudes gate by gate without cache blocking. @default false */
  readonly unblocked?: boolean;
  /** Called after each row (progress on stderr). */
  readonly onRow?: (row: SimulatorRow) => void;
}

/**
 * A plain in-place read-modify-write pass over `a` (interleaved pairs, as a gate reads and writes
 * each amplitude once): the floor of any 1-qubit gate as JavaScript sees it.
 */
export function rmwPass(a: Float64Array, factor: number): void {
  const len = a.length;
  for (let i = 0; i < len; i += 2) {
    const re = a[i] as number;
    const im = a[i + 1] as number;
    a[i] = re * factor;
    a[i + 1] = im * factor;
  }
}

/** Let the JIT optimise rmwPass before it is timed (a few long calls alone may stay unoptimised). */
function warmRmw(): void {
  const small = new Float64Array(2048);
  for (let i = 0; i < 5000; i++) rmwPass(small, 1);
}

function best(repeats: number, f: () => void): number {
  let min = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

async function bestAsync(repeats: number, f: () => Promise<void>): Promise<number> {
  let min = Infinity;
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    await f();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

/** The circuit of a gate row: `layers` x (gate on every qubit, or on every pair (q, q+1)). */
export function gateLayers(gate: 'ry' | 'rz' | 'cx' | 'cz', n: number, layers: number): { circuit: Circuit; gates: number } {
  const b = new CircuitBuilder(n);
  let gates = 0;
  for (let l = 0; l < layers; l++) {
    for (let q = 0; q < n; q++) {
      if (gate === 'ry') b.ry(0.1 * (q + 1) + l, q);
      else if (gate === 'rz') b.rz(0.1 * (q + 1) + l, q);
      else if (q + 1 < n) {
        if (gate === 'cx') b.cx(q, q + 1);
        else b.cz(q, q + 1);
      } else continue;
      gates++;
    }
  }
  return { circuit: b.build(), gates };
}

/** Run the benchmark; resolves to the rows (also passed to onRow as they come). */
export async function runSimulatorBench(options: SimulatorBenchOptions): Promise<SimulatorRow[]> {
  const threadCounts = options.threads ?? [...new Set([1, machineThreads()])];
  const repeats = options.repeats ?? 3;
  const layers = options.layers ?? 2;
  const rows: SimulatorRow[] = [];
  const emit = (row: SimulatorRow): void => {
    rows.push(row);
    options.onRow?.(row);
  };
  const kernelsList = options.kernels ?? ['wasm'];
  const precisionList = options.precisions ?? ['double'];
  const configs = kernelsList.flatMap((kernels) =>
    (kernels === 'js' ? (['double'] as const) : precisionList).flatMap((precision) => threadCounts.map((threads) => ({ kernels, threads, precision }))),
  );
  const pools = new Map(
    configs.map(({ kernels, threads, precision }) => {
      const k = kernels === 'js' ? 'js' : 'auto';
      return [
        { kernels, threads, precision },
        {
          fused: new ParallelStatevector({ threads, kernels: k }),
          unblocked: options.unblocked ? new ParallelStatevector({ threads, kernels: k, blocking: false }) : undefined,
          raw: new ParallelStatevector({ threads, kernels: k, fuse: false, blocking: false }),
        },
      ] as const;
    }),
  );
  warmRmw();
  try {
    for (const n of options.qubits) {
      const amplitudes = 2 ** n;
      const probe = new Float64Array(2 * amplitudes).fill(0.5);
      rmwPass(probe, 1); // touch the pages first
      // The RMW pass is timed before and after the gate rows of this n and the better one kept,
      // so one stall of the (shared) machine does not skew every ratio of the row.
      const rmw = (): number => (best(repeats, () => rmwPass(probe, 1.0000001)) * 1e6) / amplitudes;
      const before = rmw();
      const pending: Omit<SimulatorRow, 'bandwidthRatio'>[] = [];
      for (const [{ kernels, threads, precision }, sims] of pools) {
        for (const gate of ['ry', 'rz', 'cx', 'cz'] as const) {
          const { circuit, gates } = gateLayers(gate, n, layers);
          // warm-up: allocates the shared state, and lets V8 tier each kernel up from its baseline
          // compiler (a tier-up compiles on a background thread, later on a busy machine)
          for (let w = 0; w < 3; w++) await sims.raw.run(circuit, [], false, precision);
          const ms = await bestAsync(repeats, () => sims.raw.run(circuit, [], false, precision));
          pending.push({ qubits: n, threads, gate, kernels, precision, representation: sims.raw.representation, nsPerAmplitude: round((ms * 1e6) / (amplitudes * gates)) });
        }
        const ansatz = realAmplitudes({ numQubits: n, reps: 3, entanglement: 'linear' });
        const params = ansatz.parameters.map((_, i) => 0.05 * i + 0.1);
        const gates = ansatz.ops.filter((op) => op.kind === 'gate').length;
        const circuitRepeats = n >= 24 ? 1 : repeats;
        for (const [blocking, sim] of [[true, sims.fused], [false, sims.unblocked]] as const) {
          if (sim === undefined) continue;
          // allocate and touch the shared state (first-touch page faults), warm the JIT and let
          // V8 tier the WebAssembly kernels up from its baseline compiler (a VQE runs the circuit
          // hundreds of times: the steady state is what counts)
          for (let w = 0; w < (n >= 24 ? 1 : 3); w++) await sim.run(ansatz, params, false, precision);
          const ms = await bestAsync(circuitRepeats, () => sim.run(ansatz, params, false, precision));
          pending.push({
            qubits: n,
            threads,
            gate: 'realamplitudes',
            kernels,
            precision,
            representation: sim.representation,
            blocking,
            nsPerAmplitude: round((ms * 1e6) / (amplitudes * gates)),
            seconds: round(ms / 1000),
          });
        }
      }
      const rmwNs = Math.min(before, rmw());
      emit({ qubits: n, threads: 1, gate: 'rmw', nsPerAmplitude: round(rmwNs), bandwidthRatio: 1 });
      for (const row of pending) emit({ ...row, bandwidthRatio: round(row.nsPerAmplitude / rmwNs) });
    }
  } finally {
    for (const sims of pools.values()) await Promise.all([sims.fused.close(), sims.raw.close(), sims.unblocked?.close()]);
  }
  return rows;
}

function round(x: number): number {
  return Number(x.toPrecision(4));
}
