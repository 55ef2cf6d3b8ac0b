/**
 * The cloud run: start the platform of an assembly on 127.0.0.1 (platform.ts), run every branch
 * against it (jobs concurrently, then the API Gateway's throttling alone), check what must hold
 * across the run (no function read a variable it is not given, every container and execution
 * ended), and report branches, outcomes and the run's figures.
 */
import { FAKE_BRAKET_DEVICES } from '../fakes/braket-server';
import { DEFAULT_DEVICES } from '../fakes/ibm-server';
import { BranchContext, BranchFailure } from './branches/context';
import { containerRejects, fallbackFails, inputRejected, resultExists, s3WriteFails, s3WriteRetried, sameKeyTwice } from './branches/failures';
import { forceClassical, jobLifecycle } from './branches/lifecycle';
import { apiGateway, healthCheck, scheduledRun, sweep } from './branches/platform';
import { backendOffline, batchQueueOverflow, containerCrash, providerQueueOverflow, quantumPathFails, quantumSuccess, stateTimeout } from './branches/quantum';
import { weightedJob } from './branches/weights';
import { isMissingSetting } from './sandbox/env-policy';
import { startCloud, type Cloud } from './platform';

export interface Branch {
  readonly name: string;
  readonly run: (ctx: BranchContext) => Promise<string>;
  /** Phase 2 branches run alone after the others (they disturb concurrent calls). */
  readonly alone?: boolean;
}

export const BRANCHES: readonly Branch[] = [
  { name: 'quantum success (qpo submit/status)', run: quantumSuccess },
  { name: 'timeout -> fallback', run: stateTimeout },
  { name: 'Batch queue overflow -> fallback', run: batchQueueOverflow },
  { name: 'provider queue overflow -> fallback', run: providerQueueOverflow },
  { name: 'backend offline -> fallback, no Batch job', run: backendOffline },
  { name: 'container crash -> fallback with its reason', run: containerCrash },
  { name: 'quantum path fails -> fallback with the stored reason', run: quantumPathFails },
  { name: 'input rejected -> 400 / failed execution', run: inputRejected },
  { name: 'input rejected by the container (exit 2) -> failed execution', run: containerRejects },
  { name: 'fallback fails -> SNS + failed execution', run: fallbackFails },
  { name: 'same Idempotency-Key twice -> one execution, one result', run: sameKeyTwice },
  { name: 'existing result -> never overwritten', run: resultExists },
  { name: 'S3 write faults -> retried', run: s3WriteRetried },
  { name: 'S3 down -> clear failure, nothing half-written', run: s3WriteFails },
  { name: 'sweep machine -> nested job executions', run: sweep },
  { name: 'scheduled run (EventBridge Scheduler)', run: scheduledRun },
  { name: 'job lifecycle: list, resubmit, cancel (qpo jobs --api; index fed by EventBridge)', run: jobLifecycle },
  { name: 'weights: lots in the container and the fallback Lambda', run: weightedJob },
  { name: 'API Gateway: IAM auth, routes, body limit, throttling', run: apiGateway, alone: true },
  { name: 'health check sees the providers (one device offline, key rotation)', run: healthCheck, alone: true },
  // Last: while the switch is on (and CheckCapacity's cache holds it) every routed job is forced.
  { name: 'force classical: qpo fallback force on -> forced-platform', run: forceClassical, alone: true },
];

export interface BranchResult {
  readonly name: string;
  readonly ok: boolean;
  readonly seconds: number;
  readonly detail: string;
  readonly notes: readonly string[];
}

export interface CloudRunReport {
  readonly ok: boolean;
  readonly branches: readonly BranchResult[];
  /** Failures of the run-wide checks. */
  readonly problems: readonly string[];
  readonly lines: readonly string[];
}

export interface CloudRunOptions {
  readonly assemblyDir: string;
  /** Run only the branches whose name contains one of these. */
  readonly only?: readonly string[];
  /** Stop at the first failed branch. */
  readonly failFast?: boolean;
  readonly concurrency?: number;
  readonly log?: (line: string) => void;
}

/** The test devices of the run's IBM instance (besides the stage's own IBM backends). */
export const RUN_IBM_DEVICES = [
  ...DEFAULT_DEVICES,
  { ...DEFAULT_DEVICES[0]!, name: 'fake_stuck', queueLength: 0, jobOutcome: 'never-finish' as const },
  { ...DEFAULT_DEVICES[0]!, name: 'fake_failing', queueLength: 0, jobOutcome: 'fail' as const },
];

/** The timeout branch's execution: its quantum job must hit the state's TimeoutSeconds within the run. */
export const TIMEOUT_OVERRIDES = [{ execution: 'cloud-timeout', state: 'RunQuantumJob', seconds: 12 }];

/** The Braket devices of the run: the configured Forte-1 is offline (the health check must say so). */
export const RUN_BRAKET_DEVICES = FAKE_BRAKET_DEVICES.map((d) => (d.name === 'Forte 1' ? { ...d, status: 'OFFLINE' as const, queueSize: '0' } : { ...d }));

/** Lambda functions whose code read variables their template environment does not set. */
export function envProblems(cloud: Cloud): string[] {
  const out: string[] = [];
  for (const [id, reads] of cloud.lambda.envReads()) {
    const fn = cloud.lambda.find(id);
    const sites = new Map<string, Set<string>>();
    for (const r of reads.filter(isMissingSetting)) sites.set(r.name, (sites.get(r.name) ?? new Set()).add(r.site));
    for (const [name, at] of sites)
      out.push(`function ${id} read ${name}, which its template environment does not set (it sets ${Object.keys(fn.environment).join(', ')}); read at ${[...at].join(' | ')}`);
  }
  return out;
}

export async function runCloud(options: CloudRunOptions): Promise<CloudRunReport> {
  const log = options.log ?? (() => undefined);
  const t0 = performance.now();
  const cloud = await startCloud({ assemblyDir: options.assemblyDir, ibmDevices: RUN_IBM_DEVICES, braketDevices: RUN_BRAKET_DEVICES, timeoutOverrides: TIMEOUT_OVERRIDES });
  const lines: string[] = [];
  const say = (l: string) => {
    lines.push(l);
    log(l);
  };
  const results: BranchResult[] = [];
  const problems: string[] = [];
  try {
    say(`qpo cloud run: assembly ${options.assemblyDir} (stack ${cloud.asm.stackName}): ${cloud.lambda.functions.length} Lambda functions, ${cloud.sfn.machines.length} state machines, API ${cloud.api.url} (started in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    say(`  image: ${cloud.imageSteps.join('; ')}`);
    for (const o of cloud.timeoutOverrides) {
      const template = cloud.jobMachine.definition.States[o.state]?.TimeoutSeconds;
      say(`  override: execution ${o.execution} runs ${o.state} with TimeoutSeconds ${o.seconds} (template: ${template}); every other execution runs the template's definition as is`);
    }
    cloud.batch.addForeignJobs(cloud.jobQueueArn, 3);
    const chosen = BRANCHES.filter((b) => !options.only?.length || options.only.some((o) => b.name.includes(o)));
    let stop = false;
    let firstFailure: () => void = () => undefined;
    const failed = new Promise<void>((r) => (firstFailure = r));
    const runOne = async (b: Branch) => {
      if (stop) return;
      const ctx = new BranchContext(cloud, b.name);
      const s = performance.now();
      let result: BranchResult;
      try {
        const detail = await b.run(ctx);
        result = { name: b.name, ok: true, seconds: (performance.now() - s) / 1000, detail, notes: ctx.notes };
      } catch (error) {
        const detail = error instanceof BranchFailure ? error.message : `${(error as Error).name}: ${(error as Error).message}`;
        result = { name: b.name, ok: false, seconds: (performance.now() - s) / 1000, detail, notes: ctx.notes };
        if (options.failFast) stop = true;
        firstFailure();
      }
      results.push(result);
      log(`  ${result.ok ? 'ok  ' : 'FAIL'} ${b.name} (${result.seconds.toFixed(1)} s): ${result.detail}`);
    };
    const queue = chosen.filter((b) => !b.alone);
    const workers = Array.from({ length: options.concurrency ?? 3 }, async () => {
      for (let b = queue.shift(); b; b = queue.shift()) await runOne(b);
    });
    // Fail fast: the first failed branch ends the run (the others are cut off when the platform closes).
    await (options.failFast ? Promise.race([Promise.all(workers), failed]) : Promise.all(workers));
    for (const b of chosen.filter((x) => x.alone)) await runOne(b);

    problems.push(...envProblems(cloud));
    await cloud.events.drain();
    for (const d of cloud.events.deliveries.filter((x) => !x.ok))
      problems.push(`EventBridge rule ${d.rule} could not deliver a ${d.event['detail-type']} event to ${d.target}: ${d.error}`);
    for (const x of cloud.lambda.unexpectedExits) problems.push(`a ${x.function} environment exited unexpectedly (${x.how}); its last lines: ${x.lastLines.join(' | ')}`);
    const running = [...cloud.sfn.executions.values()].filter((e) => e.status === 'RUNNING');
    if (running.length && !stop) problems.push(`executions still RUNNING at the end: ${running.map((e) => e.name).join(', ')}`);
    const containers = [...cloud.batch.jobs.values()].filter((j) => j.status === 'RUNNING');
    if (containers.length && !stop) problems.push(`Batch containers still running at the end: ${containers.map((j) => j.jobName).join(', ')}`);

    const execs = [...cloud.sfn.executions.values()];
    const count = (s: string) => execs.filter((e) => e.status === s).length;
    const sum = (name: string) => cloud.cloudwatch.find(name).reduce((a, m) => a + m.value, 0);
    const cold = [...cloud.lambda.coldStarts].map(([id, n]) => `${id.replace(/[0-9A-F]{8}$/, '')} ${n}`).join(', ');
    say('');
    say(`${'branch'.padEnd(58)} ${'outcome'.padEnd(7)} ${'seconds'.padStart(7)}  detail`);
    for (const r of results) say(`${r.name.padEnd(58)} ${(r.ok ? 'ok' : 'FAILED').padEnd(7)} ${r.seconds.toFixed(1).padStart(7)}  ${r.detail}${r.notes.length ? ` [${r.notes.join('; ')}]` : ''}`);
    say('');
    say(`executions: ${execs.length} (${count('SUCCEEDED')} succeeded, ${count('FAILED')} failed, ${count('RUNNING')} running); Batch jobs: ${cloud.batch.started.length} containers started; SNS messages: ${cloud.sns.published.length}`);
    say(`Lambda cold starts: ${cold}; invocations: ${cloud.lambda.invocations.length}`);
    say(`EventBridge: ${cloud.events.events.length} events, ${cloud.events.deliveries.length} deliveries to the rules' targets (${cloud.events.deliveries.filter((d) => !d.ok).length} failed)`);
    const waits = execs.flatMap((e) => stateSeconds(e, 'RunQuantumJob')).filter((x) => x.ok).map((x) => x.seconds);
    if (waits.length) say(`RunQuantumJob (answered): ${waits.length} runs, longest ${Math.max(...waits).toFixed(1)} s`);
    say(`metrics (EMF): JobSucceeded ${sum('JobSucceeded')}, JobFailed ${sum('JobFailed')}, ClassicalFallbackActivated ${sum('ClassicalFallbackActivated')}, ResultsPersisted ${cloud.cloudwatch.find('ResultsPersisted').map((m) => m.value).join('/')}, QueueDepth max ${Math.max(0, ...cloud.cloudwatch.find('QueueDepth').map((m) => m.value))}`);
    say(`environment: ${problems.some((p) => p.startsWith('function ')) ? 'reads outside the template environment (below)' : 'no function read a variable its template does not set'}`);
    for (const p of problems) say(`PROBLEM: ${p}`);
    const ok = results.every((r) => r.ok) && problems.length === 0 && results.length === chosen.length;
    say(`cloud run ${ok ? 'passed' : 'FAILED'}: ${results.filter((r) => r.ok).length}/${chosen.length} branches in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    return { ok, branches: results, problems, lines };
  } finally {
    await cloud.close();
  }
}

/** How long each run of `state` took in an execution, and whether it answered. */
function stateSeconds(e: { history: readonly { type: string; timestamp: number; state?: { name: string } }[] }, state: string): { seconds: number; ok: boolean }[] {
  const out: { seconds: number; ok: boolean }[] = [];
  let entered: number | null = null;
  for (const h of e.history) {
    if (h.state?.name !== state) continue;
    if (h.type === 'StateEntered' || h.type === 'StateRetried') entered = h.timestamp;
    else if (entered !== null && (h.type === 'StateExited' || h.type === 'StateFailed')) {
      out.push({ seconds: (h.timestamp - entered) / 1000, ok: h.type === 'StateExited' });
      entered = null;
    }
  }
  return out;
}
