import { bitstringOf, NoFeasibleSampleError, qaoaSolver, solveExactly, SolveAbortedError, vqeSolver } from '../../lib/solvers';
import { createStatevectorSampler } from '../../lib/quantum';
import { realProblem } from '../helpers/problems';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE', 'GE', 'T'];

function instance(n: number, q = 0.5) {
  const problem = realProblem(TICKERS.slice(0, n), Math.floor(n / 2), q);
  const exact = solveExactly(problem);
  return { problem, optimum: exact.optimum, optimal: bitstringOf(exact.optimalSelection) };
}

describe('VQE default (givens ansatz, L-BFGS with adjoint gradients, ascending CVaR) on real-data problems', () => {
  const cases: [number, number][] = [];
  for (const n of [4, 6, 8, 10]) for (const seed of [1, 2, 3]) cases.push([n, seed]);
  it.each(cases)('finds the brute-force optimum and concentrates on it: n=%i, seed=%i', async (n, seed) => {
    const { problem, optimum, optimal } = instance(n);

    const result = await vqeSolver.solve(problem, { seed }, {}, { optimalBitstring: optimal });

    expect(result.bitstring).toBe(optimal);
    expect(result.objective).toBeCloseTo(optimum, 14);
    // The goal is a median of 0.5 for n <= 12; every run here ends on the optimum.
    expect(result.optimumProbability!).toBeGreaterThan(0.5);
    expect(result.samples.every((s) => s.feasible)).toBe(true);
    const v = result.variational!;
    expect(v).toMatchObject({ method: 'subspace-gradient', ansatz: 'givens', optimizer: 'lbfgs', reps: 4, warmStart: 'none' });
    expect(v.cvarSchedule).toEqual({ kind: 'ascending', alphas: [0.05, 0.2, 0.5, 1] });
    expect(v.circuit.numParameters).toBe(n > 2 ? 4 * n : 4);
    expect(v.trace.length).toBe(v.evaluations);
    expect(v.restarts!.reduce((s, r) => s + r.evaluations, 0)).toBe(v.evaluations);
    expect(v.restarts!.length).toBeGreaterThanOrEqual(2);
    expect(['agreement', 'max-restarts', 'time-budget', 'evaluation-budget']).toContain(v.restartStopReason);
    expect(v.finalParameters).toHaveLength(v.circuit.numParameters);
  });

  it('gives the same answer, trace and parameters for the same seed', async () => {
    const { problem } = instance(8);
    const a = await vqeSolver.solve(problem, { seed: 11 });
    const b = await vqeSolver.solve(problem, { seed: 11 });
    expect(b.variational!.trace).toEqual(a.variational!.trace);
    expect(b.variational!.finalParameters).toEqual(a.variational!.finalParameters);
    expect(b.samples).toEqual(a.samples);
  });

  it('starts from the warm-start bitstring when given one (Egger et al.)', async () => {
    const { problem, optimal } = instance(8);
    const result = await vqeSolver.solve(problem, { seed: 1, warmStartBitstring: optimal }, {}, { optimalBitstring: optimal });
    expect(result.variational).toMatchObject({ warmStart: 'annealing', initialState: optimal });
    expect(result.bitstring).toBe(optimal);
    expect(result.variational!.circuit.gateCounts.x).toBe(problem.budget);
  });

  it('starts from the Dicke state with initialState dicke', async () => {
    const { problem, optimal } = instance(6);
    const result = await vqeSolver.solve(problem, { seed: 1, initialState: 'dicke' }, {}, { optimalBitstring: optimal });
    expect(result.variational!.initialState).toBe('dicke');
    expect(result.bitstring).toBe(optimal);
    expect(result.samples.every((s) => s.feasible)).toBe(true);
  });

  it('stops making starts at the time budget (the clock is a parameter)', async () => {
    const { problem } = instance(8);
    let t = 0;
    const result = await vqeSolver.solve(problem, { seed: 3, timeBudgetSeconds: 10 }, { now: () => (t += 20) });
    expect(result.variational!.restartStopReason).toBe('time-budget');
    expect(result.variational!.restarts).toHaveLength(1);
  });

  it('a second start still begins after the time budget when the first start predicts it ends within confirmBudgetSeconds', async () => {
    const { problem } = instance(8);
    // Each reading of the clock advances it 20 s: the first start takes 20 s, the second is asked at 80 s.
    const run = async (confirmBudgetSeconds: number) => {
      let t = 0;
      return (await vqeSolver.solve(problem, { seed: 3, timeBudgetSeconds: 10, confirmBudgetSeconds }, { now: () => (t += 20) })).variational!;
    };
    const confirmed = await run(100);
    expect(confirmed.restarts).toHaveLength(2);
    expect(confirmed.restarts!.map((r) => r.seconds)).toEqual([20, 20]);
    expect(['agreement', 'time-budget']).toContain(confirmed.restartStopReason);
    const unconfirmed = await run(99);
    expect(unconfirmed.restarts).toHaveLength(1);
    expect(unconfirmed.restartStopReason).toBe('time-budget');
  });
});

describe('VQE with a Qiskit ansatz keeps Qiskit\'s meaning and the previous defaults', () => {
  it.each([4, 6, 8])('RealAmplitudes reps 2, COBYLA 300, CVaR alpha 0.25 finds the optimum: n=%i', async (n) => {
    const { problem, optimum, optimal } = instance(n);
    const result = await vqeSolver.solve(problem, { seed: 1, ansatz: 'realamplitudes' }, {}, { optimalBitstring: optimal });
    expect(result.bitstring).toBe(optimal);
    expect(result.objective).toBeCloseTo(optimum, 14);
    const v = result.variational!;
    expect(v).toMatchObject({ method: 'sampler', ansatz: 'realamplitudes', reps: 2, optimizer: 'cobyla', cvarAlpha: 0.25, initialState: '|0>' });
    expect(v.cvarSchedule).toEqual({ kind: 'fixed', alphas: [0.25] });
    expect(v.evaluations).toBeLessThanOrEqual(300);
    expect(v.trace.length).toBe(v.evaluations);
    expect(v.circuit.numParameters).toBe(n * 3); // RealAmplitudes reps=2: n (reps + 1)
    expect(Math.min(...v.trace)).toBeCloseTo(v.finalEnergy, 12);
  });

  it('runs an ascending schedule on the sampler when asked', async () => {
    const { problem, optimal } = instance(6);
    const result = await vqeSolver.solve(problem, { seed: 2, ansatz: 'realamplitudes', cvarSchedule: { kind: 'ascending', alphas: [0.1, 1] } }, {}, { optimalBitstring: optimal });
    expect(result.variational!.cvarSchedule).toEqual({ kind: 'ascending', alphas: [0.1, 1] });
    expect(result.variational!.cvarAlpha).toBe(1);
    expect(result.variational!.evaluations).toBeLessThanOrEqual(300);
  });
  it('with shots samples like hardware, deterministically per seed (the givens circuit through the Sampler)', async () => {
    const { problem, optimal } = instance(6);
    const a = await vqeSolver.solve(problem, { seed: 5, shots: 512, maxIterations: 120 }, {}, { optimalBitstring: optimal });
    const b = await vqeSolver.solve(problem, { seed: 5, shots: 512, maxIterations: 120 }, {}, { optimalBitstring: optimal });
    expect(a.variational!.trace).toEqual(b.variational!.trace);
    expect(a.bitstring).toBe(optimal);
    expect(a.shotsUsed).toBe(512 * (a.variational!.evaluations + 1));
    expect(a.variational).toMatchObject({ method: 'sampler', ansatz: 'givens', optimizer: 'cobyla' });
    expect(a.samples.every((s) => s.feasible)).toBe(true);
    expect(a.samples.reduce((s, x) => s + x.count, 0)).toBeLessThanOrEqual(512);
  });

  it.each(['efficientsu2', 'twolocal'] as const)('%s ansatz also solves n=6', async (ansatz) => {
    const { problem, optimal } = instance(6);
    const result = await vqeSolver.solve(problem, { seed: 3, ansatz, reps: 2 });
    expect(result.bitstring).toBe(optimal);
  });

  it.each(['spsa', 'nelder-mead'] as const)('%s optimizer also solves n=6', async (optimizer) => {
    const { problem, optimal } = instance(6);
    const result = await vqeSolver.solve(problem, { seed: 2, optimizer, maxIterations: 400 });
    expect(result.bitstring).toBe(optimal);
  });

  it('reports progress once per evaluation', async () => {
    const { problem } = instance(4);
    const steps: number[] = [];
    const result = await vqeSolver.solve(problem, { seed: 1, maxIterations: 30 }, { onProgress: (p) => steps.push(p.step) });
    expect(steps).toEqual(Array.from({ length: result.variational!.evaluations }, (_, i) => i + 1));
  });

  it('stops with SolveAbortedError when its signal aborts', async () => {
    const { problem } = instance(6);
    const controller = new AbortController();
    const run = vqeSolver.solve(problem, { seed: 1, maxIterations: 100000 }, {
      signal: controller.signal,
      onProgress: (p) => p.step === 5 && controller.abort(new Error('timeout')),
    });
    await expect(run).rejects.toBeInstanceOf(SolveAbortedError);
  });

  it('throws NoFeasibleSampleError when no final shot meets the budget', async () => {
    const { problem } = instance(4);
    // All-zero angles leave RealAmplitudes in |0000>: every shot selects no asset.
    const run = vqeSolver.solve(problem, { ansatz: 'realamplitudes', initialPoint: Array(12).fill(0), maxIterations: 1, seed: 1 });
    await expect(run).rejects.toBeInstanceOf(NoFeasibleSampleError);
  });
});

describe('QAOA on real-data problems', () => {
  it.each([4, 6, 8])('returns the optimum as its best sampled feasible bitstring: n=%i', async (n) => {
    const { problem, optimal } = instance(n);
    const result = await qaoaSolver.solve(problem, { seed: 4, reps: 2 }, {}, { optimalBitstring: optimal });
    expect(result.bitstring).toBe(optimal);
    expect(result.variational!.circuit.numParameters).toBe(4);
    expect(result.optimumProbability!).toBeGreaterThan(0);
  });
});

describe('QAOA with the XY mixer', () => {
  it('keeps every amplitude on selections of exactly B assets', async () => {
    const { problem, optimal } = instance(6);
    const result = await qaoaSolver.solve(problem, { seed: 2, reps: 2, mixer: 'xy', maxIterations: 60 }, {}, { optimalBitstring: optimal });
    expect(result.samples.every((s) => s.feasible)).toBe(true);
    expect(result.bitstring).toBe(optimal);
    expect(result.variational!.circuit.gateCounts).toMatchObject({ rxx: 12, ryy: 12, x: 3 });
  });

  it('concentrates more probability on the optimum than the X mixer at n = 8', async () => {
    const { problem, optimal } = instance(8);
    const x = await qaoaSolver.solve(problem, { seed: 1, reps: 2, mixer: 'x' }, {}, { optimalBitstring: optimal });
    const xy = await qaoaSolver.solve(problem, { seed: 1, reps: 2, mixer: 'xy' }, {}, { optimalBitstring: optimal });
    expect(xy.optimumProbability!).toBeGreaterThan(2 * x.optimumProbability!);
  });
});

describe('variational loop on a Sampler with parameter broadcasting', () => {
  it('SPSA sends its perturbation pair in one request: about half the requests of one point each', async () => {
    const { problem, optimal } = instance(6);
    // The real simulator Sampler, recording how many parameter sets each request carries.
    const inner = createStatevectorSampler({ seed: 9 });
    const sizes: number[] = [];
    const sampler = { ...inner, run: (req: Parameters<typeof inner.run>[0], signal?: AbortSignal) => (sizes.push(req.parameterSets.length), inner.run(req, signal)) };
    const result = await vqeSolver.solve(problem, { seed: 4, ansatz: 'realamplitudes', optimizer: 'spsa', maxIterations: 60, shots: 2000 }, { sampler }, { optimalBitstring: optimal });
    const evaluations = result.variational!.evaluations;
    expect(sizes.filter((k) => k === 2).length).toBe(25 + 60); // calibration and iteration pairs
    expect(sizes.length).toBeLessThan(evaluations / 2 + 5);
    expect(result.variational!.trace).toHaveLength(evaluations);
    expect(result.shotsUsed).toBe(2000 * (evaluations + 1));
    expect(result.bitstring).toBe(optimal);
  });
});
