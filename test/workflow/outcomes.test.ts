/**
 * Issue 10 items 4, 5 and 6 through the local state machine: an existing result is refused before
 * any work; a computed result that cannot be written is rescued and handed back; every job ends
 * with exactly one outcome metric (JobSucceeded or JobFailed), retries of RecordResult included.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileResultStore, ResultPersistError, type ResultRecord } from '../../lib/jobs';
import { LocalWorkflow, localJobWorkflow } from '../../lib/workflow/local-runner';
import { runJobLocally, type LocalRunDeps } from '../../lib/workflow/run-local';
import { STATE } from '../../lib/workflow';
import { FaultyStore } from '../helpers/faulty-store';
import { PRICES_CSV } from '../helpers/problems';

const workflow = localJobWorkflow();
const SPEC = { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, solver: 'classical', fallback: { annealing: { numReads: 10, numSweeps: 200 } } };
const tmp = () => mkdtempSync(path.join(tmpdir(), 'qpo-outcome-'));
let ids = 0;

function deps(dir: string, extra: Partial<LocalRunDeps> = {}): LocalRunDeps & { reads: () => number } {
  let reads = 0;
  return {
    readDataset: async () => {
      reads += 1;
      return readFile(PRICES_CSV, 'utf8');
    },
    store: new FileResultStore(dir),
    now: () => Date.now(),
    newJobId: () => `outcome-${process.pid}-${++ids}`,
    randomSeed: () => 5,
    software: { qpo: 'test', node: process.version },
    metricsFile: path.join(dir, 'metrics.jsonl'),
    workflow,
    // RecordResult's retries (2 s, 4 s on AWS) in milliseconds here.
    retryIntervalOverrides: { [STATE.recordResult]: [5, 10] },
    reads: () => reads,
    ...extra,
  };
}

/** The EMF lines of a run, as { JobSucceeded, JobFailed, ResultsPersisted } counts over the groups without extra dimensions. */
function outcomes(dir: string) {
  const file = path.join(dir, 'metrics.jsonl');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l)) : [];
  const plain = lines.filter((l) => l._aws.CloudWatchMetrics[0].Dimensions[0].length === 1);
  const sum = (name: string) => plain.reduce((s, l) => s + (typeof l[name] === 'number' ? l[name] : 0), 0);
  return { succeeded: sum('JobSucceeded'), failed: sum('JobFailed'), persistedLines: plain.filter((l) => 'ResultsPersisted' in l).map((l) => l.ResultsPersisted), jobIds: [...new Set(plain.map((l) => l.jobId))] };
}

describe('an existing result is refused before any work (item 4)', () => {
  it('a second run of a finished job id reads no data and runs no step, and says RESULT_EXISTS', async () => {
    const dir = tmp();
    await runJobLocally({ ...SPEC, jobId: 'again-1' }, deps(dir));
    const second = deps(dir, { workflow: new LocalWorkflow() });
    const error = await runJobLocally({ ...SPEC, jobId: 'again-1', quantum: { maxIterations: 5 } }, second).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'RESULT_EXISTS', path: 'jobId' });
    expect(second.reads()).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['again-1.json', 'metrics.jsonl']);
  });
});

describe('a computed result is never thrown away (item 5)', () => {
  it('when every write fails, the job fails loudly with the record rescued to the location the error names', async () => {
    const dir = tmp();
    const rescueDir = tmp();
    const store = new FaultyStore(new FileResultStore(dir), 99);
    const rescue = async (r: ResultRecord) => (await new FileResultStore(rescueDir).put(r).catch(() => ({ location: path.join(rescueDir, `${r.jobId}.json`) }))).location;
    const error = await runJobLocally({ ...SPEC, jobId: 'rescued-1' }, deps(dir, { store, rescue })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResultPersistError);
    const where = path.join(rescueDir, 'rescued-1.json');
    expect(error).toMatchObject({ code: 'RESULT_NOT_PERSISTED', details: { fallbackLocation: where }, record: { jobId: 'rescued-1', solver: 'annealing' } });
    expect((error as Error).message).toMatch(/EIO: i\/o error, write; the record was saved to .*rescued-1\.json instead$/);
    expect(JSON.parse(readFileSync(where, 'utf8'))).toMatchObject({ jobId: 'rescued-1', quality: { approximationRatio: 1 } });
    expect(store.puts).toBe(3); // RecordResult's two retries of ResultNotPersisted
  });
});

describe('exactly one outcome metric per job (item 6)', () => {
  it('a write that succeeds on its third try: one JobSucceeded, no JobFailed', async () => {
    const dir = tmp();
    const store = new FaultyStore(new FileResultStore(dir), 2);
    const record = await runJobLocally(SPEC, deps(dir, { store }));
    expect(store.puts).toBe(3);
    expect(outcomes(dir)).toEqual({ succeeded: 1, failed: 0, persistedLines: [1], jobIds: [record.jobId] });
  });

  it('a write that never succeeds: one JobFailed with ResultsPersisted 0, no JobSucceeded', async () => {
    const dir = tmp();
    const store = new FaultyStore(new FileResultStore(dir), 99);
    await expect(runJobLocally({ ...SPEC, jobId: 'never-1' }, deps(dir, { store }))).rejects.toMatchObject({ code: 'RESULT_NOT_PERSISTED' });
    expect(outcomes(dir)).toEqual({ succeeded: 0, failed: 1, persistedLines: [0], jobIds: ['never-1'] });
  });

  it('a rejected input and an existing result are no job outcome (as a 400 is not): no metric', async () => {
    const dir = tmp();
    await expect(runJobLocally({ ...SPEC, portfolio: { tickers: ['AAPL', 'NOPE'] }, budget: 1, jobId: 'bad-1' }, deps(dir))).rejects.toMatchObject({ code: 'UNKNOWN_TICKER' });
    await runJobLocally({ ...SPEC, jobId: 'twice-1' }, deps(dir));
    await expect(runJobLocally({ ...SPEC, jobId: 'twice-1' }, deps(dir, { workflow: new LocalWorkflow() }))).rejects.toMatchObject({ code: 'RESULT_EXISTS' });
    expect(outcomes(dir)).toMatchObject({ succeeded: 1, failed: 0, jobIds: ['twice-1'] });
  });

  it('a failure of the fallback itself: one JobFailed of kind internal, and the alert', async () => {
    const dir = tmp();
    // Quantum path times out at once and the fallback is off: the job fails (QPO.JobFailed).
    const spec = { ...SPEC, jobId: 'nofb-2', solver: 'auto', quantum: { optimizer: 'spsa', maxIterations: 100000, timeoutSeconds: 0.05 }, fallback: { enabled: false } };
    await expect(runJobLocally(spec, deps(dir))).rejects.toMatchObject({ code: 'JOB_FAILED' });
    expect(outcomes(dir)).toEqual({ succeeded: 0, failed: 1, persistedLines: [], jobIds: ['nofb-2'] });
  });
});
