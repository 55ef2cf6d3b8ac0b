/**
 * Real ResultRecords for the report tests: jobs run through the local state machine
 * (runJobLocally) on the bundled prices, once per test file.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileResultStore, type JobDeps } from '../../lib/jobs';
import type { ResultRecord } from '../../lib/jobs/result';
import { localJobWorkflow } from '../../lib/workflow/local-runner';
import { runJobLocally } from '../../lib/workflow/run-local';
import { PRICES_CSV } from './problems';

export const REPORT_TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC'];

/** Reads 'bundled' as the repository's price file. */
export const readBundled = async (name: string) => (name === 'bundled' ? readFile(PRICES_CSV, 'utf8') : Promise.reject(new Error(`no dataset ${name}`)));

let workflow: ReturnType<typeof localJobWorkflow> | undefined;
let id = 0;

/** Run one job spec and return its record (written under a fresh temporary results folder). */
export async function recordOf(spec: Record<string, unknown>): Promise<ResultRecord> {
  workflow ??= localJobWorkflow();
  const deps: JobDeps = {
    readDataset: readBundled,
    store: new FileResultStore(mkdtempSync(path.join(tmpdir(), 'qpo-report-'))),
    now: () => Date.now(),
    newJobId: () => `report-job-${process.pid}-${++id}`,
    randomSeed: () => 99,
    software: { qpo: 'test', node: process.version },
  };
  return runJobLocally(spec, { ...deps, workflow });
}
