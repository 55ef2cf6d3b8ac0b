/**
 * The local runtime of the CLI: the dataset reader, the filesystem result store, clock, ids, seeds,
 * memory budget. Configuration is read here, once, at the edge.
 */
import { randomInt, randomUUID } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { JobValidationError } from '../../lib/jobs/errors';
import { stripBom } from '../../lib/jobs/depth';
import { FileResultStore } from '../../lib/jobs/fs-store';
import type { ResultRecord } from '../../lib/jobs/result';
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

/** Read a JSON or YAML file given on the command line (a leading UTF-8 BOM is dropped). */
export async function readUserFile(file: string, flag: string): Promise<string> {
  try {
    return stripBom(await fs.readFile(path.resolve(file), 'utf8'));
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
    // A reader of its own per run: the steps of this run share the prepared data (lib/jobs tasks),
    // and another run in the same process reads the files afresh.
    readDataset: (dataset, request) => readDataset(dataset, request),
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

/** Seconds the --output check may take (a hung network mount fails it instead of the job's end). */
export const OUTPUT_CHECK_SECONDS = 10;

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException | null)?.code ?? 'error';

/**
 * Check `--output` before any work: not empty; an existing path must be a directory this process
 * can create files in (a probe file is created and removed); a missing one must be creatable in
 * its nearest existing ancestor (a probe directory is created and removed). Nothing is left behind.
 * @throws JobValidationError (path `output`) naming the directory, why, and the fix.
 */
export async function checkOutputDirectory(dir: string): Promise<void> {
  if (dir.trim() === '') throw new JobValidationError("--output: '' is empty; give the results directory (default: results)", 'output');
  const target = path.resolve(dir);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new JobValidationError(`--output: '${dir}' did not answer within ${OUTPUT_CHECK_SECONDS} s (a hung mount?); choose another directory`, 'output')), OUTPUT_CHECK_SECONDS * 1000);
    timer.unref();
  });
  try {
    await Promise.race([probeDirectory(dir, target), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function probeDirectory(dir: string, target: string): Promise<void> {
  const refuse = (why: string) => new JobValidationError(`--output: '${dir}' ${why}; choose a directory you can write to (default: results)`, 'output');
  let existing = target;
  for (;;) {
    const stat = await fs.stat(existing).catch((error: unknown) => {
      if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') return undefined;
      throw refuse(`cannot be checked (${errnoOf(error)} at ${existing})`);
    });
    if (stat) {
      if (!stat.isDirectory()) throw refuse(existing === target ? 'is not a directory' : `cannot be created: ${existing} is not a directory`);
      break;
    }
    const parent = path.dirname(existing);
    if (parent === existing) throw refuse('cannot be created: no ancestor directory exists');
    existing = parent;
  }
  const probe = path.join(existing, `.qpo-probe-${process.pid}-${randomUUID()}`);
  if (existing === target) {
    try {
      await fs.access(target, fsConstants.W_OK | fsConstants.X_OK);
      const handle = await fs.open(probe, 'wx');
      await handle.close();
    } catch (error) {
      throw refuse(`is not writable (${errnoOf(error)})`);
    } finally {
      await fs.rm(probe, { force: true }).catch(() => undefined);
    }
    return;
  }
  try {
    await fs.mkdir(probe);
  } catch (error) {
    throw refuse(`cannot be created: ${existing} does not accept new entries (${errnoOf(error)})`);
  }
  await fs.rmdir(probe).catch(() => undefined);
}

/** Where a record goes when --output refuses it mid-run: `<system temp>/qpo-unsaved-results/<createdAt>/<jobId>.json`. */
export const RESCUE_DIRECTORY = path.join(os.tmpdir(), 'qpo-unsaved-results');

/**
 * Save a record the results directory refused (RecordDeps.rescue); resolves to its path. One
 * folder per job start (`createdAt`): a retried write of the same run finds its first copy, a
 * later run under the same job id gets its own.
 */
export async function rescueRecord(record: ResultRecord, directory: string = RESCUE_DIRECTORY): Promise<string> {
  const store = new FileResultStore(path.join(directory, record.createdAt.replace(/[-:.]/g, '')));
  // A retry of RecordResult rescues the same job again: the first copy stays.
  const { location } = await store.put(record).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'RESULT_EXISTS') return { location: store.pathOf(record.jobId) };
    throw error;
  });
  return location;
}
