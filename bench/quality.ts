/**
 * Quality benchmark: approximation ratio, probability of the optimum and wall time of the quantum
 * path's defaults against the previous defaults, in one run, on instances with brute-force optima
 * (bench/quality/instances.ts, suites in bench/quality/run.ts). One JSON row per run on stdout as it
 * finishes, then one `{"summary": [...]}` line.
 *
 *   npx tsx bench/quality.ts --suite vqe --sizes 6,8,10,12 --instances 3 --seeds 1,2,3
 *   npx tsx bench/quality.ts --suite qaoa --sizes 6,8,10,12 --depths 1,2,3,4
 *   npx tsx bench/quality.ts --suite paper          (seeds 1,2,3,4,123)
 *   npx tsx bench/quality.ts --suite hardware --sizes 4,6,8,10
 *   npm run bench:quality                            (every suite at full size; hours on 2 cores)
 *
 * Flags: --methods a,b (a subset of the suite's methods), --seeds, --instances (per size, indices
 * 1..k), --threads (local sampler threads, default the machine's).
 */
import { parseArgs } from 'node:util';
import { createLocalSampler } from '../lib/backends/local';
import { paperInstance, realInstance } from './quality/instances';
import { HARDWARE_METHODS, PAPER_METHODS, QAOA_METHODS, runQaoaSuite, runSuite, summarize, VQE_METHODS, type QualityRow } from './quality/run';

const list = (s: string): number[] => s.split(',').filter(Boolean).map(Number);

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      suite: { type: 'string', default: 'vqe' },
      sizes: { type: 'string' },
      instances: { type: 'string', default: '3' },
      seeds: { type: 'string' },
      depths: { type: 'string', default: '1,2,3,4' },
      methods: { type: 'string' },
      threads: { type: 'string' },
    },
  });
  const suite = values.suite;
  const pick = <T>(all: Record<string, T>): Record<string, T> => {
    if (!values.methods) return all;
    const names = values.methods.split(',');
    for (const name of names) if (!(name in all)) throw new Error(`--methods: '${name}' is not a method of suite ${suite}; use ${Object.keys(all).join(', ')}`);
    return Object.fromEntries(names.map((name) => [name, all[name]!]));
  };
  const instanceCount = Number(values.instances);
  const instancesOf = (sizes: number[]) => sizes.flatMap((n) => Array.from({ length: instanceCount }, (_, i) => realInstance(n, i + 1)));
  const ctx = {
    sampler: (seed: number) => createLocalSampler({ seed, ...(values.threads === undefined ? {} : { threads: Number(values.threads) }) }),
    onRow: (row: QualityRow) => process.stdout.write(`${JSON.stringify(row)}\n`),
  };
  let rows: QualityRow[];
  switch (suite) {
    case 'vqe':
      rows = await runSuite('vqe', instancesOf(list(values.sizes ?? '6,8,10,12,14,16,18,20')), list(values.seeds ?? '1,2,3'), pick(VQE_METHODS), ctx);
      break;
    case 'hardware':
      rows = await runSuite('hardware', instancesOf(list(values.sizes ?? '4,6,8,10')), list(values.seeds ?? '1,2,3'), pick(HARDWARE_METHODS), ctx);
      break;
    case 'paper':
      rows = await runSuite('paper', [paperInstance()], list(values.seeds ?? '1,2,3,4,123'), pick(PAPER_METHODS), ctx);
      break;
    case 'qaoa':
      rows = await runQaoaSuite(instancesOf(list(values.sizes ?? '6,8,10,12')), list(values.seeds ?? '1,2,3'), list(values.depths), Object.keys(pick(QAOA_METHODS)), ctx);
      break;
    default:
      throw new Error(`--suite: '${suite}' is unknown; use vqe, qaoa, paper or hardware`);
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'quality', suite, node: process.version, summary: summarize(rows) })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(2);
});
