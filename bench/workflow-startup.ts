/**
 * Start-up overhead of the local state machine in `qpo optimize`: loading aws-local-stepfunctions
 * and constructing (validating) the job machine once, and one classical job through runJob vs the
 * workflow. Prints JSON. Run: npx tsx bench/workflow-startup.ts
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

async function main() {
  const t0 = performance.now();
  const { LocalWorkflow } = await import('../lib/workflow/local-runner');
  const loadMs = performance.now() - t0;
  const t1 = performance.now();
  new LocalWorkflow();
  const constructValidatedMs = performance.now() - t1;
  const t2 = performance.now();
  const workflow = new LocalWorkflow(undefined, { validate: false });
  const constructMs = performance.now() - t2;
  const { runJob } = await import('../lib/jobs/run-job');
  const { runJobLocally } = await import('../lib/workflow/run-local');
  const { localDeps } = await import('../bin/cli/runtime');
  const spec = { portfolio: { tickers: ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE'] }, budget: 4, quantum: { seed: 7 } };
  const runs: { runJobMs: number; workflowMs: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const a = performance.now();
    await runJob(spec, localDeps(mkdtempSync(path.join(tmpdir(), 'qpo-b-'))));
    const b = performance.now();
    await runJobLocally(spec, { ...localDeps(mkdtempSync(path.join(tmpdir(), 'qpo-b-'))), workflow });
    runs.push({ runJobMs: b - a, workflowMs: performance.now() - b });
  }
  process.stdout.write(`${JSON.stringify({ loadMs, constructValidatedMs, constructMs, runs }, null, 2)}\n`);
}
void main();
