/**
 * JobSpec config files (`qpo optimize --config FILE`): YAML or JSON, either a JobSpec as is or the
 * operations runbook's layout (snake_case keys; sections `vqe` / `qaoa` / `quantum` / `portfolio` /
 * `convergence` / `classical_fallback` / `fallback` / `annealing` / `limits`; Qiskit-style names such
 * as `RealAmplitudes` and `COBYLA`), which `normalizeConfig` maps onto the JobSpec. The runbook's
 * `vqe_config.yaml`, `fallback_config.yaml`, `quantum_config.yaml` and `config/runtime_override.yaml`
 * load as printed: every key maps onto the JobSpec, or is listed in `origin.ignored` with the reason
 * (printed on stderr and kept in the result). Mappings that change units or names are explained in
 * `origin.notes`. Pure: `initial_point: FILE` stays a string for the CLI to read.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { JobValidationError } from './errors';
import { checkDepth, MAX_INPUT_DEPTH, stripBom } from './depth';
import { mapRunbookAnnealing } from './runbook-annealing';

type Obj = Record<string, unknown>;

/** Parse YAML or JSON text (YAML 1.2 reads JSON). @throws JobValidationError with the line. */
export function parseConfigText(text: string, source: string): unknown {
  let value: unknown;
  try {
    value = parseYaml(stripBom(text), { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const message = (error as Error).message;
    if (/call stack/i.test(message)) throw new JobValidationError(`${source}: nested more than ${MAX_INPUT_DEPTH} levels deep; a JobSpec is at most 4 levels deep`, 'config');
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : '';
    throw new JobValidationError(`${source}: not valid YAML or JSON${where}: ${message.split('\n')[0]}`, 'config');
  }
  return checkDepth(value, 'config', `${source}:`);
}

/** Runbook / snake_case key -> JobSpec key, per section. */
const KEY_ALIASES: Record<string, string> = {
  max_iterations: 'maxIterations',
  maxiter: 'maxIterations',
  max_iter: 'maxIterations',
  max_evals: 'maxEvaluations',
  max_evaluations: 'maxEvaluations',
  maxfev: 'maxEvaluations',
  tol: 'tolerance',
  cvar_alpha: 'cvarAlpha',
  alpha: 'cvarAlpha',
  initial_point: 'initialPoint',
  rotation_blocks: 'rotationBlocks',
  entanglement_blocks: 'entanglementBlocks',
  ansatz_reps: 'reps',
  measurement_error_mitigation: 'mitigation',
  readout_error_mitigation: 'mitigation',
  risk_factor: 'riskFactor',
  job_id: 'jobId',
  schema_version: 'schemaVersion',
  stocks: 'tickers',
  assets: 'tickers',
  start_date: 'start',
  end_date: 'end',
  timeout: 'timeoutSeconds',
  timeout_seconds: 'timeoutSeconds',
  job_timeout_seconds: 'timeoutSeconds',
  queue_threshold: 'queueThreshold',
  max_queue_size: 'queueThreshold',
  queue_length_exceeds: 'queueThreshold',
  fallback_threshold: 'queueThreshold',
  max_queue_wait: 'maxQueueWaitSeconds',
  max_queue_wait_seconds: 'maxQueueWaitSeconds',
  classical_method: 'method',
  test_mode: 'testMode',
  force_fallback: 'force',
  num_reads: 'numReads',
  num_sweeps: 'numSweeps',
  beta_schedule: 'betaSchedule',
  beta_schedule_type: 'betaSchedule',
  beta_range: 'betaRange',
  time_limit_seconds: 'timeLimitSeconds',
  max_shots: 'maxShots',
  max_cost_usd: 'maxCostUsd',
  p: 'reps',
  cvar_schedule: 'cvarSchedule',
  warm_start: 'warmStart',
  initial_state: 'initialState',
  num_restarts: 'restarts',
};

/** Accepted spellings of the classical method (the runbook's `method`), JobSpec value first. */
export const METHOD_ALIASES: Readonly<Record<string, 'simulated_annealing' | 'exact'>> = {
  simulated_annealing: 'simulated_annealing',
  simulatedannealing: 'simulated_annealing',
  annealing: 'simulated_annealing',
  sa: 'simulated_annealing',
  exact: 'exact',
  brute_force: 'exact',
  bruteforce: 'exact',
  numpy_minimum_eigensolver: 'exact',
  numpyminimumeigensolver: 'exact',
};

const NAME_ALIASES: Record<string, Record<string, string>> = {
  ansatz: { givens: 'givens', realamplitudes: 'realamplitudes', efficientsu2: 'efficientsu2', twolocal: 'twolocal' },
  optimizer: { lbfgs: 'lbfgs', 'l-bfgs': 'lbfgs', 'l-bfgs-b': 'lbfgs', lbfgsb: 'lbfgs', cobyla: 'cobyla', spsa: 'spsa', neldermead: 'nelder-mead', 'nelder-mead': 'nelder-mead', nelder_mead: 'nelder-mead' },
  algorithm: { vqe: 'vqe', cvarvqe: 'vqe', 'cvar-vqe': 'vqe', qaoa: 'qaoa' },
  method: METHOD_ALIASES,
};

/** The JobSpec value of a classical method name (`simulated_annealing`, `SA`, `exact`, ...), or undefined. */
export function classicalMethodOf(name: string): 'simulated_annealing' | 'exact' | undefined {
  const k = name.trim().toLowerCase().replace(/[\s-]/g, '_');
  return METHOD_ALIASES[k] ?? METHOD_ALIASES[k.replace(/_/g, '')];
}

function renameKeys(section: Obj): Obj {
  const out: Obj = {};
  for (const [k, v] of Object.entries(section)) {
    const key = KEY_ALIASES[k] ?? k;
    const names = NAME_ALIASES[key];
    out[key] = names && typeof v === 'string' ? (names[v.toLowerCase().replace(/[\s_]/g, '')] ?? names[v.toLowerCase()] ?? v) : v;
  }
  return out;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What `normalizeConfig` collects beside the JobSpec fields. */
interface Report {
  readonly ignored: { key: string; reason: string }[];
  readonly notes: string[];
}

/** Why each runbook key that has no JobSpec field is ignored. */
const IGNORED: Record<string, string> = {
  notification:
    'notifications are the platform\'s, not the job\'s: failures publish to the SNS alerts topic and every job emits CloudWatch metrics (docs/deploy.md); locally, metrics go to <output>/metrics.jsonl',
  quantum_backend_unavailable:
    'always a trigger: an unavailable backend always sends the job to the fallback (reason backend-unavailable)',
};

/** Triggers of the runbook's `trigger_conditions` list and the JobSpec field each sets. */
const TRIGGERS = ['quantum_backend_unavailable', 'queue_length_exceeds: N (fallback.queueThreshold)', 'job_timeout_seconds: S (quantum.timeoutSeconds)', 'max_queue_wait_seconds: S (fallback.maxQueueWaitSeconds)'];

/** Set `target[key]` from `source`; the same key from two places must agree. */
function put(target: Obj, key: string, value: unknown, source: string, path: string): void {
  if (value === undefined) return;
  const prev = target[key];
  if (prev !== undefined && JSON.stringify(prev) !== JSON.stringify(value))
    throw new JobValidationError(`${source}: ${JSON.stringify(value)} conflicts with ${JSON.stringify(prev)} set elsewhere in the file for ${path}; keep one`, source);
  target[key] = value;
}

/** The runbook's `trigger_conditions`: a list of names and one-key mappings. */
function readTriggers(value: unknown, quantum: Obj, fallback: Obj, report: Report): void {
  const path = 'fallback.trigger_conditions';
  const items = Array.isArray(value) ? value : isObj(value) ? Object.entries(value).map(([k, v]) => ({ [k]: v })) : undefined;
  if (!items) throw new JobValidationError(`${path}: must be a list such as [quantum_backend_unavailable, {queue_length_exceeds: 100}]`, path);
  items.forEach((item, i) => {
    const entries: [string, unknown][] = typeof item === 'string' ? [[item, true]] : isObj(item) ? Object.entries(item) : [];
    if (entries.length === 0) throw new JobValidationError(`${path}[${i}]: ${JSON.stringify(item)} is not a trigger; use one of ${TRIGGERS.join(', ')}`, path);
    for (const [name, v] of entries) {
      const key = KEY_ALIASES[name] ?? name;
      if (name === 'quantum_backend_unavailable') report.ignored.push({ key: `${path}.${name}`, reason: IGNORED[name]! });
      else if (key === 'queueThreshold') put(fallback, key, v, `${path}.${name}`, 'fallback.queueThreshold');
      else if (key === 'timeoutSeconds') put(quantum, key, v, `${path}.${name}`, 'quantum.timeoutSeconds');
      else if (key === 'maxQueueWaitSeconds') put(fallback, key, v, `${path}.${name}`, 'fallback.maxQueueWaitSeconds');
      else throw new JobValidationError(`${path}[${i}]: unknown trigger '${name}'; use one of ${TRIGGERS.join(', ')}`, path);
    }
  });
}

/** The fallback settings of `fallback:` and `classical_fallback:` sections. */
function readFallback(section: Obj, name: string, quantum: Obj, fallback: Obj, report: Report): void {
  for (const [k, v] of Object.entries(renameKeys(section))) {
    if (k === 'trigger_conditions') readTriggers(v, quantum, fallback, report);
    else if (k === 'notification') report.ignored.push({ key: `${name}.notification`, reason: IGNORED.notification! });
    else if (k === 'timeoutSeconds') put(quantum, 'timeoutSeconds', v, `${name}.timeout_seconds`, 'quantum.timeoutSeconds');
    else if (k === 'simulated_annealing' || k === 'annealing') {
      if (!isObj(v)) throw new JobValidationError(`${name}.${k}: must be a mapping of settings`, `${name}.${k}`);
      put(fallback, 'annealing', readAnnealing(v, `${name}.${k}`, report), `${name}.${k}`, 'fallback.annealing');
    } else put(fallback, k, v, `${name}.${k}`, `fallback.${k}`);
  }
}

/** An annealing section in qpo's terms (num_reads, ...) or the runbook's (initial_temperature, ...). */
function readAnnealing(section: Obj, path: string, report: Report): Obj {
  const { annealing, note } = mapRunbookAnnealing(renameKeys(section), path);
  if (note) report.notes.push(note);
  return annealing;
}

/** `convergence:`: tolerance and the evaluation cap of the optimizer. */
function readConvergence(section: Obj, quantum: Obj): void {
  for (const [k, v] of Object.entries(renameKeys(section))) {
    if (k === 'tolerance' || k === 'maxEvaluations' || k === 'maxIterations') put(quantum, k, v, `convergence.${k}`, `quantum.${k}`);
    else throw new JobValidationError(`convergence: unknown field '${k}'; use tolerance, max_evals or max_iterations`, 'convergence');
  }
}

/**
 * Map a runbook-style config onto a JobSpec input (anything already in JobSpec form passes through).
 * `risk_tolerance: t` becomes riskFactor = 1 - t; `initial_point: null` means the default (random,
 * seeded) start; keys without a JobSpec field go to `origin.ignored` with the reason. Unknown keys are
 * left for the JobSpec validation to report with their path.
 * @param source the file name, recorded as `origin.config`.
 * @throws JobValidationError for a file that is not a mapping, conflicting keys, an unknown trigger.
 */
export function normalizeConfig(raw: unknown, source?: string): Obj {
  if (!isObj(raw)) throw new JobValidationError('config: the file must hold a mapping (YAML) or an object (JSON)', 'config');
  const report: Report = { ignored: [], notes: [] };
  const top = renameKeys(raw);
  const out: Obj = {};
  const quantum: Obj = {};
  const fallback: Obj = {};
  for (const [k, v] of Object.entries(top)) {
    if (k === 'vqe' || k === 'qaoa' || k === 'quantum') {
      if (!isObj(v)) throw new JobValidationError(`${k}: must be a mapping of settings`, k);
      for (const [qk, qv] of Object.entries(renameKeys(v))) put(quantum, qk, qv, `${k}.${qk}`, `quantum.${qk}`);
      if (k !== 'quantum' && quantum.algorithm === undefined) quantum.algorithm = k;
    } else if (k === 'annealing' || k === 'simulated_annealing') {
      if (!isObj(v)) throw new JobValidationError(`${k}: must be a mapping of settings`, k);
      put(fallback, 'annealing', readAnnealing(v, k, report), k, 'fallback.annealing');
    } else if (k === 'fallback' || k === 'classical_fallback') {
      if (!isObj(v)) throw new JobValidationError(`${k}: must be a mapping of settings`, k);
      readFallback(v, k, quantum, fallback, report);
    } else if (k === 'convergence') {
      if (!isObj(v)) throw new JobValidationError(`${k}: must be a mapping with tolerance and max_evals`, k);
      readConvergence(v, quantum);
    } else if (k === 'trigger_conditions') readTriggers(v, quantum, fallback, report);
    else if (k === 'notification') report.ignored.push({ key: 'notification', reason: IGNORED.notification! });
    else if (k === 'backend' || k === 'shots') put(quantum, k, v, k, `quantum.${k}`);
    else if (k === 'method' || k === 'queueThreshold' || k === 'maxQueueWaitSeconds' || k === 'testMode' || k === 'force') put(fallback, k, v, k, `fallback.${k}`);
    else if (k === 'portfolio' && isObj(v)) {
      const p = renameKeys(v);
      for (const key of ['riskFactor', 'budget', 'risk_tolerance'] as const) {
        if (p[key] !== undefined) {
          out[key] = p[key];
          delete p[key];
        }
      }
      if (p.num_assets !== undefined) report.ignored.push({ key: 'portfolio.num_assets', reason: 'the number of assets is the number of tickers' });
      delete p.num_assets;
      out.portfolio = p;
    } else out[k] = v;
  }
  if (out.risk_tolerance !== undefined) {
    const t = out.risk_tolerance;
    if (typeof t !== 'number' || !(t >= 0 && t <= 1))
      throw new JobValidationError(`risk_tolerance: ${JSON.stringify(t)} is out of range; must be between 0 and 1 (riskFactor = 1 - t)`, 'risk_tolerance');
    if (out.riskFactor !== undefined) throw new JobValidationError('risk_tolerance: give either risk_factor or risk_tolerance, not both', 'risk_tolerance');
    out.riskFactor = 1 - t;
    delete out.risk_tolerance;
  }
  // `initial_point: null` (the runbook's default) is the solver's own seeded random start.
  if (quantum.initialPoint === null) delete quantum.initialPoint;
  if (typeof fallback.method === 'string') fallback.method = classicalMethodOf(fallback.method) ?? fallback.method;
  if (Object.keys(quantum).length) out.quantum = quantum;
  if (Object.keys(fallback).length) out.fallback = fallback;
  if (source !== undefined || report.ignored.length || report.notes.length) {
    const prior = isObj(out.origin) ? out.origin : {};
    out.origin = {
      ...prior,
      ...(source === undefined ? {} : { config: source }),
      ...(report.ignored.length ? { ignored: report.ignored } : {}),
      ...(report.notes.length ? { notes: report.notes } : {}),
    };
  }
  return out;
}
