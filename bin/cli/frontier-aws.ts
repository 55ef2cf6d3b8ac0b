/**
 * `qpo frontier --aws`: the frontier's jobs run on the deployed platform as one execution of the
 * sweep state machine (lib/workflow sweepDefinition: a Map whose items start one job execution
 * each, named `<sweep>-<index>`), then each point's ResultRecord is read through the API
 * (GET /jobs/{jobId}, SigV4). Waits at most `waitSeconds`, polling DescribeExecution.
 * APIs: https://docs.aws.amazon.com/step-functions/latest/apireference/API_StartExecution.html and
 * API_DescribeExecution.html. The SDK's default credential chain and endpoint rules apply
 * (AWS_ENDPOINT_URL_SFN points it elsewhere).
 */
import { DescribeExecutionCommand, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { QpoError } from '../../lib/contracts/errors';
import { JobValidationError } from '../../lib/jobs/errors';
import type { ResultRecord } from '../../lib/jobs/result';
import { apiError } from './remote';
import { apiUrlOf, regionOf, signedRequest } from './signed-http';

export interface SweepOptions {
  readonly sweepArn?: string;
  readonly api?: string;
  readonly region?: string;
  readonly waitSeconds: number;
  readonly pollMs: number;
}

export type SweepOutcome = { readonly ok: true; readonly record: ResultRecord } | { readonly ok: false; readonly error: { code: string; message: string; path: string | null }; readonly exitCode: number };

/** The sweep machine's ARN: --sweep-arn, else QPO_SWEEP_ARN (the SweepStateMachineArn output of cdk deploy). */
export function sweepArnOf(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  const arn = explicit ?? env.QPO_SWEEP_ARN;
  if (!arn) throw new JobValidationError('--sweep-arn: no sweep state machine; pass --sweep-arn ARN or set QPO_SWEEP_ARN (the SweepStateMachineArn output of cdk deploy)', 'sweepArn');
  if (!/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d{12}:stateMachine:[A-Za-z0-9_-]+$/.test(arn))
    throw new JobValidationError(`--sweep-arn: '${arn}' is not a state machine ARN (arn:aws:states:REGION:ACCOUNT:stateMachine:NAME)`, 'sweepArn');
  return arn;
}

/** Run `specs` (each with its jobId `<name>-<index>`) as the sweep execution `name`; outcomes in spec order. */
export async function runOnAws(name: string, specs: readonly Record<string, unknown>[], o: SweepOptions): Promise<SweepOutcome[]> {
  const sweepArn = sweepArnOf(o.sweepArn);
  const api = apiUrlOf(o.api);
  const region = o.region ?? sweepArn.split(':')[3]!;
  const sfn = new SFNClient({ region });
  try {
    // The sweep names each job execution <sweep>-<index>: that name is the job id (the specs' own jobId is dropped).
    const jobs = specs.map(({ jobId: _jobId, ...spec }) => spec);
    const started = await sfn.send(new StartExecutionCommand({ stateMachineArn: sweepArn, name, input: JSON.stringify({ jobs }) }));
    const deadline = Date.now() + o.waitSeconds * 1000;
    for (;;) {
      const ex = await sfn.send(new DescribeExecutionCommand({ executionArn: started.executionArn! }));
      if (ex.status === 'SUCCEEDED') break;
      if (ex.status !== 'RUNNING' && ex.status !== 'PENDING_REDRIVE')
        throw new QpoError('JOB_FAILED', `the sweep ${started.executionArn} ended ${ex.status}: ${ex.error ?? ''} ${ex.cause ?? ''}`.trim());
      if (Date.now() > deadline)
        throw new QpoError('QUANTUM_TIMEOUT', `the sweep ${started.executionArn} is still running after --wait ${o.waitSeconds} s; its jobs go on (npx qpo status ${name}-0 ...)`);
      await new Promise((r) => setTimeout(r, o.pollMs));
    }
    const apiRegion = regionOf(api, o.region ?? region);
    return Promise.all(
      specs.map(async (_, i): Promise<SweepOutcome> => {
        const jobId = `${name}-${i}`;
        const res = await signedRequest(api, apiRegion, 'GET', `/jobs/${encodeURIComponent(jobId)}`);
        if (res.status >= 300) throw apiError(res.status, res.body);
        const body = res.body as { phase?: string; result?: ResultRecord | null; error?: { code: string; message: string } };
        if (body.phase === 'Completed' && body.result) return { ok: true, record: body.result };
        return { ok: false, error: { code: body.error?.code ?? 'JOB_FAILED', message: body.error?.message ?? `job ${jobId} is ${body.phase}`, path: null }, exitCode: 1 };
      }),
    );
  } finally {
    sfn.destroy();
  }
}
