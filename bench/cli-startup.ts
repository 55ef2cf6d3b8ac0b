/**
 * The prebuilt CLI against the sources, measured side by side in one run (interleaved, medians):
 * - wall time of `qpo --help` through bin/qpo.js on the bundle, through the sources (tsx), and of a
 *   bare `node -e 0` (the floor: Node's own start);
 * - annealing flips/s on dense500 (one thread) through `qpo bench annealing` on the bundle and
 *   through `node -r tsx/cjs bench/run.ts` (the loader the sources run under).
 * Prints JSON. Run: `npx tsx bench/cli-startup.ts [--repeats 7] [--no-annealing]`; needs
 * `npm run build:cli` first. The machine is shared: read the ratios, not the absolute numbers.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..');
const QPO = path.join(ROOT, 'bin', 'qpo.js');

function seconds(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const t = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function dense500FlipsPerSecond(args: string[], env: NodeJS.ProcessEnv = {}): number {
  const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const text = r.stdout.trim();
  const rows = (text.startsWith('[') ? JSON.parse(text) : (JSON.parse(text) as { results: object[] }).results) as { instance?: string; flipsPerSecond?: number; threads?: number }[];
  const row = rows.find((x) => x.instance === 'dense500' && x.flipsPerSecond !== undefined);
  if (!row) throw new Error(`no dense500 row in ${text.slice(0, 300)}`);
  return row.flipsPerSecond!;
}

function main(): void {
  if (!existsSync(path.join(ROOT, 'dist', 'cli', 'qpo.js'))) throw new Error('no bundle: run npm run build:cli first');
  const repeats = Number(process.argv[process.argv.indexOf('--repeats') + 1]) || 7;
  const help = { node: [] as number[], bundle: [] as number[], source: [] as number[] };
  for (let i = 0; i < repeats; i++) {
    help.node.push(seconds(['-e', '0']));
    help.bundle.push(seconds([QPO, '--help']));
    help.source.push(seconds([QPO, '--help'], { QPO_CLI_SOURCE: '1' }));
  }
  const out: Record<string, unknown> = {
    benchmark: 'cli-startup',
    node: process.version,
    repeats,
    helpSeconds: { nodeFloor: median(help.node), bundle: median(help.bundle), source: median(help.source) },
    helpAboveNodeSeconds: { bundle: median(help.bundle) - median(help.node), source: median(help.source) - median(help.node) },
    sourceOverBundle: median(help.source) / median(help.bundle),
  };
  if (!process.argv.includes('--no-annealing')) {
    const options = JSON.stringify({ reads: 8, samples: 1, threads: [1], instancesDir: '/nonexistent', referenceFile: '/nonexistent' });
    const flips = { bundle: [] as number[], tsx: [] as number[] };
    for (let i = 0; i < Math.max(3, Math.floor(repeats / 2)); i++) {
      flips.bundle.push(dense500FlipsPerSecond([path.join(ROOT, 'dist', 'cli', 'bench-run.js'), 'annealing', options]));
      flips.tsx.push(dense500FlipsPerSecond(['-r', require.resolve('tsx/cjs'), path.join(ROOT, 'bench', 'run.ts'), 'annealing', options]));
    }
    out.dense500FlipsPerSecond = { bundle: median(flips.bundle), tsxLoader: median(flips.tsx), bundleOverTsx: median(flips.bundle) / median(flips.tsx) };
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
}

main();
