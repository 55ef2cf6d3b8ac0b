/**
 * `qpo fallback force on|off|status`: the platform-wide force-classical switch (the runbook's first
 * P0 action). Locally it is `<--output>/_force-classical.json`, read by every `qpo optimize` writing
 * there; with `--stage` (or `--parameter`) it is the deployed stack's SSM parameter, which
 * CheckCapacity reads within its cache time (30 s by default). While it is on, every job that would
 * try the quantum path runs simulated annealing and records the fallback reason `forced-platform`.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { Argument, Command } from 'commander';
import { SSMClient } from '@aws-sdk/client-ssm';
import { forceClassicalParameterName, type ForceClassicalState, type SwitchStore } from '../../lib/jobs/platform-switch';
import { FileSwitchStore } from '../../lib/jobs/file-switch';
import { SsmSwitchStore } from '../../lib/jobs/ssm-switch';
import { JobValidationError } from '../../lib/jobs/errors';
import { awsCallError } from './aws-errors';

interface ForceFlags {
  reason?: string;
  output: string;
  stage?: string;
  project: string;
  parameter?: string;
  region?: string;
  json?: boolean;
}

/** Seconds an SSM request may take before it is abandoned. */
export const SSM_TIMEOUT_SECONDS = 10;

function storeOf(flags: ForceFlags): { store: SwitchStore; remote: boolean; close: () => void } {
  if (flags.stage !== undefined && !/^[a-z][a-z0-9-]{1,20}$/.test(flags.stage))
    throw new JobValidationError(`--stage: '${flags.stage}' is not a stage name; use the stage of config/<stage>.json (2-21 lowercase letters, digits and -)`, 'stage');
  const name = flags.parameter ?? (flags.stage ? forceClassicalParameterName(flags.project, flags.stage) : undefined);
  if (!name) return { store: new FileSwitchStore(path.resolve(flags.output)), remote: false, close: () => undefined };
  if (!name.startsWith('/')) throw new JobValidationError(`--parameter: '${name}' is not an SSM parameter path; use the ForceClassicalParameter output of cdk deploy (/qpo/<stage>/force-classical)`, 'parameter');
  const region = flags.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) throw new JobValidationError('--region: the switch lives in the stack\'s region; pass --region or set AWS_REGION', 'region');
  const client = new SSMClient({ region, maxAttempts: 2, requestHandler: { requestTimeout: SSM_TIMEOUT_SECONDS * 1000, connectionTimeout: 5000 } });
  return { store: new SsmSwitchStore(client, name), remote: true, close: () => client.destroy() };
}

function render(state: ForceClassicalState, where: string, remote: boolean): string {
  const lines = [
    `Force classical  ${state.forced ? 'ON: every job that would try the quantum path runs simulated annealing (fallback reason forced-platform)' : 'off: jobs are routed as usual'}`,
  ];
  if (state.reason) lines.push(`Reason           ${state.reason}`);
  if (state.setBy || state.setAt) lines.push(`Set              ${[state.setBy && `by ${state.setBy}`, state.setAt && `at ${state.setAt}`].filter(Boolean).join(' ')}`);
  lines.push(`Where            ${where}${remote ? ' (CheckCapacity reads it again within 30 s by default: in force within a minute)' : ' (read by every qpo optimize writing to this directory)'}`);
  return lines.join('\n');
}

async function force(action: 'on' | 'off' | 'status', flags: ForceFlags): Promise<void> {
  const { store, remote, close } = storeOf(flags);
  const call = (op: string) => (error: unknown) => {
    throw remote ? awsCallError(error, `ssm:${op} ${store.location.replace(/^ssm:/, '')}`) : error;
  };
  try {
    if (action !== 'status') {
      if (flags.reason !== undefined && flags.reason.length > 500) throw new JobValidationError(`--reason: ${flags.reason.length} characters is too long; at most 500`, 'reason');
      const state: ForceClassicalState = {
        forced: action === 'on',
        reason: flags.reason ?? null,
        setBy: `${os.userInfo().username}@${os.hostname()}`,
        setAt: new Date().toISOString(),
      };
      await store.write(state).catch(call('PutParameter'));
    }
    const state = await store.read().catch(call('GetParameter'));
    process.stdout.write(flags.json ? `${JSON.stringify({ ...state, location: store.location }, null, 2)}\n` : `${render(state, store.location, remote)}\n`);
  } finally {
    close();
  }
}

export function fallbackCommand(): Command {
  const forceCommand = new Command('force')
    .description('Turn the platform-wide force-classical switch on or off, or show it (local results directory, or the stack with --stage)')
    .addArgument(new Argument('<action>', 'on | off | status').choices(['on', 'off', 'status']))
    .option('--reason <text>', 'why (recorded with the switch, e.g. an incident id)')
    .option('--output <dir>', 'the local results directory whose runs read the switch', 'results')
    .option('--stage <stage>', 'the deployed stage: the SSM parameter /<project>/<stage>/force-classical')
    .option('--project <name>', 'the stack\'s project prefix', 'qpo')
    .option('--parameter <name>', 'the SSM parameter itself (the ForceClassicalParameter output of cdk deploy)')
    .option('--region <region>', 'AWS region of the stack (default: AWS_REGION)')
    .option('--json', 'print the switch as JSON')
    .action(async (action: 'on' | 'off' | 'status', flags: ForceFlags) => force(action, flags));
  return new Command('fallback').description('The classical fallback of the whole platform').addCommand(forceCommand);
}
