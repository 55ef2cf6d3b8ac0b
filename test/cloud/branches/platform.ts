/**
 * Branches of the platform around the job: the API Gateway's own answers (IAM authorization,
 * routes, the function's body limit, stage throttling), the sweep machine (nested job executions),
 * the scheduled run, and the health check against the providers' test servers.
 */
import { StartExecutionCommand } from '@aws-sdk/client-sfn';
import { BranchContext } from './context';
import { small } from './quantum';

export async function apiGateway(ctx: BranchContext): Promise<string> {
  const unsigned = await ctx.api('GET', '/jobs/cloud-quantum', { credentials: null });
  ctx.expect(unsigned.status === 403 && unsigned.body?.message === 'Missing Authentication Token', `an unsigned request got ${unsigned.status} ${JSON.stringify(unsigned.body)}`);
  const forged = await ctx.api('GET', '/jobs/cloud-quantum', { credentials: { accessKeyId: 'AKIDQPOTEST', secretAccessKey: 'not-the-secret' } });
  ctx.expect(forged.status === 403 && /signature/.test(forged.body?.message ?? ''), `a wrongly signed request got ${forged.status}`);
  const route = await ctx.api('GET', '/nope');
  ctx.expect(route.status === 403, `an unknown route got ${route.status}`);
  const big = await ctx.api('POST', '/optimize', { body: small({ padding: 'x'.repeat(200_000) }), headers: { 'idempotency-key': 'cloud-big' } });
  ctx.expect(big.status === 413 && big.body?.error?.code === 'PAYLOAD_TOO_LARGE', `a 200 kB body got ${big.status} ${JSON.stringify(big.body).slice(0, 200)}; the function's limit answers 413`);
  // Throttling: signed requests the model refuses (no function runs), all sent at once.
  const { burstLimit, rateLimit } = ctx.cloud.api.stage;
  // Signed first, then sent together: signing one by one on a busy machine spread them over seconds.
  const calls = await Promise.all(Array.from({ length: burstLimit + 10 }, (_, i) => ctx.signedCall('POST', '/optimize', { body: { budget: i }, headers: { 'idempotency-key': `cloud-burst-${i}` } })));
  const burst = await Promise.all(calls.map((send) => send()));
  const throttled = burst.filter((r) => r.status === 429).length;
  ctx.expect(throttled >= 5 && burst.every((r) => r.status === 429 || r.status === 400), `${burst.length} requests at once against a burst of ${burstLimit}: ${burst.map((r) => r.status).join(',')}`);
  return `unsigned/forged -> 403, unknown route -> 403, 200 kB -> 413, ${burst.length} at once vs burst ${burstLimit} (rate ${rateLimit}/s) -> ${throttled} x 429`;
}

export async function sweep(ctx: BranchContext): Promise<string> {
  const machine = ctx.cloud.sfn.machines.find((m) => m.logicalId.includes('SweepStateMachine'));
  ctx.expect(machine, 'the assembly has no sweep state machine');
  const client = ctx.sfnClient();
  const jobs = [small({ solver: 'classical', riskFactor: 0.2 }), small({ solver: 'classical', riskFactor: 0.8 })];
  await client.send(new StartExecutionCommand({ stateMachineArn: machine.arn, name: 'cloud-sweep', input: JSON.stringify({ jobs }) }));
  const e = await ctx.finished('cloud-sweep', 120, machine.arn);
  ctx.expect(e.status === 'SUCCEEDED', `the sweep ended ${e.status} ${e.error ?? ''} ${e.cause ?? ''}`);
  const children = ['cloud-sweep-0', 'cloud-sweep-1'].map((n) => ctx.execution(n));
  ctx.expect(children.every((c) => c?.status === 'SUCCEEDED'), `nested job executions: ${children.map((c) => c?.status).join(', ')}`);
  const results = await Promise.all(['cloud-sweep-0', 'cloud-sweep-1'].map((n) => ctx.result(n)));
  ctx.expect(results.every((r) => r && r.solution.feasible), 'a sweep job left no result');
  return `sweep machine: 2 nested job executions (startExecution.sync:2) succeeded, 2 results`;
}

export async function scheduledRun(ctx: BranchContext): Promise<string> {
  const arn = String(await ctx.cloud.fireSchedule('nightly'));
  const name = arn.split(':').pop()!;
  const e = await ctx.finished(name, 150);
  ctx.expectEnd(e, 'SUCCEEDED', 'JobSucceeded');
  const record = await ctx.result(name);
  ctx.expect(record, `the scheduled run ${name} left no result`);
  return `EventBridge schedule 'nightly' -> execution ${name.slice(0, 8)}... -> ${record.solver} on ${record.solution.selectedTickers.length} of ${record.problem.numAssets} assets`;
}

/**
 * The scheduled health check against the providers' test servers (one configured device offline):
 * the metrics per configured backend must say what the providers say; then the IBM key is rotated
 * and the warm function must re-read it after IBM refuses the old one.
 */
export async function healthCheck(ctx: BranchContext): Promise<string> {
  const fn = ctx.cloud.lambda.functions.find((f) => f.qpoHandler === 'health-check');
  ctx.expect(fn, 'no health-check function (tag qpo:handler=health-check) in the assembly');
  const backends = fn.environment.QUANTUM_BACKENDS!.split(',');
  const expected = (b: string): { up: boolean; queue: number | null } => {
    if (b === 'local') return { up: true, queue: null };
    if (b.startsWith('ibm:')) {
      const d = ctx.cloud.ibmDevices.find((x) => x.name === b.slice(4));
      return { up: d?.status === 'online', queue: d ? d.queueLength : null };
    }
    const d = ctx.cloud.braketDevices.find((x) => `braket:${x.arn}` === b || x.arn.toLowerCase().endsWith(`/${b.slice(7).toLowerCase()}`));
    return { up: d?.status === 'ONLINE', queue: d ? Number(d.queueSize.replace(/\D/g, '')) + (d.queueSize.startsWith('>') ? 1 : 0) : null };
  };
  const check = async (round: string) => {
    const from = ctx.cloud.cloudwatch.metrics.length;
    await ctx.cloud.fireSchedule('HealthCheck');
    const got = ctx.cloud.cloudwatch.metrics.slice(from);
    for (const b of backends) {
      const e = expected(b);
      const health = got.filter((m) => m.name === 'QuantumBackendHealthCheck' && m.dimensions.backend === b).map((m) => m.value);
      ctx.expect(health.length === 1 && health[0] === (e.up ? 1 : 0), `${round}: QuantumBackendHealthCheck{backend=${b}} = ${health.join(',') || 'missing'}; the provider says ${e.up ? 'up (1)' : 'down (0)'}`);
      const queue = got.filter((m) => m.name === 'ProviderQueueDepth' && m.dimensions.backend === b).map((m) => m.value);
      if (e.up && e.queue !== null) ctx.expect(queue[0] === e.queue, `${round}: ProviderQueueDepth{backend=${b}} = ${queue.join(',') || 'missing'}; the provider's queue is ${e.queue}`);
    }
    const batch = got.filter((m) => m.name === 'QueueDepth').map((m) => m.value);
    ctx.expect(batch.length === 1 && batch[0]! >= 3, `${round}: the Batch QueueDepth is ${batch.join(',') || 'missing'}; 3 jobs of other tenants wait in the queue`);
    return got;
  };
  await check('first run');
  const secretArn = ctx.cloud.asm.resolver.ref(ctx.cloud.asm.resolver.idsOfType('AWS::SecretsManager::Secret')[0]!);
  const reads = ctx.cloud.secrets.reads.get(secretArn) ?? 0;
  await check('second run (warm)');
  ctx.expect((ctx.cloud.secrets.reads.get(secretArn) ?? 0) === reads, 'the warm health check read the secret again instead of using its cached key');
  // Rotation: IBM accepts only the new key and voids every token; the secret gets the new key.
  ctx.cloud.ibm.faults.apiKeys = ['rotated-ibm-key'];
  ctx.cloud.ibm.expireAllTokens();
  ctx.cloud.rotateIbmKey('rotated-ibm-key');
  await check('after the key rotation');
  ctx.expect((ctx.cloud.secrets.reads.get(secretArn) ?? 0) > reads, 'the health check did not re-read the secret after IBM refused the old key');
  const summary = backends.map((b) => `${b}=${expected(b).up ? 1 : 0}`).join(', ');
  return `QuantumBackendHealthCheck ${summary}; ProviderQueueDepth as the providers report; key cached, re-read after rotation`;
}
