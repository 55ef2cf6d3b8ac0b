/**
 * One job through the local state machine with CheckCapacity asking the providers of `env` (the IBM
 * and Braket test servers): bundled prices, a result store and a metrics file in a fresh temporary
 * folder. Returns the record and the EMF metrics lines the job wrote. Shared by the provider fault
 * matrix and the hardware wall-time runs.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { BackendEnvironment } from '../../lib/backends';
import { FileResultStore, LocalCapacityProbe } from '../../lib/jobs';
import { ProviderCapacityProbe } from '../../lib/jobs/provider-capacity';
import type { ResultRecord } from '../../lib/jobs/result';
import { localJobWorkflow } from '../../lib/workflow/local-runner';
import { runJobLocally } from '../../lib/workflow/run-local';
import { PRICES_CSV } from './problems';

export async function runProviderJob(spec: unknown, env: BackendEnvironment, prefix: string): Promise<{ record: ResultRecord; metrics: Record<string, unknown>[] }> {
  const dir = mkdtempSync(path.join(tmpdir(), `qpo-${prefix}-`));
  const record = await runJobLocally(spec, {
    readDataset: async () => readFile(PRICES_CSV, 'utf8'),
    store: new FileResultStore(dir),
    now: () => Date.now(),
    newJobId: () => `${prefix}-${process.hrtime.bigint()}`,
    randomSeed: () => 1,
    software: { qpo: 'test', node: process.version },
    backends: env,
    probe: new ProviderCapacityProbe(new LocalCapacityProbe(), env),
    metricsFile: path.join(dir, 'metrics.jsonl'),
    workflow: localJobWorkflow(),
  });
  const metrics = readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  return { record, metrics };
}
