/**
 * Lambda, offline: each function of the assembly runs its bundled asset (the `asset.*` folder CDK
 * would upload) in Node processes, one per execution environment, driven through the Lambda Runtime
 * API by test/cloud/lambda/bootstrap.mjs. An environment serves one invocation at a time and stays
 * warm for the next; a concurrent invocation cold-starts another one, as Lambda scales.
 * https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html
 *
 * The process gets exactly the function's template environment (intrinsics resolved), the
 * variables Lambda itself sets (region, credentials, function name and memory, log group,
 * _HANDLER, LAMBDA_TASK_ROOT, AWS_LAMBDA_RUNTIME_API, ...) and AWS_ENDPOINT_URL_* for the local
 * services; sandbox/preload.mjs records every read of a variable that is not set. Errors come back as the runtime reports them ({ errorType, errorMessage, trace });
 * past its Timeout the environment is stopped and the invocation fails as `Sandbox.Timedout`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { createInterface } from 'node:readline';

export interface FunctionSpec {
  readonly logicalId: string;
  readonly name: string;
  readonly arn: string;
  readonly assetDir: string;
  readonly handler: string;
  readonly runtime: string;
  readonly timeoutSeconds: number;
  readonly memoryMiB: number;
  readonly logGroup: string;
  /** The handler file under lambdas/ (the function's `qpo:handler` tag), when tagged. */
  readonly qpoHandler: string | null;
  /** The template's Environment.Variables, resolved. */
  readonly environment: Readonly<Record<string, string>>;
}

export interface FunctionError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace?: readonly string[];
}

export type InvokeResult = { readonly ok: true; readonly payload: unknown } | { readonly ok: false; readonly error: FunctionError };

/** A read of an environment variable the process was not given (recorded by sandbox/preload.mjs). */
export interface EnvRead {
  readonly name: string;
  readonly site: string;
}

export interface LambdaOptions {
  /** Scratch directory: task roots and the runtime's node_modules live here. */
  readonly runRoot: string;
  /** Variables Lambda adds besides the template's (credentials, region, endpoints), read at each cold start. */
  readonly platformEnv: () => Readonly<Record<string, string>>;
  /** Origins redirected by the sandbox's network (provider hosts -> local test servers). */
  readonly redirects?: Readonly<Record<string, string>>;
  /** Every log line of every environment (CloudWatch Logs), by function. */
  readonly onLog?: (fn: FunctionSpec, line: string) => void;
}

const BOOTSTRAP = path.join(__dirname, 'bootstrap.mjs');
const API = '/2018-06-01/runtime';

interface Invocation {
  readonly requestId: string;
  readonly payload: string;
  readonly deadlineMs: number;
  readonly done: (r: InvokeResult) => void;
}

/** One execution environment: a process and its Runtime API endpoint. */
class Sandbox {
  busy = false;
  dead = false;
  private current: Invocation | undefined;
  private waiting: ServerResponse | undefined;
  private readonly server: Server;
  private proc: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private initFailure: FunctionError | undefined;
  private stopping = false;
  private readonly lastLines: string[] = [];

  constructor(
    private readonly fn: FunctionSpec,
    private readonly emulator: LambdaEmulator,
  ) {
    this.server = createServer((req, res) => void this.route(req, res));
  }

  async start(taskRoot: string): Promise<void> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    const { port } = this.server.address() as AddressInfo;
    const env = this.emulator.environmentOf(this.fn, taskRoot, `127.0.0.1:${port}`);
    const sandbox = { redirects: this.emulator.options.redirects ?? {}, readsFile: this.emulator.readsFileOf(this.fn) };
    this.proc = spawn(process.execPath, [BOOTSTRAP], { cwd: taskRoot, env: { ...env, QPO_CLOUD_RUN_SANDBOX: JSON.stringify(sandbox) }, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const stream of [this.proc.stdout!, this.proc.stderr!])
      createInterface({ input: stream }).on('line', (line) => {
        this.lastLines.push(line);
        if (this.lastLines.length > 8) this.lastLines.shift();
        this.emulator.options.onLog?.(this.fn, line);
      });
    this.proc.on('exit', (code, signal) => {
      this.dead = true;
      if (!this.stopping) this.emulator.unexpectedExits.push({ function: this.fn.logicalId, how: signal ? `signal ${signal}` : `exit status ${code}`, lastLines: [...this.lastLines] });
      const reason = this.initFailure ?? { errorType: 'Runtime.ExitError', errorMessage: `RequestId: ${this.current?.requestId ?? '-'} Error: Runtime exited with error: ${signal ? `signal: ${signal}` : `exit status ${code}`}` };
      this.finish({ ok: false, error: reason });
      this.server.close();
    });
  }

  invoke(inv: Invocation): void {
    this.busy = true;
    this.current = inv;
    this.timer = setTimeout(() => {
      this.finish({ ok: false, error: { errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${inv.requestId} Error: Task timed out after ${this.fn.timeoutSeconds.toFixed(2)} seconds` } });
      this.stop();
    }, Math.max(0, inv.deadlineMs - Date.now()));
    if (this.waiting) this.deliver(this.waiting);
  }

  private deliver(res: ServerResponse): void {
    const inv = this.current!;
    this.waiting = undefined;
    res.writeHead(200, {
      'content-type': 'application/json',
      'lambda-runtime-aws-request-id': inv.requestId,
      'lambda-runtime-deadline-ms': String(inv.deadlineMs),
      'lambda-runtime-invoked-function-arn': this.fn.arn,
      'lambda-runtime-trace-id': `Root=1-${Math.floor(Date.now() / 1000).toString(16)}-${inv.requestId.replace(/-/g, '').slice(0, 24)};Sampled=1`,
    });
    res.end(inv.payload);
  }

  private finish(result: InvokeResult): void {
    const inv = this.current;
    if (!inv) return;
    clearTimeout(this.timer);
    this.current = undefined;
    this.busy = false;
    inv.done(result);
  }

  stop(): void {
    this.dead = true;
    this.stopping = true;
    this.proc?.kill('SIGKILL');
    this.server.closeAllConnections();
    this.server.close();
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = req.url ?? '';
    const ok = () => {
      res.writeHead(202, { 'content-type': 'application/json' });
      res.end('{"status":"OK"}');
    };
    if (req.method === 'GET' && url === `${API}/invocation/next`) {
      if (this.current && !this.waiting) return this.deliver(res);
      this.waiting = res;
      return;
    }
    const m = new RegExp(`^${API}/invocation/([^/]+)/(response|error)$`).exec(url);
    if (req.method === 'POST' && m) {
      ok();
      if (m[1] !== this.current?.requestId) return;
      if (m[2] === 'response') return this.finish({ ok: true, payload: body ? JSON.parse(body) : null });
      return this.finish({ ok: false, error: JSON.parse(body) as FunctionError });
    }
    if (req.method === 'POST' && url === `${API}/init/error`) {
      ok();
      this.initFailure = JSON.parse(body) as FunctionError;
      return;
    }
    res.writeHead(404);
    res.end();
  }
}

export class LambdaEmulator {
  private readonly sandboxes = new Map<string, Sandbox[]>();
  private readonly taskRoots = new Map<string, string>();
  readonly coldStarts = new Map<string, number>();
  /** Environments that exited on their own (not stopped by a timeout or the end of the run). */
  readonly unexpectedExits: { function: string; how: string; lastLines: string[] }[] = [];
  readonly invocations: { function: string; ok: boolean; errorType?: string }[] = [];

  constructor(
    readonly functions: readonly FunctionSpec[],
    readonly options: LambdaOptions,
  ) {
    // The runtime provides the AWS SDK for JavaScript v3 (the bundles keep @aws-sdk/* external).
    const runtimeModules = path.join(options.runRoot, 'lambda', 'node_modules');
    mkdirSync(runtimeModules, { recursive: true });
    mkdirSync(path.join(options.runRoot, 'env-reads'), { recursive: true });
    const sdk = path.dirname(path.dirname(require.resolve('@aws-sdk/client-s3/package.json')));
    if (!existsSync(path.join(runtimeModules, '@aws-sdk'))) symlinkSync(sdk, path.join(runtimeModules, '@aws-sdk'), 'dir');
  }

  /** The function by ARN, name or logical id. */
  find(ref: string): FunctionSpec {
    const fn = this.functions.find((f) => f.arn === ref || f.name === ref || f.logicalId === ref || ref.startsWith(`${f.arn}:`));
    if (!fn) throw new Error(`Lambda: no function '${ref}' in the assembly`);
    return fn;
  }

  /** The process environment of one execution environment of `fn`. */
  environmentOf(fn: FunctionSpec, taskRoot: string, runtimeApi: string): Record<string, string> {
    return {
      ...fn.environment,
      ...this.options.platformEnv(),
      AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
      AWS_LAMBDA_FUNCTION_NAME: fn.name,
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMiB),
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      AWS_LAMBDA_LOG_GROUP_NAME: fn.logGroup,
      AWS_LAMBDA_LOG_STREAM_NAME: `${new Date().toISOString().slice(0, 10).replace(/-/g, '/')}/[$LATEST]${randomUUID().replace(/-/g, '')}`,
      AWS_LAMBDA_RUNTIME_API: runtimeApi,
      AWS_XRAY_CONTEXT_MISSING: 'LOG_ERROR',
      AWS_XRAY_DAEMON_ADDRESS: '169.254.79.129:2000',
      _HANDLER: fn.handler,
      LAMBDA_TASK_ROOT: taskRoot,
      LAMBDA_RUNTIME_DIR: path.dirname(BOOTSTRAP),
      LANG: 'en_US.UTF-8',
      TZ: ':UTC',
      PATH: '/usr/local/bin:/usr/bin:/bin',
    };
  }

  /** Where the sandboxes of `fn` append their reads of unset variables (JSON lines). */
  readsFileOf(fn: FunctionSpec): string {
    return path.join(this.options.runRoot, 'env-reads', `lambda-${fn.logicalId}.jsonl`);
  }

  /** Reads of unset variables by each function's code so far. */
  envReads(): Map<string, EnvRead[]> {
    return new Map(this.functions.map((fn) => [fn.logicalId, readJsonLines<EnvRead>(this.readsFileOf(fn))]));
  }

  private taskRootOf(fn: FunctionSpec): string {
    let root = this.taskRoots.get(fn.logicalId);
    if (!root) {
      // /var/task: the deployment package, unpacked (a copy: the assembly stays untouched).
      root = path.join(this.options.runRoot, 'lambda', fn.logicalId);
      cpSync(fn.assetDir, root, { recursive: true });
      this.taskRoots.set(fn.logicalId, root);
    }
    return root;
  }

  /** Invoke `ref` (ARN, name or logical id) with a JSON payload, as Lambda's Invoke does. */
  async invoke(ref: string, payload: unknown): Promise<InvokeResult> {
    const fn = this.find(ref);
    const pool = this.sandboxes.get(fn.logicalId) ?? [];
    this.sandboxes.set(fn.logicalId, pool);
    for (let i = pool.length - 1; i >= 0; i--) if (pool[i]!.dead) pool.splice(i, 1);
    let sandbox = pool.find((s) => !s.busy);
    if (!sandbox) {
      sandbox = new Sandbox(fn, this);
      sandbox.busy = true;
      pool.push(sandbox);
      this.coldStarts.set(fn.logicalId, (this.coldStarts.get(fn.logicalId) ?? 0) + 1);
      await sandbox.start(this.taskRootOf(fn));
    }
    const result = await new Promise<InvokeResult>((done) =>
      sandbox.invoke({ requestId: randomUUID(), payload: JSON.stringify(payload ?? null), deadlineMs: Date.now() + fn.timeoutSeconds * 1000, done }),
    );
    this.invocations.push({ function: fn.logicalId, ok: result.ok, ...(result.ok ? {} : { errorType: result.error.errorType }) });
    return result;
  }

  /** Stop every execution environment. */
  close(): void {
    for (const pool of this.sandboxes.values()) for (const s of pool) s.stop();
    this.sandboxes.clear();
  }
}

function readJsonLines<T>(file: string): T[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as T);
}
