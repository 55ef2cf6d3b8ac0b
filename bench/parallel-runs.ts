/**
 * Runs in a loop, as the VQE loop makes them: the local Sampler's worker threads (lib/backends/local,
 * a session per circuit) against the in-process simulator (lib/quantum createStatevectorSampler),
 * RealAmplitudes(reps=2, reverse_linear) with exact probabilities, one parameter set per call, new
 * values every call. Blocks of `--runs` consecutive calls alternate between the two (order reversed
 * every block), `--blocks` blocks each, in one process. This is what DEFAULT_MIN_PARALLEL_QUBITS
 * (sampler.ts) rests on.
 *
 * JSON rows: `{"qubits", "threads", "inProcessMs", "workersMs", "ratio"}`: medians of the per-call
 * wall milliseconds; ratio = workers / in-process (below 1: the threads pay off).
 *
 *   npx tsx bench/parallel-runs.ts [--qubits 10,12,14,15,16,17,18,20] [--threads 2] [--runs 30] [--blocks 4]
 */
import { parseArgs } from 'node:util';
import { createLocalSampler, machineThreads } from '../lib/backends/local';
import { createStatevectorSampler, realAmplitudes, type Sampler } from '../lib/quantum';

const { values } = parseArgs({
  options: {
    qubits: { type: 'string', default: '10,12,14,15,16,17,18,20' },
    threads: { type: 'string' },
    runs: { type: 'string', default: '30' },
    blocks: { type: 'string', default: '4' },
  },
});
const qubitCounts = values.qubits.split(',').map(Number);
const threads = Number(values.threads ?? machineThreads());
const runs = Number(values.runs);
const blocks = Number(values.blocks);

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

async function main(): Promise<void> {
  const rows: object[] = [];
  for (const n of qubitCounts) {
    const circuit = realAmplitudes({ numQubits: n, reps: 2, entanglement: 'reverse_linear' });
    const workers = createLocalSampler({ threads, minParallelQubits: 1, seed: 0 });
    const samplers: Record<'inProcess' | 'workers', Sampler> = { inProcess: createStatevectorSampler({ seed: 0 }), workers };
    const times: Record<'inProcess' | 'workers', number[]> = { inProcess: [], workers: [] };
    let call = 0;
    for (let block = 0; block < blocks; block++) {
      const order = block % 2 === 0 ? (['inProcess', 'workers'] as const) : (['workers', 'inProcess'] as const);
      for (const name of order) {
        for (let r = 0; r < runs; r++) {
          const params = circuit.parameters.map((_, j) => 0.1 * j + 0.01 * call++);
          const t0 = performance.now();
          await samplers[name].run({ circuit, parameterSets: [params] });
          if (block > 0 || r > 2) times[name].push(performance.now() - t0); // the first calls compile and tier up
        }
      }
    }
    await workers.close();
    const inProcessMs = median(times.inProcess);
    const workersMs = median(times.workers);
    rows.push({ qubits: n, threads, inProcessMs: +inProcessMs.toFixed(3), workersMs: +workersMs.toFixed(3), ratio: +(workersMs / inProcessMs).toFixed(3) });
  }
  console.log(JSON.stringify({ benchmark: 'parallel-runs', node: process.version, runs, blocks, results: rows }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
