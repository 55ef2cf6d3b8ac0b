/**
 * A plan that cannot fit never creates a provider job, a used-up instance never submits, and no
 * IBM session is left open after a failure or a timeout (issue 11, "Done when"), against the IBM
 * test server with its limits on a clock 100x faster than IBM's.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BackendEnvironment } from '../../lib/backends';
import { FileResultStore, LocalCapacityProbe, type CapacityProbe } from '../../lib/jobs';
import { dryRunJob } from '../../lib/jobs/dry-run';
import { ProviderCapacityProbe } from '../../lib/jobs/provider-capacity';
import { parseJobSpec } from '../../lib/jobs/spec';
import { localJobWorkflow } from '../../lib/workflow/local-runner';
import { runJobLocally } from '../../lib/workflow/run-local';
import { DEFAULT_DEVICES, FAKE_API_KEY, FAKE_CRN, startFakeIbm, type FakeIbm, type FakeIbmTiming } from '../fakes/ibm-server';
import { PRICES_CSV } from '../helpers/problems';
import { IBM_USD_PER_QUANTUM_SECOND } from '../../lib/backends/ibm/sampler';

const SCALE = 0.01;

async function server(queueLength: number, timing: Partial<FakeIbmTiming> = {}): Promise<FakeIbm> {
  return startFakeIbm(DEFAULT_DEVICES.map((d) => (d.name === 'fake_fez' ? { ...d, queueLength } : d)), 5, { timing: { timeScale: SCALE, ...timing } });
}

function envOf(ibm: FakeIbm): BackendEnvironment {
  return {
    ibm: { apiKey: FAKE_API_KEY, crn: FAKE_CRN, apiUrl: `${ibm.url}/api`, iamUrl: ibm.url },
    poll: { initialIntervalMs: 1000 * SCALE, maxIntervalMs: 5000 * SCALE },
    timeScale: SCALE,
    timeouts: { requestSeconds: 2, callSeconds: 4, probeSeconds: 4, cleanupSeconds: 2 },
  };
}

async function run(env: BackendEnvironment, quantum: Record<string, unknown>, probe: CapacityProbe = new ProviderCapacityProbe(new LocalCapacityProbe(), env)) {
  return runJobLocally(
    { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, quantum: { backend: 'ibm:fake_fez', seed: 3, timeoutSeconds: 600 * SCALE, ...quantum }, fallback: { annealing: { numReads: 8, numSweeps: 200 } } },
    {
      readDataset: async () => readFile(PRICES_CSV, 'utf8'),
      store: new FileResultStore(mkdtempSync(path.join(tmpdir(), 'qpo-plan-route-'))),
      now: () => Date.now(),
      newJobId: () => `plan-${process.hrtime.bigint()}`,
      randomSeed: () => 1,
      software: { qpo: 'test', node: process.version },
      backends: env,
      probe,
      workflow: localJobWorkflow(),
    },
  );
}

describe('the execution plan decides before any provider job', () => {
  it('routes a job whose plan cannot fit its budget to the fallback at CheckCapacity (plan-exceeds-budget), creating no job', async () => {
    const ibm = await server(30, { queueSecondsPerJob: 20 }); // 600 s of queue per job against a 600 s budget
    try {
      const record = await run({ ...envOf(ibm), queueSecondsPerJob: 20 }, {});
      expect(record.fallback).toMatchObject({ activated: true, reason: 'plan-exceeds-budget' });
      expect(record.fallback.message).toMatch(/plan-exceeds-budget \(auto: no mode fits/);
      expect(ibm.jobs).toHaveLength(0);
      expect(ibm.sessions).toHaveLength(0);
      expect(ibm.log.some((r) => r.route === 'create-job')).toBe(false);
    } finally {
      await ibm.close();
    }
  }, 60_000);

  it('refuses it in the quantum step too when CheckCapacity knew no device (no job, no session)', async () => {
    const ibm = await server(30, { queueSecondsPerJob: 20 });
    try {
      const record = await run({ ...envOf(ibm), queueSecondsPerJob: 20 }, {}, new LocalCapacityProbe());
      expect(record.fallback).toMatchObject({ activated: true, reason: 'plan-exceeds-budget' });
      expect(record.fallback.message).toMatch(/nothing was submitted/);
      expect(ibm.jobs).toHaveLength(0);
      expect(ibm.sessions).toHaveLength(0);
    } finally {
      await ibm.close();
    }
  }, 60_000);

  it('does not submit on an instance whose usage limit is reached (quota)', async () => {
    const ibm = await server(1, { usageLimitSeconds: 0 });
    try {
      const record = await run(envOf(ibm), { maxIterations: 10, shots: 200 });
      expect(record.fallback).toMatchObject({ activated: true, reason: 'quota' });
      expect(record.fallback.message).toMatch(/used 0 of its 0 quantum seconds/);
      expect(ibm.jobs).toHaveLength(0);
    } finally {
      await ibm.close();
    }
  }, 60_000);
});

describe('no IBM session is left open', () => {
  it('after a job of the session fails: the session is closed hard', async () => {
    const ibm = await server(1);
    ibm.faults.jobOutcomes.push('complete', 'fail');
    try {
      const record = await run(envOf(ibm), { executionMode: 'session', maxIterations: 40, shots: 200 });
      expect(record.fallback).toMatchObject({ activated: true, reason: 'backend-error' });
      expect(ibm.sessions).toHaveLength(1);
      expect(ibm.log.some((r) => r.route === 'cancel-session')).toBe(true);
      expect(ibm.openSessions()).toEqual([]);
      expect(ibm.openJobs()).toEqual([]);
    } finally {
      await ibm.close();
    }
  }, 60_000);

  it('after the budget runs out with a job still running: its jobs are cancelled and the session closed hard', async () => {
    const ibm = await server(1);
    ibm.faults.jobOutcomes.push('complete', 'never-finish');
    try {
      const record = await run(envOf(ibm), { executionMode: 'session', maxIterations: 40, shots: 200 });
      expect(record.fallback).toMatchObject({ activated: true, reason: 'timeout' });
      expect(ibm.openSessions()).toEqual([]);
      expect(ibm.openJobs()).toEqual([]);
    } finally {
      await ibm.close();
    }
  }, 60_000);

  it('after a success: closed gracefully (no new jobs, nothing cancelled)', async () => {
    const ibm = await server(1);
    try {
      const record = await run(envOf(ibm), { executionMode: 'session', maxIterations: 40, shots: 200 });
      expect(record.fallback.activated).toBe(false);
      expect(record.execution).toMatchObject({ mode: 'session', requestedMode: 'session' });
      expect(ibm.log.some((r) => r.route === 'close-session')).toBe(true);
      expect(ibm.log.some((r) => r.route === 'cancel-session')).toBe(false);
      expect(ibm.openSessions()).toEqual([]);
      // every job ran in the session: only the first waited the queue
      expect(new Set(ibm.jobs.map((j) => j.sessionId))).toEqual(new Set(['session-1']));
      // a dedicated session is billed for its active wall time (IBM "Manage cost"), not per job
      const billed = ibm.sessionElapsedSeconds('session-1') * IBM_USD_PER_QUANTUM_SECOND;
      const jobsUsd = ibm.jobs.reduce((sum, j) => sum + j.quantumSeconds * IBM_USD_PER_QUANTUM_SECOND, 0);
      expect(billed).toBeGreaterThan(jobsUsd);
      expect(record.cost.estimatedCostUsd).toBeCloseTo(billed, 6);
      expect(record.execution!.actual.costUsd).toBeCloseTo(billed, 6);
    } finally {
      await ibm.close();
    }
  }, 60_000);
});

describe('metrics of a provider run', () => {
  it('emit ProviderQueueSeconds by backend and PlanError (actual / planned wall time) by mode', async () => {
    const { succeededJobMetrics } = await import('../../lib/jobs/metrics');
    const ibm = await server(1);
    try {
      const record = await run(envOf(ibm), { executionMode: 'batched', maxIterations: 40, shots: 200 });
      const groups = succeededJobMetrics(record);
      const queue = groups.filter((g) => g.dimensions.backend === 'ibm:fake_fez').flatMap((g) => g.metrics).find((m) => m.name === 'ProviderQueueSeconds')!;
      expect(queue).toMatchObject({ name: 'ProviderQueueSeconds', value: record.execution!.actual.queueSeconds });
      expect(queue.value).toBeGreaterThan(0);
      const planError = groups.find((g) => g.dimensions.mode === 'batched')!.metrics[0]!;
      expect(planError.name).toBe('PlanError');
      expect(planError.value).toBeCloseTo(record.execution!.actual.wallSeconds / record.execution!.plan.expectedWallSeconds, 2);
      // both also over all jobs (service only), which the PlanError alarm and the dashboards read
      const overall = groups.find((g) => Object.keys(g.dimensions).length === 0)!.metrics;
      expect(overall.find((m) => m.name === 'PlanError')!.value).toBe(planError.value);
      expect(overall.find((m) => m.name === 'ProviderQueueSeconds')!.value).toBe(queue.value);
    } finally {
      await ibm.close();
    }
  }, 60_000);
});

describe('train-then-sample', () => {
  it('optimizes on the local simulator and runs only the calibration and the final circuit on the device, in one session', async () => {
    const ibm = await server(1);
    try {
      const record = await run(envOf(ibm), { executionMode: 'train-then-sample' });
      expect(record.fallback.activated).toBe(false);
      expect(record.quality.approximationRatio).toBe(1);
      expect(record.execution).toMatchObject({ mode: 'train-then-sample', evaluations: { device: 1, local: 'optimization' }, actual: { providerJobs: 2 } });
      expect(record.variational).toMatchObject({ method: 'subspace-gradient', optimizer: 'lbfgs' });
      expect(ibm.jobs).toHaveLength(2); // readout calibration + the final circuit
      expect(new Set(ibm.jobs.map((j) => j.sessionId))).toEqual(new Set(['session-1']));
      expect(ibm.openSessions()).toEqual([]);
    } finally {
      await ibm.close();
    }
  }, 60_000);

  it('with --refine-iterations K: K CMA-ES generations on the device after training, each one job, as planned; the record says where each evaluation ran', async () => {
    const ibm = await server(1);
    try {
      const quantum = { executionMode: 'train-then-sample', refineIterations: 3, populationSize: 6, shots: 256 };
      const dry = await dryRunJob(
        { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, quantum: { backend: 'ibm:fake_fez', seed: 3, timeoutSeconds: 600 * SCALE, ...quantum } },
        async () => readFile(PRICES_CSV, 'utf8'),
        envOf(ibm),
      );
      // planned: calibration + 3 generations (the first also scores the trained point) + the readout
      expect(dry.plan).toMatchObject({ mode: 'train-then-sample', providerJobs: 5, circuits: 2 + 7 + 6 + 6 + 1, evaluations: { device: 7 + 6 + 6 + 1, local: 'optimization' } });
      const before = ibm.jobs.length;
      const record = await run(envOf(ibm), quantum);
      expect(record.fallback.activated).toBe(false);
      expect(record.quality.approximationRatio).toBe(1);
      const jobs = ibm.jobs.slice(before);
      expect(jobs).toHaveLength(dry.plan!.providerJobs);
      expect(record.execution!.actual.providerJobs).toBe(dry.plan!.providerJobs);
      // calibration (2 circuits), the generations (7, 6, 6 parameter sets of 256 shots), the readout
      expect(jobs.map((j) => j.shots)).toEqual([2 * 1000, 7 * 256, 6 * 256, 6 * 256, 256]);
      expect(record.execution!.actual.shots).toBe(dry.plan!.shots);
      expect(new Set(jobs.map((j) => j.sessionId)).size).toBe(1); // one session: the queue waited once
      // where each evaluation ran: L-BFGS on the local simulator, the generations and the readout on the device
      expect(record.variational!.refinement).toMatchObject({ iterations: 3, evaluations: 19, requests: 3 });
      expect(record.variational!.refinement!.bestValue).toBeLessThanOrEqual(record.variational!.refinement!.startValue);
      expect(record.execution!.actual.evaluations).toEqual({ device: 20, local: record.variational!.evaluations });
      expect(record.variational!.evaluations).toBeGreaterThan(0);
      expect(ibm.openSessions()).toEqual([]);
    } finally {
      await ibm.close();
    }
  }, 60_000);

  it('with --train-noise readout: trains through the device\'s readout error (its backend properties), reads out on the device', async () => {
    const ibm = await server(1);
    try {
      const record = await run(envOf(ibm), { executionMode: 'train-then-sample', trainNoise: 'readout' });
      expect(record.fallback.activated).toBe(false);
      expect(record.quality.approximationRatio).toBe(1);
      // trained locally: the noiseless optimum, then COBYLA on the givens circuit's probabilities through
      // fake_fez's readout error (post-selected to B assets, as the readout is); then the device's calibration + readout
      expect(record.variational).toMatchObject({ method: 'sampler', optimizer: 'cobyla', ansatz: 'givens' });
      expect(ibm.jobs).toHaveLength(2);
      expect(record.backend.name).toBe('ibm:fake_fez');
      expect(record.execution!.actual.evaluations).toEqual({ device: 1, local: record.variational!.evaluations });
    } finally {
      await ibm.close();
    }
  }, 60_000);

  it('refuses --train-noise readout, naming the field, before any job on a device without calibration data', async () => {
    const ibm = await startFakeIbm(DEFAULT_DEVICES.map((d) => (d.name === 'fake_fez' ? { ...d, queueLength: 1, readout: undefined } : d)), 5, { timing: { timeScale: SCALE } });
    try {
      await expect(run(envOf(ibm), { executionMode: 'train-then-sample', trainNoise: 'readout' })).rejects.toMatchObject({
        message: expect.stringMatching(/quantum\.trainNoise: 'readout' needs the device's per-qubit readout error; fake_fez reports no readout error for qubit \d+/),
      });
      expect(ibm.jobs).toHaveLength(0);
      expect(ibm.openSessions()).toEqual([]);
    } finally {
      await ibm.close();
    }
  }, 60_000);

  it('refuses refineIterations with a mode that optimizes on the device (it only refines train-then-sample)', () => {
    expect(() => parseJobSpec({ portfolio: { tickers: ['AAPL', 'JPM'] }, quantum: { backend: 'ibm:fake_fez', executionMode: 'batched', refineIterations: 2 } })).toThrow(/quantum\.refineIterations.*train-then-sample/);
  });
});
