import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileResultStore, ResultExistsError } from '../../lib/jobs';
import type { ResultRecord } from '../../lib/jobs';

const record = (jobId: string, objective: number) => ({ schemaVersion: 1, jobId, solution: { objective } }) as unknown as ResultRecord;

describe('FileResultStore', () => {
  it('writes <dir>/<jobId>.json atomically and reads it back', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qpo-store-'));
    const store = new FileResultStore(path.join(dir, 'results'));
    const { location } = await store.put(record('job-1', -0.5));
    expect(location).toBe(path.join(dir, 'results', 'job-1.json'));
    expect(JSON.parse(readFileSync(location, 'utf8')).solution.objective).toBe(-0.5);
    expect((await store.get('job-1'))?.jobId).toBe('job-1');
    expect(await store.get('missing')).toBeUndefined();
    expect(readdirSync(path.join(dir, 'results'))).toEqual(['job-1.json']); // no temporary file left
  });

  it('never overwrites a finished job', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qpo-store-'));
    const store = new FileResultStore(dir);
    await store.put(record('job-2', 1));
    await expect(store.put(record('job-2', 2))).rejects.toBeInstanceOf(ResultExistsError);
    expect((await store.get('job-2'))?.solution.objective).toBe(1);
    expect(readdirSync(dir)).toEqual(['job-2.json']);
  });
});
