/**
 * The operations runbook's own files (../shared/runbook, read as printed) load into the JobSpec:
 * every key is either mapped (asserted field by field) or reported as ignored with its reason, and
 * a table per file covers every key the file holds, so a key added to the runbook fails here.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { jobSpecNotes, normalizeConfig, parseConfigText, parseJobSpec } from '../../lib/jobs';
import { betaSchedule } from '../../lib/solvers/anneal-schedule';

const RUNBOOK = path.join(__dirname, '..', '..', '..', 'shared', 'runbook');
const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM'];

function load(file: string) {
  const text = readFileSync(path.join(RUNBOOK, file), 'utf8');
  const input = { ...normalizeConfig(parseConfigText(text, file), file), portfolio: { tickers: TICKERS } };
  return { raw: parse(text) as unknown, input, spec: parseJobSpec(input) };
}

/** Every leaf key path of a YAML document (list items of mappings by their keys). */
function leafKeys(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((v) => (typeof v === 'string' ? [`${prefix}.${v}`] : leafKeys(v, prefix)));
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => (typeof v === 'object' && v !== null && k !== 'channels' ? leafKeys(v, prefix ? `${prefix}.${k}` : k) : [prefix ? `${prefix}.${k}` : k]));
  return [prefix];
}

describe('the runbook\'s vqe_config.yaml, as printed', () => {
  const { raw, spec } = load('vqe_config.yaml');
  // Runbook key -> where it lands (every key maps; none is ignored).
  const MAPPED: Record<string, () => unknown> = {
    'vqe.ansatz': () => expect(spec.quantum.ansatz).toBe('efficientsu2'),
    'vqe.optimizer': () => expect(spec.quantum.optimizer).toBe('cobyla'),
    'vqe.max_iterations': () => expect(spec.quantum.maxIterations).toBe(100),
    'vqe.initial_point': () => expect(spec.quantum.initialPoint).toBeUndefined(),
    'quantum.shots': () => expect(spec.quantum.shots).toBe(1024),
    'quantum.measurement_error_mitigation': () => expect(spec.quantum.mitigation).toBe(true),
    'convergence.tolerance': () => expect(spec.quantum.tolerance).toBe(1e-6),
    'convergence.max_evals': () => expect(spec.quantum.maxEvaluations).toBe(1000),
    'classical_fallback.enabled': () => expect(spec.fallback.enabled).toBe(true),
    'classical_fallback.timeout_seconds': () => expect(spec.quantum.timeoutSeconds).toBe(600),
    'classical_fallback.method': () => expect(spec.fallback.method).toBe('simulated_annealing'),
  };

  it('covers every key of the file', () => expect(leafKeys(raw).sort()).toEqual(Object.keys(MAPPED).sort()));
  it.each(Object.keys(MAPPED))('maps %s', (key) => MAPPED[key]!());
  it('records the file and ignores nothing', () => {
    expect(spec.origin).toEqual({ config: 'vqe_config.yaml' });
    expect(spec.quantum.algorithm).toBe('vqe');
  });
});

describe('the runbook\'s fallback_config.yaml, as printed', () => {
  const { raw, input, spec } = load('fallback_config.yaml');
  const ignored = (key: string) => spec.origin?.ignored?.find((i) => i.key === key);
  const MAPPED: Record<string, () => unknown> = {
    'fallback.enabled': () => expect(spec.fallback.enabled).toBe(true),
    'fallback.trigger_conditions.quantum_backend_unavailable': () => expect(ignored('fallback.trigger_conditions.quantum_backend_unavailable')?.reason).toMatch(/always a trigger/),
    'fallback.trigger_conditions.queue_length_exceeds': () => expect(spec.fallback.queueThreshold).toBe(100),
    'fallback.trigger_conditions.job_timeout_seconds': () => expect(spec.quantum.timeoutSeconds).toBe(600),
    'fallback.classical_method': () => expect(spec.fallback.method).toBe('simulated_annealing'),
    'fallback.simulated_annealing.initial_temperature': () => expect(spec.fallback.annealing.betaRange![0]).toBeCloseTo(1 / 1000, 15),
    'fallback.simulated_annealing.cooling_rate': () => expect(spec.fallback.annealing.betaSchedule).toBe('geometric'),
    'fallback.simulated_annealing.iterations': () => expect(spec.fallback.annealing.numSweeps).toBe(10_000),
    'fallback.notification.enabled': () => expect(ignored('fallback.notification')?.reason).toMatch(/SNS alerts topic/),
    'fallback.notification.channels': () => expect(ignored('fallback.notification')?.reason).toMatch(/CloudWatch metrics/),
  };

  it('covers every key of the file', () => expect(leafKeys(raw).sort()).toEqual(Object.keys(MAPPED).sort()));
  it.each(Object.keys(MAPPED))('maps %s', (key) => MAPPED[key]!());

  it('anneals at T_k = initial_temperature * cooling_rate^k, sweep by sweep', () => {
    const { betaRange, numSweeps } = spec.fallback.annealing;
    const betas = betaSchedule('geometric', betaRange![0], betaRange![1], numSweeps);
    for (const k of [0, 1, 10, 100, 1000, 9999]) expect(betas[k]! * 1000 * 0.95 ** k).toBeCloseTo(1, 9);
  });

  it('prints each ignored key and the mapping as a note', () => {
    const notes = jobSpecNotes(input, spec);
    expect(notes).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^fallback_config.yaml: ignored fallback.trigger_conditions.quantum_backend_unavailable: always a trigger/),
        expect.stringMatching(/^fallback_config.yaml: ignored fallback.notification: /),
        expect.stringMatching(/initial_temperature 1000, cooling_rate 0.95, 10000 iterations -> fallback.annealing/),
      ]),
    );
  });
});

describe('the runbook\'s config/runtime_override.yaml, as printed', () => {
  it('runs the classical method now', () => {
    const { raw, spec } = load('runtime_override.yaml');
    expect(raw).toEqual({ solver: 'classical', method: 'simulated_annealing' });
    expect(spec.solver).toBe('classical');
    expect(spec.fallback.method).toBe('simulated_annealing');
  });
});

describe('runbook settings mentioned in prose', () => {
  const spec = (yaml: string) => parseJobSpec({ ...normalizeConfig(parseConfigText(yaml, 'c.yaml')), portfolio: { tickers: TICKERS } });

  it('quantum_config.yaml: backend auto, a bare IBM device name, the retired ibmq_qasm_simulator', () => {
    expect(spec('backend: auto\n').quantum.backend).toBe('auto');
    expect(spec('backend: ibm_nairobi\n').quantum.backend).toBe('ibm:ibm_nairobi');
    const retired = spec('backend: ibmq_qasm_simulator\n');
    expect(retired.quantum.backend).toBe('local');
    expect(retired.origin?.notes).toEqual([expect.stringMatching(/'ibmq_qasm_simulator' was retired by IBM .*local state-vector simulator/)]);
    expect(() => spec('backend: nairobi\n')).toThrow(/quantum.backend: 'nairobi' is not a backend; use local, auto, ibm:<device> .*qpo backends/);
  });

  it('ansatz_reps: auto picks the repetitions from the number of assets, and says so', () => {
    const s = spec('vqe:\n  ansatz: TwoLocal\n  ansatz_reps: auto\n  max_iterations: 500\n');
    expect(s.quantum).toMatchObject({ ansatz: 'twolocal', reps: 2, maxIterations: 500 });
    expect(s.origin?.notes).toEqual(['quantum.reps: auto -> 2 ansatz repetitions for 4 qubits (ceil(log2 n), 1..6)']);
  });

  it('initial_point: a list is the starting parameters; a file name is left for the CLI to read', () => {
    expect(spec('vqe:\n  initial_point: [0.1, -0.2]\n').quantum.initialPoint).toEqual([0.1, -0.2]);
    expect(() => spec('vqe:\n  initial_point: config/initial_point.json\n')).toThrow(
      /quantum.initialPoint: 'config\/initial_point.json' is a file name; only qpo optimize reads files/,
    );
  });

  it('optimizer: SLSQP is refused with the list of supported optimizers', () => {
    expect(() => spec('vqe:\n  optimizer: SLSQP\n')).toThrow(/quantum.optimizer: 'SLSQP' is not supported; use one of lbfgs, cobyla, spsa, nelder-mead/);
  });

  it('measurement_error_mitigation: true, queue_length_exceeds: 50, job_timeout_seconds: 300', () => {
    const s = spec('quantum:\n  measurement_error_mitigation: true\nfallback:\n  trigger_conditions:\n    - queue_length_exceeds: 50\n    - job_timeout_seconds: 300\n');
    expect(s.quantum).toMatchObject({ mitigation: true, timeoutSeconds: 300 });
    expect(s.fallback.queueThreshold).toBe(50);
  });
});

describe('runbook config mistakes', () => {
  const load = (yaml: string) => () => parseJobSpec({ ...normalizeConfig(parseConfigText(yaml, 'c.yaml')), portfolio: { tickers: TICKERS } });

  it.each([
    ['classical_fallback:\n  timeout_seconds: 600\nfallback:\n  trigger_conditions: [{job_timeout_seconds: 300}]\n', /job_timeout_seconds: 300 conflicts with 600 set elsewhere in the file for quantum.timeoutSeconds/],
    ['fallback:\n  trigger_conditions: [error_rate_exceeds]\n', /unknown trigger 'error_rate_exceeds'; use one of quantum_backend_unavailable, queue_length_exceeds/],
    ['fallback:\n  trigger_conditions: 5\n', /fallback.trigger_conditions: must be a list/],
    ['simulated_annealing:\n  initial_temperature: 0\n  cooling_rate: 0.9\n', /simulated_annealing.initial_temperature: 0 is out of range; must be a number > 0/],
    ['simulated_annealing:\n  initial_temperature: 10\n  cooling_rate: 1.5\n', /cooling_rate: 1.5 is out of range; must be a number between 0 and 1/],
    ['simulated_annealing:\n  initial_temperature: 10\n', /initial_temperature and cooling_rate go together/],
    ['method: quantum_annealing\n', /fallback.method: 'quantum_annealing' is not valid; use one of simulated_annealing, exact/],
    ['convergence:\n  tolerance: 0\n', /quantum.tolerance: 0 is out of range/],
    ['convergence:\n  patience: 3\n', /convergence: unknown field 'patience'/],
    ['vqe:\n  reps: many\n', /quantum.reps: 'many' is not valid; use an integer between 1 and 20, or 'auto'/],
  ])('%j is refused with the key and the fix', (yaml, message) => expect(load(yaml)).toThrow(message));
});
