/**
 * S3 stores: the ResultRecord at `portfolio-optimization/<jobId>/result.json`, written with a
 * conditional put (`If-None-Match: *`, so a finished job is never overwritten: 412 ->
 * ResultExistsError), and the step answers beside it (answer.json, quantum-failure.json).
 * Conditional writes: https://docs.aws.amazon.com/AmazonS3/latest/userguide/conditional-writes.html
 */
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { AnswerStore, QuantumFailure, StepAnswer } from './answer-store';
import { ResultExistsError, ResultPersistError } from './errors';
import { parseStoredRecord } from './stored-record';
import type { ResultRecord } from './result';
import type { ResultStore } from './store';
import type { CachedSeries, PriceCache } from './market/cache';
import { isMarketSource, marketRange, readMarketPrices, type MarketReaderOptions } from './market/prices';
import type { DatasetContent, DatasetRequest } from './prepare';

export const RESULTS_PREFIX = 'portfolio-optimization';

/** The key of a job's object `name` (result.json, answer.json, quantum-failure.json). */
export const jobKey = (jobId: string, name: string) => `${RESULTS_PREFIX}/${jobId}/${name}`;

function status(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
}

const notFound = (error: unknown) => ['NoSuchKey', 'NotFound'].includes((error as Error).name) || status(error) === 404;

async function getText(s3: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return await out.Body!.transformToString();
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}

async function getJson<T>(s3: S3Client, bucket: string, key: string): Promise<T | undefined> {
  const text = await getText(s3, bucket, key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

const putJson = (s3: S3Client, bucket: string, key: string, value: unknown, ifNoneMatch?: '*') =>
  s3.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: 'application/json',
      ...(ifNoneMatch ? { IfNoneMatch: ifNoneMatch } : {}),
    }),
  );

export class S3ResultStore implements ResultStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  /** @throws ResultExistsError (412 Precondition Failed), ResultPersistError (any other failure). */
  async put(record: ResultRecord): Promise<{ location: string }> {
    const key = jobKey(record.jobId, 'result.json');
    try {
      await putJson(this.s3, this.bucket, key, record, '*');
    } catch (error) {
      if (status(error) === 412 || (error as Error).name === 'PreconditionFailed') throw new ResultExistsError(record.jobId);
      throw new ResultPersistError(`could not write s3://${this.bucket}/${key}: ${(error as Error).message}`, error, record);
    }
    return { location: this.locationOf(record.jobId) };
  }

  locationOf(jobId: string): string {
    return `s3://${this.bucket}/${jobKey(jobId, 'result.json')}`;
  }

  /** @throws ResultCorruptError for an object that is not a JSON ResultRecord of this job. */
  async get(jobId: string): Promise<ResultRecord | undefined> {
    const text = await getText(this.s3, this.bucket, jobKey(jobId, 'result.json'));
    return text === undefined ? undefined : parseStoredRecord(text, jobId, this.locationOf(jobId));
  }

  /** HeadObject: 404 (with s3:ListBucket, which grantRead gives) means no record. */
  async exists(jobId: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: jobKey(jobId, 'result.json') }));
      return true;
    } catch (error) {
      if (notFound(error)) return false;
      throw error;
    }
  }
}

export class S3AnswerStore implements AnswerStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}
  async putAnswer(jobId: string, answer: StepAnswer): Promise<void> {
    await putJson(this.s3, this.bucket, jobKey(jobId, 'answer.json'), answer);
  }
  getAnswer(jobId: string): Promise<StepAnswer | undefined> {
    return getJson<StepAnswer>(this.s3, this.bucket, jobKey(jobId, 'answer.json'));
  }
  async putFailure(jobId: string, failure: QuantumFailure): Promise<void> {
    await putJson(this.s3, this.bucket, jobKey(jobId, 'quantum-failure.json'), failure);
  }
  getFailure(jobId: string): Promise<QuantumFailure | undefined> {
    return getJson<QuantumFailure>(this.s3, this.bucket, jobKey(jobId, 'quantum-failure.json'));
  }
}

/** Prefix of cached market-data series in the results bucket (same keys as the local cache). */
export const PRICE_CACHE_PREFIX = 'datasets/cache/';

/** Market-data series cached in the results bucket under `datasets/cache/<service>/<TICKER>/<start>_<end>.json`. */
export class S3PriceCache implements PriceCache {
  readonly location: string;
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {
    this.location = `s3://${bucket}/${PRICE_CACHE_PREFIX}`;
  }
  get(key: string): Promise<CachedSeries | undefined> {
    return getJson<CachedSeries>(this.s3, this.bucket, `${PRICE_CACHE_PREFIX}${key}`);
  }
  async put(key: string, value: CachedSeries): Promise<void> {
    await putJson(this.s3, this.bucket, `${PRICE_CACHE_PREFIX}${key}`, value);
  }
}

/**
 * Dataset reader for AWS: 'bundled' from a file shipped with the code; a market source ('tiingo')
 * through the bucket's price cache (downloading only with a token in `market.tiingo`; without one,
 * series must already be cached, e.g. copied from a local cache); any other name from
 * `datasets/<name>` in the bucket.
 */
export function s3DatasetReader(s3: S3Client, bucket: string, bundled: () => Promise<string>, market: Omit<MarketReaderOptions, 'cache'> = { tiingo: {}, now: Date.now }) {
  const cache = new S3PriceCache(s3, bucket);
  return async (dataset: string, request?: DatasetRequest): Promise<string | DatasetContent> => {
    if (dataset === 'bundled') return bundled();
    if (isMarketSource(dataset) && request) return readMarketPrices(dataset, request.tickers, marketRange(request.start, request.end, market.now()), { ...market, cache });
    const { JobValidationError } = await import('./errors');
    if (!/^[A-Za-z0-9._\/-]{1,200}$/.test(dataset) || dataset.includes('..'))
      throw new JobValidationError(`portfolio.dataset: '${dataset}' is not a dataset name; use 'bundled' or a key under datasets/`, 'portfolio.dataset');
    const out = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `datasets/${dataset}` })).catch((error: unknown) => {
      if ((error as Error).name === 'NoSuchKey' || status(error) === 404)
        throw new JobValidationError(`portfolio.dataset: 's3://${bucket}/datasets/${dataset}' does not exist; upload the CSV there or use 'bundled'`, 'portfolio.dataset');
      throw error;
    });
    return out.Body!.transformToString();
  };
}

/** Seconds a presigned report URL stays valid (1 hour; the signing role's session can end it sooner). */
export const REPORT_URL_SECONDS = 3600;

/**
 * The HTML report beside the result (`portfolio-optimization/<jobId>/report.html`), and presigned GET
 * URLs for it (SigV4 query-string authentication, signed with the caller's role).
 * Presigning: https://docs.aws.amazon.com/AmazonS3/latest/userguide/ShareObjectPreSignedURL.html
 */
export class S3ReportStore {
  constructor(
    private readonly s3: S3Client,
    readonly bucket: string,
  ) {}

  /** Write the report; returns its s3:// location. */
  async put(jobId: string, html: string): Promise<string> {
    const key = jobKey(jobId, 'report.html');
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: html, ContentType: 'text/html; charset=utf-8' }));
    return `s3://${this.bucket}/${key}`;
  }

  /**
   * A presigned URL of the job's report, or null when there is none (a missing object is 404, or
   * 403 for a role without s3:ListBucket).
   */
  async presignedUrl(jobId: string, expiresInSeconds = REPORT_URL_SECONDS): Promise<string | null> {
    const key = jobKey(jobId, 'report.html');
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    } catch (error) {
      const code = status(error);
      if (code === 404 || code === 403 || (error as Error).name === 'NotFound') return null;
      throw error;
    }
    return getSignedUrl(this.s3, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }
}
