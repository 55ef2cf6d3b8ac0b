/**
 * fast-check arbitraries of hostile user input for the fuzz suites (issue 10): values a user can
 * type or a file can hold (numbers at and past their ranges, hex, Infinity, NaN, empty, unicode,
 * wrong types), JobSpecs and runbook configs with a few fields replaced, price CSVs with damaged
 * cells, and `--problem` files with damaged mu/Sigma. Every case starts from a valid input, so a
 * share of them succeed and the rest probe one or a few fields at a time.
 */
import fc from 'fast-check';

/** Cases of a surface: `share` x QPO_FUZZ_RUNS when set (npm run fuzz), else `fallback`. */
export const fuzzRuns = (fallback: number, share = 1): number => (process.env.QPO_FUZZ_RUNS ? Math.ceil(Number(process.env.QPO_FUZZ_RUNS) * share) : fallback);

/**
 * The seed: QPO_FUZZ_SEED (to replay a failure: fast-check prints the seed), else fixed in npm test
 * (reproducible CI) and new on every long run (npm run fuzz explores new cases each time).
 */
const SEED = Number(process.env.QPO_FUZZ_SEED ?? (process.env.QPO_FUZZ_RUNS ? Date.now() % 2 ** 31 : 20261207));

/** fast-check parameters of a surface. */
export const fuzzParams = (fallback: number, share = 1): fc.Parameters<unknown> => ({
  numRuns: fuzzRuns(fallback, share),
  seed: SEED,
  endOnFailure: true,
});

/** Text a user may type for a number or a name. */
export const typedValue: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom('0', '1', '2', '3', '-1', '0.5', '1e308', '-1e308', '1e-320', '0x2', '0b10', '0o7', 'Infinity', '-Infinity', 'NaN', '', ' ', '2 ', '1,5', '1_000', '٣', '∞', 'null', 'true', '[]', '{}', '--budget', '-', '../x', 'é', '\u0000'),
  fc.integer({ min: -1_000_000, max: 1_000_000 }).map(String),
  fc.double({ noNaN: false }).map(String),
  fc.string({ maxLength: 12 }),
);

/** A JSON value a file may hold where another was expected. */
export const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, 1, 2, -1, 0.5, 1e308, -1e308, 5e-324, 64, 65, 1e6, 2 ** 53, '', ' ', '2', '0x2', 'auto', 'AAPL', 'Infinity', null, true, false, [], {}, [[]], [1, 2], [10, 0.1], ['rq'], ['ry', 'rz']),
  fc.integer({ min: -100, max: 100 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 10 }),
  fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { maxLength: 6 }),
);

type Obj = Record<string, unknown>;

/** `base` with the value at each dotted path replaced (or deleted with `undefined`); sections are created as needed. */
export function withValues(base: Obj, edits: readonly (readonly [string, unknown])[]): Obj {
  const out = structuredClone(base);
  for (const [p, v] of edits) {
    const keys = p.split('.');
    let node: Obj = out;
    for (const k of keys.slice(0, -1)) {
      const next = node[k];
      node = node[k] = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Obj) : {};
    }
    if (v === undefined) delete node[keys[keys.length - 1]!];
    else node[keys[keys.length - 1]!] = v;
  }
  return out;
}

/** The JobSpec fields (dotted paths) the fuzzers edit, with a few misspellings. */
export const SPEC_PATHS = [
  'portfolio.tickers',
  'portfolio.dataset',
  'portfolio.start',
  'portfolio.end',
  'portfolio.mu',
  'portfolio.sigma',
  'riskFactor',
  'budget',
  'solver',
  'jobId',
  'quantum.algorithm',
  'quantum.backend',
  'quantum.ansatz',
  'quantum.reps',
  'quantum.entanglement',
  'quantum.mixer',
  'quantum.optimizer',
  'quantum.maxIterations',
  'quantum.shots',
  'quantum.cvarAlpha',
  'quantum.restarts',
  'quantum.seed',
  'quantum.timeoutSeconds',
  'quantum.initialPoint',
  'quantum.rotationBlocks',
  'fallback.enabled',
  'fallback.method',
  'fallback.annealing.numReads',
  'fallback.annealing.betaRange',
  'limits.maxShots',
  'limits.maxCostUsd',
  'quantum.maxIteration',
  'portfolio.ticker',
  'fallbak',
] as const;

/** A small JobSpec that dry-runs in milliseconds: 4 bundled tickers, budget 2, the classical path. */
export const BASE_SPEC: Obj = {
  portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] },
  budget: 2,
  solver: 'classical',
  quantum: { seed: 1, maxIterations: 20 },
  fallback: { annealing: { numReads: 8, numSweeps: 100 } },
};

/** 1-3 edits of the JobSpec's fields. */
export const specEdits = fc.array(fc.tuple(fc.constantFrom(...SPEC_PATHS), fc.option(jsonValue, { nil: undefined, freq: 8 })), { minLength: 1, maxLength: 3 });

/** The runbook config's keys (snake_case, as in examples/vqe_config.yaml), with a few misspellings. */
export const RUNBOOK_PATHS = [
  'portfolio.stocks',
  'portfolio.risk_tolerance',
  'portfolio.budget',
  'portfolio.dataset',
  'vqe.ansatz',
  'vqe.ansatz_reps',
  'vqe.optimizer',
  'vqe.max_iterations',
  'vqe.rotation_blocks',
  'vqe.entanglement',
  'vqe.initial_point',
  'quantum.shots',
  'quantum.backend',
  'convergence.tolerance',
  'convergence.max_evals',
  'classical_fallback.enabled',
  'classical_fallback.timeout_seconds',
  'classical_fallback.method',
  'classical_fallback.beta_range',
  'vqe.rotation_block',
  'portfolio.stock',
] as const;

export const BASE_RUNBOOK: Obj = {
  portfolio: { stocks: ['AAPL', 'AMZN', 'JPM', 'XOM'], risk_tolerance: 0.5, budget: 2 },
  vqe: { ansatz: 'RealAmplitudes', ansatz_reps: 1, optimizer: 'COBYLA', max_iterations: 50 },
  quantum: { shots: 1024 },
  convergence: { tolerance: 1e-4, max_evals: 100 },
  classical_fallback: { enabled: true, timeout_seconds: 120, method: 'simulated_annealing' },
};

export const runbookEdits = fc.array(fc.tuple(fc.constantFrom(...RUNBOOK_PATHS), fc.option(jsonValue, { nil: undefined, freq: 8 })), { minLength: 1, maxLength: 3 });

/** `optimize` flags that take a value, with values to try. */
export const VALUE_FLAGS = [
  '--tickers',
  '--start',
  '--end',
  '--risk-factor',
  '--risk-tolerance',
  '--budget',
  '--solver',
  '--algorithm',
  '--backend',
  '--ansatz',
  '--reps',
  '--entanglement',
  '--mixer',
  '--initial-state',
  '--optimizer',
  '--max-iterations',
  '--shots',
  '--cvar-alpha',
  '--cvar-schedule',
  '--restarts',
  '--warm-start',
  '--seed',
  '--timeout',
  '--max-shots',
  '--max-cost-usd',
  '--method',
  '--fallback-threshold',
  '--max-queue-wait',
  '--tolerance',
  '--max-evaluations',
  '--job-id',
] as const;

/** Plausible values per flag (so that combinations get past the first check), mixed with typed garbage. */
const PLAUSIBLE: Partial<Record<(typeof VALUE_FLAGS)[number], readonly string[]>> = {
  '--tickers': ['AAPL,JPM,XOM,WMT', 'AAPL,JPM', 'AAPL', 'AAPL,AAPL,JPM', 'XYZ,JPM', 'aapl,jpm,xom', 'AAPL,,JPM'],
  '--start': ['2017-06-01', '2018-13-40', '2030-01-01', '2017-01-03'],
  '--end': ['2018-01-01', '2016-01-01', 'yesterday'],
  '--solver': ['auto', 'quantum', 'classical', 'exact', 'Quantum'],
  '--algorithm': ['vqe', 'qaoa', 'QAOA', 'grover'],
  '--backend': ['local', 'auto', 'ibm:', 'braket:sv1', 'dwave'],
  '--ansatz': ['givens', 'realamplitudes', 'efficientsu2', 'twolocal', 'RealAmplitudes', 'hea'],
  '--entanglement': ['linear', 'full', 'circular', 'star'],
  '--mixer': ['x', 'xy', 'y'],
  '--initial-state': ['basis', 'dicke', 'ghz'],
  '--optimizer': ['lbfgs', 'cobyla', 'spsa', 'nelder-mead', 'slsqp', 'adam'],
  '--cvar-schedule': ['fixed', 'ascending', 'descending'],
  '--warm-start': ['none', 'annealing', 'qaoa'],
  '--method': ['simulated_annealing', 'exact', 'tabu'],
};

export const flagPair: fc.Arbitrary<readonly [string, string]> = fc
  .constantFrom(...VALUE_FLAGS)
  .chain((flag) => fc.tuple(fc.constant(flag), fc.oneof({ weight: 2, arbitrary: fc.constantFrom(...(PLAUSIBLE[flag] ?? ['1', '2', '0.5'])) }, { weight: 3, arbitrary: typedValue })));

/** A price table: `dates` rows of the tickers, then damage to a few cells, the header or the layout. */
export const priceCsv: fc.Arbitrary<{ text: string; tickers: readonly string[] }> = fc
  .record({
    tickers: fc.constantFrom(['AAA', 'BBB', 'CCC', 'DDD'], ['AAA', 'BBB', 'CCC'], ['AAA', 'BBB']),
    rows: fc.integer({ min: 0, max: 40 }),
    seed: fc.integer({ min: 1, max: 1000 }),
    damage: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('cell' as const), row: fc.nat(45), col: fc.nat(5), value: fc.constantFrom('', 'NaN', '-5', '0', 'abc', '1e400', '0x10', ' 12 ', '"1,5"', 'null') }),
        fc.record({ kind: fc.constantFrom('bom' as const, 'crlf' as const, 'dupdate' as const, 'dupcol' as const, 'nodate' as const, 'shortrow' as const, 'extracol' as const, 'baddate' as const, 'unsorted' as const, 'semicolon' as const) }),
      ),
      { maxLength: 3 },
    ),
  })
  .map(({ tickers, rows, seed, damage }) => {
    let x = seed;
    const rand = () => ((x = (x * 16807) % 2147483647) / 2147483647);
    const header = ['date', ...tickers];
    const price = tickers.map(() => 50 + rand() * 100);
    const table: string[][] = [];
    for (let i = 0; i < rows; i++) {
      const day = new Date(Date.UTC(2020, 0, 1 + i)).toISOString().slice(0, 10);
      table.push([day, ...price.map((p, j) => (price[j] = p * (1 + (rand() - 0.5) * 0.04)).toFixed(4))]);
    }
    let sep = ',';
    let eol = '\n';
    let bom = '';
    for (const d of damage) {
      if (d.kind === 'cell' && table.length) table[d.row % table.length]![d.col % header.length] = d.value;
      else if (d.kind === 'bom') bom = '\ufeff';
      else if (d.kind === 'crlf') eol = '\r\n';
      else if (d.kind === 'dupdate' && table.length > 1) table[1]![0] = table[0]![0]!;
      else if (d.kind === 'dupcol') header[header.length - 1] = header[1]!;
      else if (d.kind === 'nodate') header[0] = 'when';
      else if (d.kind === 'shortrow' && table.length) table[table.length - 1]!.pop();
      else if (d.kind === 'extracol' && table.length) table[0]!.push('1');
      else if (d.kind === 'baddate' && table.length) table[0]![0] = '2020-02-30';
      else if (d.kind === 'unsorted' && table.length > 2) table.reverse();
      else if (d.kind === 'semicolon') sep = ';';
    }
    return { text: bom + [header, ...table].map((r) => r.join(sep)).join(eol) + eol, tickers };
  });

/**
 * A `--problem` file: the example's mu and Sigma with some entries, shapes or fields damaged;
 * `damaged` counts the inputs changed (a single ticker is one), the most lines its error may have.
 */
export const problemFile: fc.Arbitrary<{ text: string; damaged: number; n: number }> = fc
  .record({
    n: fc.integer({ min: 1, max: 5 }),
    edits: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant('mu' as const), i: fc.nat(6), value: jsonValue }),
        fc.record({ kind: fc.constant('sigma' as const), i: fc.nat(6), j: fc.nat(6), value: jsonValue }),
        fc.record({ kind: fc.constant('field' as const), key: fc.constantFrom('tickers', 'mu', 'sigma', 'riskFactor', 'budget', 'extra'), value: fc.option(jsonValue, { nil: undefined }) }),
        fc.record({ kind: fc.constantFrom('bom' as const, 'asymmetric' as const, 'indefinite' as const, 'huge' as const, 'deep' as const, 'yaml' as const, 'truncated' as const) }),
      ),
      { maxLength: 3 },
    ),
  })
  .map(({ n, edits }) => {
    const tickers = ['BOND', 'VALUE', 'GROWTH', 'SMALL', 'EM'].slice(0, n);
    const mu: unknown[] = tickers.map((_, i) => 0.0002 + 0.0001 * i);
    const sigma: unknown[][] = tickers.map((_, i) => tickers.map((__, j) => (i === j ? 1e-4 * (i + 1) : 1e-5)));
    const p: Record<string, unknown> = { tickers, mu, sigma, riskFactor: 0.5, budget: Math.max(1, Math.floor(n / 2)) };
    let prefix = '';
    let yaml = false;
    let cut = false;
    for (const e of edits) {
      if (e.kind === 'mu') mu[e.i % (n + 1)] = e.value;
      else if (e.kind === 'sigma') (sigma[e.i % n] ??= [])[e.j % (n + 1)] = e.value;
      else if (e.kind === 'field') {
        if (e.value === undefined) delete p[e.key];
        else p[e.key] = e.value;
      } else if (e.kind === 'bom') prefix = '\ufeff';
      else if (e.kind === 'asymmetric' && n > 1) sigma[0]![1] = 5e-4;
      else if (e.kind === 'indefinite' && n > 1) (sigma[0]![1] = 1), (sigma[1]![0] = 1);
      else if (e.kind === 'huge') mu[0] = 1e308;
      else if (e.kind === 'deep') p.tickers = JSON.parse(`${'['.repeat(50)}${']'.repeat(50)}`);
      else if (e.kind === 'yaml') yaml = true;
      else if (e.kind === 'truncated') cut = true;
    }
    let text = yaml ? Object.entries(p).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n') : JSON.stringify(p);
    if (cut) text = text.slice(0, Math.floor(text.length / 2));
    return { text: prefix + text, damaged: edits.length + (n < 2 ? 1 : 0), n };
  });
