/**
 * AnswerStore: where the quantum step (Batch container or local handler) and the fallback step
 * leave their answer for RecordResult, keeping the state machine's payload small (256 KiB limit).
 * One answer per job (the latest wins: a retried step may write again) and one quantum failure.
 * On AWS: `portfolio-optimization/<jobId>/answer.json` and `quantum-failure.json` beside the result.
 */
import type { SolverResult } from '../solvers/types';
import type { FallbackReason, ResultRecord } from './result';

export interface StepAnswer {
  readonly answer: SolverResult;
  readonly backend: ResultRecord['backend'];
  readonly fallback: ResultRecord['fallback'];
  /** Seconds spent in the quantum and fallback steps. */
  readonly quantumSeconds: number;
  readonly fallbackSeconds: number;
  /** Provider jobs/tasks the answering quantum run created (absent off a provider). */
  readonly providerJobs?: number;
  /** The execution plan of a provider run next to what happened. */
  readonly execution?: ResultRecord['execution'];
}

/**
 * Why the quantum step did not answer. `reason` null: the step rejected the job's input (a user
 * error, Batch exit code 2), and the fallback step re-raises it as `code` / `message` / `path`.
 */
export interface QuantumFailure {
  readonly reason: FallbackReason | null;
  /** The catalogued error code (lib/contracts/errors.ts). */
  readonly code: string;
  readonly message: string;
  /** The input field of a user error. */
  readonly path?: string | null;
  readonly seconds: number;
  /** What the failed attempt already used on a provider (paid even though annealing answers). */
  readonly quantumAttempt?: ResultRecord['fallback']['quantumAttempt'];
}

export interface AnswerStore {
  putAnswer(jobId: string, answer: StepAnswer): Promise<void>;
  getAnswer(jobId: string): Promise<StepAnswer | undefined>;
  putFailure(jobId: string, failure: QuantumFailure): Promise<void>;
  getFailure(jobId: string): Promise<QuantumFailure | undefined>;
}

/** In-process answers (local runs and tests). */
export class MemoryAnswerStore implements AnswerStore {
  private readonly answers = new Map<string, StepAnswer>();
  private readonly failures = new Map<string, QuantumFailure>();
  async putAnswer(jobId: string, answer: StepAnswer): Promise<void> {
    this.answers.set(jobId, answer);
  }
  async getAnswer(jobId: string): Promise<StepAnswer | undefined> {
    return this.answers.get(jobId);
  }
  async putFailure(jobId: string, failure: QuantumFailure): Promise<void> {
    this.failures.set(jobId, failure);
  }
  async getFailure(jobId: string): Promise<QuantumFailure | undefined> {
    return this.failures.get(jobId);
  }
}
