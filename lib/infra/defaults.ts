/** Every default of the platform in one place (the stage config overrides them). */
export const DEFAULTS = {
  project: 'qpo',
  batch: { maxVcpus: 256, jobVcpus: 4, jobMemoryGiB: 8, quantumStateTimeoutSeconds: 1200, startupGraceSeconds: 300 },
  fallback: { timeoutSeconds: 900, memoryMiB: 3008 },
  backends: ['local'],
  api: { throttleRatePerSecond: 10, throttleBurst: 20 },
  /** The runbook's alarm thresholds (lib/infra/alarm-table.ts). */
  alarms: {
    fallbackRatePercent: 20,
    completionMinutes: 20,
    /** Jobs waiting at a quantum provider (the runbook's "quantum job queue > 50", P1). */
    queueDepth: 50,
    /** Jobs waiting in the Batch queue (P2). */
    batchQueueDepth: 50,
    noResultsMinutes: 10,
    quantumSuccessPercent: 90,
    qualityRatio: 0.95,
    queueWaitSeconds: 300,
    batchSuccessPercent: 98,
    failureRatePercent: 10,
    failureRateCriticalPercent: 25,
    /** IBM quantum seconds left, percent of the instance's limit (P2). */
    quantumCreditsPercent: 10,
    /** p90 of PlanError (actual / planned wall time) over a day above this factor, or below its inverse (P3). */
    planErrorFactor: 2,
  },
  /** Milliseconds a provider status call (IBM Quantum, Braket) may take in the health check and CheckCapacity. */
  providerStatusTimeoutMs: 5000,
  healthCheckRate: 'rate(5 minutes)',
  glacierAfterDays: 90,
  sweepMaxConcurrency: 10,
  /** CheckCapacity's cache of the force-classical switch, seconds (takes effect within a minute). */
  forceClassicalCacheSeconds: 30,
  /** Days a job index entry is kept after its last change. */
  jobIndexRetentionDays: 400,
  /** Lambda task timeouts of the state machine, seconds. */
  lambdaTimeoutSeconds: { prepare: 60, capacity: 60, record: 60, api: 29 },
  executionTimeoutSeconds: 4 * 3600,
  logRetentionDays: 90,
  /** Largest POST /optimize body, bytes (the JobSpec travels in a 256 KiB state payload). */
  maxRequestBytes: 131_072,
} as const;
