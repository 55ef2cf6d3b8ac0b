/** ValidateAndPrepare task: lib/jobs validateAndPrepareTask (user errors keep their catalogued names; an existing result is refused first). */
import { randomInt } from 'node:crypto';
import { validateAndPrepareTask } from '../lib/jobs/tasks';
import { functionEnv, stores, wrap } from './shared/runtime';

export const handler = wrap(async (event: { spec: unknown; executionName: string }) => {
  const env = functionEnv('validate-and-prepare');
  const { readDataset, store } = stores(env.RESULTS_BUCKET);
  return validateAndPrepareTask(event, {
    readDataset,
    // An existing result is refused before any work (HeadObject on portfolio-optimization/<jobId>/result.json).
    store,
    now: () => Date.now(),
    randomSeed: () => randomInt(0, 2 ** 31),
    startupGraceSeconds: env.QUANTUM_STARTUP_GRACE_SECONDS,
  });
});
