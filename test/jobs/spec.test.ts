import { JobValidationError, jobSpecNotes, parseJobSpec } from '../../lib/jobs';

const base = { portfolio: { tickers: ['AAPL', 'AMZN', 'GOOG', 'JPM'] } };

function errorOf(input: unknown): JobValidationError {
  try {
    parseJobSpec(input);
  } catch (error) {
    return error as JobValidationError;
  }
  throw new Error('expected a validation error');
}

describe('JobSpec', () => {
  it('fills defaults: budget floor(n/2), risk factor 0.5, auto solver, VQE; the method settings are left to the solver', () => {
    const spec = parseJobSpec(base);
    expect(spec.schemaVersion).toBe(2);
    expect(spec.budget).toBe(2);
    expect(spec.riskFactor).toBe(0.5);
    expect(spec.solver).toBe('auto');
    expect(spec.portfolio.dataset).toBe('bundled');
    expect(spec.quantum).toMatchObject({ algorithm: 'vqe', backend: 'local' });
    // Omitted settings stay omitted: lib/solvers resolveVqe picks them from the backend (and the
    // result's `variational` section records what ran); named ones keep their meaning.
    for (const key of ['ansatz', 'reps', 'entanglement', 'optimizer', 'maxIterations', 'cvarAlpha', 'cvarSchedule', 'restarts', 'warmStart', 'initialState', 'mixer'] as const) {
      expect(spec.quantum[key]).toBeUndefined();
    }
    expect(spec.quantum.shots).toBeUndefined();
    expect(spec.quantum.precision).toBe('double');
    expect(spec.quantum.timeoutSeconds).toBe(600);
    expect(spec.fallback).toMatchObject({ enabled: true, force: false });
    expect(spec.fallback).not.toHaveProperty('timeoutSeconds');
    expect(spec.fallback.annealing).toMatchObject({ numReads: 100, numSweeps: 1000, betaSchedule: 'geometric' });
  });

  it('reads the deprecated fallback.timeoutSeconds as quantum.timeoutSeconds, with a note; both and different is an error', () => {
    const old = { ...base, fallback: { timeoutSeconds: 42 } };
    expect(parseJobSpec(old).quantum.timeoutSeconds).toBe(42);
    expect(jobSpecNotes(old)).toEqual([expect.stringMatching(/fallback.timeoutSeconds is deprecated.*quantum.timeoutSeconds/)]);
    expect(jobSpecNotes(base)).toEqual([]);
    expect(parseJobSpec({ ...old, quantum: { timeoutSeconds: 42 } }).quantum.timeoutSeconds).toBe(42);
    expect(() => parseJobSpec({ ...old, quantum: { timeoutSeconds: 7 } })).toThrow(/fallback.timeoutSeconds: 42 differs from quantum.timeoutSeconds 7/);
  });

  it.each([
    // The budget's range comes from n (issue 10 item 12: never "between 1 and 63" for n = 4).
    [{ ...base, budget: 0 }, 'budget', /^budget: 0 is out of range; must be between 1 and 3 for 4 assets$/],
    [{ ...base, budget: 1e308 }, 'budget', /^budget: 1e\+308 is out of range; must be between 1 and 3 for 4 assets$/],
    [{ ...base, budget: 1.5 }, 'budget', /^budget: 1.5 is not an integer; must be an integer between 1 and 3 for 4 assets$/],
    [{ portfolio: { tickers: ['A', 'B'] }, budget: 2 }, 'budget', /^budget: 2 is out of range; must be equal to 1 for 2 assets$/],
    [{ ...base, budget: 4 }, 'budget', /4 is out of range; must be between 1 and 3 for 4 assets/],
    [{ ...base, riskFactor: -0.1 }, 'riskFactor', /-0.1 is out of range/],
    [{ ...base, quantum: { shots: 0 } }, 'quantum.shots', /^quantum.shots: 0 is out of range; must be between 1 and 100000$/],
    [{ ...base, quantum: { shots: 100001 } }, 'quantum.shots', /100001 is out of range/],
    [{ ...base, quantum: { shots: 10.5 } }, 'quantum.shots', /10.5 is not an integer/],
    [{ ...base, quantum: { optimizer: 'adam' } }, 'quantum.optimizer', /'adam' is not valid; use one of lbfgs, cobyla, spsa, nelder-mead/],
    [{ ...base, quantum: { cvarAlpha: 0 } }, 'quantum.cvarAlpha', /0 is out of range; must be greater than 0 and at most 1/],
    [{ ...base, quantum: { precision: 'half' } }, 'quantum.precision', /'half' is not valid; use one of double, single/],
    [{ ...base, quantum: { ansatz: 'hea' } }, 'quantum.ansatz', /'hea' is not valid; use one of givens, realamplitudes, efficientsu2, twolocal/],
    [{ ...base, quantum: { cvarSchedule: 'rising' } }, 'quantum.cvarSchedule', /'rising' is not valid; use one of fixed, ascending/],
    [{ ...base, quantum: { restarts: 0 } }, 'quantum.restarts', /0 is out of range; must be between 1 and 1000/],
    [{ ...base, quantum: { warmStart: 'exact' } }, 'quantum.warmStart', /'exact' is not valid; use one of none, annealing/],
    [{ ...base, quantum: { initialState: 'w' } }, 'quantum.initialState', /'w' is not valid; use one of basis, dicke/],
    [{ ...base, quantum: { reps: 1e308 } }, 'quantum.reps', /^quantum.reps: 1e\+308 is out of range; must be between 1 and 20$/],
    // Issue 10 item 7: found at validation, not when the ansatz or the annealer is built.
    [{ ...base, quantum: { ansatz: 'twolocal', rotationBlocks: ['ry', 'rq'] } }, 'quantum.rotationBlocks[1]', /'rq' is not a 1-qubit gate; use one of .*ry/],
    [{ ...base, quantum: { ansatz: 'twolocal', entanglementBlocks: ['ry'] } }, 'quantum.entanglementBlocks[0]', /'ry' is not a 2-qubit gate; use one of cx/],
    [{ ...base, quantum: { rotationBlocks: ['ry'] } }, 'quantum.rotationBlocks', /is only read by ansatz twolocal, not the default \(givens\)/],
    [{ ...base, quantum: { ansatz: 'realamplitudes', rotationBlocks: ['ry'] } }, 'quantum.rotationBlocks', /is only read by ansatz twolocal, not realamplitudes/],
    [{ ...base, fallback: { annealing: { betaRange: [10, 0.1] } } }, 'fallback.annealing.betaRange', /\[10, 0.1\] is in the wrong order; must be \[hot, cold\] with hot <= cold/],
    [{ ...base, fallback: { annealing: { betaRange: [0, 1] } } }, 'fallback.annealing.betaRange[0]', /0 is out of range; must be greater than 0$/],
    [{ ...base, quantum: { shot: 10 } }, 'quantum', /unknown field\(s\) 'shot'/],
    [{ portfolio: { tickers: ['AAPL'] } }, 'portfolio.tickers', /at least 2 tickers/],
    // One root cause, one line: no budget range "between 1 and -1 for 0 assets" after a tickers error.
    [{ portfolio: { tickers: [] }, budget: 2 }, 'portfolio.tickers', /^portfolio.tickers: at least 2 tickers are needed$/],
    [{ portfolio: { tickers: ['AAPL', 'AAPL'] } }, 'portfolio.tickers', /must not repeat/],
    [{ portfolio: { tickers: ['AAPL', 'JPM'], start: '2018-01-01', end: '2017-01-01' } }, 'portfolio.end', /before start/],
    [{ portfolio: { tickers: ['AAPL', 'JPM'], start: '01/02/2017' } }, 'portfolio.start', /not a date; use YYYY-MM-DD/],
    [{ portfolio: { tickers: ['A', 'B'], mu: [0.1] } }, 'portfolio.sigma', /mu and sigma must be given together/],
    [{ portfolio: { tickers: ['A', 'B'], mu: [0.1], sigma: [[1, 0], [0, 1]] } }, 'portfolio.mu', /has 1 entries; must have one per ticker \(2\)/],
    [{ ...base, limits: { maxShots: 100 }, quantum: { shots: 1000 } }, 'quantum.shots', /exceeds limits.maxShots \(100\)/],
    [{ ...base, jobId: '../etc' }, 'jobId', /not a job id/],
    [{}, 'portfolio', /is required/],
    [{ portfolio: {} }, 'portfolio.tickers', /is required: name the 2 to 64 assets to choose from.*data\/stock_prices\.csv/],
    [{ portfolio: { tickers: 'AAPL,MSFT' } }, 'portfolio.tickers', /'AAPL,MSFT' is not a list of ticker symbols; give 2 to 64 symbols/],
    [{ portfolio: { tickers: Array.from({ length: 65 }, (_, i) => `T${i}`) } }, 'portfolio.tickers', /at most 64 tickers are allowed; split the universe/],
  ])('rejects %j at %s with a message naming the value and range', (input, path, message) => {
    const error = errorOf(input);
    expect(error).toBeInstanceOf(JobValidationError);
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(new RegExp(`(^|\\n)${path.replace(/[.[\]]/g, '\\$&')}: `));
    expect(error.path).toBe(path);
    expect(error.message).toMatch(message);
  });

  it('reports every bad field at once', () => {
    const error = errorOf({ ...base, riskFactor: -1, quantum: { shots: 0, reps: 0 } });
    expect(error.details?.issues).toHaveLength(3);
  });

  it('mu without Sigma is one root cause: no line about its length (found by test/fuzz)', () => {
    const error = errorOf({ portfolio: { ...base.portfolio, mu: [0.001, 0.002, 0.003] } });
    expect(error.message).toBe('portfolio.sigma: mu and sigma must be given together');
  });

  it('no tickers: one line, no cascade to the shapes of mu and Sigma (found by test/fuzz)', () => {
    const error = errorOf({ portfolio: { tickers: [], mu: [0.001, 0.002], sigma: [[1, 0], [0, 1]] } });
    expect(error.message).toBe('portfolio.tickers: at least 2 tickers are needed');
  });

  it('a mu entry that is not a number says so in words (found by test/fuzz)', () => {
    const error = errorOf({ portfolio: { ...base.portfolio, mu: [0.001, [1], 0.003, 0.004], sigma: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] } });
    expect(error.message).toBe('portfolio.mu[1]: [1] is not a number; give one expected daily return per ticker');
  });

  it('one line per list, not per entry (found by test/fuzz): the first bad entry and the count of the others', () => {
    const error = errorOf({ ...base, quantum: { ansatz: 'twolocal', rotationBlocks: [1, 2, 3, 'ry'] } });
    expect(error.message).toMatch(/^quantum\.rotationBlocks\[0\]: 1 is not a gate name; use one of [a-z, ]+ \(and 2 more entries of this list\)$/);
    expect(error.details?.issues).toHaveLength(1);
  });
});
