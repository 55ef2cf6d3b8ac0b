/**
 * The spend ledger of one backend: every provider job (IBM) or task (Braket) is entered the moment
 * the provider accepts it, with the shots it asks for and its estimated cost, and settled when it
 * ends. Nothing else counts shots or dollars for a provider backend, so a job that timed out, was
 * cancelled or failed part-way (a readout-calibration job included) is counted exactly like one
 * that completed. What a job counts, by how it ended:
 * - completed: its shots; the provider's reported usage (else the estimate);
 * - failed (the provider ended it without a result): no shots; the reported usage, else nothing;
 * - cancelled before it was seen running: no shots; the reported usage, else nothing;
 * - cancelled after it was seen running, or still open / unknown (no answer, cancel not
 *   confirmed): its shots and the reported usage, else the estimate: an upper bound, since the
 *   provider may bill it less.
 *
 * It also knows which jobs are still open and how to cancel them: `cancelOpen` is the backstop that
 * backend.close() runs (bounded by the cleanup grace), so no job is left running when a run ends.
 * Sessions (issue 11) enter here the same way, as `kind: 'session'` with zero shots.
 */

export type ProviderJobStatus = 'submitted' | 'completed' | 'failed' | 'cancelled';

export interface ProviderJob {
  readonly provider: 'ibm' | 'braket';
  readonly kind: 'job' | 'task' | 'session';
  /** IBM job id, Braket task ARN. */
  readonly id: string;
  /** Shots requested (all parameter sets). */
  readonly shots: number;
  /** Estimated before the run, USD. */
  readonly estimatedCostUsd: number;
  /** The provider's own usage, USD, once it reported one. */
  reportedCostUsd?: number;
  /** Seen queued-to-running (or terminal after running). */
  started: boolean;
  status: ProviderJobStatus;
}

export interface SpendTotals {
  /** Provider jobs/tasks created (sessions not included). */
  readonly providerJobs: number;
  readonly shots: number;
  readonly costUsd: number;
  /** Seconds requests waited in provider queues (per request: its longest-waiting job). */
  readonly queueSeconds: number;
}

/** What one job counts (see the module doc). */
export function spendOf(job: ProviderJob): { shots: number; costUsd: number } {
  const mayHaveRun = job.status === 'completed' || job.status === 'submitted' || (job.status === 'cancelled' && job.started);
  if (mayHaveRun) return { shots: job.shots, costUsd: job.reportedCostUsd ?? job.estimatedCostUsd };
  return { shots: 0, costUsd: job.reportedCostUsd ?? 0 };
}

export class SpendLedger {
  private readonly jobs = new Map<string, ProviderJob>();
  private readonly cancels = new Map<string, () => Promise<void>>();
  private queueSeconds = 0;

  /** Enter a job the provider accepted; `cancel` stops it (used while it is open). */
  submitted(job: Pick<ProviderJob, 'provider' | 'kind' | 'id' | 'shots' | 'estimatedCostUsd'>, cancel?: () => Promise<void>): void {
    if (this.jobs.has(job.id)) return; // the same job found again (idempotent creation): counted once
    this.jobs.set(job.id, { ...job, started: false, status: 'submitted' });
    if (cancel) this.cancels.set(job.id, cancel);
  }

  /** The job was seen running. */
  started(id: string): void {
    const job = this.jobs.get(id);
    if (job) job.started = true;
  }

  /** Record how a job ended; `reportedCostUsd` is the provider's own usage when it gave one. */
  settle(id: string, outcome: { status: Exclude<ProviderJobStatus, 'submitted'>; reportedCostUsd?: number }): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.status = outcome.status;
    if (outcome.status === 'completed') job.started = true;
    if (outcome.reportedCostUsd !== undefined) job.reportedCostUsd = outcome.reportedCostUsd;
    this.cancels.delete(id);
  }

  /** Remove a job that turned out never to exist (an ambiguous creation found to have failed). */
  forget(id: string): void {
    this.jobs.delete(id);
    this.cancels.delete(id);
  }

  /** A request's queue wait, seconds (once per Sampler request). */
  waited(seconds: number): void {
    if (Number.isFinite(seconds) && seconds > 0) this.queueSeconds += seconds;
  }

  /** Every job, in creation order (copies). */
  entries(): ProviderJob[] {
    return [...this.jobs.values()].map((j) => ({ ...j }));
  }

  /** Jobs not known to have ended. */
  open(): ProviderJob[] {
    return this.entries().filter((j) => j.status === 'submitted');
  }

  get totals(): SpendTotals {
    let providerJobs = 0;
    let shots = 0;
    let costUsd = 0;
    for (const j of this.jobs.values()) {
      if (j.kind !== 'session') providerJobs++;
      const s = spendOf(j);
      shots += s.shots;
      costUsd += s.costUsd;
    }
    return { providerJobs, shots, costUsd, queueSeconds: this.queueSeconds };
  }

  /**
   * Cancel one open job, once: a second call (e.g. the close() backstop after the poll loop
   * already tried) does nothing. Settled as cancelled when the provider accepted the cancellation;
   * otherwise it stays `submitted` (its state is unknown) and counted as such.
   */
  async cancel(id: string): Promise<void> {
    const cancel = this.cancels.get(id);
    if (!cancel) return;
    this.cancels.delete(id);
    await cancel();
    this.settle(id, { status: 'cancelled' });
  }

  /** Cancel every open job (best effort, in parallel). */
  async cancelOpen(): Promise<void> {
    await Promise.all([...this.cancels.keys()].map((id) => this.cancel(id).catch(() => undefined)));
  }
}
