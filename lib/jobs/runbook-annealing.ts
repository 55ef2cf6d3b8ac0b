/**
 * The runbook's simulated-annealing settings (`initial_temperature`, `cooling_rate`, `iterations`:
 * one temperature step per iteration, T_k = T0 * rate^k) in qpo's terms: a geometric schedule of
 * `numSweeps = iterations` inverse temperatures from 1/T0 to 1/(T0 * rate^(iterations - 1)), which
 * is exactly beta_k = 1/T_k (lib/solvers/anneal-schedule.ts). Temperatures are in the energy units
 * of the problem's Ising Hamiltonian. qpo-style keys (numReads, numSweeps, betaSchedule, betaRange,
 * seed, timeLimitSeconds) pass through for the JobSpec to validate.
 */
import { JobValidationError } from './errors';

type Obj = Record<string, unknown>;

/** Largest inverse temperature written (a colder schedule end is the same: every uphill move is rejected). */
const BETA_MAX = 1e300;

const RUNBOOK_KEYS = ['initial_temperature', 'cooling_rate', 'iterations'] as const;

function positive(path: string, v: unknown, what: string, check: (x: number) => boolean): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || !check(v))
    throw new JobValidationError(`${path}: ${JSON.stringify(v)} is out of range; must be ${what}`, path);
  return v;
}

/**
 * Map an annealing section (keys already renamed to qpo's where they have a qpo name).
 * @returns the JobSpec `fallback.annealing` input and a note explaining the mapping, if any.
 * @throws JobValidationError for a temperature <= 0, a cooling rate outside (0, 1), a bad count, or
 *   a runbook key given together with the qpo field it sets.
 */
export function mapRunbookAnnealing(section: Obj, path: string): { annealing: Obj; note?: string } {
  const given = RUNBOOK_KEYS.filter((k) => section[k] !== undefined);
  if (given.length === 0) return { annealing: section };
  const { initial_temperature: t0Raw, cooling_rate: rateRaw, iterations: itRaw, ...rest } = section;
  const out: Obj = { ...rest };
  if (itRaw !== undefined) {
    if (out.numSweeps !== undefined) throw new JobValidationError(`${path}.iterations: give iterations or num_sweeps, not both`, `${path}.iterations`);
    out.numSweeps = positive(`${path}.iterations`, itRaw, 'an integer >= 1 (temperature steps)', (x) => Number.isInteger(x) && x >= 1);
  }
  const sweeps = typeof out.numSweeps === 'number' ? out.numSweeps : 1000;
  if (t0Raw !== undefined || rateRaw !== undefined) {
    if (out.betaRange !== undefined || out.betaSchedule !== undefined)
      throw new JobValidationError(`${path}: give initial_temperature / cooling_rate or beta_range / beta_schedule, not both`, path);
    if (t0Raw === undefined || rateRaw === undefined)
      throw new JobValidationError(`${path}: initial_temperature and cooling_rate go together (T_k = initial_temperature * cooling_rate^k); give both`, path);
    const t0 = positive(`${path}.initial_temperature`, t0Raw, 'a number > 0 (energy units of the Ising Hamiltonian)', (x) => x > 0);
    const rate = positive(`${path}.cooling_rate`, rateRaw, 'a number between 0 and 1, exclusive (T_k+1 = cooling_rate * T_k)', (x) => x > 0 && x < 1);
    const betaHot = 1 / t0;
    const betaCold = Math.min(BETA_MAX, Math.exp(-Math.log(t0) - (sweeps - 1) * Math.log(rate)));
    const range = [betaHot, Math.max(betaHot, betaCold)] as const;
    out.betaSchedule = 'geometric';
    out.betaRange = range;
    const note =
      `${path}: initial_temperature ${t0}, cooling_rate ${rate}, ${sweeps} iterations -> fallback.annealing ` +
      `{betaSchedule: geometric, betaRange: [${betaHot.toPrecision(4)}, ${range[1].toPrecision(4)}], numSweeps: ${sweeps}} (beta_k = 1 / T_k)`;
    return { annealing: out, note };
  }
  return { annealing: out, note: `${path}: iterations ${sweeps} -> fallback.annealing.numSweeps` };
}
