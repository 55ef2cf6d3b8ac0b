import {
  PortfolioError,
  createProblem,
  defaultPenalty,
  isingEnergy,
  objective,
  quboEnergy,
  returnStatisticsFromCsv,
  toIsing,
  toQubo,
} from '../../lib/portfolio';
import { bundledPricesCsv } from './fixtures';

const problem = createProblem({
  tickers: ['A', 'B', 'C'],
  mu: [0.01, 0.02, -0.015],
  sigma: [
    [0.04, 0.01, 0.0],
    [0.01, 0.09, -0.02],
    [0.0, -0.02, 0.16],
  ],
  riskFactor: 0.5,
  budget: 2,
});

/** All 2^n bit vectors, bit i of k is x_i. */
function allSelections(n: number): number[][] {
  return Array.from({ length: 2 ** n }, (_, k) => Array.from({ length: n }, (__, i) => (k >> i) & 1));
}

describe('defaultPenalty', () => {
  it('is 1 + sum |linear| + sum |quadratic| coefficients (qiskit-optimization LinearEqualityToPenalty default)', () => {
    // linear -mu: 0.01 + 0.02 + 0.015; quadratic q*Sigma_ii: 0.5*(0.04+0.09+0.16); q*2*Sigma_ij (i<j): 0.5*2*(0.01+0+0.02)
    const expected = 1 + 0.045 + 0.145 + 0.03;

    expect(defaultPenalty(problem)).toBeCloseTo(expected, 15);
  });
});

describe('toQubo', () => {
  it('builds the upper-triangular Q and offset of objective + P (sum(x) - B)^2', () => {
    const P = 10;

    const qubo = toQubo(problem, { penalty: P });

    // Q_ii = q Sigma_ii - mu_i + P (1 - 2B); Q_ij = 2 q Sigma_ij + 2P; offset = P B^2
    expect(qubo.numVariables).toBe(3);
    expect(qubo.penalty).toBe(10);
    expect(qubo.budget).toBe(2);
    expect(qubo.offset).toBe(40);
    expect(qubo.Q[0]![0]).toBeCloseTo(0.02 - 0.01 - 30, 12);
    expect(qubo.Q[2]![2]).toBeCloseTo(0.08 + 0.015 - 30, 12);
    expect(qubo.Q[0]![1]).toBeCloseTo(0.01 + 20, 12);
    expect(qubo.Q[1]![2]).toBeCloseTo(-0.02 + 20, 12);
    expect(qubo.Q[1]![0]).toBe(0);
    expect(qubo.Q[2]![0]).toBe(0);
  });

  it('gives E(x) = objective(x) + P (sum(x) - B)^2 for every x', () => {
    const qubo = toQubo(problem, { penalty: 3 });

    for (const x of allSelections(3)) {
      const violation = x.reduce((s, v) => s + v, 0) - 2;
      expect(quboEnergy(qubo, x)).toBeCloseTo(objective(problem, x) + 3 * violation ** 2, 12);
    }
  });

  it('uses the default penalty when none is given', () => {
    expect(toQubo(problem).penalty).toBe(defaultPenalty(problem));
  });

  it.each([[0], [-1], [NaN], [Infinity]])('rejects the penalty %p', (penalty) => {
    const act = () => toQubo(problem, { penalty });

    expect(act).toThrow(PortfolioError);
    expect(act).toThrow(expect.objectContaining({ code: 'INVALID_PROBLEM', field: 'penalty' }));
    expect(act).toThrow(/^penalty: .* is out of range; must be a finite number > 0/);
  });

  it('separates feasible from infeasible selections on real data (AAPL, AMZN, GOOG, JPM; q = 0.5, B = 2)', () => {
    const stats = returnStatisticsFromCsv(bundledPricesCsv(), { tickers: ['AAPL', 'AMZN', 'GOOG', 'JPM'] });
    const real = createProblem({ ...stats, riskFactor: 0.5, budget: 2 });
    const qubo = toQubo(real);
    const energies = allSelections(4).map((x) => ({
      x,
      e: quboEnergy(qubo, x),
      feasible: x.filter(Boolean).length === 2,
    }));

    const worstFeasible = Math.max(...energies.filter((r) => r.feasible).map((r) => r.e));
    const bestInfeasible = Math.min(...energies.filter((r) => !r.feasible).map((r) => r.e));

    expect(worstFeasible).toBeLessThan(bestInfeasible);
    expect(bestInfeasible - worstFeasible).toBeGreaterThanOrEqual(1);
  });
});

describe('toIsing', () => {
  it('substitutes x = (1 - z) / 2 in a 2-variable QUBO', () => {
    // E = 1 + 2 x0 - 3 x1 + 4 x0 x1
    const ising = toIsing({
      numVariables: 2,
      Q: [
        [2, 4],
        [0, -3],
      ],
      offset: 1,
    });

    // h0 = -2/2 - 4/4 = -2; h1 = 3/2 - 1 = 0.5; J01 = 1; offset = 1 + 1 - 1.5 + 1 = 1.5
    expect(ising).toEqual({
      numQubits: 2,
      h: [-2, 0.5],
      J: [
        [0, 1],
        [0, 0],
      ],
      offset: 1.5,
    });
    expect(isingEnergy(ising, [1, 1])).toBe(1); // x = 00
    expect(isingEnergy(ising, [-1, 1])).toBe(3); // x = 10
    expect(isingEnergy(ising, [1, -1])).toBe(-2); // x = 01
    expect(isingEnergy(ising, [-1, -1])).toBe(4); // x = 11
  });

  it('rejects a Q of the wrong shape and energies of the wrong length', () => {
    expect(() => toIsing({ numVariables: 2, Q: [[1, 2]], offset: 0 })).toThrow(
      expect.objectContaining({ code: 'INVALID_PROBLEM', field: 'qubo.Q' }),
    );
    expect(() => quboEnergy(toQubo(problem), [1, 0])).toThrow(/^x: has length 2; must have length 3/);
    expect(() => isingEnergy(toIsing(toQubo(problem)), [1])).toThrow(/^z: has length 1; must have length 3/);
  });
});
