/**
 * The execution modes side by side against the IBM Quantum test server with IBM's limits (issue 11):
 * one job per evaluation (COBYLA), SPSA pairs (two parameter sets per job), batched (CMA-ES, a
 * population per job), a session (batched, the queue waited once) and train-then-sample, on the
 * same 6-asset problem, each planned by the dry run and then run through the local state machine.
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

const MODES: readonly { name: string; quantum: Record<string, unknown> }[] = [
  { name: 'per-evaluation (cobyla)', quantum: { executionMode: 'per-evaluation' } },
  { name: 'spsa pairs', quantum: { executionMode: 'per-evaluation', optimizer: 'spsa' } },
  { name: 'batched (cma-es)', quantum: { executionMode: 'batched' } },
  { name: 'session (cma-es)', quantum: { executionMode: 'session' } },
  { name: 'train-then-sample', quantum: { executionMode: 'train-then-sample' } },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { scale: { type: 'string', default: '0.01' }, iterations: { type: 'string', default: '60' }, repeats: { type: 'string', default: '1' } } });
  const scale = Number(values.scale);
  const iterations = Number(values.iterations);
  Object.assign(process.env, { AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' });
  const rows: object[] = [];
  for (let r = 0; r < Number(values.repeats); r++) {
    for (const mode of MODES) {
      const servers = await startServers(scale);
      try {
        // a long budget so that every mode runs; `fitsIn600s` says whether its plan fits the default budget
        const spec = hardwareSpec('ibm:least-busy', scale, { ...mode.quantum, maxIterations: iterations, timeoutSeconds: 36_000 * scale });
        const { record, plan } = await planAndRun(servers.env, spec);
        const e = record.execution;
        const row = {
          mode: mode.name,
          repeat: r,
          fallback: record.fallback.reason,
          ...(record.fallback.activated ? { fallbackMessage: record.fallback.message } : {}),
          planJobs: plan.providerJobs,
          jobs: servers.ibm.jobs.length,
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
