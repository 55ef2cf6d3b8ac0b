/**
 * The CLI in-process: `main(argv)` of bin/qpo.ts with stdout and stderr captured and a working
 * directory of the test's choosing. Fast (no process start, no tsx), for fuzzing and for the many
 * small cases; a handful of child-process runs (test/cli/*.e2e.test.ts) prove the same as shipped.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type * as Qpo from '../../bin/qpo';

// bin/qpo.js (the launcher) sits beside bin/qpo.ts and runs the CLI when loaded: load the module itself.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { main } = require('../../bin/qpo.ts') as typeof Qpo;

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly cwd: string;
}

/** A fresh temporary directory. */
export const tempDir = (prefix = 'qpo-cli-') => mkdtempSync(path.join(tmpdir(), prefix));

let busy = false;

/**
 * Run `qpo ...args` in-process in `cwd` (a fresh temporary directory by default); resolves to the
 * exit code and what was written. Runs one at a time (it swaps process-wide streams and cwd).
 */
export async function runCli(args: readonly string[], options: { cwd?: string; env?: Record<string, string | undefined> } = {}): Promise<CliRun> {
  if (busy) throw new Error('runCli: one run at a time');
  busy = true;
  const cwd = options.cwd ?? tempDir();
  const out: string[] = [];
  const err: string[] = [];
  const stdoutWrite = process.stdout.write;
  const stderrWrite = process.stderr.write;
  const capture = (sink: string[]) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      sink.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const done = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof process.stdout.write;
  const before = process.cwd();
  const savedEnv: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(options.env ?? {})) {
    savedEnv[k] = process.env[k];
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  process.stdout.write = capture(out);
  process.stderr.write = capture(err);
  process.chdir(cwd);
  try {
    const code = await main(['node', 'qpo', ...args]);
    return { code, stdout: out.join(''), stderr: err.join(''), cwd };
  } finally {
    process.chdir(before);
    process.stdout.write = stdoutWrite;
    process.stderr.write = stderrWrite;
    for (const [k, v] of Object.entries(savedEnv)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    busy = false;
  }
}
