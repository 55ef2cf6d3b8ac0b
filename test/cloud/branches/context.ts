/**
 * What a branch of the cloud run uses: the API as a signed client, the executions and their history
 * (with the transitions explained when a check fails), S3 objects, Batch jobs and metrics.
 */
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Execution } from '../aws/stepfunctions';
import { CALLER_CREDENTIALS, type Cloud } from '../platform';

const QPO = path.join(__dirname, '..', '..', '..', 'bin', 'qpo.js');

/** A failed expectation of a branch, with the evidence. */
export class BranchFailure extends Error {}

export interface ApiCallOptions {
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  readonly credentials?: { accessKeyId: string; secretAccessKey: string } | null;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

export class BranchContext {
  readonly notes: string[] = [];

  constructor(
    readonly cloud: Cloud,
    readonly name: string,
  ) {}

  /**
   * An API call as a caller with execute-api:Invoke makes it: SigV4-signed with `credentials`
   * (the caller's by default; `null` sends it unsigned). The body is sent as given when a string.
   */
  async api(method: 'GET' | 'POST', route: string, opts: ApiCallOptions = {}): Promise<ApiAnswer> {
    return (await this.signedCall(method, route, opts))();
  }

  /** The call of `api`, signed now and sent when the returned function is called (for bursts). */
  async signedCall(method: 'GET' | 'POST', route: string, opts: ApiCallOptions = {}): Promise<() => Promise<ApiAnswer>> {
    const url = new URL(`${this.cloud.api.url}${route}`);
    const body = opts.body === undefined ? undefined : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    let headers: Record<string, string> = { host: url.host, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}), ...opts.headers };
    const credentials = opts.credentials === undefined ? CALLER_CREDENTIALS : opts.credentials;
    if (credentials) {
      const signer = new SignatureV4({ service: 'execute-api', region: 'us-east-1', credentials, sha256: Sha256 });
      const query: Record<string, string> = {};
      url.searchParams.forEach((v, k) => (query[k] = v));
      headers = (await signer.sign({ method, protocol: url.protocol, hostname: url.hostname, port: Number(url.port), path: url.pathname, query, headers, ...(body ? { body } : {}) })).headers as Record<string, string>;
    }
    return async () => {
      const res = await fetch(url, { method, headers, ...(body ? { body } : {}) });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text
      }
      return { status: res.status, body: parsed, headers: res.headers };
    };
  }

  /** POST /optimize; expects 202 unless `status` says otherwise. */
  async submit(spec: unknown, key: string, status = 202): Promise<Record<string, any>> {
    const res = await this.api('POST', '/optimize', { body: spec, headers: { 'idempotency-key': key } });
    this.expect(res.status === status, `POST /optimize (${key}) answered ${res.status} ${JSON.stringify(res.body)}; expected ${status}`);
    return res.body as Record<string, any>;
  }

  /** The CLI as a user runs it (a child process), signing with the caller's credentials. */
  qpo(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [QPO, ...args], {
        env: {
          PATH: process.env.PATH!,
          HOME: '/nonexistent',
          AWS_ACCESS_KEY_ID: CALLER_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: CALLER_CREDENTIALS.secretAccessKey,
          AWS_REGION: 'us-east-1',
          AWS_EC2_METADATA_DISABLED: 'true',
          ...env,
        },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d) => (stdout += d));
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  sfnClient() {
    return this.cloud.sfnClient;
  }

  execution(name: string, machine = this.cloud.jobMachine.arn): Execution | undefined {
    return this.cloud.sfn.executions.get(`${machine.replace(':stateMachine:', ':execution:')}:${name}`);
  }

  /** Wait until execution `name` ends (at most `seconds`). */
  async finished(name: string, seconds = 240, machine?: string): Promise<Execution> {
    const until = Date.now() + seconds * 1000;
    for (;;) {
      const e = this.execution(name, machine);
      if (e && e.status !== 'RUNNING') {
        await e.done;
        return e;
      }
      if (Date.now() > until) throw new BranchFailure(`execution ${name} ${e ? 'still RUNNING' : 'never started'} after ${seconds} s${e ? `; ${trail(e)}` : ''}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  /** The stored ResultRecord of a job, or null. */
  async result(jobId: string, file = 'result.json'): Promise<Record<string, any> | null> {
    try {
      const out = await this.cloud.s3.client.send(new GetObjectCommand({ Bucket: this.cloud.bucket, Key: `portfolio-optimization/${jobId}/${file}` }));
      return JSON.parse(await out.Body!.transformToString()) as Record<string, any>;
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  async putObject(key: string, body: string): Promise<void> {
    await this.cloud.s3.client.send(new PutObjectCommand({ Bucket: this.cloud.bucket, Key: key, Body: body }));
  }

  async objectText(key: string): Promise<string | null> {
    try {
      return await (await this.cloud.s3.client.send(new GetObjectCommand({ Bucket: this.cloud.bucket, Key: key }))).Body!.transformToString();
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey') return null;
      throw error;
    }
  }

  /** Batch jobs submitted for a job id (RunQuantumJob names them qpo-<jobId>). */
  batchJobs(jobId: string) {
    return [...this.cloud.batch.jobs.values()].filter((j) => j.jobName === `qpo-${jobId}`);
  }

  expect(condition: unknown, message: string): asserts condition {
    if (!condition) throw new BranchFailure(message);
  }

  /** Expect the execution to have ended in `status` at `state` (a Fail state's name, or the Succeed state). */
  expectEnd(e: Execution, status: Execution['status'], lastState: string, error?: string): void {
    const entered = e.history.filter((h) => h.type === 'StateEntered').map((h) => h.state!.name);
    const last = entered[entered.length - 1];
    const ok = e.status === status && last === lastState && (error === undefined || e.error === error);
    this.expect(ok, `expected ${e.name} to end ${status} in ${lastState}${error ? ` with ${error}` : ''}; it ended ${e.status} in ${last}${e.error ? ` with ${e.error}` : ''}. ${trail(e)}`);
  }

  note(text: string): void {
    this.notes.push(text);
  }
}

/** The execution's path with each failure and the catcher that took it: the evidence of a check. */
export function trail(e: Execution): string {
  const steps: string[] = [];
  for (const h of e.history) {
    if (h.type === 'StateEntered') steps.push(h.state!.name);
    else if (h.type === 'StateFailed') steps.push(`${h.state!.name} failed with ${h.Error}`);
    else if (h.type === 'StateRetried') steps.push(`retried [${h.retry!.retrier.ErrorEquals.join(', ')}]`);
    else if (h.type === 'StateCaught') steps.push(`caught by [${h.catch!.catcher.ErrorEquals.join(', ')}] -> ${h.catch!.catcher.Next}`);
  }
  return `Path: ${steps.join(' > ')}`;
}

/** What the definition's catchers of `state` name, for messages about an error that went elsewhere. */
export function catchersOf(e: Execution, state: string): string {
  const s = e.machine.definition.States[state] as { Catch?: { ErrorEquals: string[]; Next: string }[] } | undefined;
  return (s?.Catch ?? []).map((c) => `[${c.ErrorEquals.join(', ')}] -> ${c.Next}`).join('; ') || 'none';
}
