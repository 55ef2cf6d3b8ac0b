/**
 * The runbook's environment switches (lib/contracts/env.ts RUNBOOK_ENV), read once at the CLI's edge:
 * FORCE_CLASSICAL_FALLBACK=true|false, QUANTUM_BACKEND=<device>, VQE_SHOTS=<n>. A malformed value is
 * the user's mistake (exit 2) naming the variable, the value and the fix.
 */
import { RUNBOOK_ENV } from '../../lib/contracts/env';
import { JobValidationError } from '../../lib/jobs/errors';

export interface RunbookSwitches {
  readonly forceClassicalFallback?: boolean;
  readonly quantumBackend?: string;
  readonly shots?: number;
}

const TRUE = new Set(['true', '1', 'yes', 'on']);
const FALSE = new Set(['false', '0', 'no', 'off', '']);

/** Parse the switches from `env` (process.env at the edge). @throws JobValidationError */
export function runbookSwitches(env: Readonly<Record<string, string | undefined>>): RunbookSwitches {
  const out: { forceClassicalFallback?: boolean; quantumBackend?: string; shots?: number } = {};
  const force = env[RUNBOOK_ENV.FORCE_CLASSICAL_FALLBACK];
  if (force !== undefined) {
    const v = force.trim().toLowerCase();
    if (TRUE.has(v)) out.forceClassicalFallback = true;
    else if (!FALSE.has(v))
      throw new JobValidationError(`${RUNBOOK_ENV.FORCE_CLASSICAL_FALLBACK}: '${force}' is not a switch; set it to true or false`, RUNBOOK_ENV.FORCE_CLASSICAL_FALLBACK);
  }
  const backend = env[RUNBOOK_ENV.QUANTUM_BACKEND]?.trim();
  if (backend) out.quantumBackend = backend;
  const shots = env[RUNBOOK_ENV.VQE_SHOTS]?.trim();
  if (shots) {
    const n = Number(shots);
    if (!Number.isInteger(n) || n < 1 || n > 100_000)
      throw new JobValidationError(`${RUNBOOK_ENV.VQE_SHOTS}: '${shots}' is out of range; must be an integer between 1 and 100000 (shots per evaluation)`, RUNBOOK_ENV.VQE_SHOTS);
    out.shots = n;
  }
  return out;
}
