/**
 * The job index contract, run against both implementations: the local JSON Lines file and the
 * DynamoDB table (dynalite on 127.0.0.1, created as the stack declares it). Statuses only move
 * forward, listings are newest first with filters, and a walk over every page returns each matching
 * job exactly once (checked against the same filter applied to the full list).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DynamoJobIndex } from '../../lib/jobs/dynamo-job-index';
import { FileJobIndex } from '../../lib/jobs/fs-job-index';
import { encodeToken, matchesQuery, parseJobQuery, type JobEntry, type JobIndex, type JobPatch, type JobQuery } from '../../lib/jobs/job-index';
import { startDynamo, type LocalDynamo } from '../helpers/dynamodb';

let dynamo: LocalDynamo;
let tables = 0;
beforeAll(async () => {
  dynamo = await startDynamo();
});
afterAll(() => dynamo.close());

const implementations: [string, () => Promise<JobIndex>][] = [
  ['FileJobIndex (jobs.jsonl)', async () => new FileJobIndex(mkdtempSync(path.join(tmpdir(), 'qpo-index-')))],
  [
    'DynamoJobIndex (dynalite)',
    async () => {
      const name = `qpo-jobs-${++tables}`;
      await dynamo.createJobIndexTable(name);
      return new DynamoJobIndex(dynamo.client, name, 30);
    },
  ],
];

const iso = (minute: number) => new Date(Date.UTC(2026, 11, 1, 8, minute)).toISOString();

/** 30 jobs over 30 minutes: a mix of statuses, solvers and fallback reasons (two share a start time). */
function fixtures(): JobPatch[] {
  const patches: JobPatch[] = [];
  for (let i = 0; i < 30; i++) {
    const jobId = `job-${String(i).padStart(2, '0')}`;
    const createdAt = iso(i === 7 ? 6 : i);
    patches.push({ jobId, at: createdAt, createdAt, status: 'running', solver: i % 3 === 0 ? 'classical' : 'auto', tickers: ['AAPL', 'JPM'], budget: 1 });
    if (i % 5 === 4) continue; // still running
    const at = iso(i + 1);
    if (i % 4 === 1) patches.push({ jobId, at, status: 'failed', completedAt: at, error: { code: 'JOB_FAILED', message: 'both paths failed' } });
    else
      patches.push({
        jobId,
        at,
        status: 'succeeded',
        completedAt: at,
        answeredBy: i % 3 === 0 ? 'annealing' : 'vqe',
        fallbackReason: i % 6 === 2 ? 'timeout' : null,
        approximationRatio: 1,
        location: `s3://b/${jobId}/result.json`,
      });
  }
  return patches;
}

async function walk(index: JobIndex, q: Omit<JobQuery, 'nextToken'>): Promise<JobEntry[]> {
  const out: JobEntry[] = [];
  let token: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const page = await index.list({ ...q, ...(token ? { nextToken: token } : {}) });
    expect(page.jobs.length).toBeLessThanOrEqual(q.limit);
    out.push(...page.jobs);
    token = page.nextToken;
    if (!token) return out;
  }
  throw new Error('too many pages');
}

describe.each(implementations)('%s', (_name, make) => {
  it('statuses only move forward: a late RUNNING or a repeated event never undoes an outcome', async () => {
    const index = await make();
    await index.record({ jobId: 'a', at: iso(0), createdAt: iso(0), status: 'running', solver: 'auto', tickers: ['AAPL', 'JPM'] });
    await index.record({ jobId: 'a', at: iso(2), status: 'succeeded', completedAt: iso(2), answeredBy: 'vqe', fallbackReason: null, approximationRatio: 0.98 });
    await index.record({ jobId: 'a', at: iso(3), status: 'running', createdAt: iso(0), solver: 'auto' });
    await index.record({ jobId: 'a', at: iso(4), status: 'cancelled', error: { code: 'JOB_CANCELLED', message: 'late' } });
    expect(await index.get('a')).toMatchObject({ jobId: 'a', status: 'succeeded', createdAt: iso(0), completedAt: iso(2), answeredBy: 'vqe', approximationRatio: 0.98, error: null, tickers: ['AAPL', 'JPM'] });
    // A cancel recorded first is replaced by the outcome of a job that finished anyway.
    await index.record({ jobId: 'b', at: iso(0), status: 'cancelled', cancelledBy: 'ops' });
    await index.record({ jobId: 'b', at: iso(1), status: 'failed', error: { code: 'JOB_FAILED', message: 'x' } });
    expect(await index.get('b')).toMatchObject({ status: 'failed', cancelledBy: 'ops' });
    // Links set by a resubmission survive the execution's own events.
    await index.record({ jobId: 'a-r1', at: iso(5), createdAt: iso(5), status: 'running', resubmitOf: 'a' });
    await index.record({ jobId: 'a-r1', at: iso(6), createdAt: iso(5), status: 'running', solver: 'auto' });
    expect(await index.get('a-r1')).toMatchObject({ status: 'running', resubmitOf: 'a', solver: 'auto' });
    expect(await index.get('nope')).toBeUndefined();
  });

  it('lists newest first; every page walk returns each matching job once, for every filter', async () => {
    const index = await make();
    const patches = fixtures();
    for (const p of patches) await index.record(p);
    const all = await walk(index, { limit: 100 });
    expect(all).toHaveLength(30);
    const keys = all.map((e) => `${e.createdAt}#${e.jobId}`);
    expect(keys).toEqual([...keys].sort().reverse());
    const queries: Omit<JobQuery, 'nextToken'>[] = [
      { limit: 7 },
      { limit: 4, status: ['failed'] },
      { limit: 3, status: ['running', 'failed'] },
      { limit: 5, solver: 'classical' },
      { limit: 5, solver: 'vqe' },
      { limit: 2, fallback: 'timeout' },
      { limit: 3, fallback: 'activated' },
      { limit: 6, fallback: 'none' },
      { limit: 4, since: iso(10), until: iso(20) },
      { limit: 1, status: ['succeeded'], since: iso(25) },
    ];
    for (const q of queries) {
      const expected = all.filter((e) => matchesQuery(e, q)).map((e) => e.jobId);
      expect({ q, ids: (await walk(index, q)).map((e) => e.jobId) }).toEqual({ q, ids: expected });
      expect(expected.length).toBeGreaterThan(0);
    }
  });

  it('refuses a token made for other filters, or not one of ours, as the caller\'s mistake', async () => {
    const index = await make();
    for (const p of fixtures().slice(0, 10)) await index.record(p);
    const page = await index.list({ limit: 2, status: ['succeeded'] });
    expect(page.nextToken).toEqual(expect.any(String));
    await expect(index.list({ limit: 2, status: ['failed'], nextToken: page.nextToken! })).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'nextToken' });
    await expect(index.list({ limit: 2, nextToken: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_INPUT', path: 'nextToken' });
  });
});

describe('FileJobIndex.forget (a request rejected after it was recorded)', () => {
  const at = '2026-11-22T10:00:00.000Z';
  it('removes the file when the job was all it held, else drops the job on read and keeps the others', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qpo-index-'));
    const index = new FileJobIndex(dir);
    await index.record({ jobId: 'a', at, createdAt: at, status: 'running' });
    await index.forget('a');
    expect(existsSync(index.file)).toBe(false);
    await index.record({ jobId: 'b', at, createdAt: at, status: 'running' });
    await index.record({ jobId: 'a', at, createdAt: at, status: 'running' });
    await index.forget('a');
    expect([...(await index.entries()).keys()]).toEqual(['b']);
    expect(await index.get('a')).toBeUndefined();
  });
});

describe('parseJobQuery (the API\'s query parameters)', () => {
  it('reads filters and dates; a date alone spans its whole day', () => {
    expect(parseJobQuery({ status: 'failed,cancelled', since: '2026-12-01', until: '2026-12-02', solver: 'vqe', fallback: 'timeout', limit: '10' })).toEqual({
      status: ['failed', 'cancelled'],
      since: '2026-12-01T00:00:00.000Z',
      until: '2026-12-02T23:59:59.999Z',
      solver: 'vqe',
      fallback: 'timeout',
      limit: 10,
    });
    expect(parseJobQuery({})).toEqual({ limit: 50 });
  });

  it.each([
    [{ status: 'done' }, 'status', /'done' is not a job status; use running, succeeded, failed, cancelled/],
    [{ limit: '500' }, 'limit', /between 1 and 100/],
    [{ since: 'yesterday' }, 'since', /not a date; use YYYY-MM-DD/],
    [{ since: '2026-12-02', until: '2026-12-01' }, 'until', /before since/],
    [{ solver: 'qpu' }, 'solver', /use auto, quantum, classical, exact, vqe, qaoa, annealing/],
    [{ fallback: 'sometimes' }, 'fallback', /use activated, none, forced/],
    [{ color: 'red' }, 'color', /unknown parameter/],
    [{ nextToken: encodeToken({ createdAt: iso(1), jobId: 'x' }, { limit: 5, status: ['failed'] }) }, 'nextToken', /other filters/],
  ])('%j -> 400 naming %s', (params, field, message) => {
    expect(() => parseJobQuery(params as Record<string, string>)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: field, message: expect.stringMatching(message) }));
  });
});
