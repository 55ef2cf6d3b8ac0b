/** Every default of the platform in one place (the stage config overrides them). */
export const DEFAULTS = {
  project: 'qpo',
  batch: { maxVcpus: 256, jobVcpus: 4, jobMemoryGiB: 8, quantumStateTimeoutSeconds: 1200, startupGraceSeconds: 300 },
  fallback: { timeoutSeconds: 900, memoryMiB: 3008 },
  backends: ['local'],
  api: { throttleRatePerSecond: 10, throttleBurst: 20 },
  alarms: { fallbackRatePercent: 50, completionMinutes: 20, queueDepth: 50, batchQueueDepth: 50, noResultsMinutes: 10, quantumCreditsPercent: 10 },
  /** Milliseconds a provider status call (IBM Quantum, Braket) may take in the health check and CheckCapacity. */
  providerStatusTimeoutMs: 5000,
  healthCheckRate: 'rate(5 minutes)',
  glacierAfterDays: 90,
  sweepMaxConcurrency: 10,
  /** Lambda task timeouts of the state machine, seconds. */
  lambdaTimeoutSeconds: { prepare: 60, capacity: 60, record: 60, api: 29 },
  executionTimeoutSeconds: 4 * 3600,
  logRetentionDays: 90,
  /** Largest POST /optimize body, bytes (the JobSpec travels in a 256 KiB state payload). */
  maxRequestBytes: 131_072,
} as const;
