import { cvarScheduleOf, InvalidSolverOptionError, objectiveScaledPenalty, resolveQaoa, resolveVqe } from '../../lib/solvers';
import { defaultPenalty, isFeasible, objective, toQubo, quboEnergy } from '../../lib/portfolio';
import { realProblem } from '../helpers/problems';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'BAC', 'WMT', 'PFE'];

describe('resolveVqe: what runs when a setting is omitted, and what a named one means', () => {
  it('on the local simulator: the givens ansatz, L-BFGS with adjoint gradients, ascending CVaR, up to 8 starts', () => {
    const r = resolveVqe({ seed: 3 }, { exactState: true });
    expect(r.method).toBe('subspace-gradient');
    if (r.method !== 'subspace-gradient') return;
    expect(r.settings).toMatchObject({ layers: 4, maxEvaluations: 4000, maxRestarts: 8, initialState: 'basis', seed: 3, finalShots: 1024 });
    expect(r.settings.schedule).toEqual({ kind: 'ascending', alphas: [0.05, 0.2, 0.5, 1] });
  });

  it.each([
    ['shots', { shots: 1024 }, { exactState: true }],
    ['a hardware backend', {}, { exactState: false }],
  ] as const)('with %s: the givens circuit through the Sampler with COBYLA (300 evaluations, ascending CVaR)', (_, given, env) => {
    const r = resolveVqe(given, env);
    expect(r.method).toBe('sampler');
    if (r.method !== 'sampler') return;
    expect(r.options).toMatchObject({ ansatz: 'givens', reps: 4, optimizer: 'cobyla', maxIterations: 300 });
    expect(r.options.cvarSchedule).toEqual({ kind: 'ascending', alphas: [0.05, 0.2, 0.5, 1] });
  });

  it('a Qiskit ansatz keeps Qiskit\'s meaning: reps 2, reverse_linear, COBYLA 300, a fixed CVaR alpha of 0.25', () => {
    const r = resolveVqe({ ansatz: 'realamplitudes' }, { exactState: true });
    expect(r.method).toBe('sampler');
    if (r.method !== 'sampler') return;
    expect(r.options).toMatchObject({ ansatz: 'realamplitudes', reps: 2, entanglement: 'reverse_linear', optimizer: 'cobyla', maxIterations: 300, cvarAlpha: 0.25 });
    expect(r.options.cvarSchedule).toBeUndefined();
  });

  it('--ansatz realamplitudes --optimizer cobyla --cvar-alpha 0.25 means exactly that', () => {
    const r = resolveVqe({ ansatz: 'realamplitudes', optimizer: 'cobyla', cvarAlpha: 0.25, reps: 1, maxIterations: 100 }, { exactState: true });
    expect(r).toMatchObject({ method: 'sampler', options: { ansatz: 'realamplitudes', optimizer: 'cobyla', cvarAlpha: 0.25, reps: 1, maxIterations: 100 } });
  });

  it('a given CVaR alpha fixes the schedule of the givens ansatz too', () => {
    const r = resolveVqe({ cvarAlpha: 0.3 }, { exactState: true });
    expect(r.method === 'subspace-gradient' && r.settings.schedule).toEqual({ kind: 'fixed', alphas: [0.3] });
  });

  it.each([
    [{ ansatz: 'realamplitudes', optimizer: 'lbfgs' }, { exactState: true }, /'lbfgs' needs exact gradients, which qpo computes for the givens ansatz/],
    [{ optimizer: 'lbfgs', shots: 100 }, { exactState: true }, /'lbfgs' needs the exact state of the local simulator/],
    [{ optimizer: 'lbfgs' }, { exactState: false }, /'lbfgs' needs the exact state of the local simulator/],
    [{ entanglement: 'linear' }, { exactState: true }, /quantum.entanglement: applies to realamplitudes, efficientsu2 and twolocal/],
  ] as const)('refuses %j with InvalidSolverOptionError naming the field', (given, env, message) => {
    expect(() => resolveVqe(given as never, env)).toThrow(InvalidSolverOptionError);
    expect(() => resolveVqe(given as never, env)).toThrow(message);
  });
});

describe('cvarScheduleOf', () => {
  it('fixed at alpha (0.25 by default); ascending from alpha (0.05 by default) through the stages above it to 1', () => {
    expect(cvarScheduleOf('fixed')).toEqual({ kind: 'fixed', alphas: [0.25] });
    expect(cvarScheduleOf('fixed', 0.1)).toEqual({ kind: 'fixed', alphas: [0.1] });
    expect(cvarScheduleOf('ascending')).toEqual({ kind: 'ascending', alphas: [0.05, 0.2, 0.5, 1] });
    expect(cvarScheduleOf('ascending', 0.3)).toEqual({ kind: 'ascending', alphas: [0.3, 0.5, 1] });
  });
});

describe('resolveQaoa', () => {
  it('defaults to the XY mixer from the Dicke state, trained in the feasible subspace by L-BFGS', () => {
    expect(resolveQaoa({}, { exactState: true })).toMatchObject({ method: 'subspace-gradient', mixer: 'xy', initialState: 'dicke', reps: 2, optimizer: 'lbfgs', restarts: 10 });
  });

  it('the X mixer (Qiskit\'s QAOAAnsatz) runs through the Sampler with COBYLA and a fixed alpha, with the objective-scaled penalty', () => {
    expect(resolveQaoa({ mixer: 'x' }, { exactState: true })).toMatchObject({ method: 'sampler', mixer: 'x', initialState: 'plus', optimizer: 'cobyla', maxIterations: 300, penalty: 'objective', schedule: { kind: 'fixed', alphas: [0.25] } });
  });

  it('with shots or hardware the XY mixer goes through the Sampler too', () => {
    expect(resolveQaoa({ shots: 512 }, { exactState: true })).toMatchObject({ method: 'sampler', mixer: 'xy', optimizer: 'cobyla' });
    expect(resolveQaoa({}, { exactState: false })).toMatchObject({ method: 'sampler', mixer: 'xy' });
  });

  it('refuses L-BFGS without exact gradients', () => {
    expect(() => resolveQaoa({ mixer: 'x', optimizer: 'lbfgs' }, { exactState: true })).toThrow(/'lbfgs' needs exact gradients/);
  });
});

describe('objectiveScaledPenalty', () => {
  it.each([[6, 0.1], [6, 5], [8, 0.5], [8, 2]])('still puts every infeasible selection above every feasible one (brute force, n=%i, q=%s), and is ~1/100 of the qiskit default in daily units', (n, q) => {
    const problem = realProblem(TICKERS.slice(0, n), Math.floor(n / 2), q);
    const penalty = objectiveScaledPenalty(problem);
    const qubo = toQubo(problem, { penalty });
    let worstFeasible = -Infinity;
    let bestInfeasible = Infinity;
    for (let mask = 0; mask < 2 ** n; mask++) {
      const x = Array.from({ length: n }, (_, i) => (mask >> i) & 1);
      const e = quboEnergy(qubo, x);
      if (isFeasible(problem, x)) {
        worstFeasible = Math.max(worstFeasible, e);
        expect(e).toBeCloseTo(objective(problem, x), 12);
      } else bestInfeasible = Math.min(bestInfeasible, e);
    }
    expect(bestInfeasible).toBeGreaterThan(worstFeasible);
    expect(penalty).toBeLessThan(defaultPenalty(problem) / 10);
  });
});
