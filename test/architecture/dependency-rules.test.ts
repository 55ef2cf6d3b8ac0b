/**
 * The dependency-cruiser rules of .dependency-cruiser.cjs really catch a violation of the design's
 * arrows: a throwaway tree with one bad import per rule (and stand-in packages under node_modules
 * for the package rules), cruised with the project's config. A rule that cannot fire fails here.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const CONFIG = require(path.join(ROOT, '.dependency-cruiser.cjs')) as { forbidden: { name: string }[] };

/** Stand-in packages: the rules match paths into node_modules, never the packages' code. */
const PACKAGES: Record<string, string> = Object.fromEntries(
  ['@aws-sdk/client-s3', 'aws-cdk-lib', 'constructs', '@middy/core'].flatMap((name) => [
    [`node_modules/${name}/package.json`, JSON.stringify({ name, version: '1.0.0', main: 'index.js' })],
    [`node_modules/${name}/index.js`, 'module.exports = {};\n'],
  ]),
);

function cruise(files: Record<string, string>): { code: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpo-arch-'));
  copyFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'Preserve', moduleResolution: 'Bundler' } }));
  for (const [file, text] of Object.entries({ ...PACKAGES, ...files })) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const roots = ['lib', 'bin', 'lambdas', 'batch-image', 'bench'].filter((r) => Object.keys(files).some((f) => f.startsWith(`${r}/`)));
  const bin = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
  const r = spawnSync(bin, [...roots, '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

/** One fixture per rule: the files, and the violation line the rule must print. */
const VIOLATIONS: Record<string, { files: Record<string, string>; expect: RegExp }> = {
  'contracts-is-the-bottom': {
    files: { 'lib/quantum/q.ts': 'export const q = 1;\n', 'lib/contracts/c.ts': "import { q } from '../quantum/q';\nexport const c = q;\n" },
    expect: /contracts-is-the-bottom: lib\/contracts\/c\.ts → lib\/quantum\/q\.ts/,
  },
  'quantum-is-a-leaf': {
    files: { 'lib/jobs/j.ts': 'export const j = 1;\n', 'lib/quantum/up.ts': "import { j } from '../jobs/j';\nexport const up = j;\n" },
    expect: /quantum-is-a-leaf: lib\/quantum\/up\.ts → lib\/jobs\/j\.ts/,
  },
  'portfolio-is-a-leaf': {
    files: { 'lib/quantum/q.ts': 'export const q = 1;\n', 'lib/portfolio/p.ts': "import { q } from '../quantum/q';\nexport const p = q;\n" },
    expect: /portfolio-is-a-leaf: lib\/portfolio\/p\.ts → lib\/quantum\/q\.ts/,
  },
  'solvers-only-on-core': {
    files: { 'lib/jobs/j.ts': 'export const j = 1;\n', 'lib/solvers/down.ts': "import { j } from '../jobs/j';\nexport const down = j;\n" },
    expect: /solvers-only-on-core: lib\/solvers\/down\.ts → lib\/jobs\/j\.ts/,
  },
  'backends-below-jobs': {
    files: { 'lib/jobs/j.ts': 'export const j = 1;\n', 'lib/backends/b.ts': "import { j } from '../jobs/j';\nexport const b = j;\n" },
    expect: /backends-below-jobs: lib\/backends\/b\.ts → lib\/jobs\/j\.ts/,
  },
  'jobs-below-runners': {
    files: { 'lib/workflow/w.ts': 'export const w = 1;\n', 'lib/jobs/j.ts': "import { w } from '../workflow/w';\nexport const j = w;\n" },
    expect: /jobs-below-runners: lib\/jobs\/j\.ts → lib\/workflow\/w\.ts/,
  },
  'reports-below-runners': {
    files: { 'bin/cli/c.ts': 'export const c = 1;\n', 'lib/reports/r.ts': "import { c } from '../../bin/cli/c';\nexport const r = c;\n" },
    expect: /reports-below-runners: lib\/reports\/r\.ts → bin\/cli\/c\.ts/,
  },
  'workflow-below-infra': {
    files: { 'lambdas/h.ts': 'export const h = 1;\n', 'lib/workflow/w.ts': "import { h } from '../../lambdas/h';\nexport const w = h;\n" },
    expect: /workflow-below-infra: lib\/workflow\/w\.ts → lambdas\/h\.ts/,
  },
  'runners-not-infra': {
    files: { 'lib/infra/s.ts': 'export const s = 1;\n', 'batch-image/src/e.ts': "import { s } from '../../lib/infra/s';\nexport const e = s;\n" },
    expect: /runners-not-infra: batch-image\/src\/e\.ts → lib\/infra\/s\.ts/,
  },
  'lambdas-not-peers': {
    files: { 'batch-image/src/e.ts': 'export const e = 1;\n', 'lambdas/h.ts': "import { e } from '../batch-image/src/e';\nexport const h = e;\n" },
    expect: /lambdas-not-peers: lambdas\/h\.ts → batch-image\/src\/e\.ts/,
  },
  'batch-image-not-peers': {
    files: { 'bin/cli/c.ts': 'export const c = 1;\n', 'batch-image/src/e.ts': "import { c } from '../../bin/cli/c';\nexport const e = c;\n" },
    expect: /batch-image-not-peers: batch-image\/src\/e\.ts → bin\/cli\/c\.ts/,
  },
  'cli-not-peers': {
    files: { 'lambdas/h.ts': 'export const h = 1;\n', 'bin/cli/c.ts': "import { h } from '../../lambdas/h';\nexport const c = h;\n" },
    expect: /cli-not-peers: bin\/cli\/c\.ts → lambdas\/h\.ts/,
  },
  'only-bench-imports-bench': {
    files: { 'bench/b.ts': 'export const b = 1;\n', 'bin/cli/c.ts': "import { b } from '../../bench/b';\nexport const c = b;\n" },
    expect: /only-bench-imports-bench: bin\/cli\/c\.ts → bench\/b\.ts/,
  },
  'cdk-only-in-infra': {
    files: { 'lib/jobs/j.ts': "import { App } from 'aws-cdk-lib';\nexport const j = App;\n" },
    expect: /cdk-only-in-infra: lib\/jobs\/j\.ts → node_modules\/aws-cdk-lib\/index\.js/,
  },
  'core-has-no-aws-sdk': {
    files: { 'lib/solvers/s.ts': "import { S3Client } from '@aws-sdk/client-s3';\nexport const s = S3Client;\n" },
    expect: /core-has-no-aws-sdk: lib\/solvers\/s\.ts → node_modules\/@aws-sdk\/client-s3\/index\.js/,
  },
  'core-has-no-io': {
    files: { 'lib/portfolio/io.ts': "import { readFileSync } from 'node:fs';\nexport const io = readFileSync;\n" },
    expect: /core-has-no-io: lib\/portfolio\/io\.ts → (node:)?fs/,
  },
  'no-circular': {
    files: { 'lib/solvers/x.ts': "import { y } from './y';\nexport const x = () => y;\n", 'lib/solvers/y.ts': "import { x } from './x';\nexport const y = () => x;\n" },
    expect: /no-circular: lib\/solvers\/(x|y)\.ts → /,
  },
  'no-unresolvable': {
    files: { 'lib/jobs/j.ts': "import { nope } from './missing';\nexport const j = nope;\n" },
    expect: /no-unresolvable: lib\/jobs\/j\.ts → \.\/missing/,
  },
};

describe('dependency rules (DESIGN.md arrows)', () => {
  it('accepts imports that follow the arrows, the catalogue from every layer, and packages where they belong', () => {
    const r = cruise({
      'lib/contracts/errors.ts': 'export const e = 1;\n',
      'lib/quantum/a.ts': "import { e } from '../contracts/errors';\nexport const a = e;\n",
      'lib/solvers/b.ts': "import { a } from '../quantum/a';\nexport const b = a;\n",
      'lib/jobs/c.ts': "import { b } from '../solvers/b';\nimport { S3Client } from '@aws-sdk/client-s3';\nexport const c = [b, S3Client];\n",
      'lib/infra/s.ts': "import { App } from 'aws-cdk-lib';\nimport { c } from '../jobs/c';\nexport const s = [App, c];\n",
      'lambdas/h.ts': "import middy from '@middy/core';\nimport { c } from '../lib/jobs/c';\nexport const h = [middy, c];\n",
      'bin/qpo.ts': "import { c } from '../lib/jobs/c';\nexport const d = c;\n",
      'bench/x.ts': "import { a } from '../lib/quantum/a';\nexport const x = a;\n",
    });
    expect(r.output).toMatch(/no dependency violations/);
    expect(r.code).toBe(0);
  });

  it('has a violating fixture for every rule of the config', () => {
    expect(Object.keys(VIOLATIONS).sort()).toEqual(CONFIG.forbidden.map((rule) => rule.name).sort());
  });

  it('fires every rule on its own fixture (one cruise of all fixtures side by side)', () => {
    // Each fixture's files get a suffix of their own, so the fixtures share one tree and one run.
    const files: Record<string, string> = {};
    const lines: [string, RegExp][] = [];
    Object.entries(VIOLATIONS).forEach(([rule, fixture], i) => {
      const bases = Object.keys(fixture.files).map((f) => path.basename(f, '.ts'));
      const rename = (text: string) => bases.reduce((t, b) => t.replaceAll(`/${b}'`, `/${b}_${i}'`), text);
      for (const [file, text] of Object.entries(fixture.files)) files[file.replace(/([^/]+)\.ts$/, `$1_${i}.ts`)] = rename(text);
      const source = bases.reduce((t, b) => t.replaceAll(`\\/${b}\\.ts`, `\\/${b}_${i}\\.ts`).replaceAll(`\\/(x|y)\\.ts`, `\\/(x|y)_${i}\\.ts`), fixture.expect.source);
      lines.push([rule, new RegExp(source)]);
    });
    const r = cruise(files);
    expect(r.code).not.toBe(0);
    for (const [rule, line] of lines) expect({ rule, fired: line.test(r.output) }).toEqual({ rule, fired: true });
  });
});
