/**
 * The soak's local runner: each job through the local state machine (runJobLocally, what `qpo
 * optimize` runs), with the faults of its plan injected where they happen on the platform: the
 * results store (FaultyStore), the quantum container (a crash, a transient Batch error), the
 * Lambda steps (a transient Lambda error) and the provider (the fake IBM Quantum server: 5xx,
 * failed jobs, jobs that never finish).
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { backendEnvironment } from '../../lib/backends/environment';
import { describeError, FileResultStore } from '../../lib/jobs';
import { batchJobFailed } from '../../lib/workflow/handlers';
import { JOB_TASK_STATES, STATE } from '../../lib/workflow/names';
import { LocalWorkflow } from '../../lib/workflow/local-runner';
import { runJobLocally } from '../../lib/workflow/run-local';
import { rescueRecord } from '../../bin/cli/runtime';
import { FAKE_API_KEY, FAKE_CRN, startFakeIbm, type FakeIbm } from '../fakes/ibm-server';
import { FaultyStore } from '../helpers/faulty-store';
import { PRICES_CSV } from '../helpers/problems';
import type { SoakJob, SoakLedger, SoakOutcome, SoakRunner } from './harness';

/** Retries of every state in milliseconds (Step Functions waits seconds). */
const FAST_RETRIES = Object.fromEntries(JOB_TASK_STATES.map((s) => [s, [5, 10, 20]]));

export async function startLocalSoakRunner(): Promise<SoakRunner & { close(): Promise<void>; readonly directory: string; readonly rescueDirectory: string }> {
  const directory = mkdtempSync(path.join(tmpdir(), 'qpo-soak-'));
  const rescueDirectory = mkdtempSync(path.join(tmpdir(), 'qpo-soak-rescue-'));
  const metricsFile = path.join(directory, 'metrics.jsonl');
  const ibm: FakeIbm = await startFakeIbm();
  const backends = backendEnvironment({
    QPO_IBM_API_KEY: FAKE_API_KEY,
    QPO_IBM_INSTANCE_CRN: FAKE_CRN,
    QPO_IBM_API_URL: `${ibm.url}/api`,
    QPO_IBM_IAM_URL: ibm.url,
    QPO_POLL_INTERVAL_MS: '2',
    QPO_IBM_JOBS_PER_MINUTE: 'unlimited',
    // The fake's clock: the plan and the client's provider waits (sessions, pacing, polling) on test time.
    QPO_PROVIDER_TIME_SCALE: '0.001',
  });
  const workflow = new LocalWorkflow(undefined, { validate: false });
  const csv = readFile(PRICES_CSV, 'utf8');
  // The fake provider's faults are queues shared by its callers: jobs on IBM run one at a time.
  let ibmTurn: Promise<void> = Promise.resolve();

  async function runOne(job: SoakJob): Promise<SoakOutcome> {
    const { faults } = job;
    const t0 = performance.now();
    if (faults.quantum === 'provider-5xx') ibm.faults.nextApiStatuses.push(503, 503, 503, 503, 503, 503);
    if (faults.quantum === 'provider-job-fails') ibm.faults.jobOutcomes.push('fail');
    if (faults.quantum === 'provider-hangs') ibm.faults.jobOutcomes.push('never-finish');
    const firstAttempt = new Set<string>();
    try {
      const record = await runJobLocally(job.spec, {
        readDataset: () => csv,
        store: new FaultyStore(new FileResultStore(directory), faults.storeFailures),
        now: () => Date.now(),
        newJobId: () => job.jobId,
        randomSeed: () => 11,
        software: { qpo: 'soak', node: process.version },
        metricsFile,
        backends,
        workflow,
        retryIntervalOverrides: FAST_RETRIES,
        rescue: (r) => rescueRecord(r, rescueDirectory),
        interceptTask: async (state, _input, task) => {
          const first = !firstAttempt.has(state);
          firstAttempt.add(state);
          if (first && state === faults.lambdaTransient) throw Object.assign(new Error('Rate exceeded'), { name: 'Lambda.ServiceException' });
          if (state === STATE.runQuantumJob && first && faults.quantum === 'batch-transient') throw Object.assign(new Error('Service unavailable'), { name: 'Batch.AWSBatchException' });
          if (state === STATE.runQuantumJob && faults.quantum === 'crash')
            throw batchJobFailed({ jobId: `local-${job.jobId}`, jobName: `qpo-${job.jobId}`, exitCode: 137, statusReason: 'Essential container in task exited', containerReason: 'OutOfMemoryError: Container killed due to memory usage' });
          return task();
        },
      });
      return { jobId: job.jobId, outcome: 'succeeded', seconds: (performance.now() - t0) / 1000, recordLocation: path.join(directory, `${record.jobId}.json`) };
    } catch (error) {
      const d = describeError(error);
      const rescued = d.body.details?.fallbackLocation;
      return { jobId: job.jobId, outcome: d.body.code, seconds: (performance.now() - t0) / 1000, recordLocation: typeof rescued === 'string' && existsSync(rescued) ? rescued : null };
    } finally {
      ibm.faults.nextApiStatuses.length = 0;
      ibm.faults.jobOutcomes.length = 0;
    }
  }

  return {
    name: 'local',
    directory,
    rescueDirectory,
    run(job) {
      if ((job.spec.quantum as { backend?: string }).backend?.startsWith('ibm:') !== true) return runOne(job);
      const turn = ibmTurn.then(() => runOne(job));
      ibmTurn = turn.then(() => undefined);
      return turn;
    },
    async ledger(): Promise<SoakLedger> {
      const files = readdirSync(directory);
      const lines = existsSync(metricsFile) ? readFileSync(metricsFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, any>) : [];
      const outcomeMetrics = lines
        .filter((l) => l._aws.CloudWatchMetrics[0].Dimensions[0].length === 1)
        .flatMap((l) =>
          (['JobSucceeded', 'JobFailed'] as const)
            .filter((m) => typeof l[m] === 'number')
            .map((metric) => ({ jobId: String(l.jobId), metric, resultsPersisted: typeof l.ResultsPersisted === 'number' ? l.ResultsPersisted : null })),
        );
      return {
        storedJobIds: files.filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length)),
        leftovers: files.filter((f) => f.startsWith('.')),
        outcomeMetrics,
        providerJobsLeftRunning: ibm.jobs.filter((j) => j.outcome === 'never-finish' && !j.cancelled).length,
      };
    },
    close: () => ibm.close(),
  };
}
