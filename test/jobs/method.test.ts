import { parseJobSpec } from '../../lib/jobs/spec';
import { plannedMethodOf, resolvedVqeOf } from '../../lib/jobs/method';
import { backendRequestOf } from '../../lib/jobs/steps';

const spec = (quantum: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) =>
  parseJobSpec({ portfolio: { tickers: ['AAPL', 'AMZN', 'GOOG', 'JPM'] }, quantum, ...extra });

describe('plannedMethodOf / backendRequestOf', () => {
  it('local simulator: the gradient method, whose only Sampler request is the final readout', () => {
    const s = spec();
    expect(plannedMethodOf(s)).toMatchObject({ method: 'subspace-gradient', ansatz: 'givens', optimizer: 'lbfgs', reps: 4, restarts: 8, samplerEvaluations: 0 });
    expect(backendRequestOf(s, 1, 4)).toMatchObject({ optimizer: 'lbfgs', maxIterations: 0 });
  });

  it('a hardware backend: the givens circuit with COBYLA through the Sampler, 300 evaluations for the estimate', () => {
    const s = spec({ backend: 'ibm:ibm_fez' });
    expect(plannedMethodOf(s)).toMatchObject({ method: 'sampler', ansatz: 'givens', optimizer: 'cobyla', maxIterations: 300, samplerEvaluations: 300 });
    expect(backendRequestOf(s, 1, 4)).toMatchObject({ optimizer: 'cobyla', maxIterations: 300 });
  });

  it('a Qiskit ansatz with SPSA: SPSA iterations for the estimate, as before', () => {
    const s = spec({ ansatz: 'efficientsu2', optimizer: 'spsa', maxIterations: 50, shots: 100 });
    expect(plannedMethodOf(s)).toMatchObject({ method: 'sampler', ansatz: 'efficientsu2', entanglement: 'reverse_linear', optimizer: 'spsa', maxIterations: 50 });
    expect(backendRequestOf(s, 1, 4)).toMatchObject({ optimizer: 'spsa', maxIterations: 50 });
  });

  it('QAOA: XY mixer from the Dicke state; the X mixer goes through the Sampler', () => {
    expect(plannedMethodOf(spec({ algorithm: 'qaoa' }))).toMatchObject({ algorithm: 'qaoa', method: 'subspace-gradient', mixer: 'xy', initialState: 'dicke', samplerEvaluations: 0 });
    expect(plannedMethodOf(spec({ algorithm: 'qaoa', mixer: 'x' }))).toMatchObject({ method: 'sampler', mixer: 'x', initialState: '|+>', samplerEvaluations: 300 });
  });

  it('caps the multi-start time budget at 40 % of the quantum path\'s timeout (120 s by default)', () => {
    const r = resolvedVqeOf(spec({ timeoutSeconds: 100 }));
    expect(r.method === 'subspace-gradient' && r.settings.timeBudgetSeconds).toBe(40);
    const d = resolvedVqeOf(spec());
    expect(d.method === 'subspace-gradient' && d.settings.timeBudgetSeconds).toBe(120);
    // a confirming second start must be predicted to end within 60 % of the timeout
    expect(r.method === 'subspace-gradient' && r.settings.confirmBudgetSeconds).toBe(60);
    expect(d.method === 'subspace-gradient' && d.settings.confirmBudgetSeconds).toBe(360);
  });

  it('names the warm start as the initial state', () => {
    expect(plannedMethodOf(spec({ warmStart: 'annealing' }))).toMatchObject({ warmStart: 'annealing', initialState: 'annealing answer' });
  });
});
