/**
 * Real hardware that finishes (issue 11, "Done when"): with default settings, a 6-asset VQE on the
 * IBM and Braket test servers under realistic queue and rate limits (a 20 s queue per job outside a
 * session, IBM's 5 creations per minute with 429s past it, run time from shots x bindings, Braket's
 * quotas) finishes inside its 600 s budget on the quantum path with the exact optimum; the dry run
 * predicts the provider jobs exactly and the wall time within 2x; no session is left open.
 * The servers' clock runs 10x faster (time scale 0.1: the 20 s queue takes 2 s, the budget is 60 s); `npm run test:hardware-realtime` runs the same at real scale.
 * Where the time goes: each round of provider work waits the 20 s queue (Braket) or a creation slot
 * (IBM: 5 per minute), nearly whatever its size; so the plan widens the CMA-ES population until it
 * takes at most half the budget, and SV1 gets one program-set task per generation (not one task per
 * parameter set, whose polling and decoding was half this file's CPU time).
 */
import { BATCHED_TARGET_SHARE } from '../../lib/jobs/plan';
import { BUDGET_SECONDS, hardwareSpec, planAndRun, startServers, type HardwareRun, type Servers } from '../helpers/hardware-run';

const SCALE = Number(process.env.QPO_HARDWARE_TIME_SCALE ?? 0.1);
const TIMEOUT_MS = Math.max(120_000, 2 * BUDGET_SECONDS * SCALE * 1000 + 60_000);

describe(`a default 6-asset VQE on the provider test servers (clock x${1 / SCALE})`, () => {
  let servers: Servers;
  // the two jobs run at once (as two jobs on AWS would), each against its own provider's server
  let runs: { ibm: Promise<HardwareRun>; braket: Promise<HardwareRun> };
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
    servers = await startServers(SCALE);
    const settle = (p: Promise<HardwareRun>) => { p.catch(() => undefined); return p; };
    runs = { ibm: settle(planAndRun(servers.env, hardwareSpec('ibm:least-busy', SCALE))), braket: settle(planAndRun(servers.env, hardwareSpec('braket:sv1', SCALE))) };
  });
  afterAll(async () => {
    await servers.close();
    process.env = saved;
  });

  it('ibm:least-busy finishes well inside its budget on the quantum path with the exact optimum, as planned', async () => {
    const { ibm } = servers;
    const { record, plan } = await runs.ibm;

    expect(record.fallback).toMatchObject({ activated: false, reason: null });
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.solution.bitstring).toBe(record.quality.optimalBitstring);
    expect(record.durations.quantumSeconds).toBeLessThan(BUDGET_SECONDS * SCALE);
    // the plan: the mode that fits, the exact job count, the wall time within 2x
    expect(plan.fits).toBe(true);
    expect(plan.expectedWallSeconds).toBeLessThanOrEqual(BUDGET_SECONDS * SCALE * BATCHED_TARGET_SHARE); // planned with margin
    expect(record.execution!.mode).toBe(plan.mode);
    expect(ibm.jobs.length).toBe(plan.providerJobs);
    expect(record.execution!.actual.providerJobs).toBe(plan.providerJobs);
    expect(record.durations.quantumSeconds / plan.expectedWallSeconds).toBeGreaterThan(0.5);
    expect(record.durations.quantumSeconds / plan.expectedWallSeconds).toBeLessThan(2);
    // paced to 5 creations per minute: never throttled; no session left open
    expect(ibm.rateLimited()).toBe(0);
    expect(ibm.openSessions()).toEqual([]);
    expect(ibm.openJobs()).toEqual([]);
    if (plan.mode === 'session') expect(ibm.sessions.length).toBe(1);
  }, TIMEOUT_MS);

  it('braket:sv1 finishes inside its budget on the quantum path with the exact optimum, as planned', async () => {
    const { braket } = servers;
    const { record, plan } = await runs.braket;

    expect(record.fallback).toMatchObject({ activated: false, reason: null });
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.durations.quantumSeconds).toBeLessThan(BUDGET_SECONDS * SCALE);
    expect(plan.fits).toBe(true);
    expect(plan.expectedWallSeconds).toBeLessThanOrEqual(BUDGET_SECONDS * SCALE * BATCHED_TARGET_SHARE);
    expect(plan.mode).not.toBe('session');
    expect(braket.tasks.length).toBe(plan.providerJobs);
    expect(record.execution!.actual.providerJobs).toBe(plan.providerJobs);
    expect(record.durations.quantumSeconds / plan.expectedWallSeconds).toBeGreaterThan(0.5);
    expect(record.durations.quantumSeconds / plan.expectedWallSeconds).toBeLessThan(2);
    expect(braket.openTasks()).toEqual([]);
    // SV1 lists program sets: every CMA-ES generation is ONE task with one executable per parameter
    // set (the plan's population; the last generation of a CVaR stage may be narrower), the readout one more
    expect(plan.mode).toBe('batched');
    const executables = braket.tasks.map((t) => {
      const programs = t.action.programs as { inputs: Record<string, number[]> }[] | undefined;
      return programs ? Object.values(programs[0]!.inputs)[0]!.length : 1;
    });
    expect(Math.max(...executables)).toBe(plan.populationSize);
    expect(executables.reduce((a, b) => a + b, 0)).toBe(plan.circuits);
    expect(braket.tasks.every((t, i) => t.shots === executables[i]! * 1024)).toBe(true);
  }, TIMEOUT_MS);
});
