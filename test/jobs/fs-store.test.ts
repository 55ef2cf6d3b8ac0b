import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileResultStore, makeDirectory, ResultExistsError, ResultPersistError } from '../../lib/jobs';
import type { ResultRecord } from '../../lib/jobs';

const record = (jobId: string, objective: number) => ({ schemaVersion: 1, jobId, problem: {}, solution: { objective } }) as unknown as ResultRecord;

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

describe('FileResultStore under faults (issue 10 item 5)', () => {
  const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-store-'));

  it('a directory that is a file fails as ResultPersistError naming the file, with the record attached (the cleanup never replaces the error)', async () => {
    const store = new FileResultStore('/dev/null');
    const error = await store.put(record('job-3', 1)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultPersistError);
    expect(error).toMatchObject({ code: 'RESULT_NOT_PERSISTED', message: expect.stringMatching(/^could not write \/dev\/null\/job-3\.json: ENOTDIR/), record: { jobId: 'job-3' } });
  });

  it('a parent that refuses new entries fails at once (Node 20 recursive mkdir loops forever on /proc/x)', async () => {
    const t0 = Date.now();
    await expect(makeDirectory('/proc/qpo-x/y')).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(new FileResultStore('/proc/qpo-x').put(record('job-4', 1))).rejects.toMatchObject({ code: 'RESULT_NOT_PERSISTED' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('removes the temporary files of killed writers (dead process or older than an hour) on the next write, and keeps a live writer\'s', async () => {
    const dir = tmp();
    const uuid = '0f0e0d0c-0b0a-4908-8706-050403020100';
    // A process that has exited: its pid is free (a child we waited for).
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout;
    const names = { dead: `.job-5.${dead}.${uuid}.tmp`, old: `.job-6.${process.pid}.${uuid}.tmp`, live: `.job-7.${process.pid}.${uuid}.tmp`, other: 'notes.txt' };
    for (const name of Object.values(names)) writeFileSync(path.join(dir, name), '{"partial');
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(path.join(dir, names.old), twoHoursAgo, twoHoursAgo);
    await new FileResultStore(dir).put(record('job-8', 1));
    expect(readdirSync(dir).sort()).toEqual([names.live, 'job-8.json', names.other].sort());
  });

  it('reads back a damaged record as RESULT_CORRUPT naming the file, and a missing directory as no record', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'job-9.json'), '{"schemaVersion":1,"jobId":"job-9","solut');
    writeFileSync(path.join(dir, 'job-10.json'), JSON.stringify({ schemaVersion: 1, jobId: 'other', problem: {}, solution: {} }));
    const store = new FileResultStore(dir);
    await expect(store.get('job-9')).rejects.toMatchObject({ code: 'RESULT_CORRUPT', message: expect.stringContaining(path.join(dir, 'job-9.json')) });
    await expect(store.get('job-10')).rejects.toMatchObject({ code: 'RESULT_CORRUPT', message: expect.stringMatching(/it is the record of 'other'/) });
    expect(await store.exists('job-9')).toBe(true);
    expect(await new FileResultStore(path.join(dir, 'missing')).get('job-9')).toBeUndefined();
    expect(await new FileResultStore('/dev/null').exists('job-9')).toBe(false);
  });
});
