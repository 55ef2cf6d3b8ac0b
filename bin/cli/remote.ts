/**
 * `qpo submit --api URL` (POST /optimize; the Idempotency-Key makes a retry return the same job)
 * and `qpo status JOB_ID --api URL` (GET /jobs/{jobId}), SigV4-signed.
 * Exit codes: 0 accepted / found, 2 rejected input (400/404/409/413), 1 anything else.
 */
import { Command } from 'commander';
import { isErrorCode, QpoError } from '../../lib/contracts/errors';
import { describeError } from '../../lib/jobs/errors';
import { loadSpec, withJobSpecOptions } from './optimize';
import type { OptimizeFlags } from './flags';
import { apiUrlOf, regionOf, signedRequest, type SignedResponse } from './signed-http';

/**
 * A non-2xx answer of the API as a catalogued error: the error body's code when the API sent one,
 * ACCESS_DENIED for a 403 of API Gateway's IAM authorization, INVALID_INPUT for another 4xx, INTERNAL
 * for a 5xx (exit codes 2, 2, 2 and 1).
 */
export function apiError(status: number, body: unknown): QpoError {
  const e = (body as { error?: { code?: string; message?: string; path?: string | null } } | null)?.error ?? {};
  const text = e.message ?? (body as { message?: string } | null)?.message ?? (typeof body === 'string' ? body : JSON.stringify(body));
  const code = isErrorCode(e.code) ? e.code : status === 403 ? 'ACCESS_DENIED' : status >= 400 && status < 500 ? 'INVALID_INPUT' : 'INTERNAL';
  const hint = code === 'ACCESS_DENIED' && !e.code ? '; check the AWS credentials, the region and their execute-api:Invoke permission on this API' : '';
  return new QpoError(code, `API answered ${status}: ${text}${hint}`, { path: e.path ?? null, details: { status, apiCode: e.code ?? null } });
}

function check(res: SignedResponse): Record<string, unknown> {
  if (res.status >= 300) throw apiError(res.status, res.body);
  return res.body as Record<string, unknown>;
}

interface RemoteFlags extends OptimizeFlags {
  api?: string;
  region?: string;
  idempotencyKey?: string;
  json?: boolean;
}

export function submitCommand(): Command {
  return withJobSpecOptions(new Command('submit').description('Submit a job to the deployed API (POST /optimize, SigV4-signed); prints the job id'))
    .option('--api <url>', 'API URL, the ApiUrl output of cdk deploy (default: QPO_API_URL)')
    .option('--region <region>', 'AWS region of the API (default: from the URL or AWS_REGION)')
    .option('--idempotency-key <key>', 'resubmitting with the same key returns the same job (default: the job id, if given)')
    .option('--json', 'print the API answer as JSON')
    .action(async (flags: RemoteFlags) => {
      const api = apiUrlOf(flags.api);
      const region = regionOf(api, flags.region);
      const spec = await loadSpec(flags);
      const key = flags.idempotencyKey ?? flags.jobId;
      const out = check(await signedRequest(api, region, 'POST', '/optimize', { body: spec, ...(key ? { headers: { 'idempotency-key': key } } : {}) }));
      process.stdout.write(flags.json ? `${JSON.stringify(out, null, 2)}\n` : `Submitted ${String(out.jobId)}\nStatus    npx qpo status ${String(out.jobId)}${flags.api ? ` --api ${flags.api}` : ''}\n`);
    });
}

export function statusCommand(): Command {
  return new Command('status')
    .description('Show a job of the deployed API (GET /jobs/{jobId}): Pending, Running, Completed, Failed or Cancelled')
    .argument('<jobId>', 'the job id printed by qpo submit')
    .option('--api <url>', 'API URL, the ApiUrl output of cdk deploy (default: QPO_API_URL)')
    .option('--region <region>', 'AWS region of the API (default: from the URL or AWS_REGION)')
    .option('--json', 'print the API answer (with the ResultRecord when completed) as JSON')
    .action(async (jobId: string, flags: RemoteFlags) => {
      const api = apiUrlOf(flags.api);
      const out = check(await signedRequest(api, regionOf(api, flags.region), 'GET', `/jobs/${encodeURIComponent(jobId)}`));
      if (flags.json) return void process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
      const lines = [`Job       ${jobId}`, `Phase     ${String(out.phase)}`];
      const result = out.result as { solution?: { selectedTickers?: string[] }; fallback?: { activated: boolean; reason: string | null }; quality?: { approximationRatio: number | null } } | null;
      if (result?.solution) lines.push(`Portfolio ${result.solution.selectedTickers?.join(', ')}`, `Fallback  ${result.fallback?.activated ? result.fallback.reason : 'not activated'}`);
      if (typeof out.reportUrl === 'string') lines.push(`Report    ${out.reportUrl}`);
      if (out.error) lines.push(`Error     ${describeError(out.error).body.code}: ${describeError(out.error).body.message}`);
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
