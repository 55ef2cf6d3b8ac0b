/**
 * Amazon EventBridge, offline, for the events the platform's rules listen to: the default bus
 * receives "Step Functions Execution Status Change" for every execution of the local Step Functions
 * (RUNNING, then how it ended) and "Batch Job State Change" for every status change of a local
 * Batch job, with the detail each service documents; every AWS::Events::Rule of the template whose
 * EventPattern matches (exact values and nested fields, the subset the template uses; anything else
 * is refused, never guessed) has its targets invoked (Lambda), retried as the rule's RetryPolicy
 * allows. Events are observed every `pollMs` and delivered in order, asynchronously, as EventBridge
 * delivers them: after the API call that caused them has answered.
 * https://docs.aws.amazon.com/step-functions/latest/dg/cw-events.html
 * https://docs.aws.amazon.com/batch/latest/userguide/batch_job_events.html
 */
import { randomUUID } from 'node:crypto';
import type { LambdaEmulator } from '../lambda/emulator';
import type { TemplateResolver } from '../template/intrinsics';
import type { LocalBatch } from './batch';
import type { LocalStepFunctions } from './stepfunctions';

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

interface RuleSpec {
  readonly id: string;
  readonly pattern: Record<string, unknown>;
  readonly targets: readonly { arn: string; retries: number }[];
}

export interface LocalEventBridge {
  /** Every event put on the bus, in order. */
  readonly events: BusEvent[];
  /** Deliveries: rule, target, event id, ok. */
  readonly deliveries: { rule: string; target: string; event: BusEvent; ok: boolean; error?: string }[];
  /** Wait until every event observed so far is delivered. */
  drain(): Promise<void>;
  close(): Promise<void>;
}

/** Whether `value` matches an EventBridge pattern (exact values; nested fields). @throws on a pattern operator it does not model */
export function matchesPattern(pattern: Record<string, unknown>, value: unknown): boolean {
  for (const [key, p] of Object.entries(pattern)) {
    const v = (value as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(p)) {
      const values = Array.isArray(v) ? v : [v];
      for (const x of p) if (x !== null && typeof x === 'object') throw new Error(`EventBridge pattern operator ${JSON.stringify(x)} is not modeled by the cloud run`);
      if (!p.some((x) => values.includes(x))) return false;
    } else if (p && typeof p === 'object') {
      if (!matchesPattern(p as Record<string, unknown>, v)) return false;
    } else throw new Error(`EventBridge pattern ${key}: ${JSON.stringify(p)} is not an array or object`);
  }
  return true;
}

export function startEventBridge(deps: { resolver: TemplateResolver; lambda: LambdaEmulator; sfn: LocalStepFunctions; batch: LocalBatch; region: string; accountId: string; pollMs?: number }): LocalEventBridge {
  const r = deps.resolver;
  const rules: RuleSpec[] = r.idsOfType('AWS::Events::Rule').map((id) => {
    const p = r.resource(id).Properties!;
    return {
      id,
      pattern: r.resolve(p.EventPattern, `${id}.EventPattern`) as Record<string, unknown>,
      targets: ((p.Targets ?? []) as Record<string, any>[]).map((t, i) => ({
        arn: String(r.resolve(t.Arn, `${id}.Targets[${i}].Arn`)),
        retries: Math.min(Number(t.RetryPolicy?.MaximumRetryAttempts ?? 185), 2),
      })),
    };
  });
  const events: BusEvent[] = [];
  const deliveries: LocalEventBridge['deliveries'] = [];
  let queue: Promise<void> = Promise.resolve();

  const deliver = async (rule: RuleSpec, target: RuleSpec['targets'][number], event: BusEvent) => {
    let error = '';
    for (let attempt = 0; attempt <= target.retries; attempt++) {
      const out = await deps.lambda.invoke(target.arn, event);
      if (out.ok) return void deliveries.push({ rule: rule.id, target: target.arn, event, ok: true });
      error = `${out.error.errorType}: ${out.error.errorMessage}`;
    }
    deliveries.push({ rule: rule.id, target: target.arn, event, ok: false, error });
  };

  const put = (detailType: string, source: string, resources: string[], detail: Record<string, unknown>) => {
    const event: BusEvent = { version: '0', id: randomUUID(), 'detail-type': detailType, source, account: deps.accountId, time: new Date().toISOString(), region: deps.region, resources, detail };
    events.push(event);
    for (const rule of rules) if (matchesPattern(rule.pattern, event)) for (const t of rule.targets) queue = queue.then(() => deliver(rule, t, event));
  };

  const seenExecutions = new Map<string, string>();
  const seenJobs = new Map<string, string>();
  const poll = () => {
    for (const e of deps.sfn.executions.values()) {
      const before = seenExecutions.get(e.arn);
      if (before === e.status) continue;
      const detail = (status: string) => ({
        executionArn: e.arn,
        stateMachineArn: e.machine.arn,
        name: e.name,
        status,
        startDate: e.startDate,
        stopDate: status === 'RUNNING' ? null : (e.stopDate ?? Date.now()),
        input: e.input,
        inputDetails: { included: true },
        output: status === 'SUCCEEDED' ? (e.output ?? null) : null,
        outputDetails: status === 'SUCCEEDED' ? { included: true } : null,
        error: status === 'RUNNING' ? null : (e.error ?? null),
        cause: status === 'RUNNING' ? null : (e.cause ?? null),
      });
      // A closed execution is only published once its stop date is set (its end is complete).
      if (e.status !== 'RUNNING' && e.stopDate === undefined && e.status !== 'ABORTED') continue;
      if (before === undefined) put('Step Functions Execution Status Change', 'aws.states', [e.arn], detail('RUNNING'));
      if (e.status !== 'RUNNING') put('Step Functions Execution Status Change', 'aws.states', [e.arn], detail(e.status));
      seenExecutions.set(e.arn, e.status);
    }
    for (const j of deps.batch.jobs.values()) {
      if (seenJobs.get(j.jobId) === j.status) continue;
      seenJobs.set(j.jobId, j.status);
      put('Batch Job State Change', 'aws.batch', [String(j.jobArn)], { ...j });
    }
  };
  const timer = setInterval(poll, deps.pollMs ?? 100);
  return {
    events,
    deliveries,
    drain: async () => {
      poll();
      await queue;
    },
    close: async () => {
      clearInterval(timer);
      poll();
      await queue;
    },
  };
}
