/**
 * Piscina task of `qpo frontier`: one frontier point as one local job (runJobLocally, the same state
 * machine as `qpo optimize`), its record written under the results folder. Returns `{ ok, record |
 * error }` so one bad point does not sink the others (errors cloned across threads lose their class).
 */
import * as path from 'node:path';
import { describeError } from '../../lib/jobs/errors';
import type { ResultRecord } from '../../lib/jobs/result';
import { localJobWorkflow } from '../../lib/workflow/local-runner';
import { runJobLocally } from '../../lib/workflow/run-local';
import { localDeps } from './runtime';

export interface FrontierTask {
  readonly spec: Record<string, unknown>;
  readonly outputDir: string;
}

export type FrontierOutcome =
  | { readonly ok: true; readonly record: ResultRecord }
  | { readonly ok: false; readonly error: { code: string; message: string; path: string | null }; readonly exitCode: number };

let workflow: ReturnType<typeof localJobWorkflow> | undefined;

export default async function runFrontierTask(task: FrontierTask): Promise<FrontierOutcome> {
  try {
    workflow ??= localJobWorkflow();
    const record = await runJobLocally(task.spec, { ...localDeps(task.outputDir), workflow, metricsFile: path.resolve(task.outputDir, 'metrics.jsonl') });
    return { ok: true, record };
  } catch (error) {
    const d = describeError(error);
    return { ok: false, error: { code: d.body.code, message: d.body.message, path: d.body.path }, exitCode: d.exitCode };
  }
}
