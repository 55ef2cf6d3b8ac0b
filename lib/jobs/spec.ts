/**
 * JobSpec: the versioned input of `POST /optimize`, of the state machine, of the Batch container and
 * of `qpo optimize --config`. zod schema; `parseJobSpec` validates and fills defaults, and renders
 * every problem as `field: bad value and the valid range` in one JobValidationError.
 */
import { z } from 'zod';
import { JobValidationError } from './errors';
import { GATE_ARITY, type GateName } from '../quantum/circuit';
import { autoReps } from '../solvers/reps';
import { EXACT_DEFAULT_MAX_ASSETS } from '../solvers/exact';
import { normalizeBackendName } from '../backends/names';
import { unknownWeightTickers, WeightsSpec } from './weights-spec';

/** The current JobSpec version: 2 adds the `weights` section; version 1 specs (binary selection) still load. */
export const JOB_SPEC_VERSION = 2;
export const JOB_SPEC_VERSIONS = [1, 2] as const;
export const MAX_SHOTS = 100_000;

/** A bad value as shown in a message: JSON, at most 80 characters. */
const show = (v: unknown): string => {
  let text: string;
  try {
    text = typeof v === 'string' ? `'${v}'` : (JSON.stringify(v) ?? String(v));
  } catch {
    text = Array.isArray(v) ? 'an array' : typeof v;
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};
/** The message of a failed check, or `required` ('is required' and how to give it) when the value is missing. */
const msg = (text: (input: unknown) => string, required = 'is required') => (iss: { input?: unknown }) => (iss.input === undefined ? required : text(iss.input));

/** `between 1 and 3`, `equal to 1` when lo = hi, `greater than 0 and at most 1` for an open lower end. */
function rangeText(lo: number, hi: number, exclusiveLo = false): string {
  if (exclusiveLo) return `greater than ${lo} and at most ${hi}`;
  return lo === hi ? `equal to ${lo}` : `between ${lo} and ${hi}`;
}

/**
 * A finite number in [lo, hi] (or (lo, hi]), optionally an integer, with exactly one message per bad
 * value: the range first (`1e+308 is out of range; must be an integer between 1 and 20`), then the
 * integrality (`2.5 is not an integer; ...`).
 */
function numberIn(lo: number, hi: number, opts: { int?: boolean; exclusiveLo?: boolean } = {}) {
  const range = rangeText(lo, hi, opts.exclusiveLo);
  const kind = opts.int ? 'an integer' : 'a number';
  return z.number({ error: msg((v) => `${show(v)} is not a number; must be ${kind} ${range}`) }).superRefine((v, ctx) => {
    const inRange = (opts.exclusiveLo ? v > lo : v >= lo) && v <= hi;
    if (!inRange) ctx.addIssue({ code: 'custom', message: `${show(v)} is out of range; must be ${range}`, input: v });
    else if (opts.int && !Number.isInteger(v)) ctx.addIssue({ code: 'custom', message: `${show(v)} is not an integer; must be an integer ${range}`, input: v });
  });
}

/** A finite number > 0 (no upper bound but the floating-point one), one message per bad value. */
const positiveNumber = () =>
  z.number({ error: msg((v) => `${show(v)} is not a number; must be a number greater than 0`) }).superRefine((v, ctx) => {
    if (!(v > 0)) ctx.addIssue({ code: 'custom', message: `${show(v)} is out of range; must be greater than 0`, input: v });
  });

/** Gate names of GATE_ARITY acting on `qubits` qubits (the TwoLocal blocks). */
const gatesOf = (qubits: number) => (Object.keys(GATE_ARITY) as GateName[]).filter((g) => GATE_ARITY[g].qubits === qubits);
const ROTATION_GATES = gatesOf(1);
const ENTANGLING_GATES = gatesOf(2);

/** A TwoLocal block list: 1-qubit (rotation) or 2-qubit (entanglement) gate names, lower case. */
function gateBlocks(qubits: 1 | 2) {
  const valid = qubits === 1 ? ROTATION_GATES : ENTANGLING_GATES;
  const name = z.string({ error: msg((v) => `${show(v)} is not a gate name; use one of ${valid.join(', ')}`) }).transform((g) => g.toLowerCase());
  return z
    .array(name, { error: msg((v) => `${show(v)} is not a list of gate names; e.g. [${valid.slice(0, 3).join(', ')}]`) })
    .min(1, { error: 'is empty; give at least one gate' })
    .superRefine((names, ctx) => {
      names.forEach((g, i) => {
        if (!(valid as string[]).includes(g))
          ctx.addIssue({ code: 'custom', path: [i], message: `'${g}' is not a ${qubits}-qubit gate; use one of ${valid.join(', ')}`, input: g });
      });
    });
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: msg((v) => `${show(v)} is not valid; use one of ${values.join(', ')}`) });
}

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: (iss) => `${show(iss.input)} is not a date; use YYYY-MM-DD` });

const ticker = z.string().regex(/^[A-Za-z0-9.\-_^]{1,16}$/, {
  error: (iss) => `${show(iss.input)} is not a ticker symbol (1-16 letters, digits, . - _ ^)`,
});

export const PortfolioSpec = z
  .strictObject({
    tickers: z
      .array(ticker, {
        error: msg(
          (v) => `${show(v)} is not a list of ticker symbols; give 2 to 64 symbols of the dataset, e.g. ["AAPL", "MSFT"]`,
          'is required: name the 2 to 64 assets to choose from, symbols of the dataset (e.g. AAPL,MSFT,GOOG; the bundled ones are the columns of data/stock_prices.csv)',
        ),
      })
      .min(2, { error: 'at least 2 tickers are needed' })
      .max(64, { error: 'at most 64 tickers are allowed; split the universe or pre-select assets' }),
    /** 'bundled' (the data/ prices), or a dataset reference the runner resolves (file path, S3 key). */
    dataset: z.string().min(1).default('bundled'),
    start: isoDate.optional(),
    end: isoDate.optional(),
    /** Explicit expected daily returns, shape (n); with `sigma`, replaces the dataset. */
    mu: z.array(z.number({ error: msg((v) => `${show(v)} is not a number; give one expected daily return per ticker`) }), { error: msg((v) => `${show(v)} is not a list of numbers`) }).optional(),
    /** Explicit daily covariance, shape (n, n). */
    sigma: z
      .array(z.array(z.number({ error: msg((v) => `${show(v)} is not a number; Sigma holds daily covariances`) }), { error: msg((v) => `${show(v)} is not a row of numbers`) }), {
        error: msg((v) => `${show(v)} is not a matrix (a list of rows)`),
      })
      .optional(),
  })
  .superRefine((p, ctx) => {
    if ((p.mu === undefined) !== (p.sigma === undefined))
      ctx.addIssue({ code: 'custom', path: [p.mu ? 'sigma' : 'mu'], message: 'mu and sigma must be given together' });
    if (p.start && p.end && p.start > p.end)
      ctx.addIssue({ code: 'custom', path: ['end'], message: `'${p.end}' is before start '${p.start}'` });
    if (new Set(p.tickers).size !== p.tickers.length)
      ctx.addIssue({ code: 'custom', path: ['tickers'], message: 'tickers must not repeat' });
  });

export const ANSATZ_NAMES = ['givens', 'realamplitudes', 'efficientsu2', 'twolocal'] as const;
export const ENTANGLEMENTS = ['linear', 'reverse_linear', 'circular', 'full', 'pairwise'] as const;
export const OPTIMIZERS = ['lbfgs', 'cobyla', 'spsa', 'nelder-mead', 'cmaes'] as const;
/** Classical methods: of `solver: classical` and of the fallback (the runbook's `method`). */
export const CLASSICAL_METHODS = ['simulated_annealing', 'exact'] as const;

/**
 * The quantum settings. Settings left out are chosen by the solver (lib/solvers resolveVqe /
 * resolveQaoa) from what the backend offers, and recorded in the result's `variational` section:
 * VQE runs the givens ansatz with L-BFGS and ascending CVaR on the local simulator, COBYLA through
 * the Sampler elsewhere; a Qiskit ansatz keeps Qiskit's meaning and qpo's previous defaults.
 */
export const QuantumSpec = z
  .strictObject({
  algorithm: oneOf(['vqe', 'qaoa']).default('vqe'),
  backend: z.string().min(1).default('local'),
  /** Omitted: givens (Hamming-weight preserving). */
  ansatz: oneOf(ANSATZ_NAMES).optional(),
  /** Ansatz repetitions / givens layers / QAOA layers p, or `auto`: chosen from the number of qubits (autoReps). */
  reps: z
    .union([numberIn(1, 20, { int: true }), z.literal('auto')], {
      error: msg((v) => `${show(v)} is not valid; use an integer between 1 and 20, or 'auto' (chosen from the number of assets)`),
    })
    .optional(),
  /** Qiskit ansätze only (default reverse_linear). */
  entanglement: oneOf(ENTANGLEMENTS).optional(),
  /** QAOA mixer: `x` (transverse field) or `xy` (ring XY, keeps the budget). */
  mixer: oneOf(['x', 'xy']).optional(),
  /** Initial state of the givens ansatz or of the XY-mixer QAOA: a feasible basis state or the Dicke state. */
  initialState: oneOf(['basis', 'dicke']).optional(),
  /** TwoLocal only: the 1-qubit gates of each rotation layer, e.g. [ry, rz]. */
  rotationBlocks: gateBlocks(1).optional(),
  /** TwoLocal only: the 2-qubit gates of each entanglement layer, e.g. [cz]. */
  entanglementBlocks: gateBlocks(2).optional(),
  optimizer: z
    .enum(OPTIMIZERS, {
      error: msg((v) =>
        typeof v === 'string' && /^slsqp$/i.test(v)
          ? `${show(v)} is not supported; use one of ${OPTIMIZERS.join(', ')} (COBYLA is the usual replacement for SLSQP in VQE; lbfgs takes exact gradients on the local simulator)`
          : `${show(v)} is not valid; use one of ${OPTIMIZERS.join(', ')}`,
      ),
    })
    .optional(),
  /** Objective evaluations (L-BFGS: value and gradient, all starts together), or SPSA iterations. */
  maxIterations: numberIn(1, 100_000, { int: true }).optional(),
  /** Hard cap on objective evaluations (circuit runs) of any optimizer (runbook convergence.max_evals). */
  maxEvaluations: numberIn(1, 1_000_000, { int: true }).optional(),
  /** Convergence tolerance: COBYLA's final trust-region radius (rhoend), Nelder-Mead's fatol/xatol, L-BFGS's gradient tolerance. */
  tolerance: numberIn(0, 1e3, { exclusiveLo: true }).optional(),
  shots: numberIn(1, MAX_SHOTS, { int: true }).optional(),
  /** A fixed CVaR level; omitted: the ascending schedule (givens, QAOA) or 0.25 (Qiskit ansätze). */
  cvarAlpha: numberIn(0, 1, { exclusiveLo: true }).optional(),
  /** `fixed` (cvarAlpha) or `ascending` (stages of alpha rising to 1, Kolotouros & Wallden 2022). */
  cvarSchedule: oneOf(['fixed', 'ascending']).optional(),
  /** Random starts at most (multi-start). */
  restarts: numberIn(1, 1000, { int: true }).optional(),
  /** `annealing`: start the ansatz from the simulated-annealing answer (Egger et al. 2021). */
  warmStart: oneOf(['none', 'annealing']).optional(),
  /** Simulator amplitude precision: double (float64) or single (float32); hardware ignores it. */
  precision: oneOf(['double', 'single']).default('double'),
  seed: numberIn(0, 2 ** 32 - 1, { int: true }).optional(),
  /** Wall-clock budget of the quantum path, seconds; past it the fallback answers (reason `timeout`). */
  timeoutSeconds: numberIn(0, 86_400, { exclusiveLo: true }).default(600),
  initialPoint: z
    .array(z.number(), {
      error: msg((v) =>
        typeof v === 'string'
          ? `${show(v)} is a file name; only qpo optimize reads files (a list of numbers, one per circuit parameter, is expected here)`
          : `${show(v)} is not a list of numbers; give one number per circuit parameter`,
      ),
    })
    .optional(),
  /** Readout-error mitigation on hardware backends (default on). */
  mitigation: z.boolean().optional(),
  /**
   * How the run uses a provider (lib/jobs/plan.ts): `per-evaluation`, `batched` (a population of
   * parameter sets per job), `session` (batched in an IBM Runtime session), `train-then-sample`
   * (optimized on the local simulator, sampled on the device), or `auto`: the cheapest mode whose
   * plan fits the budget. The local simulator ignores it.
   */
  executionMode: oneOf(['auto', 'per-evaluation', 'batched', 'session', 'train-then-sample']).default('auto'),
  /** Parameter sets per provider job of the batched and session modes (CMA-ES population). @default 20, widened by the plan */
  populationSize: numberIn(2, 1000, { int: true }).optional(),
  /**
   * Train-then-sample: CMA-ES generations on the device after the local training (each one provider
   * job or task of `populationSize` parameter sets), before the final readout. @default 0
   */
  refineIterations: numberIn(0, 1000, { int: true }).default(0),
  /**
   * Train-then-sample: `readout` trains on the local simulator through the device's per-qubit readout
   * error (IBM backend properties), so the angles suit the distribution the device reports. VQE only.
   */
  trainNoise: oneOf(['none', 'readout']).default('none'),
  /** `backend: auto` scoring and requirements (lib/backends/select.ts). */
  selection: z
    .strictObject({
      weights: z
        .union([
          oneOf(['balanced', 'cost-optimized', 'speed-optimized', 'capability-optimized']),
          z.strictObject({ cost: numberIn(0, 1), queueTime: numberIn(0, 1), capability: numberIn(0, 1), availability: numberIn(0, 1) }),
        ])
        .optional(),
      minQubits: numberIn(1, 10_000, { int: true }).optional(),
      /** Largest acceptable queue; default fallback.queueThreshold. */
      maxQueue: numberIn(0, 1_000_000, { int: true }).optional(),
    })
    .optional(),
  })
  .superRefine((q, ctx) => {
    for (const key of ['rotationBlocks', 'entanglementBlocks'] as const)
      if (q[key] !== undefined && q.ansatz !== 'twolocal')
        ctx.addIssue({ code: 'custom', path: [key], message: `is only read by ansatz twolocal, not ${q.ansatz ?? 'the default (givens)'}; set ansatz: twolocal or remove it` });
    if (q.trainNoise === 'readout' && q.refineIterations > 0)
      ctx.addIssue({ code: 'custom', path: ['trainNoise'], message: 'readout (noisy training) and refineIterations (refinement on the device) are alternatives; remove one of them' });
    if (q.trainNoise === 'readout' && q.algorithm === 'qaoa')
      ctx.addIssue({ code: 'custom', path: ['trainNoise'], message: 'readout is implemented for VQE (the givens ansatz); use algorithm vqe or trainNoise none' });
    if (q.trainNoise === 'readout' && ['per-evaluation', 'batched', 'session'].includes(q.executionMode))
      ctx.addIssue({ code: 'custom', path: ['trainNoise'], message: `applies to train-then-sample's local training; executionMode ${q.executionMode} trains on the device itself: set executionMode train-then-sample or remove trainNoise` });
    if (q.refineIterations > 0 && ['per-evaluation', 'batched', 'session'].includes(q.executionMode))
      ctx.addIssue({ code: 'custom', path: ['refineIterations'], message: `refines train-then-sample's locally trained angles; executionMode ${q.executionMode} optimizes on the device already: set executionMode train-then-sample (or auto) or remove refineIterations` });
  });

export const AnnealingSpec = z.strictObject({
  numReads: numberIn(1, 1_000_000, { int: true }).default(100),
  numSweeps: numberIn(1, 10_000_000, { int: true }).default(1000),
  betaSchedule: oneOf(['geometric', 'linear']).default('geometric'),
  /** Inverse temperatures [hot, cold] of the schedule, 0 < hot <= cold (default: from the model's coefficients). */
  betaRange: z
    .tuple([positiveNumber(), positiveNumber()], {
      error: msg((v) => `${show(v)} is not [hot, cold]; give two inverse temperatures 0 < hot <= cold, e.g. [0.1, 10]`),
    })
    .superRefine(([hot, cold], ctx) => {
      if (hot > cold) ctx.addIssue({ code: 'custom', message: `[${hot}, ${cold}] is in the wrong order; must be [hot, cold] with hot <= cold, e.g. [${cold}, ${hot}]` });
    })
    .optional(),
  seed: numberIn(0, 2 ** 32 - 1, { int: true }).optional(),
  timeLimitSeconds: numberIn(0, 86_400, { exclusiveLo: true }).optional(),
});

export const FallbackSpec = z.strictObject({
  enabled: z.boolean().default(true),
  /** Skip the quantum path and go straight to annealing (reason `forced`). */
  force: z.boolean().default(false),
  /** Queue depth above which the quantum path is skipped (reason `queue-overflow`). */
  queueThreshold: numberIn(0, 1_000_000, { int: true }).default(50),
  /**
   * Seconds the job's provider requests may wait in queues in total; past it the quantum path stops
   * and the fallback answers (reason `queue-overflow`). Checked as each request returns.
   */
  maxQueueWaitSeconds: numberIn(0, 86_400, { exclusiveLo: true }).optional(),
  /** The classical method of the fallback and of `solver: classical`. */
  method: oneOf(CLASSICAL_METHODS).default('simulated_annealing'),
  /** Simulate a failure of the quantum path to exercise the fallback (reason `test-mode`); no provider is called. */
  testMode: z.boolean().default(false),
  /** Deprecated name of `quantum.timeoutSeconds` (read, moved there, and noted; see jobSpecNotes). */
  timeoutSeconds: numberIn(0, 86_400, { exclusiveLo: true }).optional(),
  annealing: AnnealingSpec.default(AnnealingSpec.parse({})),
});

export const LimitsSpec = z.strictObject({
  maxShots: numberIn(1, 1e12, { int: true }).optional(),
  maxCostUsd: numberIn(0, 1e6).optional(),
});

export const SOLVER_CHOICES = ['auto', 'quantum', 'classical', 'exact'] as const;

/** A setting of a config file that does not map onto the JobSpec, and why. */
export const IgnoredSetting = z.strictObject({ key: z.string().max(200), reason: z.string().max(500) });

/**
 * Where the settings came from and what was not used: the config file, environment switches, keys
 * reported as ignored (with the reason) and notes on how runbook settings were mapped. Informational;
 * carried into the ResultRecord's `request`.
 */
export const OriginSpec = z.strictObject({
  config: z.string().max(500).optional(),
  environment: z.array(z.string().max(200)).max(20).optional(),
  ignored: z.array(IgnoredSetting).max(100).optional(),
  notes: z.array(z.string().max(500)).max(100).optional(),
});

export const JobSpecSchema = z
  .strictObject({
    schemaVersion: z.union([z.literal(1), z.literal(2)], { error: (iss) => `${show(iss.input)} is not supported; use ${JOB_SPEC_VERSIONS.join(' or ')}` }).default(JOB_SPEC_VERSION),
    jobId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,79}$/, {
        error: (iss) => `${show(iss.input)} is not a job id; use 1-80 letters, digits, - and _ (starting with a letter or digit)`,
      })
      .optional(),
    portfolio: PortfolioSpec,
    riskFactor: numberIn(0, 1e6).default(0.5),
    /** Assets to hold, an integer 1 <= B <= n - 1 (checked against n below). */
    budget: z.number({ error: msg((v) => `${show(v)} is not a number; must be an integer between 1 and n - 1 for n tickers`) }).optional(),
    solver: oneOf(SOLVER_CHOICES).default('auto'),
    quantum: QuantumSpec.default(QuantumSpec.parse({})),
    fallback: FallbackSpec.default(FallbackSpec.parse({})),
    limits: LimitsSpec.default({}),
    /** Integer weights, limits, sectors and rebalancing (schemaVersion 2); absent: binary selection. */
    weights: WeightsSpec.optional(),
    origin: OriginSpec.optional(),
  })
  .superRefine((s, ctx) => {
    const n = s.portfolio.tickers.length;
    // The budget's range follows from n; with fewer than 2 tickers the tickers are the one root cause.
    const b = s.budget;
    if (typeof b === 'number' && n >= 2 && (!Number.isInteger(b) || b < 1 || b > n - 1))
      ctx.addIssue({
        code: 'custom',
        path: ['budget'],
        message: b >= 1 && b <= n - 1 ? `${show(b)} is not an integer; must be an integer ${rangeText(1, n - 1)} for ${n} assets` : `${show(b)} is out of range; must be ${rangeText(1, n - 1)} for ${n} assets`,
      });
    const { mu, sigma } = s.portfolio;
    // Their shapes matter when both are given (one alone is the one root cause, reported above)
    // and the tickers are valid (fewer than 2 tickers are the root cause).
    if (mu && sigma && n >= 2 && mu.length !== n)
      ctx.addIssue({ code: 'custom', path: ['portfolio', 'mu'], message: `has ${mu.length} entries; must have one per ticker (${n})` });
    if (mu && sigma && n >= 2 && (sigma.length !== n || sigma.some((r) => r.length !== n)))
      ctx.addIssue({ code: 'custom', path: ['portfolio', 'sigma'], message: `must be a ${n} x ${n} matrix (one row and column per ticker)` });
    if (s.fallback.method === 'exact' && n > EXACT_DEFAULT_MAX_ASSETS)
      ctx.addIssue({ code: 'custom', path: ['fallback', 'method'], message: `'exact' enumerates 2^${n} selections; it takes at most ${EXACT_DEFAULT_MAX_ASSETS} assets; use simulated_annealing` });
    if (s.weights) {
      if (s.schemaVersion === 1) ctx.addIssue({ code: 'custom', path: ['schemaVersion'], message: '1 has no weights section; use schemaVersion 2 (or leave it out)' });
      for (const u of unknownWeightTickers(s.weights, s.portfolio.tickers))
        ctx.addIssue({ code: 'custom', path: u.path, message: `'${u.ticker}' is not one of the job's tickers (${s.portfolio.tickers.join(', ')})` });
      if (s.budget !== undefined) ctx.addIssue({ code: 'custom', path: ['budget'], message: 'is for binary selection; with weights the lot budget is weights.lots (leave budget out)' });
      if (s.quantum.algorithm === 'qaoa' && s.solver !== 'classical' && s.solver !== 'exact')
        ctx.addIssue({ code: 'custom', path: ['quantum', 'algorithm'], message: "'qaoa' runs binary selection; for weights use vqe" });
    }
    const shots = s.quantum.shots;
    if (shots !== undefined && s.limits.maxShots !== undefined && shots > s.limits.maxShots)
      ctx.addIssue({ code: 'custom', path: ['quantum', 'shots'], message: `${shots} exceeds limits.maxShots (${s.limits.maxShots})` });
  });

type ParsedJobSpec = z.output<typeof JobSpecSchema>;
/** A validated JobSpec with every default filled in (`reps: auto` resolved to a number). */
export type JobSpec = Omit<ParsedJobSpec, 'quantum'> & { readonly quantum: Omit<ParsedJobSpec['quantum'], 'reps'> & { readonly reps?: number } };
/** What a client may send: defaults omitted. */
export type JobSpecInput = z.input<typeof JobSpecSchema>;

/** `['portfolio', 'sigma', 0, 1]` -> `portfolio.sigma[0][1]`. */
const pathText = (path: readonly PropertyKey[]): string =>
  path.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : out ? `${out}.${String(k)}` : String(k)), '');

/** Render zod issues as `path: message` lines, one per field (its first issue: one root cause, one line). */
export function formatIssues(error: z.ZodError): { message: string; path: string; issues: { path: string; message: string }[] } {
  // One line per field: the entries of one list (tickers[3], sigma[0][1], ...) are one root cause,
  // shown by its first entry with the count of the others.
  const byField = new Map<string, { issue: z.core.$ZodIssue; more: number }>();
  for (const iss of error.issues) {
    const key = pathText(iss.path.filter((k) => typeof k !== 'number'));
    const seen = byField.get(key);
    if (seen) seen.more += pathText(seen.issue.path) === pathText(iss.path) ? 0 : 1;
    else byField.set(key, { issue: iss, more: 0 });
  }
  const issues = [...byField.values()].map(({ issue: iss, more }) => {
    const path = pathText(iss.path);
    let message = iss.message;
    if (more > 0) message = `${message} (and ${more} more ${more === 1 ? 'entry' : 'entries'} of this list)`;
    if (iss.code === 'unrecognized_keys') message = `unknown field(s) ${iss.keys.map((k) => `'${k}'`).join(', ')}; remove or rename them`;
    else if (iss.code === 'invalid_type' && /received undefined$/.test(message)) message = 'is required';
    return { path: path || '(root)', message };
  });
  const message = issues.map((i) => `${i.path}: ${i.message}`).join('\n');
  return { message, path: issues[0]?.path ?? '(root)', issues };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Notes for the CLI (stderr) and the API (`warnings`): deprecated fields (`fallback.timeoutSeconds`
 * was the quantum path's budget under the fallback's name; it is read as `quantum.timeoutSeconds`),
 * then the `origin` of a config file: keys ignored with their reason, and how settings were mapped
 * (of `parsed` when given: it adds `reps: auto` and backend-name notes).
 */
export function jobSpecNotes(input: unknown, parsed?: Pick<JobSpec, 'origin'>): string[] {
  const fallback = isObject(input) && isObject(input.fallback) ? input.fallback : undefined;
  const notes =
    fallback?.timeoutSeconds !== undefined
      ? ['fallback.timeoutSeconds is deprecated: it is the quantum path\'s budget, now quantum.timeoutSeconds; it was read as that']
      : [];
  // The parsed spec's origin adds what validation decided (reps: auto, backend names).
  const origin = parsed ? parsed.origin : isObject(input) && isObject(input.origin) ? input.origin : undefined;
  if (origin) {
    const where = typeof origin.config === 'string' ? `${origin.config}: ` : '';
    for (const i of Array.isArray(origin.ignored) ? origin.ignored : []) {
      if (isObject(i)) notes.push(`${where}ignored ${String(i.key)}: ${String(i.reason)}`);
    }
    for (const n of Array.isArray(origin.notes) ? origin.notes : []) notes.push(`${where}${String(n)}`);
  }
  return notes;
}

/**
 * Validate a JobSpec and fill defaults. The budget default is floor(n / 2); `quantum.reps: auto`
 * becomes autoReps(n) (noted in `origin.notes`). The deprecated `fallback.timeoutSeconds` is moved
 * to `quantum.timeoutSeconds` (both given and different: an error).
 * @throws JobValidationError naming every bad field.
 */
export function parseJobSpec(input: unknown): JobSpec & { budget: number } {
  const parsed = JobSpecSchema.safeParse(input);
  if (!parsed.success) {
    const f = formatIssues(parsed.error);
    throw new JobValidationError(f.message, f.path, { issues: f.issues });
  }
  const { timeoutSeconds: deprecated, ...fallback } = parsed.data.fallback;
  const given = isObject(input) && isObject(input.quantum) ? input.quantum.timeoutSeconds : undefined;
  if (deprecated !== undefined && given !== undefined && given !== deprecated)
    throw new JobValidationError(
      `fallback.timeoutSeconds: ${deprecated} differs from quantum.timeoutSeconds ${String(given)}; give only quantum.timeoutSeconds (fallback.timeoutSeconds is its deprecated name)`,
      'fallback.timeoutSeconds',
    );
  const n = parsed.data.portfolio.tickers.length;
  let origin = parsed.data.origin;
  let reps = parsed.data.quantum.reps;
  if (reps === 'auto') {
    reps = autoReps(n);
    const what = parsed.data.quantum.algorithm === 'qaoa' ? 'QAOA layers p' : 'ansatz repetitions';
    origin = { ...origin, notes: [...(origin?.notes ?? []), `quantum.reps: auto -> ${reps} ${what} for ${n} qubits (ceil(log2 n), 1..6)`] };
  }
  const named = normalizeBackendName(parsed.data.quantum.backend);
  if (named.note) origin = { ...origin, notes: [...(origin?.notes ?? []), named.note] };
  const quantum = { ...parsed.data.quantum, reps, backend: named.backend, ...(deprecated === undefined ? {} : { timeoutSeconds: deprecated }) };
  const spec = { ...parsed.data, quantum, fallback, ...(origin ? { origin } : {}) };
  return { ...spec, budget: spec.budget ?? Math.floor(n / 2) };
}
