#!/usr/bin/env node
/**
 * Build the prebuilt CLI: esbuild bundles our TypeScript (bin/qpo.ts, the worker-thread task modules
 * and the benchmark runner) into dist/cli/*.js, CommonJS for Node 20+, packages left to node_modules
 * (loaded only when a command needs them). dist/cli/inputs.json lists the sources: bin/qpo.js runs
 * the bundle only while none of them is newer, else the sources through tsx.
 * Runs at `npm ci` / `npm install` (the `prepare` script), as `npm run build:cli`, and before the
 * tests when the bundle is stale (test/setup/build-cli.cjs).
 * Without esbuild (an install without devDependencies) it says so and leaves the CLI on the sources.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
/** Output folder: dist/cli, or the folder given as the first argument (tests build elsewhere). */
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'dist', 'cli'));

/** Output name -> entry point. Worker modules must sit beside the bundle (pool.ts looks there). */
const ENTRIES = {
  qpo: 'bin/qpo.ts',
  'anneal-worker': 'lib/backends/local/anneal-worker.ts',
  'statevector-worker': 'lib/backends/local/statevector-worker.ts',
  'frontier-worker': 'bin/cli/frontier-worker.ts',
  'bench-run': 'bench/run.ts',
};

function main() {
  let esbuild;
  try {
    esbuild = require('esbuild');
  } catch {
    process.stderr.write('build-cli: esbuild is not installed (devDependencies omitted); qpo runs from the TypeScript sources\n');
    return;
  }
  const tmp = `${OUT}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const result = esbuild.buildSync({
    absWorkingDir: ROOT,
    entryPoints: ENTRIES,
    outdir: tmp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/')).sort();
  fs.writeFileSync(path.join(tmp, 'inputs.json'), `${JSON.stringify(inputs, null, 1)}\n`);
  // Swap the whole folder in at once: a concurrent `qpo` sees the old bundle or the new one.
  const old = `${OUT}.old-${process.pid}`;
  if (fs.existsSync(OUT)) fs.renameSync(OUT, old);
  fs.renameSync(tmp, OUT);
  fs.rmSync(old, { recursive: true, force: true });
  process.stdout.write(`build-cli: dist/cli (${Object.keys(ENTRIES).length} entry points, ${inputs.length} sources)\n`);
}

main();
