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
import { MARKET_DATA_ENV } from '../../lib/contracts/env';
import type { DatasetContent, DatasetReader, DatasetRequest } from '../../lib/jobs/prepare';
import { defaultCacheDir, FilePriceCache, isMarketSource, marketRange, readMarketPrices } from '../../lib/jobs/market';

import { PACKAGE_ROOT, qpoVersion } from './version';

export { PACKAGE_ROOT, qpoVersion };
export const BUNDLED_PRICES = path.join(PACKAGE_ROOT, 'data', 'stock_prices.csv');

/**
 * The CLI's dataset reader, configured from `env` once: 'bundled' is data/stock_prices.csv, 'tiingo'
 * the Tiingo service (TIINGO_API_KEY, QPO_TIINGO_URL) through the disk cache (QPO_CACHE_DIR, else
 * $XDG_CACHE_HOME/qpo or ~/.cache/qpo), anything else a CSV file path.
 */
export function createDatasetReader(env: Readonly<Record<string, string | undefined>>, now: () => number = Date.now): DatasetReader {
  const cache = new FilePriceCache(defaultCacheDir(env));
  const token = env[MARKET_DATA_ENV.TIINGO_API_KEY];
  const baseUrl = env[MARKET_DATA_ENV.TIINGO_URL];
  return async (dataset: string, request?: DatasetRequest): Promise<string | DatasetContent> => {
    if (!isMarketSource(dataset)) return readPriceFile(dataset);
    if (!request) throw new JobValidationError(`portfolio.dataset: '${dataset}' is a market-data source; it is read for a job's tickers`, 'portfolio.dataset');
    const range = marketRange(request.start, request.end, now());
    return readMarketPrices(dataset, request.tickers, range, { cache, now, tiingo: { ...(token ? { token } : {}), ...(baseUrl ? { baseUrl } : {}) } });
  };
}

/** The reader of the CLI's own environment. */
export const readDataset: DatasetReader = createDatasetReader(process.env);

/** Read a price file: 'bundled' is data/stock_prices.csv, anything else a file path. */
export async function readPriceFile(dataset: string): Promise<string> {
  const file = dataset === 'bundled' ? BUNDLED_PRICES : path.resolve(dataset);
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code ?? 'error'})`;
    throw new JobValidationError(`portfolio.dataset: the price file '${dataset}' ${why}; pass a CSV with --prices FILE, or --prices tiingo for market data`, 'portfolio.dataset');
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
