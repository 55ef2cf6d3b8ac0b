/**
 * Start-up overhead of the local state machine in `qpo optimize`: loading aws-local-stepfunctions
 * and constructing (validating) the job machine once, and three jobs through the workflow (the first
 * pays the JIT warm-up). Prints JSON. Run: npx tsx bench/workflow-startup.ts
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
  const { runJobLocally } = await import('../lib/workflow/run-local');
  const { localDeps } = await import('../bin/cli/runtime');
  const spec = { portfolio: { tickers: ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE'] }, budget: 4, quantum: { seed: 7 } };
  const runs: { workflowMs: number; jobSeconds: number }[] = [];
  for (let i = 0; i < 3; i++) {
    const b = performance.now();
    const record = await runJobLocally(spec, { ...localDeps(mkdtempSync(path.join(tmpdir(), 'qpo-b-'))), workflow });
    // Time outside the job's own phases is the state machine's overhead.
    runs.push({ workflowMs: performance.now() - b, jobSeconds: record.durations.totalSeconds });
  }
  process.stdout.write(`${JSON.stringify({ loadMs, constructValidatedMs, constructMs, runs }, null, 2)}\n`);
}
void main();
