import { normalizeConfig, parseConfigText, parseJobSpec, JobValidationError } from '../../lib/jobs';

describe('config files (YAML / JSON, runbook layout)', () => {
  it('maps a runbook vqe_config.yaml onto the JobSpec', () => {
    const yaml = `
portfolio:
  stocks: [AAPL, AMZN, GOOG, JPM]
  risk_factor: 0.4
  budget: 2
vqe:
  ansatz: RealAmplitudes
  reps: 3
  optimizer: COBYLA
  maxiter: 150
  shots: 2048
  cvar_alpha: 0.1
  seed: 7
fallback:
  timeout_seconds: 120
  queue_threshold: 20
annealing:
  num_reads: 50
  num_sweeps: 500
  beta_schedule_type: linear
`;
    const spec = parseJobSpec(normalizeConfig(parseConfigText(yaml, 'vqe_config.yaml')));
    expect(spec.portfolio.tickers).toEqual(['AAPL', 'AMZN', 'GOOG', 'JPM']);
    expect(spec.riskFactor).toBe(0.4);
    expect(spec.budget).toBe(2);
    expect(spec.quantum).toMatchObject({ algorithm: 'vqe', ansatz: 'realamplitudes', reps: 3, optimizer: 'cobyla', maxIterations: 150, shots: 2048, cvarAlpha: 0.1, seed: 7 });
    expect(spec.quantum.timeoutSeconds).toBe(120);
    expect(spec.fallback).toMatchObject({ queueThreshold: 20 });
    expect(spec.fallback.annealing).toMatchObject({ numReads: 50, numSweeps: 500, betaSchedule: 'linear' });
  });

  it('reads a JobSpec in JSON as is, and risk_tolerance t as q = 1 - t', () => {
    const json = JSON.stringify({ portfolio: { tickers: ['AAPL', 'JPM', 'XOM'] }, risk_tolerance: 0.3, qaoa: { p: 2, optimizer: 'Nelder-Mead' } });
    const spec = parseJobSpec(normalizeConfig(parseConfigText(json, 'job.json')));
    expect(spec.riskFactor).toBeCloseTo(0.7, 15);
    expect(spec.quantum).toMatchObject({ algorithm: 'qaoa', reps: 2, optimizer: 'nelder-mead' });
  });

  it('points at the line of a YAML syntax error', () => {
    expect(() => parseConfigText('vqe:\n  reps: [1,\n', 'bad.yaml')).toThrow(/bad.yaml: not valid YAML or JSON \(line \d+, column \d+\)/);
  });

  it('leaves unknown keys for validation, which names them', () => {
    const raw = normalizeConfig(parseConfigText('portfolio: {tickers: [A, B]}\nvqe: {repz: 2}\n', 'c.yaml'));
    expect(() => parseJobSpec(raw)).toThrow(/quantum: unknown field\(s\) 'repz'/);
  });

  it('rejects risk_tolerance outside [0,1] and non-mapping files', () => {
    expect(() => normalizeConfig({ risk_tolerance: 2 })).toThrow(JobValidationError);
    expect(() => normalizeConfig([1, 2])).toThrow(/must hold a mapping/);
  });
});
