/**
 * Real hardware that finishes (issue 11, "Done when"): with default settings, a 6-asset VQE on the
 * IBM and Braket test servers under realistic queue and rate limits (a 20 s queue per job outside a
 * session, IBM's 5 creations per minute with 429s past it, run time from shots x bindings, Braket's
 * quotas) finishes inside its 600 s budget on the quantum path with the exact optimum; the dry run
 * predicts the provider jobs exactly and the wall time within 2x; no session is left open.
 * The servers' clock runs 10x faster (time scale 0.1: the 20 s queue takes 2 s, the budget is 60 s); `npm run test:hardware-realtime` runs the same at real scale.
 */
import { BUDGET_SECONDS, hardwareSpec, planAndRun, startServers, type Servers } from '../helpers/hardware-run';

const SCALE = Number(process.env.QPO_HARDWARE_TIME_SCALE ?? 0.1);
const TIMEOUT_MS = Math.max(120_000, 2 * BUDGET_SECONDS * SCALE * 1000 + 60_000);

describe(`a default 6-asset VQE on the provider test servers (clock x${1 / SCALE})`, () => {
  let servers: Servers;
  const saved = { ...process.env };
  beforeAll(async () => {
    Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
    servers = await startServers(SCALE);
  });
  afterAll(async () => {
    await servers.close();
    process.env = saved;
  });

  it('ibm:least-busy finishes well inside its budget on the quantum path with the exact optimum, as planned', async () => {
    const { ibm } = servers;
    const { record, plan } = await planAndRun(servers.env, hardwareSpec('ibm:least-busy', SCALE));

    expect(record.fallback).toMatchObject({ activated: false, reason: null });
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.solution.bitstring).toBe(record.quality.optimalBitstring);
    expect(record.durations.quantumSeconds).toBeLessThan(BUDGET_SECONDS * SCALE);
    // the plan: the mode that fits, the exact job count, the wall time within 2x
    expect(plan.fits).toBe(true);
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
    const { record, plan } = await planAndRun(servers.env, hardwareSpec('braket:sv1', SCALE));

    expect(record.fallback).toMatchObject({ activated: false, reason: null });
    expect(record.quality.approximationRatio).toBe(1);
    expect(record.durations.quantumSeconds).toBeLessThan(BUDGET_SECONDS * SCALE);
    expect(plan.fits).toBe(true);
    expect(plan.mode).not.toBe('session');
    expect(braket.tasks.length).toBe(plan.providerJobs);
    expect(record.execution!.actual.providerJobs).toBe(plan.providerJobs);
    expect(record.durations.quantumSeconds / plan.expectedWallSeconds).toBeGreaterThan(0.5);
    expect(record.durations.quantumSeconds / plan.expectedWallSeconds).toBeLessThan(2);
    expect(braket.openTasks()).toEqual([]);
  }, TIMEOUT_MS);
});
