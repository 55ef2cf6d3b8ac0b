/**
 * CheckCapacity when the probe misbehaves (issue 10, item 2): a probe that throws (Batch
 * AccessDenied) or never answers routes the job to the fallback as `backend-unavailable`, with the
 * reason in the fallback message, instead of ending the job; and should the CheckCapacity state
 * itself time out, the definition's Catch does the same.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileResultStore, type CapacityProbe } from '../../lib/jobs';
import { probeCapacity } from '../../lib/jobs/capacity';
import { STATE } from '../../lib/workflow';
import { LocalWorkflow, LOCAL_DEFINITION_OPTIONS, LOCAL_SUBSTITUTIONS } from '../../lib/workflow/local-runner';
import { jobDefinition, substitute } from '../../lib/workflow/definition';
import { runJobLocally, type LocalRunDeps } from '../../lib/workflow/run-local';
import { PRICES_CSV } from '../helpers/problems';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM'];
const SPEC = { portfolio: { tickers: TICKERS }, budget: 2, quantum: { backend: 'ibm:fake_fez' }, fallback: { annealing: { numReads: 10, numSweeps: 200 } } };

function deps(extra: Partial<LocalRunDeps>): LocalRunDeps {
  return {
    readDataset: async () => readFile(PRICES_CSV, 'utf8'),
    store: new FileResultStore(mkdtempSync(path.join(tmpdir(), 'qpo-cap-'))),
    now: () => Date.now(),
    newJobId: () => `cap-${process.hrtime.bigint()}`,
    randomSeed: () => 5,
    software: { qpo: 'test', node: process.version },
    ...extra,
  };
}

const accessDenied = Object.assign(new Error('User: arn:aws:sts::123456789012:assumed-role/qpo is not authorized to perform: batch:ListJobs'), { name: 'AccessDeniedException' });

describe('capacity probe failures route to the fallback', () => {
  it('probeCapacity: a throwing queue probe makes the backend unavailable with the reason', async () => {
    const probe: CapacityProbe = { queueDepth: async () => { throw accessDenied; }, backendStatus: async () => ({ status: 'available', message: null }) };
    await expect(probeCapacity(probe, 'ibm:fake_fez')).resolves.toEqual({
      queueDepth: 0,
      providerQueueDepth: null,
      backendStatus: 'unavailable',
      backendMessage: expect.stringMatching(/^capacity check failed: AccessDeniedException: .*batch:ListJobs/),
    });
  });

  it('probeCapacity: a probe that never answers is cut at the deadline and aborted', async () => {
    let aborted = false;
    const probe: CapacityProbe = {
      queueDepth: async () => 0,
      backendStatus: (_b, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => { aborted = true; reject(signal.reason); })),
    };
    const t0 = performance.now();
    const report = await probeCapacity(probe, 'ibm:fake_fez', 0.2);
    expect(performance.now() - t0).toBeLessThan(1500);
    expect(report).toMatchObject({ backendStatus: 'unavailable', backendMessage: expect.stringMatching(/capacity check failed: .*(no answer|TimeoutError)/) });
    expect(aborted).toBe(true);
  });

  it('a job whose Batch probe throws AccessDenied is answered by the fallback (backend-unavailable), not failed', async () => {
    const probe: CapacityProbe = { queueDepth: async () => { throw accessDenied; }, backendStatus: async () => ({ status: 'available', message: null }) };
    const record = await runJobLocally(SPEC, deps({ probe, workflow: new LocalWorkflow(undefined, { validate: false }) }));
    expect(record.solver).toBe('annealing');
    expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-unavailable', message: expect.stringMatching(/AccessDeniedException/) });
  });

  it('a job whose provider probe hangs is answered by the fallback within the capacity deadline', async () => {
    const probe: CapacityProbe = { queueDepth: async () => 0, backendStatus: () => new Promise(() => undefined) };
    const t0 = performance.now();
    const record = await runJobLocally(SPEC, deps({ probe, capacityDeadlineSeconds: 0.3, workflow: new LocalWorkflow(undefined, { validate: false }) }));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-unavailable', message: expect.stringMatching(/capacity check failed/) });
  });

  it('when the CheckCapacity state itself times out, its Catch routes to the fallback as backend-unavailable', async () => {
    const definition = substitute(jobDefinition(LOCAL_DEFINITION_OPTIONS), LOCAL_SUBSTITUTIONS);
    (definition.States[STATE.checkCapacity] as { TimeoutSeconds: number }).TimeoutSeconds = 1;
    // A probe past the state's 1 s timeout, with its own deadline further out: only the state's timeout fires.
    const probe: CapacityProbe = { queueDepth: async () => 0, backendStatus: () => new Promise((resolve) => setTimeout(() => resolve({ status: 'available', message: null }), 2500).unref()) };
    const record = await runJobLocally(SPEC, deps({ probe, capacityDeadlineSeconds: 30, workflow: new LocalWorkflow(definition, { validate: false }) }));
    expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-unavailable', message: expect.stringMatching(/capacity check failed: States\.Timeout/) });
  });
});
