/**
 * Downloaded price series, cached by service, ticker and exact date range so a job can be run again
 * on the same data (and without the network): on disk locally (`$QPO_CACHE_DIR`, else
 * `$XDG_CACHE_HOME/qpo`, else `~/.cache/qpo`), in the results bucket on AWS (`datasets/cache/`,
 * S3PriceCache in ../s3-store.ts). Both use the same keys, so a local cache can be copied there.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** One cached download. */
export interface CachedSeries {
  readonly service: string;
  readonly ticker: string;
  readonly start: string;
  readonly end: string;
  /** ISO time of the download (adjusted prices are as of this time). */
  readonly retrievedAt: string;
  /** The service's response, as sent. */
  readonly csv: string;
}

export interface PriceCache {
  /** Where the cache lives, for messages. */
  readonly location: string;
  get(key: string): Promise<CachedSeries | undefined>;
  put(key: string, value: CachedSeries): Promise<void>;
}

/** The key of a series: `<service>/<TICKER>/<start>_<end>.json`. */
export function seriesKey(service: string, ticker: string, start: string, end: string): string {
  return `${service}/${encodeURIComponent(ticker.toUpperCase())}/${start}_${end}.json`;
}

/** The local cache folder from the environment (read at the edge and passed in). */
export function defaultCacheDir(env: Readonly<Record<string, string | undefined>>, home = os.homedir()): string {
  if (env.QPO_CACHE_DIR) return path.resolve(env.QPO_CACHE_DIR);
  return path.join(env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(home, '.cache'), 'qpo');
}

/** Files under a folder; writes go to a temporary name, then rename (no reader sees a partial file). */
export class FilePriceCache implements PriceCache {
  constructor(readonly location: string) {}

  async get(key: string): Promise<CachedSeries | undefined> {
    try {
      return JSON.parse(await fs.readFile(path.join(this.location, key), 'utf8')) as CachedSeries;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || error instanceof SyntaxError) return undefined;
      throw error;
    }
  }

  async put(key: string, value: CachedSeries): Promise<void> {
    const file = path.join(this.location, key);
    const tmp = `${file}.${randomUUID()}.tmp`;
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(tmp, JSON.stringify(value));
    await fs.rename(tmp, file);
  }
}
