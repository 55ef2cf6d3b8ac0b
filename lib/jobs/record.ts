/** RecordResult: assemble the ResultRecord of a finished job from the solver's answer. */
import { approximationRatio, evaluateSelection } from '../portfolio';
import type { SolverResult } from '../solvers/types';
import type { ExactSolution } from '../solvers/exact';
import { bitstringOf } from '../solvers/model';
import type { PreparedJob } from './prepare';
import { RESULT_SCHEMA_VERSION, type ResultRecord } from './result';
import type { JobSpec } from './spec';
import { evaluationOfLots, weightsSectionOf } from './weights-record';
import { lotsOfBits } from '../portfolio';

export interface RecordInput {
  readonly jobId: string;
  readonly spec: JobSpec & { budget: number };
  readonly prepared: PreparedJob;
  readonly penalty: number;
  readonly answer: SolverResult;
  readonly exact: ExactSolution | null;
  readonly fallback: ResultRecord['fallback'];
  readonly backend: ResultRecord['backend'];
  readonly createdAtMs: number;
  readonly completedAtMs: number;
  readonly durations: Omit<ResultRecord['durations'], 'totalSeconds'>;
  readonly software: ResultRecord['software'];
  /** Provider jobs/tasks of the answering quantum run (0 or absent off a provider). */
  readonly providerJobs?: number;
  readonly execution?: ResultRecord['execution'];
}

/** Build the record; pure. */
export function buildResultRecord(r: RecordInput): ResultRecord {
  const { problem } = r.prepared;
  const model = r.prepared.weights?.model;
  const lots = model ? (r.answer.lots ?? lotsOfBits(model, r.answer.selection)) : null;
  const evaluation = model && lots ? evaluationOfLots(model, lots) : evaluateSelection(problem, r.answer.selection);
  const exact = r.exact;
  const optimalBitstring = exact ? bitstringOf(exact.optimalSelection) : null;
  let optimumProbability: number | null = r.answer.optimumProbability ?? null;
  if (optimalBitstring !== null && optimumProbability === null) {
    optimumProbability = r.answer.samples.find((s) => s.bitstring === optimalBitstring)?.probability ?? 0;
  }
  return {
    schemaVersion: RESULT_SCHEMA_VERSION,
    jobId: r.jobId,
    status: 'succeeded',
    createdAt: new Date(r.createdAtMs).toISOString(),
    completedAt: new Date(r.completedAtMs).toISOString(),
    durations: { ...r.durations, totalSeconds: (r.completedAtMs - r.createdAtMs) / 1000 },
    request: r.spec,
    problem: {
      tickers: problem.tickers,
      numAssets: problem.tickers.length,
      budget: model ? model.lots : problem.budget,
      riskFactor: model ? model.riskFactor : problem.riskFactor,
      mu: problem.mu,
      sigma: problem.sigma,
      penalty: r.penalty,
      data: r.prepared.data,
    },
    solver: r.answer.solver,
    backend: r.backend,
    fallback: r.fallback,
    solution: evaluation,
    quality: {
      optimumKnown: exact !== null,
      optimum: exact?.optimum ?? null,
      optimalBitstring,
      worstFeasible: exact?.worstFeasible ?? null,
      approximationRatio: exact
        ? approximationRatio(evaluation.objective, exact.optimum, exact.worstFeasible)
        : null,
      optimumProbability: exact ? optimumProbability : null,
    },
    variational: r.answer.variational ?? null,
    ...(model && lots && r.spec.weights ? { weights: weightsSectionOf(r.prepared, r.spec.weights, lots) } : {}),
    samples: r.answer.samples.slice(0, 16),
    cost: costOf(r),
    ...(r.execution ? { execution: r.execution } : {}),
    software: r.software,
  };
}

/** The answer's usage plus what a failed quantum attempt already spent (never lost to the fallback). */
function costOf(r: RecordInput): ResultRecord['cost'] {
  const attempt = r.fallback.quantumAttempt;
  const providerJobs = (r.providerJobs ?? 0) + (attempt?.providerJobs ?? 0);
  return {
    shotsUsed: r.answer.shotsUsed + (attempt?.shotsUsed ?? 0),
    estimatedCostUsd: (r.answer.estimatedCostUsd ?? 0) + (attempt?.estimatedCostUsd ?? 0),
    queueWaitSeconds: (r.answer.queueSeconds ?? 0) + (attempt?.queueWaitSeconds ?? 0),
    ...(providerJobs > 0 ? { providerJobs } : {}),
  };
}
