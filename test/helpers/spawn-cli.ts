/**
 * The CLI as users run it: `node bin/qpo.js ...args` in a child process, in a fresh temporary
 * directory, with only PATH, HOME and `env` in its environment. Asynchronous, so fake servers in the
 * test's own process keep answering. With `killAfterSeconds` the process is killed (SIGKILL) if it has
 * not exited by then, and `signal` says so.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');

export interface SpawnedRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall seconds from spawn to exit. */
  readonly seconds: number;
  readonly cwd: string;
}

export function spawnCli(args: readonly string[], env: Record<string, string>, options: { prefix?: string; killAfterSeconds?: number } = {}): Promise<SpawnedRun> {
  const cwd = mkdtempSync(path.join(tmpdir(), options.prefix ?? 'qpo-e2e-'));
  const t0 = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [QPO, ...args], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = options.killAfterSeconds === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), options.killAfterSeconds * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, stdout, stderr, seconds: (performance.now() - t0) / 1000, cwd });
    });
  });
}
