/**
 * ResultRecord: the versioned output of one job (S3 object, `GET /jobs/{id}`, local
 * `results/<jobId>.json`). Plain data; `schemaVersion` changes on any breaking change.
 */
import type { SelectionEvaluation } from '../portfolio/types';
import type { SampleRecord, VariationalReport } from '../solvers/types';
import type { JobSpec } from './spec';
import type { ReadoutCalibration } from '../backends';
import type { MarketProvenance } from './market/prices';
import type { WeightsSection } from './weights-record';

export const RESULT_SCHEMA_VERSION = 1;

/** Why the classical fallback answered instead of the quantum path. */
export type FallbackReason =
  | 'forced'
  /** The platform-wide force-classical switch was on (qpo fallback force on). */
  | 'forced-platform'
  | 'queue-overflow'
  | 'backend-unavailable'
  | 'timeout'
  | 'backend-error'
  | 'no-feasible-sample'
  /** fallback.testMode: a simulated quantum-path failure (the runbook's --test-mode). */
  | 'test-mode'
  /** The execution plan could not fit the budget or limits in any mode: routed before any provider job. */
  | 'plan-exceeds-budget'
  /** The provider instance's usage limit (IBM quantum seconds) is reached: nothing submitted. */
  | 'quota';

/** Where mu and Sigma came from: a dataset and the range of dates kept, or `explicit`. */
export interface DataProvenance {
  readonly source: string;
  readonly start: string | null;
  readonly end: string | null;
  readonly observations: number | null;
  /** Price rows dropped because a chosen ticker had no price. */
  readonly droppedRows: number | null;
  /** Market data (`dataset: tiingo`): service, tickers, requested range, price field, download time. */
  readonly market?: MarketProvenance;
}

export interface ResultRecord {
  readonly schemaVersion: typeof RESULT_SCHEMA_VERSION;
  readonly jobId: string;
  readonly status: 'succeeded';
  /** ISO 8601 timestamps (UTC). */
  readonly createdAt: string;
  readonly completedAt: string;
  /** Phase durations in seconds. */
  readonly durations: {
    readonly prepareSeconds: number;
    readonly quantumSeconds: number;
    readonly fallbackSeconds: number;
    readonly totalSeconds: number;
  };
  /** The normalized request (defaults filled, seeds fixed), enough to reproduce the run. */
  readonly request: JobSpec & { readonly budget: number };
  readonly problem: {
    readonly tickers: readonly string[];
    readonly numAssets: number;
    readonly budget: number;
    readonly riskFactor: number;
    /** Daily units. */
    readonly mu: readonly number[];
    readonly sigma: readonly (readonly number[])[];
    readonly penalty: number;
    readonly data: DataProvenance;
  };
  /** The solver whose answer this is: vqe | qaoa | annealing | exact. */
  readonly solver: string;
  readonly backend: {
    /** The `quantum.backend` value that ran, e.g. `local`, `ibm:ibm_fez`, `braket:sv1`. */
    readonly name: string;
    readonly kind: 'simulator' | 'hardware' | 'classical';
    readonly provider?: 'local' | 'ibm' | 'braket';
    /** Jobs waiting on the device when the run started. */
    readonly queueDepth?: number;
    /** Readout-error mitigation applied to the counts (hardware), or null. */
    readonly mitigation?: ReadoutCalibration | null;
  };
  readonly fallback: {
    readonly activated: boolean;
    readonly reason: FallbackReason | null;
    /** The quantum path's error message when it failed. */
    readonly message: string | null;
    /**
     * Usage of a quantum attempt that failed part-way (or timed out) on a provider: shots and cost
     * already spent, calibration included; also counted in `cost`.
     */
    readonly quantumAttempt?: {
      readonly backend: string;
      readonly shotsUsed: number;
      readonly estimatedCostUsd: number;
      readonly queueWaitSeconds: number;
      /** Provider jobs (IBM) / tasks (Braket) the attempt created. */
      readonly providerJobs?: number;
    };
  };
  /** The answer: selection (ticker order), bitstring (asset 0 rightmost), objective, risk and return. */
  readonly solution: SelectionEvaluation;
  readonly quality: {
    readonly optimumKnown: boolean;
    readonly optimum: number | null;
    readonly optimalBitstring: string | null;
    readonly worstFeasible: number | null;
    /** (worst - found) / (worst - optimum); 1.0 is optimal. Null when the optimum is unknown. */
    readonly approximationRatio: number | null;
    /** Probability of the exact optimum in the final measured distribution. */
    readonly optimumProbability: number | null;
  };
  readonly variational: VariationalReport | null;
  /**
   * Weighted jobs (request.weights): lots, weights, trades, performance, the continuous reference and
   * whole shares. `solution` then describes the weighted portfolio (its selection: the assets held).
   */
  readonly weights?: WeightsSection;
  /** Top distinct bitstrings of the answering solver, best first. */
  readonly samples: readonly SampleRecord[];
  /** Everything the job used: the answering solver's and a failed quantum attempt's (fallback.quantumAttempt). */
  readonly cost: {
    readonly shotsUsed: number;
    /** USD. */
    readonly estimatedCostUsd: number;
    /** Seconds the quantum jobs waited in provider queues (0 locally). */
    readonly queueWaitSeconds: number;
    /** Provider jobs (IBM) / tasks (Braket) created, calibration included (0 locally). */
    readonly providerJobs?: number;
  };
  /** A provider run: its execution plan (lib/jobs/plan.ts) next to what happened (absent locally). */
  readonly execution?: ExecutionRecord;
  readonly software: { readonly qpo: string; readonly node: string };
}

/** The execution plan of a provider run and what actually happened, side by side. */
export interface ExecutionRecord {
  readonly mode: 'per-evaluation' | 'batched' | 'session' | 'train-then-sample';
  readonly requestedMode: string;
  /** Why this mode (auto: the other modes' figures). */
  readonly reason: string;
  readonly plan: {
    readonly providerJobs: number;
    readonly circuits: number;
    readonly shots: number;
    readonly expectedQueueSeconds: number;
    readonly expectedExecutionSeconds: number;
    readonly expectedWallSeconds: number;
    readonly expectedCostUsd: number;
    readonly fits: boolean;
    /** Batched and session: parameter sets per request (the CMA-ES population). */
    readonly populationSize?: number;
  };
  readonly actual: {
    readonly providerJobs: number;
    readonly shots: number;
    readonly queueSeconds: number;
    /** Seconds of the quantum path (opening the backend to the readout). */
    readonly wallSeconds: number;
    readonly costUsd: number;
    /** Where the objective was evaluated: parameter sets on the device (the readout included), evaluations on the local simulator. */
    readonly evaluations?: { readonly device: number; readonly local: number };
  };
  /** Where the objective was evaluated: on the device (count, readout included) and locally (train-then-sample trains there). */
  readonly evaluations: { readonly device: number; readonly local: 'optimization' | 0 };
  /** actual.wallSeconds / plan.expectedWallSeconds (the PlanError metric). */
  readonly planError: number | null;
}
