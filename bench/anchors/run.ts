/**
 * The simulator against qsim and qulacs, side by side in one run (issue 15). Builds the anchors from
 * checkouts the user gives (bench/anchors/build.ts; skipped with a message when absent), then runs
 * every workload in interleaved rounds (each round runs every engine once, so a busy spell of a
 * shared machine hits all of them) and prints JSON: one row per engine and variant with min and
 * median wall and CPU seconds, and a summary of qpo's ratios to the anchors (medians; CPU seconds
 * are the yardstick for one thread on a shared machine, wall seconds are also given).
 *
 *   npx tsx bench/anchors/run.ts --qsim-dir ../qsim --qulacs-dir ../qulacs [--qubits 24] [--cx-l3-qubits 20]
 *     [--threads 1,2] [--rounds 3] [--fused 1,2,3,4] [--workloads realamplitudes,ry,cx] [--build-dir DIR]
 *   (or QSIM_DIR, QULACS_DIR, STREAM_C in the environment; npm run bench:anchors -- ...)
 *
 * Workloads:
 * - realamplitudes: RealAmplitudes(reps=3) with reverse_linear and linear entanglement; qsim with
 *   each max fused size (native and AVX2 builds), qpo in double and single precision.
 * - ry: one RY on every qubit (a layer); qsim with each fused size; qpo gate by gate without fusion
 *   or blocking (one pass per gate, `kernels` rows) beside the memory-bandwidth floor of a pass
 *   for its precision, `2 * bytes per amplitude / rmw GB/s` (stream.c, same run).
 * - cx: CX(q, q+1) for every q; qsim, and qulacs in L3 (`--cx-l3-qubits`, 20 qubits: 16 MiB; in at
 *   least L3_ROUNDS rounds, as its rounds are short) where
 *   qpo runs gate by gate in double precision, with complex amplitudes (as qulacs keeps them) and
 *   with the real ones it chooses for this circuit by itself (chooseRepresentation: 8 MiB).
 * Every engine's timed round starts from |0...0>: setting the state is inside it (qpo's run sets it).
 * Every engine's timed round follows an untimed warm-up round (the drivers' in their process).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { CircuitBuilder, realAmplitudes, type Circuit, type Precision } from '../../lib/quantum';
import { buildQsim, buildQulacs, buildStream, nativeHasAvx512, type Built } from './build';
import { qpoRunner, runQsim, runQulacs, runStream, writeQsimCircuit, type QpoRunner, type Timing } from './runners';

interface Row {
  readonly workload: string;
  readonly qubits: number;
  readonly threads: number;
  readonly engine: 'qsim' | 'qsim-avx2' | 'qulacs' | 'qpo' | 'stream';
  /** qsim: max fused size; qpo: precision (and representation); stream: the floor's precision. */
  readonly variant: string;
  readonly gates: number;
  readonly minWallSeconds: number;
  readonly medianWallSeconds: number;
  readonly minCpuSeconds: number;
  readonly medianCpuSeconds: number;
  /** From the minimum CPU seconds. */
  readonly nsPerAmplitudePerGate: number;
}

interface Variant {
  readonly engine: Row['engine'];
  readonly variant: string;
  readonly run: () => Promise<Timing> | Timing;
}

const round4 = (x: number): number => Number(x.toPrecision(4));

/** Rounds of the CX layer in L3 (at least; more when --rounds asks for more). */
const L3_ROUNDS = 21;

function stats(times: number[]): { min: number; median: number } {
  const t = [...times].sort((a, b) => a - b);
  return { min: t[0]!, median: t[Math.floor(t.length / 2)]! };
}

function ryLayer(n: number): Circuit {
  const b = new CircuitBuilder(n);
  for (let q = 0; q < n; q++) b.ry(0.1 * (q + 1), q);
  return b.build();
}

function cxLayer(n: number): Circuit {
  const b = new CircuitBuilder(n);
  for (let q = 0; q + 1 < n; q++) b.cx(q, q + 1);
  return b.build();
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'qsim-dir': { type: 'string', default: process.env.QSIM_DIR },
      'qulacs-dir': { type: 'string', default: process.env.QULACS_DIR },
      'stream-c': { type: 'string', default: process.env.STREAM_C ?? path.join(__dirname, '..', '..', '..', 'shared', 'bench-reference', 'stream.c') },
      'build-dir': { type: 'string' },
      qubits: { type: 'string', default: '24' },
      'cx-l3-qubits': { type: 'string', default: '20' },
      threads: { type: 'string', default: '1,2' },
      rounds: { type: 'string', default: '3' },
      fused: { type: 'string', default: '1,2,3,4' },
      workloads: { type: 'string', default: 'realamplitudes,ry,cx' },
    },
  });
  const n = Number(values.qubits);
  const nL3 = Number(values['cx-l3-qubits']);
  const threadCounts = values.threads.split(',').map(Number);
  const rounds = Number(values.rounds);
  const fusedSizes = values.fused.split(',').map(Number);
  const workloads = new Set(values.workloads.split(','));
  const note = (message: string): void => void process.stderr.write(`${message}\n`);

  const avx512 = nativeHasAvx512();
  const qsim = buildQsim(values['qsim-dir'], false, values['build-dir']);
  const qsimAvx2 = avx512 ? buildQsim(values['qsim-dir'], true, values['build-dir']) : ({ ok: false, skipped: 'qsim-avx2: the native build is already AVX2 (no AVX-512 on this CPU)' } as Built);
  const qulacs = buildQulacs(values['qulacs-dir'], values['build-dir']);
  const stream = buildStream(values['stream-c'], values['build-dir']);
  const anchors = { qsim, qsimAvx2, qulacs, stream };
  for (const built of Object.values(anchors)) if (!built.ok) note(`skipped: ${built.skipped}`);

  const work = mkdtempSync(path.join(tmpdir(), 'qpo-anchors-'));
  const rows: Row[] = [];
  const closers: (() => Promise<void>)[] = [];

  /** Run the variants of one workload in interleaved rounds and record their rows. */
  const measure = async (workload: string, qubits: number, threads: number, gates: number, variants: Variant[], roundsHere = rounds): Promise<void> => {
    const times = variants.map(() => [] as Timing[]);
    for (let r = 0; r < roundsHere; r++) {
      for (let v = 0; v < variants.length; v++) times[v]!.push(await variants[v]!.run());
    }
    variants.forEach((v, i) => {
      const wall = stats(times[i]!.map((t) => t.wall));
      const cpu = stats(times[i]!.map((t) => t.cpu));
      const row: Row = {
        workload,
        qubits,
        threads,
        engine: v.engine,
        variant: v.variant,
        gates,
        minWallSeconds: round4(wall.min),
        medianWallSeconds: round4(wall.median),
        minCpuSeconds: round4(cpu.min),
        medianCpuSeconds: round4(cpu.median),
        nsPerAmplitudePerGate: round4((cpu.min * 1e9) / (2 ** qubits * gates)),
      };
      rows.push(row);
      note(JSON.stringify(row));
    });
  };

  const qsimVariants = (file: string, threads: number): Variant[] => [
    ...(qsim.ok ? fusedSizes.map((f) => ({ engine: 'qsim' as const, variant: `f=${f}`, run: () => runQsim(qsim.binary, file, threads, f) })) : []),
    ...(qsimAvx2.ok ? fusedSizes.map((f) => ({ engine: 'qsim-avx2' as const, variant: `f=${f}`, run: () => runQsim(qsimAvx2.binary, file, threads, f) })) : []),
  ];
  const qpoVariants = async (circuit: Circuit, params: number[], threads: number, precisions: Precision[], kernelsOnly = false): Promise<Variant[]> => {
    const out: Variant[] = [];
    for (const precision of precisions) {
      const runner: QpoRunner = await qpoRunner(circuit, params, precision, threads, kernelsOnly);
      closers.push(() => runner.close());
      out.push({ engine: 'qpo', variant: `${precision} (${runner.representation}${kernelsOnly ? ', gate by gate' : ''})`, run: () => runner.run() });
    }
    return out;
  };

  try {
    for (const threads of threadCounts) {
      if (workloads.has('realamplitudes')) {
        for (const entanglement of ['reverse_linear', 'linear'] as const) {
          const circuit = realAmplitudes({ numQubits: n, reps: 3, entanglement });
          const params = circuit.parameters.map((_, i) => 0.05 * i + 0.1);
          const file = path.join(work, `ra-${entanglement}-${n}.qsim`);
          writeQsimCircuit(file, circuit, params);
          const gates = circuit.ops.length;
          await measure(`realamplitudes-${entanglement}`, n, threads, gates, [...qsimVariants(file, threads), ...(await qpoVariants(circuit, params, threads, ['double', 'single']))]);
        }
      }
      if (workloads.has('ry')) {
        const circuit = ryLayer(n);
        const file = path.join(work, `ry-${n}.qsim`);
        writeQsimCircuit(file, circuit, []);
        const floors: Variant[] = [];
        if (stream.ok) {
          // the floor of one pass over the state per gate: read and write each amplitude once, at the
          // rmw_inplace bandwidth of this round (one stream run per round serves the four rows)
          let gbps = 0;
          const floorsOf = [['double, real (8 B)', 8], ['single, real (4 B)', 4], ['double, complex (16 B)', 16], ['single, complex (8 B)', 8]] as const;
          floorsOf.forEach(([precision, bytes], i) => {
            floors.push({
              engine: 'stream',
              variant: precision,
              run: () => {
                if (i === 0) gbps = runStream(stream.binary, threads);
                const seconds = (2 * bytes * 2 ** n * n) / (gbps * 1e9);
                return { wall: seconds, cpu: seconds * threads };
              },
            });
          });
        }
        await measure('ry-layer', n, threads, n, [...qsimVariants(file, threads), ...(await qpoVariants(circuit, [], threads, ['double', 'single'], true)), ...(await qpoVariants(circuit, [], threads, ['double', 'single'])), ...floors]);
      }
      if (workloads.has('cx')) {
        const circuit = cxLayer(n);
        const file = path.join(work, `cx-${n}.qsim`);
        writeQsimCircuit(file, circuit, []);
        await measure('cx-layer', n, threads, n - 1, [
          ...qsimVariants(file, threads),
          ...(await qpoVariants(circuit, [], threads, ['double', 'single'], true)),
          ...(await qpoVariants(circuit, [], threads, ['double', 'single'])),
        ]);
        const l3 = cxLayer(nL3);
        // a round takes some 10 ms (and a driver process): at least L3_ROUNDS of them, whose
        // medians moved by 10% between runs where 5 rounds' moved by 50%
        await measure('cx-layer-l3', nL3, threads, nL3 - 1, [
          ...(qulacs.ok ? [{ engine: 'qulacs' as const, variant: 'double (complex)', run: () => runQulacs(qulacs.binary, ['cx', String(nL3), '1'], threads) }] : []),
          // qulacs keeps complex amplitudes: qpo's complex double path, gate by gate; and the real
          // path qpo picks for this circuit by itself (CX from |0...0> keeps the state real), gate by gate
          ...(await Promise.all(
            (['c64', 'r64'] as const).map(async (representation): Promise<Variant> => {
              const runner = await qpoRunner(l3, [], 'double', threads, true, representation);
              closers.push(() => runner.close());
              return { engine: 'qpo', variant: `double (${representation}, gate by gate)`, run: () => runner.run() };
            }),
          )),
        ], Math.max(rounds, L3_ROUNDS));
      }
    }
  } finally {
    for (const close of closers) await close();
  }

  const summary = summarize(rows);
  process.stdout.write(
    `${JSON.stringify(
      {
        benchmark: 'anchors',
        node: process.version,
        avx512: avx512,
        anchors: Object.fromEntries(Object.entries(anchors).map(([k, b]) => [k, b.ok ? { version: b.version, flags: b.flags } : { skipped: b.skipped }])),
        rounds,
        results: rows,
        summary,
      },
      null,
      2,
    )}\n`,
  );
}

/** qpo's median over the best anchor variant's median, per workload, thread count and precision. */
function summarize(rows: readonly Row[]): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const keys = new Set(rows.map((r) => `${r.workload}|${r.threads}|${r.qubits}`));
  for (const key of keys) {
    const [workload, threads, qubits] = key.split('|');
    const group = rows.filter((r) => `${r.workload}|${r.threads}|${r.qubits}` === key);
    const best = (engine: Row['engine']): Row | undefined => group.filter((r) => r.engine === engine).sort((a, b) => a.medianCpuSeconds - b.medianCpuSeconds)[0];
    for (const q of group.filter((r) => r.engine === 'qpo')) {
      const entry: Record<string, unknown> = { workload, threads: Number(threads), qubits: Number(qubits), qpo: q.variant, qpoMedianCpuSeconds: q.medianCpuSeconds, qpoMedianWallSeconds: q.medianWallSeconds };
      for (const engine of ['qsim', 'qsim-avx2', 'qulacs'] as const) {
        const b = best(engine);
        if (!b) continue;
        entry[`${engine}Best`] = b.variant;
        entry[`cpuRatioTo_${engine}`] = round4(q.medianCpuSeconds / b.medianCpuSeconds);
        entry[`wallRatioTo_${engine}`] = round4(q.medianWallSeconds / b.medianWallSeconds);
      }
      const floor = group.find((r) => r.engine === 'stream' && r.variant.startsWith(q.variant.startsWith('double') ? (q.variant.includes('c64') ? 'double, complex' : 'double, real') : q.variant.includes('c32') ? 'single, complex' : 'single, real'));
      // the floor is a wall time (stream's best of its repetitions): against qpo's CPU seconds per thread
      if (floor) entry.ratioToBandwidthFloor = round4(q.medianCpuSeconds / Number(threads) / floor.medianWallSeconds);
      out.push(entry);
    }
  }
  return out;
}

void main();
