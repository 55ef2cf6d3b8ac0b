import { PortfolioError, SIGMA_PSD_TOLERANCE, createProblem, isFeasible, objective, type PortfolioProblemInput } from '../../lib/portfolio';
import { symmetricEigenvalues } from '../../lib/portfolio/psd';

const VALID: PortfolioProblemInput = {
  tickers: ['A', 'B', 'C'],
  mu: [0.01, 0.02, 0.015],
  sigma: [
    [0.04, 0.01, 0.0],
    [0.01, 0.09, -0.02],
    [0.0, -0.02, 0.16],
  ],
  riskFactor: 0.5,
  budget: 2,
};

function thrown(act: () => unknown): PortfolioError {
  try {
    act();
  } catch (error) {
    expect(error).toBeInstanceOf(PortfolioError);
    return error as PortfolioError;
  }
  throw new Error('expected a PortfolioError');
}

describe('createProblem', () => {
  it('returns a deeply frozen copy of valid input', () => {
    const input = { ...VALID, mu: [...VALID.mu] };

    const problem = createProblem(input);
    input.mu[0] = 99;

    expect(problem.mu[0]).toBe(0.01);
    expect(Object.isFrozen(problem)).toBe(true);
    expect(Object.isFrozen(problem.mu)).toBe(true);
    expect(Object.isFrozen(problem.sigma)).toBe(true);
    expect(Object.isFrozen(problem.sigma[1])).toBe(true);
    expect(JSON.parse(JSON.stringify(problem))).toEqual(VALID);
  });

  it('accepts q = 0 and ignores extra fields such as a whole ReturnStatistics', () => {
    const problem = createProblem({ ...VALID, riskFactor: 0, observations: 10 } as PortfolioProblemInput);

    expect(problem.riskFactor).toBe(0);
    expect(Object.keys(problem).sort()).toEqual(['budget', 'mu', 'riskFactor', 'sigma', 'tickers']);
  });

  it('accepts Sigma asymmetric within 1e-9 relative and symmetrises it', () => {
    const sigma = VALID.sigma.map((row) => [...row]);
    sigma[0]![1] = 0.01 * (1 + 1e-12);

    const problem = createProblem({ ...VALID, sigma });

    expect(problem.sigma[0]![1]).toBe(problem.sigma[1]![0]);
  });

  it.each<[string, Partial<Record<keyof PortfolioProblemInput, unknown>>, string, RegExp]>([
    ['budget too large', { budget: 3 }, 'budget', /^budget: 3 is out of range; must be between 1 and 2 for 3 assets$/],
    ['budget zero', { budget: 0 }, 'budget', /^budget: 0 is out of range; must be between 1 and 2 for 3 assets$/],
    ['budget negative', { budget: -1 }, 'budget', /^budget: -1 is out of range/],
    [
      'budget fractional',
      { budget: 1.5 },
      'budget',
      /^budget: 1.5 is out of range; must be an integer between 1 and 2/,
    ],
    ['budget NaN', { budget: NaN }, 'budget', /^budget: NaN is out of range/],
    ['q < 0', { riskFactor: -0.1 }, 'riskFactor', /^riskFactor: -0.1 is out of range; must be a finite number >= 0$/],
    ['q infinite', { riskFactor: Infinity }, 'riskFactor', /^riskFactor: Infinity is out of range/],
    ['NaN in mu', { mu: [0.01, NaN, 0.01] }, 'mu', /^mu\[1\]: NaN is not a finite number; every entry must be finite$/],
    ['mu too short', { mu: [0.01, 0.02] }, 'mu', /^mu: has length 2; must be an array of 3 numbers/],
    [
      'sigma wrong rows',
      { sigma: [[1, 0, 0]] },
      'sigma',
      /^sigma: has 1 rows; must be 3 x 3 \(one row and one column per ticker\)/,
    ],
    [
      'sigma ragged',
      {
        sigma: [
          [1, 0, 0],
          [0, 1],
          [0, 0, 1],
        ],
      },
      'sigma',
      /^sigma\[1\]: has length 2; must be an array of 3/,
    ],
    [
      'sigma Infinity',
      {
        sigma: [
          [1, 0, 0],
          [0, Infinity, 0],
          [0, 0, 1],
        ],
      },
      'sigma',
      /^sigma\[1\]\[1\]: Infinity is not a finite/,
    ],
    [
      'sigma not symmetric',
      {
        sigma: [
          [0.04, 0.01, 0],
          [0.02, 0.09, 0],
          [0, 0, 0.16],
        ],
      },
      'sigma',
      /^sigma: not symmetric: sigma\[0\]\[1\] = 0.01 but sigma\[1\]\[0\] = 0.02; they must agree within 1e-9/,
    ],
    [
      'negative variance',
      {
        sigma: [
          [0.04, 0, 0],
          [0, -0.09, 0],
          [0, 0, 0.16],
        ],
      },
      'sigma',
      /^sigma\[1\]\[1\]: -0.09 is a negative variance/,
    ],
    [
      'one ticker',
      { tickers: ['A'], mu: [0.1], sigma: [[1]], budget: 1 },
      'tickers',
      /^tickers: 1 asset given; need at least 2/,
    ],
    ['duplicate ticker', { tickers: ['A', 'B', 'A'] }, 'tickers', /^tickers: "A" is listed twice/],
  ])('rejects %s with INVALID_PROBLEM', (_, change, field, message) => {
    const error = thrown(() => createProblem({ ...VALID, ...change } as PortfolioProblemInput));

    expect(error.name).toBe(`QPO.${error.code.toLowerCase().split('_').map((w: string) => w[0]!.toUpperCase() + w.slice(1)).join('')}`);
    expect(error.code).toBe('INVALID_PROBLEM');
    expect(error.field).toBe(field);
    expect(error.message).toMatch(message);
  });

  it('gives the brief example message for 8 assets', () => {
    const n = 8;
    const input = {
      tickers: Array.from({ length: n }, (_, i) => `T${i}`),
      mu: new Array<number>(n).fill(0),
      sigma: Array.from({ length: n }, (_, i) => Array.from({ length: n }, (__, j) => (i === j ? 1 : 0))),
      riskFactor: 1,
      budget: 9,
    };

    const error = thrown(() => createProblem(input));

    expect(error.message).toBe('budget: 9 is out of range; must be between 1 and 7 for 8 assets');
    expect(error.details).toEqual({ value: '9', min: 1, max: 7 });
  });
});

describe('createProblem: Sigma positive semi-definite, objective finite (issue 10 item 7)', () => {
  it('refuses an indefinite Sigma with its smallest eigenvalue and the tolerance', () => {
    // Positive diagonal, symmetric, but x = (1, -1) gives x'Σx = 1 + 1 - 4 < 0: eigenvalues -1 and 3.
    const error = thrown(() => createProblem({ ...VALID, tickers: ['A', 'B'], mu: [0, 0], sigma: [[1, 2], [2, 1]], budget: 1 }));
    expect(error.field).toBe('sigma');
    expect(error.message).toMatch(/^sigma: not positive semi-definite: its smallest eigenvalue is -1, below -1e-8 x its largest \(3\)/);
    expect(error.details).toMatchObject({ smallestEigenvalue: expect.closeTo(-1, 12), largestEigenvalue: expect.closeTo(3, 12), tolerance: SIGMA_PSD_TOLERANCE });
  });

  it('accepts a singular sample covariance (more assets than observations) and rounding below the tolerance', () => {
    // Two identical assets: eigenvalues 0 and 2 x 1e-4.
    expect(() => createProblem({ ...VALID, tickers: ['A', 'B'], mu: [0, 0], sigma: [[1e-4, 1e-4], [1e-4, 1e-4]], budget: 1 })).not.toThrow();
    const e = SIGMA_PSD_TOLERANCE / 10;
    expect(() => createProblem({ ...VALID, tickers: ['A', 'B'], mu: [0, 0], sigma: [[1, 1 + e], [1 + e, 1]], budget: 1 })).not.toThrow();
  });

  it('agrees with the eigenvalues of a matrix of known spectrum', () => {
    // Q diag(-0.5, 1, 2, 4) Q^T with Q a product of two plane rotations.
    const [c1, s1, c2, s2] = [Math.cos(0.3), Math.sin(0.3), Math.cos(1.1), Math.sin(1.1)];
    const q = [
      [c1, -s1, 0, 0],
      [s1 * c2, c1 * c2, -s2, 0],
      [s1 * s2, c1 * s2, c2, 0],
      [0, 0, 0, 1],
    ];
    const d = [-0.5, 1, 2, 4];
    const a = q.map((_, i) => q.map((__, j) => d.reduce((sum, dk, k) => sum + q[i]![k]! * dk * q[j]![k]!, 0)));
    expect(symmetricEigenvalues(a).map((v) => Number(v.toFixed(12)))).toEqual([-0.5, 1, 2, 4]);
  });

  it('refuses values whose objective overflows (no NaN Hamiltonian), naming the field and a bound from the input', () => {
    const huge = thrown(() => createProblem({ ...VALID, mu: [1e308, 1e308, 1e308], sigma: [[1e-4, 0, 0], [0, 1e-4, 0], [0, 0, 1e-4]] }));
    expect(huge.field).toBe('mu');
    expect(huge.message).toMatch(/^mu: entries up to 1\.00e\+308 overflow the objective \(q x sum\|Sigma\| \+ sum\|mu\| = Infinity, above 1e\+150\); with 3 assets and q = 0\.5 keep every \|mu\| entry below 1\.7e\+149/);
    const sigma = thrown(() => createProblem({ ...VALID, sigma: [[1e200, 0, 0], [0, 1, 0], [0, 0, 1]] }));
    expect(sigma.field).toBe('sigma');
    expect(sigma.message).toMatch(/with 3 assets and q = 0\.5 keep every \|sigma\| entry below 1\.1e\+149/);
    expect(sigma.message).not.toMatch(/penalty/);
  });
});

describe('objective and isFeasible', () => {
  const problem = createProblem(VALID);

  it('computes q x^T Sigma x - mu^T x', () => {
    // x = [1, 1, 0]: x^T Sigma x = 0.04 + 0.09 + 2 * 0.01 = 0.15; mu^T x = 0.03
    expect(objective(problem, [1, 1, 0])).toBeCloseTo(0.5 * 0.15 - 0.03, 15);
    // x = [0, 1, 1]: 0.09 + 0.16 - 0.04 = 0.21; mu^T x = 0.035
    expect(objective(problem, [0, 1, 1])).toBeCloseTo(0.5 * 0.21 - 0.035, 15);
    expect(objective(problem, new Uint8Array([0, 0, 0]))).toBe(0);
  });

  it('is feasible exactly when sum(x) = B', () => {
    expect(isFeasible(problem, [1, 0, 1])).toBe(true);
    expect(isFeasible(problem, [1, 0, 0])).toBe(false);
    expect(isFeasible(problem, [1, 1, 1])).toBe(false);
  });

  it.each([[[1, 0]], [[1, 0, 2]], [[1, 0, 0.5]]])('rejects the selection %j', (x) => {
    const error = thrown(() => objective(problem, x));

    expect(error.code).toBe('INVALID_PROBLEM');
    expect(error.field).toBe('x');
  });
});
