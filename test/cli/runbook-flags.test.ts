/**
 * The runbook's flags (--method, --fallback-threshold, --max-queue-wait, --test-mode) and
 * environment switches (FORCE_CLASSICAL_FALLBACK, QUANTUM_BACKEND, VQE_SHOTS): what each sets, and
 * the order config < environment < flags. Plus `initial_point: FILE` as the CLI reads it.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { specFromFlags } from '../../bin/cli/flags';
import { runbookSwitches } from '../../bin/cli/environment';
import { parseInitialPoint, readInitialPoint } from '../../bin/cli/initial-point';
import { parseJobSpec } from '../../lib/jobs';

const base = { portfolio: { tickers: ['AAPL', 'AMZN', 'GOOG', 'JPM'] } };

describe('the runbook\'s flags', () => {
  it('--method names the classical method (runbook spellings accepted)', () => {
    expect(parseJobSpec(specFromFlags({ method: 'simulated_annealing' }, base)).fallback.method).toBe('simulated_annealing');
    expect(parseJobSpec(specFromFlags({ method: 'Simulated-Annealing' }, base)).fallback.method).toBe('simulated_annealing');
    expect(parseJobSpec(specFromFlags({ method: 'exact', solver: 'classical' }, base)).fallback.method).toBe('exact');
    expect(() => parseJobSpec(specFromFlags({ method: 'genetic' }, base))).toThrow(/fallback.method: 'genetic' is not valid; use one of simulated_annealing, exact/);
  });

  it('--fallback-threshold, --max-queue-wait, --test-mode, --tolerance, --max-evaluations', () => {
    const spec = parseJobSpec(specFromFlags({ solver: 'auto', fallbackThreshold: '50', maxQueueWait: '300', testMode: true, tolerance: '1e-3', maxEvaluations: '40' }, base));
    expect(spec.fallback).toMatchObject({ queueThreshold: 50, maxQueueWaitSeconds: 300, testMode: true });
    expect(spec.quantum).toMatchObject({ tolerance: 1e-3, maxEvaluations: 40 });
    expect(() => parseJobSpec(specFromFlags({ maxQueueWait: '0' }, base))).toThrow(/fallback.maxQueueWaitSeconds: 0 is out of range; must be greater than 0/);
    expect(() => parseJobSpec(specFromFlags({ fallbackThreshold: 'lots' }, base))).toThrow(/fallback.queueThreshold: 'lots' is not a number/);
  });

  it('an unset flag never overrides the config file', () => {
    const config = { ...base, fallback: { queueThreshold: 100, method: 'exact', maxQueueWaitSeconds: 60 } };
    const spec = parseJobSpec(specFromFlags({}, config));
    expect(spec.fallback).toMatchObject({ queueThreshold: 100, method: 'exact', maxQueueWaitSeconds: 60, testMode: false });
  });
});

describe('the runbook\'s environment switches', () => {
  it('are read with their names, and bad values name the variable and the fix', () => {
    expect(runbookSwitches({ FORCE_CLASSICAL_FALLBACK: 'true', QUANTUM_BACKEND: 'ibm_nairobi', VQE_SHOTS: '2048' })).toEqual({ forceClassicalFallback: true, quantumBackend: 'ibm_nairobi', shots: 2048 });
    expect(runbookSwitches({ FORCE_CLASSICAL_FALLBACK: 'false' })).toEqual({});
    expect(runbookSwitches({})).toEqual({});
    expect(() => runbookSwitches({ FORCE_CLASSICAL_FALLBACK: 'maybe' })).toThrow(/FORCE_CLASSICAL_FALLBACK: 'maybe' is not a switch; set it to true or false/);
    expect(() => runbookSwitches({ VQE_SHOTS: '0' })).toThrow(/VQE_SHOTS: '0' is out of range; must be an integer between 1 and 100000/);
    expect(() => runbookSwitches({ VQE_SHOTS: 'many' })).toThrow(/VQE_SHOTS: 'many'/);
  });

  it('sit above the config file and below the flags, and are recorded', () => {
    const config = { ...base, quantum: { shots: 512, backend: 'local' } };
    const switches = runbookSwitches({ FORCE_CLASSICAL_FALLBACK: 'true', QUANTUM_BACKEND: 'ibmq_qasm_simulator', VQE_SHOTS: '2048' });
    const fromEnv = parseJobSpec(specFromFlags({}, config, undefined, switches));
    expect(fromEnv.quantum).toMatchObject({ shots: 2048, backend: 'local' });
    expect(fromEnv.fallback.force).toBe(true);
    expect(fromEnv.origin?.environment).toEqual(['FORCE_CLASSICAL_FALLBACK=true', 'QUANTUM_BACKEND=ibmq_qasm_simulator', 'VQE_SHOTS=2048']);
    expect(fromEnv.origin?.notes).toEqual([expect.stringMatching(/'ibmq_qasm_simulator' was retired by IBM/)]);
    const flagsWin = parseJobSpec(specFromFlags({ shots: '100', backend: 'ibm:ibm_torino' }, config, undefined, switches));
    expect(flagsWin.quantum).toMatchObject({ shots: 100, backend: 'ibm:ibm_torino' });
  });
});

describe('initial_point: FILE', () => {
  it('reads a JSON list, {"initial_point": [...]}, or numpy.savetxt text', () => {
    expect(parseInitialPoint('[0.5, -1, 2e-3]', 'p.json')).toEqual([0.5, -1, 0.002]);
    expect(parseInitialPoint('{"initial_point": [1, 2]}', 'p.json')).toEqual([1, 2]);
    expect(parseInitialPoint('1.000000000000000000e+00\n-2.500000000000000000e-01\n', 'p.txt')).toEqual([1, -0.25]);
    expect(() => parseInitialPoint('[1, "x"]', 'p.json')).toThrow(/quantum.initialPoint: 'p.json' entry 1 \("x"\) is not a finite number/);
    expect(() => parseInitialPoint('', 'p.txt')).toThrow(/holds no list of numbers/);
  });

  it('looks in the working directory first (the runbook\'s config/... paths), then beside the config file', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'qpo-ip-'));
    mkdirSync(path.join(root, 'config'));
    writeFileSync(path.join(root, 'config', 'initial_point.json'), '[0.1, 0.2]');
    writeFileSync(path.join(root, 'config', 'beside.json'), '[0.3]');
    await expect(readInitialPoint('config/initial_point.json', 'config/vqe_config.yaml', root)).resolves.toEqual([0.1, 0.2]);
    await expect(readInitialPoint('beside.json', 'config/vqe_config.yaml', root)).resolves.toEqual([0.3]);
    await expect(readInitialPoint('missing.json', 'config/vqe_config.yaml', root)).rejects.toThrow(/the initial-point file 'missing.json' does not exist \(looked for .*missing.json and .*config\/missing.json\)/);
  });
});
