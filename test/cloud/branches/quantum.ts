/**
 * Branches of the quantum path: success (through `qpo submit` / `qpo status`), the state timeout,
 * a crashed container, a quantum path that fails with a stored reason, and the capacity routes
 * (Batch queue overflow, provider queue overflow, offline device), each on the synthesized
 * definition. Quality is checked against the brute-force optimum computed here.
 */
import { bruteForce, realProblem } from '../../helpers/problems';
import { BranchContext, catchersOf, trail } from './context';

export const TICKERS = ['AAPL', 'JPM', 'XOM', 'WMT'];
/** A small job: 4 assets, budget 2, a short annealing schedule for the fallback. */
export const small = (extra: Record<string, unknown> = {}) => {
  const { fallback, quantum, ...rest } = extra as { fallback?: object; quantum?: object };
  return { portfolio: { tickers: TICKERS }, budget: 2, quantum: { ...quantum }, fallback: { annealing: { numReads: 20, numSweeps: 300 }, ...fallback }, ...rest };
};

/** The record's answer against the brute-force optimum of the same problem (computed here). */
export function checkQuality(ctx: BranchContext, record: Record<string, any>, tickers = TICKERS, budget = 2, riskFactor = 0.5): number {
  const exact = bruteForce(realProblem(tickers, budget, riskFactor));
  const found = record.solution.objective as number;
  const ratio = (exact.worst - found) / (exact.worst - exact.optimum);
  ctx.expect(record.solution.feasible === true && record.solution.selectedTickers.length === budget, `${record.jobId}: the answer ${record.solution.bitstring} does not hold ${budget} assets`);
  ctx.expect(Math.abs(record.quality.optimum - exact.optimum) < 1e-12, `${record.jobId}: the record's optimum ${record.quality.optimum} is not the brute-force optimum ${exact.optimum}`);
  ctx.expect(Math.abs(record.quality.approximationRatio - ratio) < 1e-9, `${record.jobId}: approximation ratio ${record.quality.approximationRatio} recorded, ${ratio} against brute force`);
  return ratio;
}

export async function quantumSuccess(ctx: BranchContext): Promise<string> {
  const id = 'cloud-quantum';
  // One transient SubmitJob failure: RunQuantumJob's Retry (Batch.ServerException, backoff) must absorb it.
  ctx.cloud.batch.faults.submitErrors.push({ match: new RegExp(`^qpo-${id}$`), status: 500, code: 'ServerException' });
  const sub = await ctx.qpo(['submit', '--api', ctx.cloud.api.url, '--tickers', TICKERS.join(','), '--budget', '2', '--job-id', id, '--json']);
  ctx.expect(sub.code === 0, `qpo submit exited ${sub.code}: ${sub.stderr}`);
  ctx.expect(JSON.parse(sub.stdout).jobId === id, `qpo submit printed ${sub.stdout}`);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  const retried = e.history.filter((h) => h.type === 'StateRetried' && h.state?.name === 'RunQuantumJob');
  ctx.expect(retried.length === 1, `the injected SubmitJob failure was retried ${retried.length} times (expected 1 by RunQuantumJob's Retry)`);
  const status = await ctx.qpo(['status', id, '--api', ctx.cloud.api.url, '--json']);
  ctx.expect(status.code === 0, `qpo status exited ${status.code}: ${status.stderr}`);
  const shown = JSON.parse(status.stdout) as { phase: string; result: Record<string, any> };
  ctx.expect(shown.phase === 'Completed', `qpo status shows ${shown.phase}`);
  const record = await ctx.result(id);
  ctx.expect(record, `no result.json in the bucket for ${id}`);
  ctx.expect(record.fallback.activated === false && record.solver !== 'annealing', `${id} was answered by ${record.solver} (fallback ${record.fallback.reason})`);
  ctx.expect(JSON.stringify(shown.result) === JSON.stringify(record), 'qpo status did not show the stored record');
  const [job] = ctx.batchJobs(id).filter((j) => j.status === 'SUCCEEDED');
  ctx.expect(job?.container.exitCode === 0, `the Batch job of ${id} did not exit 0`);
  // The container's SUCCEEDED reaches job-events through the template's Batch rule: BatchJobSucceeded.
  for (let i = 0; i < 150 && !ctx.cloud.cloudwatch.find('BatchJobSucceeded').length; i++) await new Promise((r) => setTimeout(r, 200));
  ctx.expect(ctx.cloud.cloudwatch.find('BatchJobSucceeded').length > 0, 'no BatchJobSucceeded metric from the job-events function after the container succeeded');
  const ratio = checkQuality(ctx, record);
  return `qpo submit/status: ${record.solver} answered ${record.solution.selectedTickers.join(',')}, ratio ${ratio.toFixed(4)} vs brute force; SubmitJob retried once`;
}

export async function stateTimeout(ctx: BranchContext): Promise<string> {
  const id = 'cloud-timeout';
  // A device whose jobs never finish: the container waits until the state's TimeoutSeconds.
  await ctx.submit(small({ quantum: { backend: 'ibm:fake_stuck', timeoutSeconds: 600 } }), id);
  const e = await ctx.finished(id);
  const failed = e.history.find((h) => h.type === 'StateFailed' && h.state?.name === 'RunQuantumJob');
  const caught = e.history.find((h) => h.type === 'StateCaught' && h.state?.name === 'RunQuantumJob');
  ctx.expect(failed?.Error === 'States.Timeout', `RunQuantumJob failed with ${failed?.Error ?? 'nothing'}, expected States.Timeout. ${trail(e)}`);
  ctx.expect(caught?.catch?.catcher.Next === 'RunAnnealingFallback', `States.Timeout of RunQuantumJob was caught to ${caught?.catch?.catcher.Next ?? 'nothing'}, expected RunAnnealingFallback (catchers: ${catchersOf(e, 'RunQuantumJob')})`);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  const record = await ctx.result(id);
  ctx.expect(record?.fallback.activated === true && record.fallback.reason === 'timeout', `${id}: fallback ${JSON.stringify(record?.fallback)}; expected reason timeout`);
  checkQuality(ctx, record);
  const [job] = ctx.batchJobs(id);
  await waitFor(() => job?.status === 'FAILED', 35);
  ctx.expect(job?.status === 'FAILED' && /timed out/.test(String(job.statusReason)), `the Batch job was not terminated when the state timed out (${job?.status}: ${job?.statusReason})`);
  return `States.Timeout (the execution's TimeoutSeconds override) -> fallback (timeout); Batch job terminated: ${job.statusReason}`;
}

export async function containerCrash(ctx: BranchContext): Promise<string> {
  const id = 'cloud-crash';
  ctx.cloud.batch.faults.kills.push({ match: new RegExp(`^qpo-${id}$`), afterMs: 200, reason: 'OutOfMemoryError: Container killed due to memory usage' });
  await ctx.submit(small({ quantum: { maxIterations: 100000 } }), id);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  const failed = e.history.find((h) => h.type === 'StateFailed' && h.state?.name === 'RunQuantumJob');
  ctx.expect(failed?.Error === 'States.TaskFailed', `RunQuantumJob failed with ${failed?.Error}; a failed Batch job is States.TaskFailed`);
  const cause = JSON.parse(failed.Cause ?? '{}') as Record<string, any>;
  ctx.expect(cause.Status === 'FAILED' && cause.Container?.ExitCode === 137, `the Cause is not the DescribeJobs job (Status FAILED, Container.ExitCode 137): ${failed.Cause?.slice(0, 300)}`);
  const record = await ctx.result(id);
  ctx.expect(record?.fallback.reason === 'backend-error' && /OutOfMemoryError/.test(record.fallback.message ?? ''), `${id}: fallback ${JSON.stringify(record?.fallback).slice(0, 300)}; expected backend-error with the container's reason`);
  return `container killed (exit 137) -> States.TaskFailed (DescribeJobs Cause) -> fallback backend-error: ${String(record.fallback.message).slice(0, 60)}...`;
}

export async function quantumPathFails(ctx: BranchContext): Promise<string> {
  const id = 'cloud-provider-fails';
  await ctx.submit(small({ quantum: { backend: 'ibm:fake_failing', maxIterations: 5 } }), id);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  const [job] = ctx.batchJobs(id);
  ctx.expect(job?.container.exitCode === 3, `the container exited ${job?.container.exitCode}; a failed quantum path exits 3`);
  const record = await ctx.result(id);
  ctx.expect(record?.fallback.reason === 'backend-error' && /transpilation|1517/.test(record.fallback.message ?? ''), `${id}: fallback ${JSON.stringify(record?.fallback).slice(0, 300)}; expected backend-error with IBM's reason`);
  return `IBM job failed -> container exit 3 with the reason stored -> fallback backend-error (${String(record.fallback.message).slice(0, 50)}...)`;
}

export async function batchQueueOverflow(ctx: BranchContext): Promise<string> {
  const id = 'cloud-batch-queue';
  // Three jobs of other tenants wait in the queue for the whole run; this job tolerates two.
  await ctx.submit(small({ fallback: { queueThreshold: 2 } }), id);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  ctx.expect(ctx.batchJobs(id).length === 0, `${id}: a Batch job was submitted although the queue was over the threshold`);
  const record = await ctx.result(id);
  ctx.expect(record?.fallback.reason === 'queue-overflow', `${id}: fallback reason ${record?.fallback.reason}; expected queue-overflow`);
  return `Batch queue depth over the job's threshold -> fallback (queue-overflow), no Batch job`;
}

export async function providerQueueOverflow(ctx: BranchContext): Promise<string> {
  const id = 'cloud-provider-queue';
  // fake_brisbane has 40 jobs queued at IBM; the Batch queue (3) is under the threshold.
  await ctx.submit(small({ quantum: { backend: 'ibm:fake_brisbane' }, fallback: { queueThreshold: 30 } }), id);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  ctx.expect(ctx.batchJobs(id).length === 0, `${id}: a Batch job was submitted although the provider's queue (40) is over the threshold (30)`);
  const record = await ctx.result(id);
  ctx.expect(record?.fallback.reason === 'queue-overflow', `${id}: fallback reason ${record?.fallback.reason}; expected queue-overflow from the provider's queue`);
  return 'IBM device queue 40 > threshold 30 -> fallback (queue-overflow) before any Batch job';
}

export async function backendOffline(ctx: BranchContext): Promise<string> {
  const id = 'cloud-offline';
  await ctx.submit(small({ quantum: { backend: 'ibm:fake_offline' } }), id);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  ctx.expect(ctx.batchJobs(id).length === 0, `${id}: a Batch job was started for an offline device (CheckCapacity did not ask the provider)`);
  const record = await ctx.result(id);
  ctx.expect(record?.fallback.reason === 'backend-unavailable', `${id}: fallback reason ${record?.fallback.reason}; expected backend-unavailable`);
  return 'IBM device offline -> fallback (backend-unavailable), no Batch job started';
}

export async function waitFor(condition: () => boolean, seconds: number): Promise<void> {
  const until = Date.now() + seconds * 1000;
  while (!condition() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
}
