/**
 * `qpo usage`: what the quantum providers have used (the runbook's "check available quantum
 * credits"): IBM Quantum instance usage in its period (consumed / limit seconds, remaining, limit
 * reached) and Amazon Braket spend of the tasks qpo created since `--days` ago.
 */
import { Command } from 'commander';
import { backendEnvironment } from '../../lib/backends/environment';
import { providerUsage, type ProviderUsage } from '../../lib/backends/usage';
import { JobValidationError } from '../../lib/jobs/errors';

export function renderUsage(u: ProviderUsage): string {
  const lines: string[] = [];
  if (u.ibm === null) lines.push('IBM Quantum   not configured (QPO_IBM_API_KEY, QPO_IBM_INSTANCE_CRN)');
  else if ('error' in u.ibm) lines.push(`IBM Quantum   error ${u.ibm.code}: ${u.ibm.error}`);
  else {
    const x = u.ibm.usage;
    const limit = x.usage_limit_seconds ?? null;
    const period = x.usage_period ? `${x.usage_period.start_time ?? '?'} .. ${x.usage_period.end_time ?? '?'}` : 'current period';
    lines.push(
      `IBM Quantum   ${x.usage_consumed_seconds} s used of ${limit === null ? 'no limit' : `${limit} s`}${u.ibm.remainingShare === null ? '' : ` (${(u.ibm.remainingShare * 100).toFixed(1)} % left)`}${x.usage_limit_reached ? ', LIMIT REACHED: jobs fall back (reason quota)' : ''}`,
      `              period ${period}${x.plan_id ? `, plan ${x.plan_id}` : ''}`,
    );
  }
  if (u.braket === null) lines.push('Amazon Braket not configured (QPO_BRAKET_BUCKET)');
  else if ('error' in u.braket) lines.push(`Amazon Braket error ${u.braket.code}: ${u.braket.error}`);
  else lines.push(`Amazon Braket ${u.braket.tasks} qpo tasks since ${u.braket.since}, ${u.braket.shots} shots, ~$${u.braket.estimatedCostUsd.toFixed(2)} (estimated)`);
  return lines.join('\n');
}

export function usageCommand(): Command {
  return new Command('usage')
    .description('Show quantum provider usage: IBM Quantum instance seconds (used, limit, period) and Amazon Braket spend of qpo\'s tasks')
    .option('--days <n>', 'Braket: tasks created in the last n days (default 30)', '30')
    .option('--json', 'print JSON')
    .action(async (flags: { days: string; json?: boolean }) => {
      const days = Number(flags.days);
      if (!(Number.isFinite(days) && days > 0 && days <= 3650)) throw new JobValidationError(`--days: '${flags.days}' is out of range; must be a number of days between 0 and 3650`, 'days');
      const u = await providerUsage(backendEnvironment(process.env), new Date(Date.now() - days * 86_400_000));
      process.stdout.write(flags.json ? `${JSON.stringify(u, null, 2)}\n` : `${renderUsage(u)}\n`);
    });
}
