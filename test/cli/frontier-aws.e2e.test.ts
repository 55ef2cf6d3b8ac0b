/**
 * `qpo frontier --aws` as a user runs it (a child process of bin/qpo.js) against the platform on
 * 127.0.0.1: the sweep state machine's API (SigV4-verified) runs lib/workflow's sweep definition,
 * whose items start job executions on the job machine's API, results land in S3 (s3rver), and the
 * CLI reads each point through the REST API (SigV4). Every point is checked against brute force.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { STATE, substitute, sweepDefinition } from '../../lib/workflow';
import { LocalWorkflow, LOCAL_SUBSTITUTIONS } from '../../lib/workflow/local-runner';
import { startApi } from '../helpers/api-server';
import { startPlatform } from '../helpers/platform';
import { bruteForce, realProblem } from '../helpers/problems';
import { STATE_MACHINE_ARN, startSfn } from '../helpers/sfn-server';
import { TEST_CREDENTIALS } from '../helpers/sigv4';

const QPO = path.join(__dirname, '..', '..', 'bin', 'qpo.js');
const SWEEP_ARN = 'arn:aws:states:us-east-1:123456789012:stateMachine:qpo-test-sweep';
const TICKERS = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM'];

let platform: Awaited<ReturnType<typeof startPlatform>>;
let api: Awaited<ReturnType<typeof startApi>>;
let sweep: Awaited<ReturnType<typeof startSfn>>;

beforeAll(async () => {
  platform = await startPlatform('amazon-braket-qpo-sweep');
  // the sweep's own client of the job machine, with the SDK's default retries
  const jobs = new SFNClient({ region: 'us-east-1', endpoint: platform.sfn.url, credentials: TEST_CREDENTIALS });
  api = await startApi(platform);
  const definition = substitute(sweepDefinition({ maxConcurrency: 2, executionTimeoutSeconds: 600 }), LOCAL_SUBSTITUTIONS);
  sweep = await startSfn(new LocalWorkflow(definition, { validate: false }), () => ({
    // RunSweepJob = states:startExecution.sync:2 on the job machine: start it, wait, return its output
    [STATE.runSweepJob]: async (input: { Name: string; Input: unknown }) => {
      const started = await jobs.send(new StartExecutionCommand({ stateMachineArn: STATE_MACHINE_ARN, name: input.Name, input: JSON.stringify(input.Input) }));
      for (;;) {
        const ex = await jobs.send(new DescribeExecutionCommand({ executionArn: started.executionArn! }));
        if (ex.status !== 'RUNNING') return { ExecutionArn: ex.executionArn, Output: ex.output, Status: ex.status };
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  }) as never, { stateMachineArn: SWEEP_ARN });
});
afterAll(async () => {
  await sweep?.close();
  await api?.close();
  await platform?.close();
});

function qpo(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [QPO, ...args], {
      cwd,
      env: {
        PATH: process.env.PATH!,
        HOME: '/nonexistent',
        AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_CONFIG_FILE: '/nonexistent',
        AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
        AWS_ENDPOINT_URL_SFN: sweep.url,
        QPO_SWEEP_ARN: SWEEP_ARN,
        QPO_API_URL: api.url,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

it('runs the frontier as one sweep execution and reads every point through the API', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpo-frontier-aws-'));
  const qs = [0, 4, 64];
  const r = await qpo(['frontier', '--aws', '--tickers', TICKERS.join(','), '--budgets', '2', '--risk-factors', qs.join(','), '--poll-ms', '100', '--json', '--csv', 'f.csv'], dir);
  // (on Node 20 the AWS SDK prints a several-line NodeVersionSupportWarning; no error may appear)
  expect(r.stderr).not.toMatch(/error|Error:/);
  expect(r.code).toBe(0);
  const out = JSON.parse(r.stdout) as { id: string; points: { riskFactor: number; bitstring: string; jobId: string }[] };
  expect(out.points.map((p) => p.riskFactor)).toEqual(qs);
  out.points.forEach((p, i) => {
    expect(p.jobId).toBe(`${out.id}-${i}`);
    expect(p.bitstring).toBe(bruteForce(realProblem(TICKERS, 2, p.riskFactor)).bitstring);
  });
  expect([...sweep.executions.keys()]).toContain(out.id);
  expect(sweep.unsigned + api.rejected).toBe(0);
  expect(readFileSync(path.join(dir, 'f.csv'), 'utf8').trim().split('\n')).toHaveLength(4);
});

it('names the missing sweep ARN (exit 2)', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpo-frontier-aws-'));
  const r = await qpo(['frontier', '--aws', '--tickers', TICKERS.join(','), '--sweep-arn', 'nope'], dir);
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/--sweep-arn: 'nope' is not a state machine ARN/);
});
