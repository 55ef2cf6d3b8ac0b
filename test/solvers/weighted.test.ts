/**
 * The solvers on weighted models (integer lots, weight limits, sector caps, rebalancing) built from
 * the bundled prices: exact, annealing and VQE (givens on the unary encoding, realamplitudes on the
 * binary one) reach the optimum that enumerating every lot vector finds; QAOA refuses models.
 */
import { createPortfolioModel, evaluateLots, exactModelOptimum, type PortfolioModelInput } from '../../lib/portfolio';
import { annealingSolver, exactSolver, qaoaSolver, vqeSolver } from '../../lib/solvers';
import { realProblem } from '../helpers/problems';

function input(tickers: string[], extra: Partial<PortfolioModelInput>): PortfolioModelInput {
  const p = realProblem(tickers, 2, 0.5);
  return { tickers: p.tickers, mu: p.mu, sigma: p.sigma, riskFactor: p.riskFactor, lots: 4, ...extra };
}

const CASES: [string, PortfolioModelInput][] = [
  ['unary, max weight 0.5', input(['AAPL', 'AMZN', 'GOOG', 'JPM'], { encoding: 'unary', maxWeight: 0.5 })],
  ['unary with holdings and costs', input(['AAPL', 'AMZN', 'XOM', 'WMT'], { encoding: 'unary', maxWeight: 0.5, holdings: [0.3, 0.3, 0.2, 0.2], costBps: 25 })],
  ['binary, min weight and a sector cap', input(['AAPL', 'AMZN', 'GOOG', 'JPM'], { lots: 5, minWeight: [0.2, 0, 0, 0], sectors: [{ name: 'tech', assets: [0, 1, 2], maxWeight: 0.6 }] })],
];

describe.each(CASES)('%s', (_name, modelInput) => {
  const model = createPortfolioModel(modelInput);
  const optimum = exactModelOptimum(model).best;

  it('exact returns the enumerated optimum with its lots', async () => {
    const r = await exactSolver.solve(model);
    expect(r.lots).toEqual(optimum.lots);
    expect(r.objective).toBeCloseTo(optimum.objective, 12);
    expect(r.feasible).toBe(true);
  });

  it('annealing reaches the optimum and keeps the limits', async () => {
    const r = await annealingSolver.solve(model, { seed: 3, numReads: 40 });
    expect(r.objective).toBeCloseTo(optimum.objective, 12);
    expect(evaluateLots(model, r.lots!).feasible).toBe(true);
    expect(r.lots!.reduce((a, b) => a + b, 0)).toBe(model.lots);
  });

  it('VQE finds the optimum in lots (the default method where a Hamming weight exists)', async () => {
    const options = model.hammingWeight === null ? { ansatz: 'realamplitudes' as const, reps: 2, maxIterations: 300, seed: 5 } : { seed: 5 };
    const r = await vqeSolver.solve(model, options, {}, { optimalLots: optimum.lots });
    expect(r.lots).toEqual(optimum.lots);
    expect(r.objective).toBeCloseTo(optimum.objective, 10);
    expect(r.optimumProbability).toBeGreaterThan(0);
  }, 120_000);

  it('QAOA refuses a weighted model, naming the fix', async () => {
    await expect(qaoaSolver.solve(model)).rejects.toThrow(/for weights \(lots\) use vqe/);
  });
});

it('the givens ansatz refuses a model without a Hamming weight', async () => {
  const model = createPortfolioModel(input(['AAPL', 'AMZN', 'GOOG'], { lots: 3 }));
  expect(model.hammingWeight).toBeNull();
  await expect(vqeSolver.solve(model, { ansatz: 'givens' })).rejects.toThrow(/use realamplitudes, or the unary encoding/);
});
