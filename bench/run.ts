/**
 * The benchmarks behind `qpo bench`, as a process of their own (nothing outside bench/ imports
 * bench/): `node -r tsx/cjs bench/run.ts simulator|annealing '<options JSON>'` runs one benchmark,
 * writes each row to stderr as it is measured (progress) and the JSON array of rows to stdout.
 */
import { runAnnealingBench } from './annealing';
import { runSimulatorBench } from './simulator';

const RUNNERS = {
  simulator: (options: object, onRow: (row: object) => void) => runSimulatorBench({ ...(options as Parameters<typeof runSimulatorBench>[0]), onRow }),
  annealing: (options: object, onRow: (row: object) => void) => runAnnealingBench({ ...(options as Parameters<typeof runAnnealingBench>[0]), onRow }),
} as const;

async function main(argv: string[]): Promise<number> {
  const [kind, json] = argv;
  const run = RUNNERS[kind as keyof typeof RUNNERS];
  if (!run) {
    process.stderr.write(`bench/run.ts: unknown benchmark '${kind}'; use ${Object.keys(RUNNERS).join(' or ')}\n`);
    return 2;
  }
  const rows = await run(JSON.parse(json ?? '{}') as object, (row) => process.stderr.write(`${JSON.stringify(row)}\n`));
  process.stdout.write(`${JSON.stringify(rows)}\n`);
  return 0;
}

if (require.main === module)
  void main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    },
  );
