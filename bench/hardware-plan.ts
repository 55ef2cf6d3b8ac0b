/**
 * The execution modes side by side against the IBM Quantum and Amazon Braket test servers with the
 * providers' limits (issue 11): one job per evaluation (COBYLA), SPSA pairs (two parameter sets per
 * job), batched (CMA-ES, a population per job: IBM broadcast PUBs, one Braket program-set task), a
 * session (IBM only: batched, the queue waited once), train-then-sample, and train-then-sample with
 * 3 refinement generations on the device, on the same 6-asset problem, each planned by the dry run
 * and then run through the local state machine.
 * Prints one JSON row per mode: plan and actual provider jobs, shots, wall seconds (in provider
 * seconds: measured / time scale), cost, approximation ratio, P(optimum).
 *
 *   npm run bench:hardware-plan -- [--scale 0.01] [--iterations 60] [--repeats 1]
 *
 * The servers run on a clock `scale` times IBM's (a 20 s queue per job outside a session, 5 job
 * creations per minute); this side's own work is not scaled, so at small scales it weighs more in
 * the measured wall time than it would on IBM. Figures are for a shared 2-core machine.
 */
import { parseArgs } from 'node:util';
import { hardwareSpec, planAndRun, startServers } from '../test/helpers/hardware-run';

const MODES: readonly { name: string; quantum: Record<string, unknown>; providers?: readonly string[] }[] = [
  { name: 'per-evaluation (cobyla)', quantum: { executionMode: 'per-evaluation' } },
  { name: 'spsa pairs', quantum: { executionMode: 'per-evaluation', optimizer: 'spsa' } },
  { name: 'batched (cma-es)', quantum: { executionMode: 'batched' } },
  { name: 'session (cma-es)', quantum: { executionMode: 'session' }, providers: ['ibm:least-busy'] },
  { name: 'train-then-sample', quantum: { executionMode: 'train-then-sample' } },
  { name: 'train-then-sample + 3 refinement generations', quantum: { executionMode: 'train-then-sample', refineIterations: 3 } },
];
const BACKENDS = ['ibm:least-busy', 'braket:sv1'] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '0.01' }, iterations: { type: 'string', default: '60' }, repeats: { type: 'string', default: '1' } } });
  const scale = Number(values.scale);
  const iterations = Number(values.iterations);
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
  const rows: object[] = [];
  for (let r = 0; r < Number(values.repeats); r++) {
    for (const backend of BACKENDS) for (const mode of MODES) {
      if (mode.providers && !mode.providers.includes(backend)) continue;
      const servers = await startServers(scale);
      try {
        // a long budget so that every mode runs; `fitsIn600s` says whether its plan fits the default budget
        const spec = hardwareSpec(backend, scale, { ...mode.quantum, maxIterations: iterations, timeoutSeconds: 36_000 * scale });
        const { record, plan } = await planAndRun(servers.env, spec);
        const e = record.execution;
        const row = {
          backend,
          mode: mode.name,
          repeat: r,
          fallback: record.fallback.reason,
          ...(record.fallback.activated ? { fallbackMessage: record.fallback.message } : {}),
          planJobs: plan.providerJobs,
          jobs: backend.startsWith('ibm') ? servers.ibm.jobs.length : servers.braket.tasks.length,
          populationSize: plan.populationSize ?? null,
          evaluations: e?.actual.evaluations ?? null,
          shots: record.cost.shotsUsed,
          planWallSeconds: Number((plan.expectedWallSeconds / scale).toFixed(1)),
          wallSeconds: Number((record.durations.quantumSeconds / scale).toFixed(1)),
          fitsIn600s: plan.expectedWallSeconds <= 0.8 * 600 * scale,
          planCostUsd: plan.expectedCostUsd,
          costUsd: Number(record.cost.estimatedCostUsd.toFixed(2)),
          planError: e?.planError ?? null,
          approximationRatio: record.quality.approximationRatio,
          optimumProbability: record.quality.optimumProbability,
        };
        rows.push(row);
        process.stderr.write(`${JSON.stringify(row)}\n`);
      } finally {
        await servers.close();
      }
    }
  }
  process.stdout.write(`${JSON.stringify({ benchmark: 'hardware-plan', scale, iterations, machine: 'shared 2 cores', rows }, null, 2)}\n`);
}

void main().then(() => process.exit(0), (error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
