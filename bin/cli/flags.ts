/**
 * `qpo optimize` flags -> JobSpec input. Pure: the config file and the `--problem` file arrive
 * parsed. Flag values stay strings when they are not numbers, so validation names the bad value.
 */
import { JobValidationError } from '../../lib/jobs/errors';
import { classicalMethodOf } from '../../lib/jobs/config';
import { RUNBOOK_ENV } from '../../lib/contracts/env';
import type { RunbookSwitches } from './environment';
import { WEIGHT_FLAG_OF_PATH, type WeightFlags } from './weights-flags';

export interface OptimizeFlags extends WeightFlags {
  tickers?: string;
  stocks?: string;
  prices?: string;
  start?: string;
  end?: string;
  riskFactor?: string;
  riskTolerance?: string;
  budget?: string;
  solver?: string;
  algorithm?: string;
  backend?: string;
  ansatz?: string;
  reps?: string;
  entanglement?: string;
  mixer?: string;
  optimizer?: string;
  maxIterations?: string;
  shots?: string;
  cvarAlpha?: string;
  precision?: string;
  cvarSchedule?: string;
  restarts?: string;
  warmStart?: string;
  initialState?: string;
  seed?: string;
  timeout?: string;
  forceFallback?: boolean;
  /** The classical method (runbook names: simulated_annealing, exact, ...). */
  method?: string;
  fallbackThreshold?: string;
  maxQueueWait?: string;
  testMode?: boolean;
  tolerance?: string;
  maxEvaluations?: string;
  executionMode?: string;
  populationSize?: string;
  refineIterations?: string;
  trainNoise?: string;
  maxShots?: string;
  maxCostUsd?: string;
  config?: string;
  problem?: string;
  jobId?: string;
}

/** JobSpec path -> the flag that sets it, for error messages. */
export const FLAG_OF_PATH: Record<string, string> = {
  'portfolio.tickers': '--tickers',
  'portfolio.dataset': '--prices',
  'portfolio.start': '--start',
  'portfolio.end': '--end',
  riskFactor: '--risk-factor',
  budget: '--budget',
  solver: '--solver',
  'quantum.algorithm': '--algorithm',
  'quantum.backend': '--backend',
  'quantum.ansatz': '--ansatz',
  'quantum.reps': '--reps',
  'quantum.entanglement': '--entanglement',
  'quantum.mixer': '--mixer',
  'quantum.optimizer': '--optimizer',
  'quantum.maxIterations': '--max-iterations',
  'quantum.shots': '--shots',
  'quantum.cvarAlpha': '--cvar-alpha',
  'quantum.precision': '--precision',
  'quantum.cvarSchedule': '--cvar-schedule',
  'quantum.restarts': '--restarts',
  'quantum.warmStart': '--warm-start',
  'quantum.initialState': '--initial-state',
  'quantum.seed': '--seed',
  'quantum.timeoutSeconds': '--timeout',
  'fallback.timeoutSeconds': '--timeout',
  'fallback.method': '--method',
  'fallback.queueThreshold': '--fallback-threshold',
  'fallback.maxQueueWaitSeconds': '--max-queue-wait',
  'quantum.tolerance': '--tolerance',
  'quantum.maxEvaluations': '--max-evaluations',
  'quantum.executionMode': '--execution-mode',
  'quantum.populationSize': '--population-size',
  'quantum.refineIterations': '--refine-iterations',
  'quantum.trainNoise': '--train-noise',
  'limits.maxShots': '--max-shots',
  'limits.maxCostUsd': '--max-cost-usd',
  jobId: '--job-id',
  ...WEIGHT_FLAG_OF_PATH,
};

/** A decimal number as people write it (`2`, `-0.5`, `1e-3`); hex, binary, octal and `Infinity` are not. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A flag value as a number when it is a finite decimal; otherwise the text, so validation shows it. */
const num = (v: string | undefined): number | string | undefined => {
  if (v === undefined) return undefined;
  const x = Number(v.trim());
  return DECIMAL.test(v.trim()) && Number.isFinite(x) ? x : v;
};

type Obj = Record<string, unknown>;
const section = (base: Obj, key: string): Obj => {
  const v = base[key];
  const out = typeof v === 'object' && v !== null && !Array.isArray(v) ? { ...(v as Obj) } : {};
  base[key] = out;
  return out;
};
const set = (o: Obj, key: string, v: unknown) => {
  if (v !== undefined) o[key] = v;
};

/** The explicit problem file of `--problem`: `{ tickers, mu, sigma, riskFactor?, budget? }`. */
export interface ProblemFile {
  tickers?: unknown;
  mu?: unknown;
  sigma?: unknown;
  riskFactor?: unknown;
  budget?: unknown;
}

/** The runbook's environment switches onto the spec (above the config file, below the flags). */
function applySwitches(spec: Obj, switches: RunbookSwitches): void {
  const used: string[] = [];
  if (switches.forceClassicalFallback) {
    section(spec, 'fallback').force = true;
    used.push(`${RUNBOOK_ENV.FORCE_CLASSICAL_FALLBACK}=true`);
  }
  if (switches.quantumBackend !== undefined) {
    section(spec, 'quantum').backend = switches.quantumBackend;
    used.push(`${RUNBOOK_ENV.QUANTUM_BACKEND}=${switches.quantumBackend}`);
  }
  if (switches.shots !== undefined) {
    section(spec, 'quantum').shots = switches.shots;
    used.push(`${RUNBOOK_ENV.VQE_SHOTS}=${switches.shots}`);
  }
  if (used.length) section(spec, 'origin').environment = used;
}

/**
 * Merge config (lowest), problem file, the runbook's environment switches, then flags (highest) into
 * a JobSpec input. Flags have no defaults of their own (the JobSpec fills them), so an unset flag
 * never overrides a config value.
 * @throws JobValidationError for flag combinations that cannot be expressed (both q and t, t out of range).
 */
export function specFromFlags(flags: OptimizeFlags, config: Obj = {}, problemFile?: ProblemFile, switches: RunbookSwitches = {}): Obj {
  const spec: Obj = structuredClone(config);
  applySwitches(spec, switches);
  const portfolio = section(spec, 'portfolio');
  if (problemFile) {
    const allowed = new Set(['tickers', 'mu', 'sigma', 'riskFactor', 'budget']);
    const unknown = Object.keys(problemFile).filter((k) => !allowed.has(k));
    if (unknown.length)
      throw new JobValidationError(`--problem: unknown field(s) ${unknown.map((k) => `'${k}'`).join(', ')}; the file holds tickers, mu, sigma, riskFactor, budget`, 'problem');
    set(portfolio, 'tickers', problemFile.tickers);
    set(portfolio, 'mu', problemFile.mu);
    set(portfolio, 'sigma', problemFile.sigma);
    set(spec, 'riskFactor', problemFile.riskFactor);
    set(spec, 'budget', problemFile.budget);
  }
  const tickers = flags.tickers ?? flags.stocks;
  if (tickers !== undefined) set(portfolio, 'tickers', tickers.split(',').map((t) => t.trim()).filter(Boolean));
  set(portfolio, 'dataset', flags.prices);
  set(portfolio, 'start', flags.start);
  set(portfolio, 'end', flags.end);
  if (flags.riskFactor !== undefined && flags.riskTolerance !== undefined)
    throw new JobValidationError('--risk-tolerance: give either --risk-factor q or --risk-tolerance t (q = 1 - t), not both', 'riskTolerance');
  if (flags.riskTolerance !== undefined) {
    const t = num(flags.riskTolerance);
    if (typeof t !== 'number' || t < 0 || t > 1)
      throw new JobValidationError(`--risk-tolerance: '${flags.riskTolerance}' is out of range; must be a number between 0 and 1 (risk factor q = 1 - t)`, 'riskTolerance');
    // q = 1 - t at 12 significant digits: 0.9 gives 0.1, not 0.09999999999999998.
    spec.riskFactor = Number((1 - t).toPrecision(12));
  }
  set(spec, 'riskFactor', num(flags.riskFactor));
  set(spec, 'budget', num(flags.budget));
  set(spec, 'solver', flags.solver);
  set(spec, 'jobId', flags.jobId);
  const quantumFlags: Obj = {
    algorithm: flags.algorithm,
    backend: flags.backend,
    ansatz: flags.ansatz?.toLowerCase(),
    reps: num(flags.reps),
    entanglement: flags.entanglement,
    mixer: flags.mixer,
    optimizer: flags.optimizer?.toLowerCase(),
    maxIterations: num(flags.maxIterations),
    shots: num(flags.shots),
    cvarAlpha: num(flags.cvarAlpha),
    precision: flags.precision?.toLowerCase(),
    cvarSchedule: flags.cvarSchedule,
    restarts: num(flags.restarts),
    warmStart: flags.warmStart,
    initialState: flags.initialState,
    seed: num(flags.seed),
    timeoutSeconds: num(flags.timeout),
    tolerance: num(flags.tolerance),
    maxEvaluations: num(flags.maxEvaluations),
    executionMode: flags.executionMode,
    populationSize: num(flags.populationSize),
    refineIterations: num(flags.refineIterations),
    trainNoise: flags.trainNoise,
  };
  if (Object.values(quantumFlags).some((v) => v !== undefined)) {
    const quantum = section(spec, 'quantum');
    for (const [k, v] of Object.entries(quantumFlags)) set(quantum, k, v);
  }
  // --timeout replaces a config's deprecated fallback.timeoutSeconds too (the flag wins).
  if (flags.timeout !== undefined && typeof spec.fallback === 'object' && spec.fallback !== null) delete (spec.fallback as Obj).timeoutSeconds;
  if (flags.forceFallback) section(spec, 'fallback').force = true;
  if (flags.testMode) section(spec, 'fallback').testMode = true;
  if (flags.method !== undefined) section(spec, 'fallback').method = classicalMethodOf(flags.method) ?? flags.method;
  if (flags.fallbackThreshold !== undefined) section(spec, 'fallback').queueThreshold = num(flags.fallbackThreshold);
  if (flags.maxQueueWait !== undefined) section(spec, 'fallback').maxQueueWaitSeconds = num(flags.maxQueueWait);
  if (flags.maxShots !== undefined || flags.maxCostUsd !== undefined) {
    const limits = section(spec, 'limits');
    set(limits, 'maxShots', num(flags.maxShots));
    set(limits, 'maxCostUsd', num(flags.maxCostUsd));
  }
  return spec;
}
