/**
 * Soak (issue 10): jobs with random faults at a fixed seed through the local runner, then the
 * accounting of test/soak/harness.ts. `npm test` runs a short soak (QPO_SOAK_JOBS, default 40);
 * `npm run soak` runs 200. The report is printed as JSON (docs/reliability.md quotes the last one).
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import * as path from 'node:path';
import { account, runSoak, soakJobs, soakProblems } from './harness';
import { startLocalSoakRunner } from './local';

const JOBS = Number(process.env.QPO_SOAK_JOBS ?? 40);
const SEED = Number(process.env.QPO_SOAK_SEED ?? 20261207);

describe(`soak: ${JOBS} jobs with random faults through the local runner (seed ${SEED})`, () => {
  it('loses no result, duplicates none, never hangs, and its metrics add up', async () => {
    const runner = await startLocalSoakRunner();
    try {
      const jobs = soakJobs(JOBS, SEED, { providers: true });
      const t0 = performance.now();
      const outcomes = await runSoak(runner, jobs, { concurrency: 3, hangSeconds: 90 });
      const report = account(runner.name, SEED, jobs, outcomes, await runner.ledger(), (performance.now() - t0) / 1000);
      console.log(`soak report: ${JSON.stringify(report)}`);
      if (process.env.QPO_SOAK_REPORT) {
        mkdirSync(path.dirname(process.env.QPO_SOAK_REPORT), { recursive: true });
        writeFileSync(process.env.QPO_SOAK_REPORT, `${JSON.stringify(report, null, 2)}\n`);
      }
      expect(outcomes).toHaveLength(JOBS);
      // Zero lost, zero duplicates, zero hangs, no unexpected failure, one outcome metric per job,
      // succeeded + failed = submitted, ResultsPersisted 0 once per unpersisted result.
      expect(soakProblems(report)).toEqual([]);
      // The faults were met: every kind injected at least once in the run.
      expect(report.byOutcome.RESULT_NOT_PERSISTED).toBeGreaterThan(0);
      expect(Object.keys(report.byFault).filter((k) => k.startsWith('quantum:')).length).toBeGreaterThanOrEqual(JOBS >= 40 ? 5 : 2);
    } finally {
      await runner.close();
    }
  }, 600_000);
});
