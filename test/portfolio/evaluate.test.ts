import {
  PortfolioError,
  TRADING_DAYS_PER_YEAR,
  approximationRatio,
  bitstringFromSelection,
  createProblem,
  evaluateSelection,
  objective,
  selectionFromBitstring,
} from '../../lib/portfolio';

const problem = createProblem({
  tickers: ['AAPL', 'AMZN', 'GOOG', 'JPM'],
  mu: [0.002, 0.001, 0.0015, 0.0005],
  sigma: [
    [0.0004, 0.0002, 0.0001, 0.0],
    [0.0002, 0.0006, 0.0002, 0.0001],
    [0.0001, 0.0002, 0.0003, 0.0],
    [0.0, 0.0001, 0.0, 0.0005],
  ],
  riskFactor: 0.5,
  budget: 2,
});

describe('bitstrings (Qiskit order: asset 0 rightmost)', () => {
  it('puts asset i at character n-1-i', () => {
    expect(bitstringFromSelection([1, 0, 0, 0])).toBe('0001');
    expect(bitstringFromSelection([1, 1, 0, 0])).toBe('0011');
    expect(bitstringFromSelection([0, 0, 1, 1])).toBe('1100');
    expect(selectionFromBitstring('0011')).toEqual([1, 1, 0, 0]);
    expect(selectionFromBitstring('1000')).toEqual([0, 0, 0, 1]);
  });

  it('round-trips every 4-bit string', () => {
    for (let k = 0; k < 16; k++) {
      const bits = k.toString(2).padStart(4, '0');
      expect(bitstringFromSelection(selectionFromBitstring(bits))).toBe(bits);
    }
  });

  it.each([[''], ['01a1'], ['0 1']])('rejects the bitstring %p', (bits) => {
    expect(() => selectionFromBitstring(bits)).toThrow(
      expect.objectContaining({ code: 'INVALID_PROBLEM', field: 'bitstring' }),
    );
  });

  it('rejects a bitstring of the wrong length when n is given', () => {
    expect(() => selectionFromBitstring('011', 4)).toThrow(/^bitstring: "011" has 3 characters; must have 4/);
  });
});

describe('evaluateSelection', () => {
  it('evaluates AAPL + GOOG given as a vector or as the bitstring 0101', () => {
    const fromVector = evaluateSelection(problem, [1, 0, 1, 0]);
    const fromBits = evaluateSelection(problem, '0101');

    expect(fromBits).toEqual(fromVector);
    expect(fromVector.bitstring).toBe('0101');
    expect(fromVector.selection).toEqual([1, 0, 1, 0]);
    expect(fromVector.selectedTickers).toEqual(['AAPL', 'GOOG']);
    expect(fromVector.feasible).toBe(true);
    expect(fromVector.objective).toBe(objective(problem, [1, 0, 1, 0]));
    // x^T Sigma x = 0.0004 + 0.0003 + 2 * 0.0001 = 0.0009; mu^T x = 0.0035
    expect(fromVector.objective).toBeCloseTo(0.5 * 0.0009 - 0.0035, 15);
  });

  it('reports the equal-weight return and volatility, daily and annualised with 252 days', () => {
    const evaluation = evaluateSelection(problem, [1, 0, 1, 0]);

    // w = [0.5, 0, 0.5, 0]: return = 0.00175; variance = 0.25 * 0.0009 = 0.000225 -> vol = 0.015
    expect(TRADING_DAYS_PER_YEAR).toBe(252);
    expect(evaluation.expectedReturnDaily).toBeCloseTo(0.00175, 15);
    expect(evaluation.expectedReturnAnnual).toBeCloseTo(0.00175 * 252, 13);
    expect(evaluation.volatilityDaily).toBeCloseTo(0.015, 15);
    expect(evaluation.volatilityAnnual).toBeCloseTo(0.015 * Math.sqrt(252), 14);
  });

  it('evaluates infeasible selections as equal-weight over what is selected, the empty one as zero', () => {
    const three = evaluateSelection(problem, '0111');
    const none = evaluateSelection(problem, '0000');

    expect(three.feasible).toBe(false);
    expect(three.selectedTickers).toEqual(['AAPL', 'AMZN', 'GOOG']);
    expect(three.expectedReturnDaily).toBeCloseTo(0.0045 / 3, 15);
    expect(none).toMatchObject({
      feasible: false,
      selectedTickers: [],
      objective: 0,
      expectedReturnDaily: 0,
      volatilityDaily: 0,
    });
  });

  it('rejects a selection of the wrong length or with a non-0/1 entry', () => {
    expect(() => evaluateSelection(problem, [1, 0, 1])).toThrow(PortfolioError);
    expect(() => evaluateSelection(problem, [1, 0, 1, 2])).toThrow(/^x\[3\]: 2 is not 0 or 1/);
    expect(() => evaluateSelection(problem, '101')).toThrow(expect.objectContaining({ field: 'bitstring' }));
  });
});

describe('approximationRatio', () => {
  it('is (worst - found) / (worst - optimum)', () => {
    expect(approximationRatio(-1, -1, 0)).toBe(1);
    expect(approximationRatio(0, -1, 0)).toBe(0);
    expect(approximationRatio(-0.9, -1, 0)).toBeCloseTo(0.9, 15);
    expect(approximationRatio(-0.002, -0.003, 0.001)).toBeCloseTo(0.75, 12);
  });

  it('is 1 when every feasible selection has the same objective (worst == optimum)', () => {
    expect(approximationRatio(0.5, 0.5, 0.5)).toBe(1);
    expect(approximationRatio(0, 0, 0)).toBe(1);
    expect(approximationRatio(0.1 + 0.2, 0.3, 0.1 + 0.2)).toBe(1);
  });

  it('exceeds 1 for a value below the optimum and is negative above the worst feasible value', () => {
    expect(approximationRatio(-2, -1, 0)).toBe(2);
    expect(approximationRatio(1, -1, 0)).toBe(-1);
  });

  it('rejects non-finite values and a worst value below the optimum', () => {
    expect(() => approximationRatio(NaN, -1, 0)).toThrow(
      expect.objectContaining({ code: 'INVALID_PROBLEM', field: 'found' }),
    );
    expect(() => approximationRatio(0, -Infinity, 0)).toThrow(expect.objectContaining({ field: 'optimum' }));
    expect(() => approximationRatio(0, 0, -1)).toThrow(/^worstFeasible: -1 is below optimum 0; .*swapped/);
  });
});
