import * as path from 'node:path';
import { parseStageConfig } from '../../lib/infra/config';
import { loadStageConfig } from '../../bin/app';

describe('stage config', () => {
  it('fills the defaults of lib/infra/defaults.ts', () => {
    const c = parseStageConfig({ stage: 'prod' });
    expect(c).toMatchObject({ project: 'qpo', batch: { maxVcpus: 256, jobVcpus: 4, jobMemoryGiB: 8 }, alarms: { fallbackRatePercent: 20, queueDepth: 50, quantumSuccessPercent: 90, batchSuccessPercent: 98 }, forceClassicalCacheSeconds: 30, jobIndexRetentionDays: 400, schedules: [] });
  });

  it('names every bad field', () => {
    expect(() => parseStageConfig({ stage: 'Prod!', alertEmail: 'nope', batch: { maxVcpus: 0 }, schedules: [{ name: 'x', expression: 'daily', spec: {} }] })).toThrow(
      /stage:.*\n.*alertEmail:.*\n.*batch\.maxVcpus:.*\n.*schedules\.0\.expression: use cron/s,
    );
  });

  it('backend names: the quantum.backend syntax, a clear synth error otherwise', () => {
    const ok = ['local', 'ibm:ibm_torino', 'ibm:least-busy', 'braket:sv1', 'braket:Forte-1', 'braket:arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1'];
    expect(parseStageConfig({ stage: 'prod', backends: ok }).backends).toEqual(ok);
    for (const bad of ['ibm_torino', 'arn:aws:braket:us-east-1::device/qpu/ionq/Forte-1', 'braket:nope', 'ibm:', 'IBM:ibm_fez', 'auto'])
      expect(() => parseStageConfig({ stage: 'prod', backends: ['local', bad] })).toThrow(new RegExp(`backends\\.1: '${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}' is not a backend name; use local, ibm:<device>`));
    expect(() => parseStageConfig({ stage: 'prod', backends: [] })).toThrow(/backends:/);
  });

  it('loads config/dev.json', () => {
    expect(loadStageConfig('dev', path.join(__dirname, '..', '..', 'config')).stage).toBe('dev');
    expect(() => loadStageConfig('../etc')).toThrow(/not a stage name/);
  });
});
