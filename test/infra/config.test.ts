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

  it('loads config/dev.json', () => {
    expect(loadStageConfig('dev', path.join(__dirname, '..', '..', 'config')).stage).toBe('dev');
    expect(() => loadStageConfig('../etc')).toThrow(/not a stage name/);
  });
});
