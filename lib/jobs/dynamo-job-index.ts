/**
 * The job index on AWS: a DynamoDB table (on-demand), partition key `jobId`, with a global secondary
 * index `byCreated` (partition `kind` = 'job', sort `createdKey` = `<createdAt>#<jobId>`) that lists
 * newest first within a date range; status, solver and fallback are filters. Entries expire through
 * TTL (`expiresAt`, epoch seconds). Patches are UpdateItem SETs; a status only moves forward
 * (lib/jobs/job-index.ts), enforced by a condition on the current status: when it fails, the patch
 * is applied without its outcome fields.
 * API: https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateItem.html,
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html
 */
import { DynamoDBDocumentClient, GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  decodeToken,
  encodeToken,
  matchesQuery,
  replaceableBy,
  withoutOutcome,
  type JobEntry,
  type JobIndex,
  type JobPage,
  type JobPatch,
  type JobQuery,
} from './job-index';

export const JOB_INDEX_KEYS = { partitionKey: 'jobId', gsi: 'byCreated', gsiPartitionKey: 'kind', gsiSortKey: 'createdKey', ttl: 'expiresAt' } as const;

/** Queries per listing page at most (each reads up to QUERY_BATCH items before filters). */
const MAX_ROUNDS = 20;
const QUERY_BATCH = 200;

const ENTRY_FIELDS = [
  'status',
  'createdAt',
  'updatedAt',
  'completedAt',
  'solver',
  'answeredBy',
  'backend',
  'fallbackReason',
  'approximationRatio',
  'shots',
  'costUsd',
  'tickers',
  'budget',
  'location',
  'error',
  'resubmitOf',
  'resubmittedAs',
  'cancelledBy',
  'runner',
] as const;

function entryOf(item: Record<string, unknown>): JobEntry {
  const out: Record<string, unknown> = { jobId: item.jobId };
  for (const f of ENTRY_FIELDS) out[f] = item[f] ?? (f === 'tickers' ? [] : null);
  return out as unknown as JobEntry;
}

export class DynamoJobIndex implements JobIndex {
  private readonly doc: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    readonly table: string,
    /** Days an entry is kept after it was last written (TTL). */
    private readonly retentionDays: number,
  ) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  }

  async record(patch: JobPatch): Promise<void> {
    try {
      await this.update(patch, true);
    } catch (error) {
      if ((error as Error).name !== 'ConditionalCheckFailedException') throw error;
      // The stored status is further along (a late or repeated event): keep it, take the rest.
      await this.update(withoutOutcome(patch), false);
    }
  }

  private async update(patch: JobPatch, conditional: boolean): Promise<void> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const sets: string[] = [];
    const set = (field: string, value: unknown, expression?: string) => {
      names[`#${field}`] = field;
      values[`:${field}`] = value;
      sets.push(`#${field} = ${expression ?? `:${field}`}`);
    };
    const createdAt = patch.createdAt ?? patch.at;
    set('kind', 'job');
    set('createdAt', createdAt, `if_not_exists(#createdAt, :createdAt)`);
    set('createdKey', `${createdAt}#${patch.jobId}`, `if_not_exists(#createdKey, :createdKey)`);
    set('updatedAt', patch.at);
    set('expiresAt', Math.floor(Date.parse(patch.at) / 1000) + this.retentionDays * 86_400);
    for (const [k, v] of Object.entries(patch)) if (k !== 'jobId' && k !== 'at' && k !== 'createdAt' && v !== undefined) set(k, v);
    // The fallback filter's attribute: the reason, or 'none' (DynamoDB compares no NULL values).
    if (patch.fallbackReason !== undefined) set('fallbackKey', patch.fallbackReason ?? 'none');
    let condition: string | undefined;
    if (conditional && patch.status !== undefined) {
      const allowed = replaceableBy(patch.status);
      allowed.forEach((s, i) => (values[`:was${i}`] = s));
      condition = `attribute_not_exists(#status) OR #status IN (${allowed.map((_, i) => `:was${i}`).join(', ')})`;
    }
    await this.doc.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { jobId: patch.jobId },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(condition ? { ConditionExpression: condition } : {}),
      }),
    );
  }

  async get(jobId: string): Promise<JobEntry | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { jobId }, ConsistentRead: true }));
    return out.Item ? entryOf(out.Item) : undefined;
  }

  async list(q: JobQuery): Promise<JobPage> {
    const after = q.nextToken ? decodeToken(q.nextToken, q) : undefined;
    const low = q.since ?? '0000';
    // '~' sorts after '#' and every digit: the whole `until` instant is inside the range.
    let high = q.until ? `${q.until}~` : '9999';
    if (after !== undefined && after < high) high = after;
    const names: Record<string, string> = { '#kind': 'kind', '#key': 'createdKey' };
    const values: Record<string, unknown> = { ':kind': 'job', ':low': low, ':high': high };
    const filters: string[] = [];
    if (q.status?.length) {
      names['#status'] = 'status';
      q.status.forEach((s, i) => (values[`:s${i}`] = s));
      filters.push(`#status IN (${q.status.map((_, i) => `:s${i}`).join(', ')})`);
    }
    if (q.solver) {
      Object.assign(names, { '#solver': 'solver', '#answeredBy': 'answeredBy' });
      values[':solver'] = q.solver;
      filters.push('(#solver = :solver OR #answeredBy = :solver)');
    }
    if (q.fallback) {
      names['#fb'] = 'fallbackKey';
      values[':fb'] = q.fallback === 'activated' ? 'none' : q.fallback;
      if (q.fallback === 'activated') filters.push('(attribute_exists(#fb) AND #fb <> :fb)');
      else if (q.fallback === 'none') filters.push('(attribute_not_exists(#fb) OR #fb = :fb)');
      else filters.push('#fb = :fb');
    }
    const jobs: JobEntry[] = [];
    let start: Record<string, unknown> | undefined;
    let lastEvaluated: Record<string, unknown> | undefined;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          IndexName: JOB_INDEX_KEYS.gsi,
          // BETWEEN is inclusive; the token's own entry is skipped below.
          KeyConditionExpression: '#kind = :kind AND #key BETWEEN :low AND :high',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          ScanIndexForward: false,
          Limit: QUERY_BATCH,
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      for (const item of out.Items ?? []) {
        if (after !== undefined && String(item.createdKey) >= after) continue;
        const entry = entryOf(item);
        if (!matchesQuery(entry, { ...q, since: undefined, until: undefined })) continue;
        jobs.push(entry);
        if (jobs.length === q.limit + 1) return { jobs: jobs.slice(0, q.limit), nextToken: encodeToken(jobs[q.limit - 1]!, q) };
      }
      lastEvaluated = out.LastEvaluatedKey;
      if (!lastEvaluated) return { jobs, nextToken: null };
      start = lastEvaluated;
    }
    // Out of rounds: the page holds what the evaluated range held; continue after its last item.
    const last = String(lastEvaluated!.createdKey);
    const [createdAt, ...id] = last.split('#');
    return { jobs, nextToken: encodeToken({ createdAt: createdAt!, jobId: id.join('#') }, q) };
  }
}
