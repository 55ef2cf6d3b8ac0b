/**
 * The PortfolioModel's QUBO and decoder against the model itself, on every bit vector of random small
 * models (integer lots, weight limits, sector caps, holdings with fractional lots, transaction costs):
 * bounds hold by construction, every feasible bit vector is below every infeasible one, the QUBO never
 * under-states the objective and its minimum is the exact optimum found by enumeration. Binary
 * selection gives exactly toQubo's QUBO.
 */
import fc from 'fast-check';
import {
  boundedCoefficients,
  constraintResiduals,
  createPortfolioModel,
  decodeBits,
  decodeInteger,
  encodeLots,
  encodeInteger,
  evaluateLots,
  exactModelOptimum,
  lotsOfBits,
  modelQubo,
  quboEnergy,
  selectionModel,
  toQubo,
  type PortfolioModelInput,
} from '../../lib/portfolio';

const SEED = 20261207;

/** A PSD covariance A A^T / n in daily-return units. */
function covariance(n: number, a: number[]): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => a.slice(i * n, i * n + n).reduce((s, v, k) => s + v * a[j * n + k]!, 0) / n));
}

const modelArb: fc.Arbitrary<PortfolioModelInput> = fc
  .record({ n: fc.integer({ min: 2, max: 4 }), lots: fc.integer({ min: 1, max: 5 }) })
  .chain(({ n, lots }) =>
    fc.record({
      n: fc.constant(n),
      lots: fc.constant(lots),
      mu: fc.array(fc.double({ min: -0.01, max: 0.01, noNaN: true }), { minLength: n, maxLength: n }),
      a: fc.array(fc.double({ min: -0.1, max: 0.1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
      riskFactor: fc.double({ min: 0, max: 5, noNaN: true }),
      maxWeight: fc.option(fc.double({ min: 0.5, max: 1, noNaN: true }), { nil: undefined }),
      minWeight: fc.option(fc.double({ min: 0, max: 0.2, noNaN: true }), { nil: undefined }),
      holdings: fc.option(fc.array(fc.double({ min: 0, max: 1 / n, noNaN: true }), { minLength: n, maxLength: n }), { nil: undefined }),
      costBps: fc.array(fc.integer({ min: 0, max: 200 }), { minLength: n, maxLength: n }),
      sector: fc.option(fc.record({ size: fc.integer({ min: 1, max: n }), cap: fc.double({ min: 0.3, max: 0.9, noNaN: true }) }), { nil: undefined }),
      encoding: fc.constantFrom('binary' as const, 'unary' as const),
    }),
  )
  .map((r) => ({
    tickers: Array.from({ length: r.n }, (_, i) => `A${i}`),
    mu: r.mu,
    sigma: covariance(r.n, r.a),
    riskFactor: r.riskFactor,
    lots: r.lots,
    encoding: r.encoding,
    ...(r.maxWeight === undefined ? {} : { maxWeight: r.maxWeight }),
    ...(r.minWeight === undefined ? {} : { minWeight: r.minWeight }),
    ...(r.holdings === undefined ? {} : { holdings: r.holdings, costBps: r.costBps }),
    ...(r.sector === undefined ? {} : { sectors: [{ name: 'S', assets: Array.from({ length: r.sector.size }, (_, i) => i), maxWeight: r.sector.cap }] }),
  }));

/** The model, or null when its limits leave nothing feasible (a validation error, tested elsewhere). */
function tryModel(input: PortfolioModelInput) {
  try {
    const model = createPortfolioModel(input);
    exactModelOptimum(model);
    return model;
  } catch (error) {
    if ((error as { code?: string }).code === 'INVALID_PROBLEM') return null;
    throw error;
  }
}

function* bitVectors(m: number): Generator<number[]> {
  for (let v = 0; v < 2 ** m; v++) yield Array.from({ length: m }, (_, b) => (v >> b) & 1);
}

describe('bounded-coefficient encoding (Karimi & Ronagh 2019)', () => {
  it.each([0, 1, 2, 3, 4, 6, 7, 10, 31, 100])('covers 0..%i exactly, every pattern inside', (range) => {
    for (const cap of [Infinity, 1, 2, 4]) {
      const c = boundedCoefficients(range, cap);
      expect(c.reduce((a, b) => a + b, 0)).toBe(range);
      expect(Math.max(0, ...c)).toBeLessThanOrEqual(cap);
      for (let v = 0; v <= range; v++) expect(decodeInteger(c, encodeInteger(c, v))).toBe(v);
      if (cap === Infinity) expect(c.length).toBe(range === 0 ? 0 : Math.ceil(Math.log2(range + 1)));
    }
  });
});

describe('PortfolioModel QUBO and decoder', () => {
  it('binary selection (K_i = 1, L = B) is exactly the QUBO of toQubo', () => {
    fc.assert(
      fc.property(modelArb, (input) => {
        const budget = Math.max(1, Math.min(input.tickers.length - 1, input.lots));
        const problem = { tickers: input.tickers, mu: input.mu, sigma: input.sigma, riskFactor: input.riskFactor, budget };
        const model = selectionModel(problem);
        expect(createPortfolioModel({ ...problem, lots: budget, maxLots: 1, encoding: 'unary' }).bits).toEqual(model.bits);
        const q = modelQubo(model, { general: true });
        const ref = toQubo(problem);
        expect(modelQubo(model)).toEqual({ numVariables: ref.numVariables, Q: ref.Q, offset: ref.offset, penalty: ref.penalty });
        expect(model.binarySelection).toBe(true);
        expect(Math.abs(q.penalty - ref.penalty)).toBeLessThan(1e-12 * ref.penalty);
        expect(q.offset).toBeCloseTo(ref.offset, 9);
        q.Q.forEach((row, i) => row.forEach((v, j) => expect(Math.abs(v - ref.Q[i]![j]!)).toBeLessThanOrEqual(1e-12 * ref.penalty)));
      }),
      { seed: SEED, numRuns: 100 },
    );
  });

  it('on every bit vector: bounds hold, feasible below infeasible, the QUBO never under-states the objective, and its minimum is the exact optimum', () => {
    let checked = 0;
    fc.assert(
      fc.property(modelArb, (input) => {
        const model = tryModel(input);
        if (!model || model.bits.length > 12) return;
        checked += 1;
        const qubo = modelQubo(model);
        const exact = exactModelOptimum(model);
        let minE = Infinity;
        let maxFeasibleE = -Infinity;
        let minInfeasibleE = Infinity;
        const problems: string[] = [];
        for (const x of bitVectors(model.bits.length)) {
          const lots = lotsOfBits(model, x);
          if (lots.some((k, i) => k < model.assets[i]!.minLots || k > model.assets[i]!.maxLots)) problems.push(`out of bounds: ${lots}`);
          const e = decodeBits(model, x);
          const energy = quboEnergy(qubo, x);
          // A feasible portfolio: the QUBO never under-states its objective (penalties only add).
          if (e.feasible && energy < e.objective - 1e-12) problems.push(`under-stated: ${lots}`);
          // A feasible bit vector (every residual zero, slack included) is below every infeasible one.
          if (constraintResiduals(model, x).every((r) => r === 0)) {
            if (!e.feasible) problems.push(`zero residuals but infeasible: ${lots}`);
            maxFeasibleE = Math.max(maxFeasibleE, energy);
          } else minInfeasibleE = Math.min(minInfeasibleE, energy);
          minE = Math.min(minE, energy);
        }
        expect(problems).toEqual([]);
        expect(minInfeasibleE).toBeGreaterThan(maxFeasibleE);
        expect(minE).toBeCloseTo(exact.best.objective, 12);
      }),
      { seed: SEED, numRuns: 120 },
    );
    expect(checked).toBeGreaterThan(50);
  });

  it('every feasible lot vector has an encoding whose energy is its exact objective', () => {
    fc.assert(
      fc.property(modelArb, (input) => {
        const model = tryModel(input);
        if (!model || model.bits.length > 13) return;
        const qubo = modelQubo(model);
        const best = new Map<string, number>();
        for (const x of bitVectors(model.bits.length)) {
          const e = decodeBits(model, x);
          if (!e.feasible) continue;
          const key = e.lots.join(',');
          best.set(key, Math.min(best.get(key) ?? Infinity, quboEnergy(qubo, x)));
        }
        for (const [key, energy] of best) expect(energy).toBeCloseTo(evaluateLots(model, key.split(',').map(Number)).objective, 12);
        expect(best.size).toBe(exactModelOptimum(model).feasibleCount);
      }),
      { seed: SEED + 1, numRuns: 100 },
    );
  });
});

describe('unary encoding', () => {
  it('without holdings or binding sectors, the lot budget is a Hamming weight: feasible bit vectors are exactly those of weight L - sum(kmin)', () => {
    fc.assert(
      fc.property(modelArb, (input) => {
        const model = tryModel({ ...input, encoding: 'unary', holdings: undefined, sectors: undefined } as PortfolioModelInput);
        if (!model || model.bits.length > 12) return;
        expect(model.hammingWeight).not.toBeNull();
        for (const x of bitVectors(model.bits.length)) {
          const weight = x.reduce((a, b) => a + b, 0);
          if (decodeBits(model, x).feasible !== (weight === model.hammingWeight)) throw new Error(`weight ${weight}: ${x}`);
        }
      }),
      { seed: SEED + 2, numRuns: 60 },
    );
  });
});

describe('encodeLots', () => {
  it('gives every feasible lot vector a bit vector with zero residuals whose energy is its exact objective', () => {
    fc.assert(
      fc.property(modelArb, (input) => {
        const model = tryModel(input);
        if (!model || model.bits.length > 14) return;
        const qubo = modelQubo(model);
        const exact = exactModelOptimum(model);
        const x = encodeLots(model, exact.best.lots);
        expect(lotsOfBits(model, x)).toEqual(exact.best.lots);
        expect(constraintResiduals(model, x).every((r) => r === 0)).toBe(true);
        expect(quboEnergy(qubo, x)).toBeCloseTo(exact.best.objective, 12);
      }),
      { seed: SEED + 3, numRuns: 120 },
    );
  });
});
