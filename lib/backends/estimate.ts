/**
 * What a variational job will ask of a backend, before it runs: the number of Sampler requests
 * (optimizer evaluations plus the final readout), shots, provider jobs/tasks and estimated cost.
 * Evaluation counts follow the optimizers' documented costs: COBYLA and Nelder-Mead use at most
 * `maxIterations` evaluations; SPSA 2 per iteration + 2 * 25 calibration + 2 at the end.
 */
export interface JobEstimate {
  readonly requests: number;
  readonly shotsPerRequest: number;
  readonly totalShots: number;
  /** Provider jobs (IBM) or tasks (Braket) the run creates at most. */
  readonly providerJobs: number;
  readonly estimatedCostUsd: number;
}

/** Sampler requests of one variational run (`maxEvaluations` caps the optimizer's evaluations). */
export function variationalRequests(optimizer: string, maxIterations: number, maxEvaluations?: number): number {
  const own = optimizer === 'spsa' ? 2 * maxIterations + 2 * 25 + 2 : maxIterations;
  const evaluations = maxEvaluations === undefined ? own : Math.min(own, maxEvaluations);
  return evaluations + 1; // + final readout
}

export function estimateJob(
  requests: number,
  shotsPerRequest: number,
  costPerRequestUsd: number,
  jobsPerRequest: number,
  calibration?: { shots: number; costUsd: number; jobs: number },
): JobEstimate {
  return {
    requests,
    shotsPerRequest,
    totalShots: requests * shotsPerRequest + (calibration?.shots ?? 0),
    providerJobs: requests * jobsPerRequest + (calibration?.jobs ?? 0),
    estimatedCostUsd: requests * costPerRequestUsd + (calibration?.costUsd ?? 0),
  };
}
