/** ValidateAndPrepare task: lib/jobs validateAndPrepareTask (user errors keep their catalogued names). */
import { randomInt } from 'node:crypto';
import { validateAndPrepareTask } from '../lib/jobs/tasks';
import { functionEnv, stores, wrap } from './shared/runtime';

export const handler = wrap(async (event: { spec: unknown; executionName: string }) => {
  const env = functionEnv('validate-and-prepare');
  return validateAndPrepareTask(event, {
    readDataset: stores(env.RESULTS_BUCKET).readDataset,
    now: () => Date.now(),
    randomSeed: () => randomInt(0, 2 ** 31),
    startupGraceSeconds: env.QUANTUM_STARTUP_GRACE_SECONDS,
  });
});
