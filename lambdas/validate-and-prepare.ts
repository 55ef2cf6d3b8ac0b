/** ValidateAndPrepare task: lib/jobs validateAndPrepareTask (errors: QPO.InputRejected). */
import { randomInt } from 'node:crypto';
import { validateAndPrepareTask } from '../lib/jobs/tasks';
import { stores, wrap } from './shared/runtime';

export const handler = wrap(async (event: { spec: unknown; executionName: string }) =>
  validateAndPrepareTask(event, {
    readDataset: stores().readDataset,
    now: () => Date.now(),
    randomSeed: () => randomInt(0, 2 ** 31),
    startupGraceSeconds: Number(process.env.QUANTUM_STARTUP_GRACE_SECONDS ?? 300),
  }),
);
