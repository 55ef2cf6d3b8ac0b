/**
 * `npm run soak:cloud [-- --assembly DIR] [--jobs 50] [--seed N] [--report FILE]`: the soak of
 * issue 10 through the offline cloud run (test/soak/cloud.ts) of the synthesized assembly
 * (`cdk synth` first without --assembly, as `npm run test:cloud` does). Prints the report as JSON
 * (and writes it to --report); exit 0 when no result was lost or duplicated, nothing hung, and the
 * metrics add up; 1 otherwise; 2 for a bad argument.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { synthesize } from '../cloud/main';
import { account, runSoak, soakJobs, soakProblems } from './harness';
import { startCloudSoakRunner } from './cloud';

function usage(message: string): never {
  process.stderr.write(`soak:cloud: ${message}\nusage: npm run soak:cloud -- [--assembly DIR] [--jobs N] [--seed N] [--report FILE]\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<number> {
  let assembly: string | undefined;
  let jobs = 50;
  let seed = 20261207;
  let reportFile: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => argv[++i] ?? usage(`${a} needs a value`);
    const int = (v: string) => (/^\d+$/.test(v) && Number(v) > 0 ? Number(v) : usage(`${a}: '${v}' is not a positive integer`));
    if (a === '--assembly') assembly = value();
    else if (a === '--jobs') jobs = int(value());
    else if (a === '--seed') seed = int(value());
    else if (a === '--report') reportFile = value();
    else usage(`unknown argument '${a}'`);
  }
  if (!assembly) {
    const t0 = performance.now();
    assembly = synthesize(mkdtempSync(path.join(tmpdir(), 'qpo-cdk-out-')));
    process.stdout.write(`synthesized ${assembly} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const runner = await startCloudSoakRunner(path.resolve(assembly));
  try {
    const plan = soakJobs(jobs, seed, { providers: true });
    const t0 = performance.now();
    const outcomes = await runSoak(runner, plan, { concurrency: 3, hangSeconds: 300 });
    const report = { ...account(runner.name, seed, plan, outcomes, await runner.ledger(), (performance.now() - t0) / 1000), notInjected: runner.notInjected };
    process.stdout.write(`soak report: ${JSON.stringify(report, null, 2)}\n`);
    if (reportFile) {
      mkdirSync(path.dirname(path.resolve(reportFile)), { recursive: true });
      writeFileSync(reportFile, `${JSON.stringify(report, null, 2)}\n`);
    }
    const problems = soakProblems(report);
    for (const p of problems) process.stdout.write(`PROBLEM: ${p}\n`);
    process.stdout.write(`cloud soak ${problems.length ? 'FAILED' : 'passed'}: ${report.submitted} jobs, ${report.succeeded} succeeded, ${report.failed} failed (${JSON.stringify(report.byOutcome)}) in ${report.wallSeconds.toFixed(1)} s\n`);
    return problems.length ? 1 : 0;
  } finally {
    await runner.close();
  }
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`soak:cloud: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
