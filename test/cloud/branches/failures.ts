/**
 * Branches where the job does not simply succeed: rejected input (at the API Gateway model, in the
 * API function, in ValidateAndPrepare), a failing fallback (SNS notification), the same
 * Idempotency-Key twice, a result that already exists, and S3 write faults (retried, then a clear
 * failure with nothing half-written).
 */
import { errorNameOf } from '../../../lib/contracts/errors';
import { BranchContext, catchersOf } from './context';

/** The names the code throws (lib/contracts/errors.ts); the definition must catch them by these. */
const UNKNOWN_TICKER = errorNameOf('UNKNOWN_TICKER');
const JOB_FAILED = errorNameOf('JOB_FAILED');
const NOT_PERSISTED = errorNameOf('RESULT_NOT_PERSISTED');
const RESULT_EXISTS = errorNameOf('RESULT_EXISTS');
import { small } from './quantum';

export async function inputRejected(ctx: BranchContext): Promise<string> {
  // 1. The model (required portfolio) refuses it at the gateway: no function runs.
  const invocations = ctx.cloud.lambda.invocations.length;
  const model = await ctx.api('POST', '/optimize', { body: { budget: 2 }, headers: { 'idempotency-key': 'cloud-bad-model' } });
  ctx.expect(model.status === 400 && model.body?.message === 'Invalid request body', `a body without portfolio got ${model.status} ${JSON.stringify(model.body)}; the request validator answers 400 Invalid request body`);
  // 2. The API function's JobSpec validation names the field.
  const field = await ctx.api('POST', '/optimize', { body: { portfolio: { tickers: ['AAPL', 'JPM'] }, riskFactor: -1 }, headers: { 'idempotency-key': 'cloud-bad-field' } });
  ctx.expect(field.status === 400 && field.body?.error?.path === 'riskFactor', `riskFactor -1 got ${field.status} ${JSON.stringify(field.body)}; expected 400 naming riskFactor`);
  ctx.expect(!ctx.execution('cloud-bad-model') && !ctx.execution('cloud-bad-field'), 'a rejected request started an execution');
  ctx.expect(ctx.cloud.lambda.invocations.length >= invocations + 1, 'the API function was not invoked for the field error');
  // 3. Valid for the API, refused by ValidateAndPrepare (the dataset has no such ticker): a failed execution.
  const id = 'cloud-bad-ticker';
  await ctx.submit({ portfolio: { tickers: ['AAPL', 'NOPE'] } }, id);
  const e = await ctx.finished(id);
  const failed = e.history.find((h) => h.type === 'StateFailed' && h.state?.name === 'ValidateAndPrepare');
  if (e.history.every((h) => h.state?.name !== 'InputRejected'))
    ctx.expect(false, `${id}: ValidateAndPrepare failed with ${failed?.Error}; no Catch of ValidateAndPrepare took it to InputRejected (catchers: ${catchersOf(e, 'ValidateAndPrepare')}); the execution ended ${e.status} with ${e.error}`);
  ctx.expectEnd(e, 'FAILED', 'InputRejected', UNKNOWN_TICKER);
  const shown = await ctx.api('GET', `/jobs/${id}`);
  ctx.expect(shown.status === 200 && shown.body.phase === 'Failed', `GET /jobs/${id} answered ${shown.status} ${JSON.stringify(shown.body).slice(0, 200)}`);
  ctx.expect(ctx.batchJobs(id).length === 0 && !(await ctx.result(id)), `${id}: a rejected job ran or left a result`);
  ctx.expect(shown.body.error?.code === 'UNKNOWN_TICKER', `GET /jobs/${id} shows ${JSON.stringify(shown.body.error)}; expected the catalogued code UNKNOWN_TICKER`);
  return `model -> 400 (no function ran); riskFactor -> 400 naming the field; unknown ticker -> execution FAILED in InputRejected (${UNKNOWN_TICKER}), GET shows UNKNOWN_TICKER`;
}

export async function fallbackFails(ctx: BranchContext): Promise<string> {
  const id = 'cloud-fallback-fails';
  const before = ctx.cloud.sns.published.length;
  await ctx.submit(small({ quantum: { backend: 'ibm:fake_failing', maxIterations: 5 }, fallback: { enabled: false } }), id);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'FAILED', 'JobFailed', JOB_FAILED);
  const message = ctx.cloud.sns.published.slice(before).find((m) => m.message.includes(id) || m.message.includes('fallback is disabled'));
  ctx.expect(message?.subject === 'qpo job failed', `no 'qpo job failed' SNS notification for ${id}`);
  ctx.expect(!(await ctx.result(id)), `${id}: a failed job left a result`);
  return `quantum path failed with the fallback disabled -> ${JOB_FAILED} -> SNS "${message.subject}" -> FAILED`;
}

export async function sameKeyTwice(ctx: BranchContext): Promise<string> {
  const id = 'cloud-idempotent';
  const spec = small({ solver: 'classical' });
  const [a, b] = await Promise.all([ctx.submit(spec, id), ctx.submit(spec, id)]);
  ctx.expect(a.executionArn === b.executionArn, `two submissions with one key started ${a.executionArn} and ${b.executionArn}`);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  const first = await ctx.objectText(`portfolio-optimization/${id}/result.json`);
  const again = await ctx.api('POST', '/optimize', { body: spec, headers: { 'idempotency-key': id } });
  // The original job answers a repeat after completion (docs/reliability.md): 202 with its id and execution.
  ctx.expect(again.status === 202, `a repeat after completion got ${again.status} ${JSON.stringify(again.body)}; expected 202 with the original job`);
  ctx.expect(again.body?.jobId === id && again.body?.executionArn === a.executionArn, `a repeat after completion answered ${JSON.stringify(again.body)}, not job ${id} (${a.executionArn})`);
  const after = await ctx.objectText(`portfolio-optimization/${id}/result.json`);
  ctx.expect(first && first === after, `${id}: the result changed after a repeated submission`);
  const runs = [...ctx.cloud.sfn.executions.values()].filter((x) => x.name === id).length;
  ctx.expect(runs === 1, `${id}: ${runs} executions`);
  return `two concurrent submissions -> one execution, one result; a repeat after completion -> 202 with the original job, result unchanged`;
}

export async function resultExists(ctx: BranchContext): Promise<string> {
  const id = 'cloud-existing';
  const key = `portfolio-optimization/${id}/result.json`;
  const original = JSON.stringify({ jobId: id, note: 'written by an earlier run' });
  await ctx.putObject(key, original);
  await ctx.submit(small({ solver: 'classical' }), id);
  const e = await ctx.finished(id);
  ctx.expect(e.status === 'FAILED' && e.error === RESULT_EXISTS, `${id}: the execution ended ${e.status} ${e.error ?? ''} although a result exists; expected FAILED with ${RESULT_EXISTS}`);
  ctx.expect((await ctx.objectText(key)) === original, `${id}: the existing result was overwritten`);
  return `existing result.json kept byte for byte; execution FAILED with ${e.error}`;
}

export async function s3WriteRetried(ctx: BranchContext): Promise<string> {
  const id = 'cloud-s3-retry';
  // 4 refused PUTs: the function's S3 client tries 3 times, RecordResult's Retry runs it again.
  ctx.cloud.s3.failPutsOf(new RegExp(`^portfolio-optimization/${id}/result\\.json$`), 4);
  await ctx.submit(small({ solver: 'classical' }), id);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  const retried = e.history.filter((h) => h.type === 'StateRetried' && h.state?.name === 'RecordResult');
  ctx.expect(retried.length === 1 && retried[0]!.retry?.retrier.ErrorEquals.includes(NOT_PERSISTED), `RecordResult was retried ${retried.length} times on ${retried[0]?.retry?.retrier.ErrorEquals}`);
  ctx.expect(await ctx.result(id), `${id}: no result after the retry`);
  return `S3 refused 4 writes: SDK retries, then RecordResult Retry (${NOT_PERSISTED}) -> one result`;
}

export async function s3WriteFails(ctx: BranchContext): Promise<string> {
  const id = 'cloud-s3-down';
  ctx.cloud.s3.failPutsOf(new RegExp(`^portfolio-optimization/${id}/result\\.json$`), Infinity);
  const before = ctx.cloud.sns.published.length;
  await ctx.submit(small({ solver: 'classical' }), id);
  const e = await ctx.finished(id);
  ctx.expectEnd(e, 'FAILED', 'JobFailed', NOT_PERSISTED);
  const fails = e.history.filter((h) => h.type === 'StateFailed' && h.state?.name === 'RecordResult');
  const retrier = (e.machine.definition.States.RecordResult.Retry as { ErrorEquals: string[]; IntervalSeconds: number; MaxAttempts: number; BackoffRate: number }[]).find((r) => r.ErrorEquals.includes(NOT_PERSISTED))!;
  ctx.expect(fails.length === retrier.MaxAttempts + 1, `RecordResult ran ${fails.length} times; Retry allows ${retrier.MaxAttempts} retries`);
  for (let i = 1; i < fails.length; i++) {
    const gap = (fails[i]!.timestamp - fails[i - 1]!.timestamp) / 1000;
    const wait = retrier.IntervalSeconds * retrier.BackoffRate ** (i - 1);
    ctx.expect(gap >= wait, `retry ${i} of RecordResult came after ${gap.toFixed(2)} s; the backoff asks for ${wait} s`);
  }
  ctx.expect(!(await ctx.objectText(`portfolio-optimization/${id}/result.json`)), `${id}: a result object exists although every write failed`);
  ctx.expect(await ctx.objectText(`portfolio-optimization/${id}/answer.json`), `${id}: the computed answer was lost`);
  ctx.expect(ctx.cloud.sns.published.slice(before).some((m) => m.message.includes(NOT_PERSISTED)), `${id}: no SNS notification names ${NOT_PERSISTED}`);
  ctx.expect(ctx.cloud.cloudwatch.find('ResultsPersisted').some((m) => m.value === 0), `${id}: no ResultsPersisted = 0 metric for the failed write`);
  return `every write refused: ${fails.length} attempts with backoff (${retrier.IntervalSeconds} s x ${retrier.BackoffRate}) -> ${NOT_PERSISTED}, SNS, ResultsPersisted 0, no result object, answer.json kept`;
}

/** A job the quantum step itself rejects (the device is too small): container exit 2, the fallback re-raises it, InputRejected. */
export async function containerRejects(ctx: BranchContext): Promise<string> {
  const id = 'cloud-too-small';
  const tickers = ['AAPL', 'JPM', 'XOM', 'WMT', 'BAC', 'PFE', 'GOOG', 'AMZN'];
  // fake_brisbane has 7 qubits; 8 assets need 8. Its queue (40) is under the threshold: the job reaches Batch.
  await ctx.submit({ portfolio: { tickers }, budget: 4, quantum: { backend: 'ibm:fake_brisbane' } }, id);
  const e = await ctx.finished(id);
  const [job] = ctx.batchJobs(id);
  ctx.expect(job?.container.exitCode === 2, `the container exited ${job?.container.exitCode}; a rejected input exits 2`);
  ctx.expect(e.status === 'FAILED' && e.history.some((h) => h.type === 'StateEntered' && h.state?.name === 'InputRejected'), `${id}: expected a failed execution in InputRejected; it ended ${e.status} with ${e.error}`);
  const shown = await ctx.api('GET', `/jobs/${id}`);
  ctx.expect(shown.body.phase === 'Failed' && shown.body.error?.code === 'BACKEND_TOO_SMALL', `GET /jobs/${id}: ${JSON.stringify(shown.body.error)}; expected BACKEND_TOO_SMALL`);
  ctx.expect(!(await ctx.result(id)), `${id}: a rejected job left a result`);
  return `8 assets on a 7-qubit device: container exit 2 -> the fallback re-raises ${e.error} -> InputRejected; GET shows BACKEND_TOO_SMALL`;
}
