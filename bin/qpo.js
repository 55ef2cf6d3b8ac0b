#!/usr/bin/env node
/**
 * Launcher of the qpo CLI. Runs the prebuilt bundle dist/cli/qpo.js (scripts/build-cli.cjs, made at
 * `npm ci` by the `prepare` script and by `npm run build:cli`) while it is up to date with every
 * source it was built from; otherwise (no bundle yet, or a source edited since) the TypeScript
 * sources through tsx's CommonJS hook. QPO_CLI_SOURCE=1 forces the sources.
 */
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const BUNDLE = path.join(ROOT, 'dist', 'cli', 'qpo.js');

function bundleIsFresh() {
  if (process.env.QPO_CLI_SOURCE) return false;
  try {
    const built = fs.statSync(BUNDLE).mtimeMs;
    const inputs = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', 'cli', 'inputs.json'), 'utf8'));
    return inputs.every((file) => fs.statSync(path.join(ROOT, file)).mtimeMs <= built);
  } catch {
    return false;
  }
}

if (bundleIsFresh()) {
  if (process.env.QPO_DEBUG) process.stderr.write(`qpo: running the bundle ${path.relative(process.cwd(), BUNDLE)}\n`);
  require(BUNDLE).run();
} else {
  if (process.env.QPO_DEBUG) process.stderr.write('qpo: running the TypeScript sources (tsx); npm run build:cli makes the bundle\n');
  require('tsx/cjs');
  require('./qpo.ts').run();
}
