/**
 * The local runtime of the CLI: the dataset reader, the filesystem result store, clock, ids, seeds,
 * memory budget. Configuration is read here, once, at the edge.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobValidationError } from '../../lib/jobs/errors';
import { FileResultStore } from '../../lib/jobs/fs-store';
import type { JobDeps } from '../../lib/jobs/deps';
import { backendEnvironment } from '../../lib/backends/environment';

import { PACKAGE_ROOT, qpoVersion } from './version';

export { PACKAGE_ROOT, qpoVersion };
export const BUNDLED_PRICES = path.join(PACKAGE_ROOT, 'data', 'stock_prices.csv');

/** Read a dataset: 'bundled' is data/stock_prices.csv, anything else a file path. */
export async function readDataset(dataset: string): Promise<string> {
  const file = dataset === 'bundled' ? BUNDLED_PRICES : path.resolve(dataset);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`;
    throw new JobValidationError(`portfolio.dataset: the price file '${dataset}' ${why}; pass a CSV with --prices FILE`, 'portfolio.dataset');
  }
}

/** Read a JSON or YAML file given on the command line. */
export async function readUserFile(file: string, flag: string): Promise<string> {
  try {
    return await fs.readFile(path.resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new JobValidationError(`${flag}: '${file}' ${code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'error'})`}`, flag);
  }
}

/** A sortable, unique local job id. */
export function newJobId(now: Date = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\..*$/, '');
  return `qpo-${stamp}-${randomUUID().slice(0, 8)}`;
}

/** The JobDeps of a local run writing to `outputDir`. */
export function localDeps(outputDir: string, extra: Partial<JobDeps> = {}): JobDeps {
  return {
    readDataset,
    store: new FileResultStore(path.resolve(outputDir)),
    now: () => Date.now(),
    newJobId: () => newJobId(),
    randomSeed: () => randomInt(0, 2 ** 31),
    software: { qpo: qpoVersion(), node: process.version },
    // Leave a quarter of free memory to the rest of the process.
    maxStateBytes: Math.floor(os.freemem() * 0.75),
    backends: backendEnvironment(process.env),
    ...extra,
  };
}
