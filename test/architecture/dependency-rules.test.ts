/**
 * The dependency-cruiser rules of .dependency-cruiser.cjs really catch a violation of the design's
 * arrows: a throwaway tree with one bad import per rule, cruised with the project's config.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

function cruise(files: Record<string, string>): { code: number | null; output: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpo-arch-'));
  copyFileSync(path.join(ROOT, '.dependency-cruiser.cjs'), path.join(dir, '.dependency-cruiser.cjs'));
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { module: 'Preserve', moduleResolution: 'Bundler' } }));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  const bin = path.join(ROOT, 'node_modules', '.bin', 'depcruise');
  const r = spawnSync(bin, ['lib', 'bin', '--config', '.dependency-cruiser.cjs', '--output-type', 'err'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, output: `${r.stdout}${r.stderr}` };
}

describe('dependency rules (DESIGN.md arrows)', () => {
  it('accepts imports that follow the arrows', () => {
    const r = cruise({
      'lib/quantum/a.ts': 'export const a = 1;\n',
      'lib/solvers/b.ts': "import { a } from '../quantum/a';\nexport const b = a;\n",
      'lib/jobs/c.ts': "import { b } from '../solvers/b';\nexport const c = b;\n",
      'bin/qpo.ts': "import { c } from '../lib/jobs/c';\nexport const d = c;\n",
    });
    expect(r.output).toMatch(/no dependency violations/);
    expect(r.code).toBe(0);
  });

  it('rejects a core module importing upward, the core doing I/O, and a cycle', () => {
    const r = cruise({
      'lib/jobs/j.ts': 'export const j = 1;\n',
      'bin/qpo.ts': 'export {};\n',
      'lib/quantum/up.ts': "import { j } from '../jobs/j';\nexport const up = j;\n",
      'lib/portfolio/io.ts': "import { readFileSync } from 'node:fs';\nexport const io = readFileSync;\n",
      'lib/solvers/x.ts': "import { y } from './y';\nexport const x = () => y;\n",
      'lib/solvers/y.ts': "import { x } from './x';\nexport const y = () => x;\n",
      'lib/solvers/down.ts': "import { j } from '../jobs/j';\nexport const down = j;\n",
    });
    expect(r.code).not.toBe(0);
    expect(r.output).toMatch(/quantum-is-a-leaf: lib\/quantum\/up\.ts → lib\/jobs\/j\.ts/);
    expect(r.output).toMatch(/core-has-no-io: lib\/portfolio\/io\.ts → (node:)?fs/);
    expect(r.output).toMatch(/no-circular/);
    expect(r.output).toMatch(/solvers-only-on-core: lib\/solvers\/down\.ts → lib\/jobs\/j\.ts/);
  });
});
