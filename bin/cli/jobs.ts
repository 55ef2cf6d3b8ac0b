/**
 * `qpo jobs list|show|cancel|resubmit`: the job lifecycle, on the local results directory by default
 * (`--output`, default results/) or on the deployed API with `--api URL` or QPO_API_URL.
 * `qpo jobs resubmit --failed --since 24h` resubmits every failed job of the window that was not
 * resubmitted yet, each under its own idempotency key (`<jobId>-r1`, ...), and prints what it did;
 * jobs rejected for their input are skipped (they would fail again).
 * Exit codes: 0 done, 2 the caller's mistake (unknown job, bad filter, finished job), 1 otherwise
 * (and when any resubmission of a bulk run failed).
 */
import { Command } from 'commander';
import Table from 'cli-table3';
import { EXIT } from '../../lib/contracts/errors';
import { describeError, JobValidationError } from '../../lib/jobs/errors';
import { isUserFailure } from '../../lib/jobs/execution-events';
import type { JobEntry, JobPatch } from '../../lib/jobs/job-index';
import { resubmissionId } from '../../lib/jobs/lifecycle';
import { LocalJobs, RemoteJobs, type JobsSource } from './jobs-sources';
import { plainStyle, renderResult } from './output';
import { parseApiUrl } from './signed-http';

interface SourceFlags {
  api?: string;
  local?: boolean;
  output: string;
  region?: string;
  json?: boolean;
}

interface ListFlags extends SourceFlags {
  status?: string;
  since?: string;
  until?: string;
  solver?: string;
  fallback?: string;
  limit?: string;
  nextToken?: string;
  all?: boolean;
}

function sourceOf(flags: SourceFlags): JobsSource {
  const api = flags.local ? undefined : (flags.api ?? process.env.QPO_API_URL);
  return api ? new RemoteJobs(parseApiUrl(api), flags.region) : new LocalJobs(flags.output);
}

const DURATION = /^(\d+(?:\.\d+)?)\s*(s|m|h|d)$/;
const UNIT_MS: Readonly<Record<string, number>> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since 24h` (s, m, h, d before now) or an ISO 8601 date or date-time, as the API's ISO value. */
export function sinceValue(value: string | undefined, flag: string, now: number = Date.now()): string | undefined {
  if (value === undefined) return undefined;
  const m = DURATION.exec(value.trim());
  if (m) return new Date(now - Number(m[1]) * UNIT_MS[m[2]!]!).toISOString();
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return value;
  throw new JobValidationError(`${flag}: '${value}' is not a time; use a duration before now (90m, 24h, 7d) or a date (2026-12-01, 2026-12-01T08:00:00Z)`, flag.replace(/^--/, ''));
}

function queryOf(flags: ListFlags): Record<string, string | undefined> {
  return {
    status: flags.status,
    since: sinceValue(flags.since, '--since'),
    until: sinceValue(flags.until, '--until'),
    solver: flags.solver,
    fallback: flags.fallback,
    limit: flags.limit,
    nextToken: flags.nextToken,
  };
}

const pad = (t: string) => t.replace('T', ' ').replace(/\.\d+Z$/, 'Z');

function renderEntries(jobs: readonly JobEntry[]): string {
  const table = new Table({ head: ['Job', 'Status', 'Created', 'Solver', 'Fallback', 'Quality', 'Tickers', 'Note'], ...plainStyle() });
  for (const j of jobs) {
    const solver = j.answeredBy && j.answeredBy !== j.solver ? `${j.solver ?? '?'} -> ${j.answeredBy}` : (j.solver ?? '');
    const note = j.error ? `${j.error.code}: ${j.error.message}`.slice(0, 60) : j.resubmittedAs ? `resubmitted as ${j.resubmittedAs}` : j.resubmitOf ? `resubmission of ${j.resubmitOf}` : '';
    table.push([j.jobId, j.status, pad(j.createdAt), solver, j.fallbackReason ?? (j.status === 'succeeded' ? 'no' : ''), j.approximationRatio === null ? '' : j.approximationRatio.toFixed(4), j.tickers.join(','), note]);
  }
  return table.toString();
}

const print = (text: string): void => void process.stdout.write(`${text}\n`);

/** The listed jobs' quantum spend (the runbook's "check credits"): shots and estimated provider cost. */
export function spendLine(jobs: readonly JobEntry[]): string {
  const costed = jobs.filter((j) => j.costUsd !== null);
  const shots = costed.reduce((a, j) => a + (j.shots ?? 0), 0);
  const usd = costed.reduce((a, j) => a + (j.costUsd ?? 0), 0);
  return `${jobs.length} job${jobs.length === 1 ? '' : 's'}; quantum spend of the ${costed.length} with a result: ${shots} shots, estimated provider cost $${usd.toFixed(2)}`;
}

async function list(flags: ListFlags): Promise<void> {
  const source = sourceOf(flags);
  const query = queryOf(flags);
  const jobs: JobEntry[] = [];
  let token: string | null | undefined = flags.nextToken;
  // --all follows nextToken (at most 100 pages: 10,000 jobs).
  for (let page = 0; page < (flags.all ? 100 : 1); page++) {
    const out = await source.list({ ...query, ...(token ? { nextToken: token } : {}) });
    jobs.push(...out.jobs);
    token = out.nextToken;
    if (!token) break;
  }
  if (flags.json) return print(JSON.stringify({ jobs, nextToken: token ?? null }, null, 2));
  if (jobs.length === 0) return print(`No jobs match in ${source.where}`);
  print(renderEntries(jobs));
  print(spendLine(jobs));
  if (token) print(`More: qpo jobs list ... --next-token ${token}  (or --all)`);
}

async function show(jobId: string, flags: SourceFlags): Promise<void> {
  const source = sourceOf(flags);
  const d = await source.show(jobId);
  if (flags.json) return print(JSON.stringify(d.raw, null, 2));
  const lines: string[] = [];
  if (d.entry) {
    const e = d.entry;
    lines.push(`Job        ${e.jobId}`, `Status     ${e.status}`, `Created    ${pad(e.createdAt)}${e.completedAt ? `   ended ${pad(e.completedAt)}` : ''}`);
    if (e.error) lines.push(`Error      ${e.error.code}: ${e.error.message}`);
    if (e.cancelledBy) lines.push(`Cancelled  by ${e.cancelledBy}`);
    if (e.resubmitOf) lines.push(`Re-runs    ${e.resubmitOf}`);
    if (e.resubmittedAs) lines.push(`Re-run as  ${e.resubmittedAs}`);
    if (e.status === 'running' && e.runner) lines.push(`Process    pid ${e.runner.pid} on ${e.runner.host}`);
  } else {
    const raw = d.raw as { phase?: string; error?: { code: string; message: string }; links?: Record<string, string | null> };
    lines.push(`Job        ${jobId}`, `Phase      ${d.phase}`);
    if (raw.error) lines.push(`Error      ${raw.error.code}: ${raw.error.message}`);
    for (const [k, v] of Object.entries(raw.links ?? {})) if (v) lines.push(`${k.padEnd(10)} ${v}`);
  }
  if (d.result) lines.push('', renderResult(d.result, d.entry?.location ?? `${source.where} ${jobId}`));
  print(lines.join('\n'));
}

async function cancel(jobId: string, flags: SourceFlags & { reason?: string }): Promise<void> {
  const report = await sourceOf(flags).cancel(jobId, flags.reason);
  if (flags.json) return print(JSON.stringify(report, null, 2));
  if (!report.stoppedExecution) return print(`Job ${jobId} was already cancelled; nothing to do`);
  const parts = [`Cancelled ${jobId}`];
  if (report.terminatedContainers.length) parts.push(`terminated quantum container(s) ${report.terminatedContainers.join(', ')}`);
  if (report.closedProviderSessions.length) parts.push(`closed provider session(s) ${report.closedProviderSessions.join(', ')}`);
  print(parts.join('; '));
  for (const p of report.problems) print(`warning: ${p}`);
}

interface ResubmitFlags extends ListFlags {
  failed?: boolean;
  idempotencyKey?: string;
  dryRun?: boolean;
}

type Outcome = { jobId: string; action: 'resubmitted' | 'already-resubmitted' | 'skipped' | 'failed' | 'would-resubmit'; newJobId?: string; reason?: string };

async function resubmit(jobIds: string[], flags: ResubmitFlags): Promise<void> {
  const source = sourceOf(flags);
  if (jobIds.length > 0 && flags.failed) throw new JobValidationError('--failed: give job ids or --failed, not both', 'failed');
  if (jobIds.length === 0 && !flags.failed) throw new JobValidationError('JOB: give the job id(s) to resubmit, or --failed [--since 24h] for every failed job', 'jobId');
  if (flags.idempotencyKey && jobIds.length !== 1) throw new JobValidationError('--idempotency-key: names the new job of a single resubmission; omit it for several (each gets <jobId>-r1, ...)', 'idempotencyKey');
  let targets: { jobId: string; entry?: JobEntry }[] = jobIds.map((jobId) => ({ jobId }));
  const outcomes: Outcome[] = [];
  if (flags.failed) {
    const query = { ...queryOf(flags), status: flags.status ?? 'failed', limit: '100' };
    let token: string | null | undefined;
    const entries: JobEntry[] = [];
    for (let page = 0; page < 100; page++) {
      const out = await source.list({ ...query, ...(token ? { nextToken: token } : {}) });
      entries.push(...out.jobs);
      token = out.nextToken;
      if (!token) break;
    }
    // Oldest first, so a chain of resubmissions keeps its order.
    targets = [];
    for (const entry of entries.reverse()) {
      if (entry.resubmittedAs) outcomes.push({ jobId: entry.jobId, action: 'skipped', reason: `already resubmitted as ${entry.resubmittedAs}` });
      else if (entry.status === 'failed' && isUserFailure({ jobId: entry.jobId, at: entry.updatedAt, error: entry.error } as JobPatch))
        outcomes.push({ jobId: entry.jobId, action: 'skipped', reason: `its input was rejected (${entry.error!.code}); it would fail again` });
      else targets.push({ jobId: entry.jobId, entry });
    }
  }
  for (const t of targets) {
    const key = flags.idempotencyKey ?? resubmissionId(t.jobId);
    if (flags.dryRun) {
      outcomes.push({ jobId: t.jobId, action: 'would-resubmit', newJobId: key });
      continue;
    }
    try {
      const r = await source.resubmit(t.jobId, key);
      outcomes.push({ jobId: t.jobId, action: r.existing ? 'already-resubmitted' : 'resubmitted', newJobId: r.jobId });
    } catch (error) {
      const d = describeError(error);
      // One explicit job: its error is the command's error (exit 2 for the caller's mistakes).
      if (!flags.failed && jobIds.length === 1) throw error;
      outcomes.push({ jobId: t.jobId, action: 'failed', reason: `[${d.body.code}] ${d.body.message}` });
    }
  }
  if (flags.json) print(JSON.stringify({ outcomes }, null, 2));
  else {
    if (outcomes.length === 0) print(`No failed jobs to resubmit in ${source.where}`);
    for (const o of outcomes) {
      if (o.action === 'resubmitted') print(`resubmitted          ${o.jobId} -> ${o.newJobId}`);
      else if (o.action === 'already-resubmitted') print(`already resubmitted  ${o.jobId} -> ${o.newJobId} (the same job; nothing started)`);
      else if (o.action === 'would-resubmit') print(`would resubmit       ${o.jobId} -> ${o.newJobId}`);
      else if (o.action === 'skipped') print(`skipped              ${o.jobId}: ${o.reason}`);
      else print(`failed               ${o.jobId}: ${o.reason}`);
    }
  }
  if (outcomes.some((o) => o.action === 'failed')) process.exitCode = EXIT.failure;
}

function withSource(c: Command): Command {
  return c
    .option('--api <url>', 'the deployed API (the ApiUrl output of cdk deploy; default: QPO_API_URL, else the local results)')
    .option('--local', 'use the local results directory even when QPO_API_URL is set')
    .option('--output <dir>', 'the local results directory', 'results')
    .option('--region <region>', 'AWS region of the API (default: from the URL or AWS_REGION)')
    .option('--json', 'print JSON');
}

function withFilters(c: Command): Command {
  return c
    .option('--status <list>', 'running, succeeded, failed, cancelled (comma-separated)')
    .option('--since <time>', 'created at or after: a duration before now (24h, 7d) or a date / ISO 8601 time')
    .option('--until <time>', 'created at or before: a duration before now or a date / ISO 8601 time')
    .option('--solver <name>', 'requested (auto, quantum, classical, exact) or answering (vqe, qaoa, annealing) solver')
    .option('--fallback <which>', 'activated, none, or a reason (forced, forced-platform, queue-overflow, backend-unavailable, timeout, backend-error, no-feasible-sample)');
}

export function jobsCommand(): Command {
  const listCmd = withFilters(withSource(new Command('list').description('List jobs, newest first (the job index: never reads result bodies)')))
    .option('--limit <n>', 'jobs per page, 1-100 (default 50)')
    .option('--next-token <token>', 'the page after the one that printed this token')
    .option('--all', 'follow every page')
    .action((flags: ListFlags) => list(flags));
  const showCmd = withSource(new Command('show').description('Show one job: status, error, links and its result'))
    .argument('<jobId>', 'the job id')
    .action((jobId: string, flags: SourceFlags) => show(jobId, flags));
  const cancelCmd = withSource(new Command('cancel').description('Cancel a running job: stop its execution, terminate its quantum container, close provider sessions'))
    .argument('<jobId>', 'the job id')
    .option('--reason <text>', 'why (recorded with the cancellation)')
    .action((jobId: string, flags: SourceFlags & { reason?: string }) => cancel(jobId, flags));
  const resubmitCmd = withFilters(withSource(new Command('resubmit').description('Run finished jobs\' requests again under new job ids (<jobId>-r1, ...), linked to the old ones')))
    .argument('[jobIds...]', 'the job ids to resubmit')
    .option('--failed', 'every failed job matching the filters (default status failed) not resubmitted yet')
    .option('--idempotency-key <key>', 'the new job id of a single resubmission (default <jobId>-r1)')
    .option('--dry-run', 'print what would be resubmitted; start nothing')
    .action((jobIds: string[], flags: ResubmitFlags) => resubmit(jobIds, flags));
  return new Command('jobs').description('Job lifecycle: list, show, cancel, resubmit (local results, or the API with --api / QPO_API_URL)').addCommand(listCmd).addCommand(showCmd).addCommand(cancelCmd).addCommand(resubmitCmd);
}
