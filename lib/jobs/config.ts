/**
 * JobSpec config files (`qpo optimize --config FILE`): YAML or JSON, either a JobSpec as is or the
 * operations runbook's `vqe_config.yaml` / `fallback_config.yaml` layout (snake_case keys, sections
 * `vqe` / `qaoa` / `quantum` / `portfolio` / `fallback` / `annealing` / `limits`, Qiskit-style names
 * such as `RealAmplitudes` and `COBYLA`), which `normalizeConfig` maps onto the JobSpec.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { JobValidationError } from './errors';

type Obj = Record<string, unknown>;

/** Parse YAML or JSON text (YAML 1.2 reads JSON). @throws JobValidationError with the line. */
export function parseConfigText(text: string, source: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true });
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` (line ${error.linePos[0].line}, column ${error.linePos[0].col})` : '';
    throw new JobValidationError(`${source}: not valid YAML or JSON${where}: ${(error as Error).message.split('\n')[0]}`, 'config');
  }
}

/** Runbook / snake_case key -> JobSpec key, per section. */
const KEY_ALIASES: Record<string, string> = {
  max_iterations: 'maxIterations',
  maxiter: 'maxIterations',
  max_iter: 'maxIterations',
  cvar_alpha: 'cvarAlpha',
  alpha: 'cvarAlpha',
  initial_point: 'initialPoint',
  rotation_blocks: 'rotationBlocks',
  entanglement_blocks: 'entanglementBlocks',
  risk_factor: 'riskFactor',
  job_id: 'jobId',
  schema_version: 'schemaVersion',
  stocks: 'tickers',
  assets: 'tickers',
  start_date: 'start',
  end_date: 'end',
  timeout: 'timeoutSeconds',
  timeout_seconds: 'timeoutSeconds',
  queue_threshold: 'queueThreshold',
  max_queue_size: 'queueThreshold',
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

const NAME_ALIASES: Record<string, Record<string, string>> = {
  ansatz: { givens: 'givens', realamplitudes: 'realamplitudes', efficientsu2: 'efficientsu2', twolocal: 'twolocal' },
  optimizer: { lbfgs: 'lbfgs', 'l-bfgs': 'lbfgs', 'l-bfgs-b': 'lbfgs', lbfgsb: 'lbfgs', cobyla: 'cobyla', spsa: 'spsa', neldermead: 'nelder-mead', 'nelder-mead': 'nelder-mead', nelder_mead: 'nelder-mead' },
  algorithm: { vqe: 'vqe', cvarvqe: 'vqe', 'cvar-vqe': 'vqe', qaoa: 'qaoa' },
};

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

/**
 * Map a runbook-style config onto a JobSpec input (anything already in JobSpec form passes through).
 * `risk_tolerance: t` becomes riskFactor = 1 - t. Unknown keys are left for the JobSpec validation to
 * report with their path.
 */
export function normalizeConfig(raw: unknown): Obj {
  if (!isObj(raw)) throw new JobValidationError('config: the file must hold a mapping (YAML) or an object (JSON)', 'config');
  const top = renameKeys(raw);
  const out: Obj = {};
  const quantum: Obj = isObj(top.quantum) ? renameKeys(top.quantum) : {};
  const fallback: Obj = isObj(top.fallback) ? renameKeys(top.fallback) : {};
  for (const [k, v] of Object.entries(top)) {
    if (k === 'vqe' || k === 'qaoa') {
      if (!isObj(v)) throw new JobValidationError(`${k}: must be a mapping of settings`, k);
      Object.assign(quantum, renameKeys(v));
      if (quantum.algorithm === undefined) quantum.algorithm = k;
    } else if (k === 'annealing' || k === 'simulated_annealing') {
      if (!isObj(v)) throw new JobValidationError(`${k}: must be a mapping of settings`, k);
      fallback.annealing = renameKeys(v);
    } else if (k === 'portfolio' && isObj(v)) {
      const p = renameKeys(v);
      for (const key of ['riskFactor', 'budget', 'risk_tolerance'] as const) {
        if (p[key] !== undefined) {
          out[key] = p[key];
          delete p[key];
        }
      }
      delete p.num_assets;
      out.portfolio = p;
    } else if (k !== 'quantum' && k !== 'fallback') out[k] = v;
  }
  if (out.risk_tolerance !== undefined) {
    const t = out.risk_tolerance;
    if (typeof t !== 'number' || !(t >= 0 && t <= 1))
      throw new JobValidationError(`risk_tolerance: ${JSON.stringify(t)} is out of range; must be between 0 and 1 (riskFactor = 1 - t)`, 'risk_tolerance');
    if (out.riskFactor !== undefined) throw new JobValidationError('risk_tolerance: give either risk_factor or risk_tolerance, not both', 'risk_tolerance');
    out.riskFactor = 1 - t;
    delete out.risk_tolerance;
  }
  if (isObj(fallback.annealing)) fallback.annealing = renameKeys(fallback.annealing);
  // The runbook's fallback timeout is the quantum path's budget: quantum.timeoutSeconds.
  if (fallback.timeoutSeconds !== undefined && quantum.timeoutSeconds === undefined) {
    quantum.timeoutSeconds = fallback.timeoutSeconds;
    delete fallback.timeoutSeconds;
  }
  if (Object.keys(quantum).length) out.quantum = quantum;
  if (Object.keys(fallback).length) out.fallback = fallback;
  return out;
}
