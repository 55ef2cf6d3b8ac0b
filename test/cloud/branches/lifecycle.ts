/**
 * Branches of the operations runbook on the synthesized platform: the job lifecycle through the API
 * (`qpo jobs list|show|cancel|resubmit --api`, the job index in DynamoDB fed by the executions'
 * status events through the template's EventBridge rule) and the platform-wide force-classical
 * switch (`qpo fallback force on|off` writing the template's SSM parameter, read by CheckCapacity).
 */
import { BranchContext, trail } from './context';
import { checkQuality, small } from './quantum';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `read` until `ok` holds (at most `seconds`). */
async function until<T>(ctx: BranchContext, what: string, read: () => Promise<T>, ok: (v: T) => boolean, seconds = 60): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`${ctx.name}: ${what} not seen after ${seconds} s; last: ${JSON.stringify(v).slice(0, 600)}`);
    await sleep(250);
  }
}

const json = (text: string) => JSON.parse(text) as any;

export async function jobLifecycle(ctx: BranchContext): Promise<string> {
  const api = ['--api', ctx.cloud.api.url];
  // A finished job, listed from the index, then resubmitted under <id>-r1.
  const done = 'cloud-life';
  await ctx.submit(small({ solver: 'classical' }), done);
  ctx.expectEnd(await ctx.finished(done), 'SUCCEEDED', 'JobSucceeded');
  const listed = await until(
    ctx,
    `${done} succeeded in qpo jobs list`,
    async () => {
      const r = await ctx.qpo(['jobs', 'list', ...api, '--status', 'succeeded', '--solver', 'classical', '--json']);
      ctx.expect(r.code === 0, `qpo jobs list exited ${r.code}: ${r.stderr}`);
      return json(r.stdout) as { jobs: { jobId: string; status: string; solver: string | null }[] };
    },
    (page) => page.jobs.some((j) => j.jobId === done),
  );
  ctx.expect(listed.jobs.every((j) => j.status === 'succeeded'), `qpo jobs list --status succeeded listed ${JSON.stringify(listed.jobs)}`);
  const resubmit = await ctx.qpo(['jobs', 'resubmit', done, ...api]);
  ctx.expect(resubmit.code === 0 && /resubmitted\s+cloud-life -> cloud-life-r1/.test(resubmit.stdout), `qpo jobs resubmit: exit ${resubmit.code}, ${resubmit.stdout} ${resubmit.stderr}`);
  ctx.expectEnd(await ctx.finished(`${done}-r1`), 'SUCCEEDED', 'JobSucceeded');
  const r1 = await ctx.result(`${done}-r1`);
  ctx.expect(r1, `no result.json for ${done}-r1`);
  checkQuality(ctx, r1);
  const shown = await until(
    ctx,
    `the links of ${done}`,
    async () => json((await ctx.qpo(['jobs', 'show', done, ...api, '--json'])).stdout) as { links?: { resubmittedAs: string | null } },
    (j) => j.links?.resubmittedAs === `${done}-r1`,
  );
  ctx.expect(shown.links?.resubmittedAs === `${done}-r1`, 'no link');

  // A running quantum job (a device whose jobs never finish), cancelled once its container runs.
  const running = 'cloud-cancel';
  await ctx.submit(small({ quantum: { backend: 'ibm:fake_stuck', timeoutSeconds: 600 } }), running);
  await until(ctx, `the container of ${running} running`, async () => ctx.batchJobs(running).map((j) => j.status), (s) => s.includes('RUNNING'), 120);
  const cancel = await ctx.qpo(['jobs', 'cancel', running, ...api, '--reason', 'cloud run', '--json']);
  ctx.expect(cancel.code === 0, `qpo jobs cancel exited ${cancel.code}: ${cancel.stdout} ${cancel.stderr}`);
  const report = json(cancel.stdout) as { status: string; stoppedExecution: boolean; terminatedContainers: string[] };
  ctx.expect(report.status === 'cancelled' && report.stoppedExecution && report.terminatedContainers.length <= 1, `qpo jobs cancel printed ${cancel.stdout}`);
  const e = await ctx.finished(running);
  ctx.expect(e.status === 'ABORTED' && e.error === 'QPO.JobCancelled', `${running} ended ${e.status} ${e.error ?? ''}; ${trail(e)}`);
  await until(ctx, `the Batch job of ${running} stopped`, async () => ctx.batchJobs(running).map((j) => j.status), (s) => s.length > 0 && s.every((x) => x === 'FAILED'), 60);
  // Stopping the execution makes the .sync integration terminate its Batch job too, as Step Functions
  // does; whichever TerminateJob came first, the container was stopped, and the report names it
  // only when the cancel's own TerminateJob found it still running.
  const [stopped] = ctx.batchJobs(running);
  const byCancel = report.terminatedContainers.length === 1 && report.terminatedContainers[0] === stopped?.jobId;
  const byStepFunctions = report.terminatedContainers.length === 0 && stopped?.statusReason === 'Step Functions execution stopped';
  ctx.expect(byCancel || byStepFunctions, `${running}'s container ${stopped?.jobId} stopped with "${stopped?.statusReason}", the cancel reported terminating ${JSON.stringify(report.terminatedContainers)}`);
  // The container's end reaches job-events through the template's Batch rule (a cancelled container
  // is not a Batch failure: no BatchJobFailed for it).
  const [container] = ctx.batchJobs(running);
  await until(
    ctx,
    `the Batch Job State Change (FAILED) of ${running}'s container delivered to job-events`,
    async () => ctx.cloud.events.deliveries.filter((d) => d.ok && d.event['detail-type'] === 'Batch Job State Change' && d.event.detail.jobId === container!.jobId && d.event.detail.status === 'FAILED').length,
    (n) => n === 1,
    30,
  );
  const who = json((await ctx.qpo(['jobs', 'show', running, ...api, '--json'])).stdout) as { phase: string; links: { cancelledBy: string | null } };
  ctx.expect(who.phase === 'Cancelled' && /^arn:aws:iam::\d+:user\//.test(who.links.cancelledBy ?? ''), `qpo jobs show ${running}: ${JSON.stringify(who)}`);
  const again = await ctx.qpo(['jobs', 'cancel', running, ...api]);
  ctx.expect(again.code === 0, `cancelling twice exited ${again.code}: ${again.stderr}`);
  const cancelled = await until(
    ctx,
    `${running} cancelled in the index`,
    async () => json((await ctx.qpo(['jobs', 'list', ...api, '--status', 'cancelled', '--json'])).stdout) as { jobs: { jobId: string; status: string; error: { code: string } | null }[] },
    (p) => p.jobs.some((j) => j.jobId === running),
  );
  ctx.expect(cancelled.jobs.find((j) => j.jobId === running)?.error?.code === 'JOB_CANCELLED', `${running} listed as ${JSON.stringify(cancelled.jobs)}`);
  const finished = await ctx.qpo(['jobs', 'cancel', done, ...api]);
  ctx.expect(finished.code === 2 && /JOB_NOT_CANCELLABLE|already finished/.test(finished.stderr), `cancelling a finished job: exit ${finished.code}, ${finished.stderr}`);
  return `listed ${done} (succeeded, classical) from the index; resubmitted as ${done}-r1 (linked, answer checked against brute force); cancelled ${running}: execution ABORTED (QPO.JobCancelled), its container terminated (its state change delivered by the Batch rule), cancelled by the caller's ARN, listed cancelled; a finished job: exit 2`;
}

export async function forceClassical(ctx: BranchContext): Promise<string> {
  const capacity = ctx.cloud.lambda.functions.find((f) => f.qpoHandler === 'check-capacity');
  ctx.expect(capacity, 'no check-capacity function in the assembly');
  const parameter = capacity.environment.FORCE_CLASSICAL_PARAMETER!;
  const cacheSeconds = Number(capacity.environment.FORCE_CLASSICAL_CACHE_SECONDS);
  const env = { AWS_ENDPOINT_URL_SSM: ctx.cloud.ssm.url };
  // The branch runs alone: the last read before the operator's command is the platform's (the CLI reads too).
  const lastRead = ctx.cloud.ssm.lastReadMs.get(parameter);
  const on = await ctx.qpo(['fallback', 'force', 'on', '--parameter', parameter, '--reason', 'cloud run P0', '--json'], env);
  ctx.expect(on.code === 0, `qpo fallback force on exited ${on.code}: ${on.stderr}`);
  ctx.expect(JSON.parse(ctx.cloud.ssm.parameters.get(parameter)!.Value).forced === true, `the parameter holds ${ctx.cloud.ssm.parameters.get(parameter)?.Value}`);
  // In force within the cache time of CheckCapacity's warm instances: a value cached from a read the
  // store served at time t is used until t + cache, so wait out the last read served before the write.
  const waitMs = lastRead === undefined ? 0 : lastRead + (cacheSeconds + 1) * 1000 - Date.now();
  if (waitMs > 0) await sleep(waitMs);
  const id = 'cloud-forced';
  await ctx.submit(small(), id);
  ctx.expectEnd(await ctx.finished(id), 'SUCCEEDED', 'JobSucceeded');
  const record = await ctx.result(id);
  ctx.expect(record?.fallback.reason === 'forced-platform', `${id} recorded fallback ${JSON.stringify(record?.fallback)}`);
  ctx.expect(ctx.batchJobs(id).length === 0, `${id} started a Batch job while the platform was forced classical`);
  const ratio = checkQuality(ctx, record);
  const status = await ctx.qpo(['fallback', 'force', 'status', '--parameter', parameter, '--json'], env);
  ctx.expect(status.code === 0 && json(status.stdout).forced === true, `qpo fallback force status: ${status.stdout} ${status.stderr}`);
  const off = await ctx.qpo(['fallback', 'force', 'off', '--parameter', parameter, '--json'], env);
  ctx.expect(off.code === 0 && JSON.parse(ctx.cloud.ssm.parameters.get(parameter)!.Value).forced === false, `qpo fallback force off: exit ${off.code}, ${off.stderr}`);
  const active = ctx.cloud.cloudwatch.find('ForceClassicalActive').map((m) => m.value);
  ctx.expect(active.includes(1), `CheckCapacity never reported ForceClassicalActive 1 (saw ${active.join(',')})`);
  return `qpo fallback force on (SSM ${parameter}); ${Math.max(0, waitMs / 1000).toFixed(1)} s later (CheckCapacity's ${cacheSeconds} s cache after its last read) ${id} ran annealing with reason forced-platform, no Batch job, ratio ${ratio.toFixed(4)}; status and off through the same parameter`;
}
