/**
 * The soak of issue 10: many jobs with random faults injected at a fixed seed, through a runner
 * (the local state machine here; the offline cloud run can be another `SoakRunner`), then the
 * accounting: zero lost results, zero duplicates, zero hangs, and metrics that add up
 * (succeeded + failed = submitted, exactly one outcome metric per job).
 */
import { createRng } from '../../lib/quantum/random';

/** The faults one job meets. */
export interface JobFaults {
  /** Failed result writes before one succeeds (>= 3: RecordResult's retries all fail: the record is rescued). */
  readonly storeFailures: number;
  /** What happens on the quantum path. */
  readonly quantum: 'none' | 'timeout' | 'crash' | 'batch-transient' | 'provider-5xx' | 'provider-job-fails' | 'provider-hangs';
  /** A transient Lambda error (Lambda.ServiceException) on the first attempt of this step, retried by the state machine. */
  readonly lambdaTransient: 'none' | 'ValidateAndPrepare' | 'RecordResult' | 'RunAnnealingFallback';
}

export interface SoakJob {
  readonly jobId: string;
  readonly spec: Record<string, unknown>;
  readonly faults: JobFaults;
  /** Whether the job may end without an answer (the quantum path fails and the fallback is off). */
  readonly mayFail: boolean;
}

/** How a job ended, as the runner saw it. */
export interface SoakOutcome {
  readonly jobId: string;
  /** `succeeded`, or the catalogued code of the error the job failed with. */
  readonly outcome: 'succeeded' | string;
  readonly seconds: number;
  /** Where the record is: the store, or the rescue location named by the error. */
  readonly recordLocation: string | null;
}

/** What the runner reports after the jobs: the stored records and the outcome metrics by job id. */
export interface SoakLedger {
  /** Job ids with a record in the results store (one entry per stored object). */
  readonly storedJobIds: readonly string[];
  /** Temporary or partial objects left in the store. */
  readonly leftovers: readonly string[];
  /** Outcome metrics (the groups without extra dimensions): one entry per emitted JobSucceeded / JobFailed. */
  readonly outcomeMetrics: readonly { readonly jobId: string; readonly metric: 'JobSucceeded' | 'JobFailed'; readonly resultsPersisted: number | null }[];
  /** Provider jobs created and still running (never finished, never cancelled). */
  readonly providerJobsLeftRunning: number;
}

/** A platform the soak drives: the local runner, or the cloud run. */
export interface SoakRunner {
  readonly name: string;
  run(job: SoakJob): Promise<SoakOutcome>;
  ledger(): Promise<SoakLedger>;
}

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE'];
const FAST_ANNEALING = { numReads: 8, numSweeps: 150 };

/**
 * The soak's jobs at a fixed seed: small real problems (3-5 of the bundled tickers) on the
 * classical path, local VQE/QAOA, IBM Quantum (the fake server) or forced to the fallback, with the
 * faults of `JobFaults` drawn at the stated rates.
 */
export function soakJobs(count: number, seed: number, options: { providers: boolean }): SoakJob[] {
  const rng = createRng(seed);
  const pick = <T>(weighted: readonly (readonly [T, number])[]): T => {
    const total = weighted.reduce((s, [, w]) => s + w, 0);
    let x = rng.next() * total;
    for (const [v, w] of weighted) if ((x -= w) < 0) return v;
    return weighted[weighted.length - 1]![0];
  };
  return Array.from({ length: count }, (_, i) => {
    const n = 3 + Math.floor(rng.next() * 3);
    const start = Math.floor(rng.next() * (TICKERS.length - n));
    const path = pick([['classical', 3], ['vqe', 3], ['qaoa', 1], ['forced', 1], ...(options.providers ? ([['ibm', 2]] as const) : [])] as const);
    const quantumPath = path === 'vqe' || path === 'qaoa' || path === 'ibm';
    const quantumFault = quantumPath
      ? pick<JobFaults['quantum']>([
          ['none', 5],
          ['timeout', 1],
          ['crash', 1],
          ['batch-transient', 1],
          ...(path === 'ibm' ? ([['provider-5xx', 1], ['provider-job-fails', 1], ['provider-hangs', 1]] as const) : []),
        ])
      : 'none';
    const fallbackOff = quantumPath && rng.next() < 0.1;
    const faults: JobFaults = {
      storeFailures: pick([[0, 14], [1, 2], [2, 2], [3, 2]]),
      quantum: quantumFault,
      lambdaTransient: pick([['none', 16], ['ValidateAndPrepare', 1], ['RecordResult', 1], ['RunAnnealingFallback', 1]]),
    };
    const quantum: Record<string, unknown> = {
      seed: 1 + i,
      maxIterations: 6,
      ...(path === 'qaoa' ? { algorithm: 'qaoa', reps: 1 } : {}),
      ...(path === 'ibm' ? { backend: 'ibm:fake_fez', shots: 64, maxIterations: 3, mitigation: false } : {}),
      // A quantum path that cannot finish in its budget: the fallback answers with reason timeout.
      ...(quantumFault === 'timeout' ? { optimizer: 'spsa', maxIterations: 100_000, timeoutSeconds: 0.1 } : {}),
      ...(quantumFault === 'provider-hangs' ? { timeoutSeconds: 1 } : {}),
    };
    return {
      jobId: `soak-${seed}-${i}`,
      spec: {
        jobId: `soak-${seed}-${i}`,
        portfolio: { tickers: TICKERS.slice(start, start + n) },
        budget: 1 + Math.floor(rng.next() * (n - 1)),
        solver: path === 'classical' ? 'classical' : 'auto',
        quantum,
        fallback: { annealing: FAST_ANNEALING, ...(path === 'forced' ? { force: true } : {}), ...(fallbackOff ? { enabled: false } : {}) },
      },
      faults,
      mayFail: fallbackOff && quantumFault !== 'none' && quantumFault !== 'batch-transient',
    };
  });
}

/** Run the jobs `concurrency` at a time; a job that does not end within `hangSeconds` is a hang. */
export async function runSoak(runner: SoakRunner, jobs: readonly SoakJob[], options: { concurrency: number; hangSeconds: number }): Promise<SoakOutcome[]> {
  const outcomes: SoakOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const job = jobs[next++]!;
      let timer: NodeJS.Timeout | undefined;
      const hang = new Promise<SoakOutcome>((resolve) => {
        timer = setTimeout(() => resolve({ jobId: job.jobId, outcome: 'HANG', seconds: options.hangSeconds, recordLocation: null }), options.hangSeconds * 1000);
      });
      outcomes.push(await Promise.race([runner.run(job), hang]).finally(() => clearTimeout(timer)));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return outcomes;
}

export interface SoakReport {
  readonly runner: string;
  readonly seed: number;
  readonly submitted: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly byOutcome: Readonly<Record<string, number>>;
  readonly byFault: Readonly<Record<string, number>>;
  readonly lostResults: number;
  readonly duplicates: number;
  readonly hangs: number;
  readonly unexpectedFailures: readonly string[];
  readonly metrics: { readonly jobSucceeded: number; readonly jobFailed: number; readonly jobsWithoutOneOutcome: readonly string[]; readonly resultsPersistedZero: number };
  readonly leftovers: number;
  readonly providerJobsLeftRunning: number;
  readonly maxJobSeconds: number;
  readonly wallSeconds: number;
}

/**
 * The accounting of a soak. Lost: a job that succeeded without a stored record, or failed to
 * persist without a rescued copy. Duplicates: more than one stored record or outcome metric for a
 * job. Unexpected: any failure other than RESULT_NOT_PERSISTED (the store refused every try) and
 * JOB_FAILED where the job's fallback was off.
 */
export function account(runner: string, seed: number, jobs: readonly SoakJob[], outcomes: readonly SoakOutcome[], ledger: SoakLedger, wallSeconds: number): SoakReport {
  const count = <T>(items: readonly T[], key: (t: T) => string) => items.reduce<Record<string, number>>((m, t) => ((m[key(t)] = (m[key(t)] ?? 0) + 1), m), {});
  const byJob = new Map(jobs.map((j) => [j.jobId, j]));
  const stored = count(ledger.storedJobIds, (id) => id);
  const metricsByJob = count(ledger.outcomeMetrics, (m) => m.jobId);
  const succeeded = outcomes.filter((o) => o.outcome === 'succeeded');
  const lost = outcomes.filter((o) => (o.outcome === 'succeeded' && !stored[o.jobId]) || (o.outcome === 'RESULT_NOT_PERSISTED' && !o.recordLocation));
  const unexpected = outcomes.filter(
    (o) => o.outcome !== 'succeeded' && o.outcome !== 'RESULT_NOT_PERSISTED' && !(o.outcome === 'JOB_FAILED' && byJob.get(o.jobId)?.mayFail),
  );
  return {
    runner,
    seed,
    submitted: jobs.length,
    succeeded: succeeded.length,
    failed: outcomes.length - succeeded.length,
    byOutcome: count(outcomes, (o) => o.outcome),
    byFault: count(jobs.flatMap((j) => [`quantum:${j.faults.quantum}`, `storeFailures:${j.faults.storeFailures}`, `lambda:${j.faults.lambdaTransient}`]), (k) => k),
    lostResults: lost.length,
    duplicates: Object.values(stored).filter((k) => k > 1).length,
    hangs: outcomes.filter((o) => o.outcome === 'HANG').length,
    unexpectedFailures: unexpected.map((o) => `${o.jobId}: ${o.outcome}`),
    metrics: {
      jobSucceeded: ledger.outcomeMetrics.filter((m) => m.metric === 'JobSucceeded').length,
      jobFailed: ledger.outcomeMetrics.filter((m) => m.metric === 'JobFailed').length,
      jobsWithoutOneOutcome: jobs.filter((j) => metricsByJob[j.jobId] !== 1).map((j) => `${j.jobId}: ${metricsByJob[j.jobId] ?? 0}`),
      resultsPersistedZero: ledger.outcomeMetrics.filter((m) => m.resultsPersisted === 0).length,
    },
    leftovers: ledger.leftovers.length,
    providerJobsLeftRunning: ledger.providerJobsLeftRunning,
    maxJobSeconds: Math.max(0, ...outcomes.map((o) => o.seconds)),
    wallSeconds,
  };
}

/**
 * What a soak must never show, as sentences (empty when it passed): a lost or duplicated result, a
 * hang, a failure other than the expected ones, a leftover temporary object, a job without exactly
 * one outcome metric, metrics that do not add up, a provider job left running.
 */
export function soakProblems(report: SoakReport): string[] {
  const problems: string[] = [];
  if (report.succeeded + report.failed !== report.submitted) problems.push(`${report.succeeded} succeeded + ${report.failed} failed != ${report.submitted} submitted`);
  if (report.lostResults) problems.push(`${report.lostResults} result(s) lost`);
  if (report.duplicates) problems.push(`${report.duplicates} job(s) stored more than once`);
  if (report.hangs) problems.push(`${report.hangs} job(s) hung`);
  for (const u of report.unexpectedFailures) problems.push(`unexpected failure ${u}`);
  if (report.leftovers) problems.push(`${report.leftovers} temporary object(s) left`);
  for (const j of report.metrics.jobsWithoutOneOutcome) problems.push(`outcome metrics of ${j} (expected exactly 1)`);
  if (report.metrics.jobSucceeded !== report.succeeded) problems.push(`JobSucceeded ${report.metrics.jobSucceeded} != ${report.succeeded} succeeded`);
  if (report.metrics.jobFailed !== report.failed) problems.push(`JobFailed ${report.metrics.jobFailed} != ${report.failed} failed`);
  if (report.metrics.resultsPersistedZero !== (report.byOutcome.RESULT_NOT_PERSISTED ?? 0))
    problems.push(`ResultsPersisted = 0 emitted ${report.metrics.resultsPersistedZero} times for ${report.byOutcome.RESULT_NOT_PERSISTED ?? 0} unpersisted result(s)`);
  if (report.providerJobsLeftRunning) problems.push(`${report.providerJobsLeftRunning} provider job(s) left running`);
  return problems;
}
