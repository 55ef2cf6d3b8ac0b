/**
 * Worker pools of the local backend (piscina, https://github.com/piscinajs/piscina): fixed-size
 * pools of worker threads that run a task module of this folder. When the task module is TypeScript
 * (running from source under tsx or jest), the workers load tsx's loader first.
 */
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Piscina } from 'piscina';

/** Threads of this machine (os.availableParallelism). */
export function machineThreads(): number {
  return availableParallelism();
}

/** Path of task module `name` (without extension) next to this file, .js when built, .ts from source. */
export function taskModule(name: string): string {
  const js = path.join(__dirname, `${name}.js`);
  return existsSync(js) ? js : path.join(__dirname, `${name}.ts`);
}

/**
 * A pool of exactly `threads` workers running the default export of `filename`, kept alive
 * (idle workers do not keep the process alive: call `destroy()` to free them early).
 */
export function createPool(filename: string, threads: number): Piscina {
  const execArgv = filename.endsWith('.ts') ? ['--import', pathToFileURL(require.resolve('tsx')).href] : [];
  return new Piscina({
    filename,
    minThreads: threads,
    maxThreads: threads,
    concurrentTasksPerWorker: 1,
    idleTimeout: 60_000,
    execArgv,
  });
}
