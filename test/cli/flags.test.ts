import { specFromFlags } from '../../bin/cli/flags';
import { parseJobSpec, JobValidationError } from '../../lib/jobs';

describe('qpo optimize flags -> JobSpec', () => {
  it('maps every flag onto its JobSpec field', () => {
    const spec = parseJobSpec(
      specFromFlags({
        stocks: 'AAPL, AMZN,GOOG,JPM',
        prices: 'my.csv',
        start: '2015-01-01',
        end: '2017-12-31',
        riskFactor: '0.3',
        budget: '2',
        solver: 'quantum',
        algorithm: 'qaoa',
        backend: 'local',
        reps: '3',
        optimizer: 'SPSA',
        maxIterations: '50',
        shots: '1000',
        cvarAlpha: '0.2',
        precision: 'SINGLE',
        seed: '7',
        timeout: '30',
        forceFallback: true,
      }),
    );
    expect(spec.portfolio).toMatchObject({ tickers: ['AAPL', 'AMZN', 'GOOG', 'JPM'], dataset: 'my.csv', start: '2015-01-01', end: '2017-12-31' });
    expect(spec).toMatchObject({ riskFactor: 0.3, budget: 2, solver: 'quantum' });
    expect(spec.quantum).toMatchObject({ algorithm: 'qaoa', reps: 3, optimizer: 'spsa', maxIterations: 50, shots: 1000, cvarAlpha: 0.2, precision: 'single', seed: 7, timeoutSeconds: 30 });
    expect(spec.fallback).toMatchObject({ force: true });
  });

  it('--risk-tolerance t means q = 1 - t and is range-checked', () => {
    expect(parseJobSpec(specFromFlags({ tickers: 'A,B', riskTolerance: '0.25' })).riskFactor).toBe(0.75);
    expect(specFromFlags({ tickers: 'A,B', riskTolerance: '0.9' }).riskFactor).toBe(0.1);
    expect(() => specFromFlags({ tickers: 'A,B', riskTolerance: '1.5' })).toThrow(/--risk-tolerance: '1.5' is out of range; must be a number between 0 and 1/);
    expect(() => specFromFlags({ tickers: 'A,B', riskTolerance: '0.5', riskFactor: '0.5' })).toThrow(JobValidationError);
  });

  it('flags override the config file, which fills the rest', () => {
    const spec = parseJobSpec(specFromFlags({ shots: '10' }, { portfolio: { tickers: ['A', 'B', 'C'] }, quantum: { shots: 99, reps: 4 } }));
    expect(spec.quantum.shots).toBe(10);
    expect(spec.quantum.reps).toBe(4);
  });

  it('keeps non-numeric values as text so the error shows them', () => {
    expect(() => parseJobSpec(specFromFlags({ tickers: 'A,B,C', shots: 'many' }))).toThrow(/quantum.shots: 'many' is not a number/);
  });

  it('takes mu and Sigma from a --problem file and rejects unknown fields', () => {
    const spec = parseJobSpec(specFromFlags({}, {}, { tickers: ['A', 'B'], mu: [0.001, 0.002], sigma: [[1e-4, 0], [0, 2e-4]], riskFactor: 0.2, budget: 1 }));
    expect(spec.portfolio.mu).toEqual([0.001, 0.002]);
    expect(spec.riskFactor).toBe(0.2);
    expect(() => specFromFlags({}, {}, { tickers: ['A'], Sigma: [] } as never)).toThrow(/--problem: unknown field\(s\) 'Sigma'/);
  });
});
