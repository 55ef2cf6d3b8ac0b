/** The execution plan (lib/jobs/plan.ts): job counts per mode, the timeline model, fits and the choice of auto. */
import { planExecution, PLAN_HEADROOM } from '../../lib/jobs/plan';
import { LOCAL_SECONDS_PER_REQUEST } from '../../lib/backends/plan-model';
import { workloadOf } from '../../lib/jobs/plan-workload';
import { parseJobSpec } from '../../lib/jobs/spec';
import { countVariationalRequests } from '../../lib/solvers/requests';

const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM', 'WMT'];
const specOf = (quantum: Record<string, unknown> = {}, limits: Record<string, unknown> = {}) =>
  parseJobSpec({ portfolio: { tickers: TICKERS }, quantum: { backend: 'ibm:least-busy', ...quantum }, limits });
const ibm = { name: 'ibm:fake_fez', provider: 'ibm' as const, kind: 'hardware' as const, queueDepth: 4 };
const sv1 = { name: 'braket:sv1', provider: 'braket' as const, kind: 'simulator' as const, queueDepth: 4, deviceArn: 'arn:aws:braket:::device/quantum-simulator/amazon/sv1' };

describe('planExecution', () => {
  it('counts the provider jobs of every mode for the default 6-asset VQE on IBM (population 20)', () => {
    const spec = specOf({ populationSize: 20 });
    const w = workloadOf(spec, 6, 24);
    const plan = planExecution(w, ibm, { timeoutSeconds: 600 });
    const byMode = Object.fromEntries(plan.candidates.map((c) => [c.mode, c]));
    // COBYLA, 300 evaluations over 4 CVaR stages: one job each, + readout + calibration
    expect(byMode['per-evaluation']!.providerJobs).toBe(300 + 1 + 1);
    // CMA-ES, 20 sets per job: 4 stages x ceil(75 / 20) = 16 jobs, + readout + calibration
    expect(byMode.batched!.providerJobs).toBe(16 + 2);
    expect(byMode.session!.providerJobs).toBe(16 + 2);
    expect(byMode['train-then-sample']!.providerJobs).toBe(2);
    // 5 creations per minute: 302 jobs need an hour at least
    expect(byMode['per-evaluation']!.expectedWallSeconds).toBeGreaterThan(((302 - 5) / 5) * 60);
    expect(byMode['per-evaluation']!.fits).toBe(false);
    // a session waits the queue once
    expect(byMode.session!.expectedQueueSeconds).toBe(20);
    expect(byMode.batched!.expectedQueueSeconds).toBe(18 * 20);
    expect(plan.fits).toBe(true);
    expect(['batched', 'session']).toContain(plan.mode);
    expect(plan.expectedWallSeconds).toBeLessThanOrEqual(600 * PLAN_HEADROOM);
    expect(plan.shots).toBe(300 * 1024 + 1024 + 2 * 1000);
  });

  it('plans Braket without sessions, one task per parameter set without program sets', () => {
    const plan = planExecution(workloadOf(specOf({ backend: 'braket:sv1' }), 6, 24), sv1, { timeoutSeconds: 600 });
    const byMode = Object.fromEntries(plan.candidates.map((c) => [c.mode, c]));
    expect(byMode.session!.fits).toBe(false);
    expect(byMode.session!.whyNot.join()).toContain('no sessions');
    expect(byMode.batched!.providerJobs).toBe(300 + 1); // a simulator: no calibration
    // with program sets: one task per CMA-ES generation (4 stages x ceil(75 / 20)) + the readout
    expect(planExecution(workloadOf(specOf({ backend: 'braket:sv1', populationSize: 20 }), 6, 24), { ...sv1, programSets: true }, { timeoutSeconds: 600 }).candidates.find((c) => c.mode === 'batched')!.providerJobs).toBe(17);
    expect(plan.mode).toBe('batched');
    expect(plan.fits).toBe(true);
  });

  it('widens the batched population (20, 30, 40) until the plan takes at most half the budget, unless the spec gives one', () => {
    const facts = { ...sv1, programSets: true };
    const batched = (p: ReturnType<typeof planExecution>) => p.candidates.find((c) => c.mode === 'batched')!;
    const narrow = batched(planExecution(workloadOf(specOf({ backend: 'braket:sv1', populationSize: 20 }), 6, 24), facts, { timeoutSeconds: 600 }));
    // 17 generations through a 20 s queue: more than half of 600 s
    expect(narrow.expectedWallSeconds).toBeGreaterThan(300);
    const wide = batched(planExecution(workloadOf(specOf({ backend: 'braket:sv1' }), 6, 24), facts, { timeoutSeconds: 600 }));
    const at30 = batched(planExecution(workloadOf(specOf({ backend: 'braket:sv1', populationSize: 30 }), 6, 24), facts, { timeoutSeconds: 600 }));
    expect(at30.expectedWallSeconds).toBeGreaterThan(300); // 30 is not enough either
    expect(wide.populationSize).toBe(40);
    expect(wide.providerJobs).toBe(4 * Math.ceil(75 / 40) + 1);
    expect(wide.expectedWallSeconds).toBeLessThanOrEqual(300);
    expect(wide.circuits).toBe(narrow.circuits); // the same evaluation budget
    // a generous budget keeps the default population; a population in the spec is kept
    expect(batched(planExecution(workloadOf(specOf({ backend: 'braket:sv1' }), 6, 24), facts, { timeoutSeconds: 3600 })).populationSize).toBe(20);
    expect(narrow.populationSize).toBe(20);
  });

  it('chooses train-then-sample only when no mode that optimizes on the device fits, and says so', () => {
    const plan = planExecution(workloadOf(specOf(), 6, 24), { ...ibm, queueDepth: 90 }, { timeoutSeconds: 600 });
    expect(plan.mode).toBe('train-then-sample');
    expect(plan.reason).toContain('no mode that optimizes on the device fits');
    expect(plan.evaluations).toEqual({ device: 1, local: 'optimization' });
  });

  it('does not fit when nothing fits the budget, the shots or the cost, and names why', () => {
    const tight = planExecution(workloadOf(specOf(), 6, 24), { ...ibm, queueDepth: 200 }, { timeoutSeconds: 600 });
    expect(tight.fits).toBe(false);
    expect(tight.reason).toContain('no mode fits');
    const poor = planExecution(workloadOf(specOf({ executionMode: 'batched' }), 6, 24), ibm, { timeoutSeconds: 600, maxCostUsd: 1 }, 'batched');
    expect(poor.fits).toBe(false);
    expect(poor.whyNot.join()).toContain('limits.maxCostUsd');
    const few = planExecution(workloadOf(specOf(), 6, 24), ibm, { timeoutSeconds: 600, maxShots: 5000 }, 'session');
    expect(few.whyNot.join()).toContain('limits.maxShots');
  });

  it('keeps a requested mode and says when it does not fit', () => {
    const plan = planExecution(workloadOf(specOf(), 6, 24), ibm, { timeoutSeconds: 600 }, 'per-evaluation');
    expect(plan.mode).toBe('per-evaluation');
    expect(plan.fits).toBe(false);
    expect(plan.reason).toMatch(/^requested .* it does not fit: expected wall time/);
  });

  it('has no provider jobs on the local simulator', () => {
    const plan = planExecution(workloadOf(specOf({ backend: 'local' }), 6, 24), { name: 'local', provider: 'local', kind: 'simulator', queueDepth: 0 }, { timeoutSeconds: 1 });
    expect(plan).toMatchObject({ providerJobs: 0, expectedWallSeconds: 0, expectedCostUsd: 0, fits: true });
  });

  it('scales every provider duration with the time scale', () => {
    const w = workloadOf(specOf({ populationSize: 20 }), 6, 24);
    const real = planExecution(w, ibm, { timeoutSeconds: 600 }, 'session');
    const fast = planExecution(w, ibm, { timeoutSeconds: 15 }, 'session', { timeScale: 0.025 });
    expect(fast.expectedQueueSeconds).toBeCloseTo(real.expectedQueueSeconds * 0.025, 2);
    expect(fast.expectedExecutionSeconds).toBeCloseTo(real.expectedExecutionSeconds * 0.025, 2); // figures are rounded to ms
    // this side's own work per request (not scaled) is at most what it adds on the fast clock
    expect(fast.expectedWallSeconds).toBeGreaterThanOrEqual(real.expectedWallSeconds * 0.025);
    expect(fast.expectedWallSeconds).toBeLessThanOrEqual(real.expectedWallSeconds * 0.025 + real.requests * LOCAL_SECONDS_PER_REQUEST);
    // batched jobs are billed by QPU seconds: the same on either clock (a session bills its wall time)
    const cost = (p: typeof real) => p.candidates.find((c) => c.mode === 'batched')!.expectedCostUsd;
    expect(cost(fast)).toBeCloseTo(cost(real), 6);
  });
});

describe('countVariationalRequests', () => {
  it('counts CMA-ES generations per CVaR stage, a last partial one included', () => {
    const c = countVariationalRequests({ optimizer: 'cmaes', maxIterations: 300, stages: 4, populationSize: 20 });
    expect(c.requestSets).toEqual([20, 20, 20, 15, 20, 20, 20, 15, 20, 20, 20, 15, 20, 20, 20, 15]);
    expect(c.evaluations).toBe(300);
    expect(countVariationalRequests({ optimizer: 'cmaes', maxIterations: 300, maxEvaluations: 100, stages: 4, populationSize: 20 }).evaluations).toBe(100);
  });
});
