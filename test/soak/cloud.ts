/**
 * The soak's cloud runner: each job through the offline cloud run of the synthesized assembly
 * (test/cloud/platform.ts: API Gateway with SigV4, the job state machine of the template, the
 * bundled Lambda functions, Batch containers built from the Dockerfile, S3, CloudWatch, the IBM
 * Quantum test server), submitted with POST /optimize and read back with GET /jobs/{jobId}, with
 * the faults of its plan injected where they happen there: S3 refusing the result's PUTs, the
 * quantum container killed (OOM), Batch refusing SubmitJob once, and the provider (5xx, a failing
 * device, a device whose jobs never finish). A transient Lambda error has no injection point in
 * the emulator: those plans run without it (the report counts them as not injected).
 */
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { BranchContext } from '../cloud/branches/context';
import { startCloud, type Cloud } from '../cloud/platform';
import { RUN_BRAKET_DEVICES, RUN_IBM_DEVICES } from '../cloud/run';
import type { SoakJob, SoakLedger, SoakOutcome, SoakRunner } from './harness';

const RESULTS_PREFIX = 'portfolio-optimization/';

/**
 * Refused PUTs of a job's result.json for its plan's `storeFailures`: the functions' S3 client
 * tries a request 3 times, so 2 refusals are absorbed there, 4 fail one RecordResult attempt (its
 * Retry writes it), and every PUT refused is a result that cannot be persisted.
 */
const REFUSED_PUTS = [0, 2, 4, Infinity] as const;

/** The plan's backend on the cloud run's IBM instance: a failing device, a device whose jobs never finish. */
function cloudSpec(job: SoakJob): Record<string, unknown> {
  const quantum = { ...(job.spec.quantum as Record<string, unknown>) };
  if (job.faults.quantum === 'provider-job-fails') quantum.backend = 'ibm:fake_failing';
  if (job.faults.quantum === 'provider-hangs') quantum.backend = 'ibm:fake_stuck';
  return { ...job.spec, quantum };
}

export async function startCloudSoakRunner(assemblyDir: string): Promise<SoakRunner & { close(): Promise<void>; readonly cloud: Cloud; readonly notInjected: string[] }> {
  const cloud = await startCloud({ assemblyDir, ibmDevices: RUN_IBM_DEVICES, braketDevices: RUN_BRAKET_DEVICES });
  const ctx = new BranchContext(cloud, 'soak');
  const notInjected: string[] = [];
  // The IBM test server's API faults are a queue shared by its callers: provider-5xx jobs run one at a time.
  let ibmTurn: Promise<unknown> = Promise.resolve();

  async function runOne(job: SoakJob, hangSeconds: number): Promise<SoakOutcome> {
    const { faults, jobId } = job;
    const t0 = performance.now();
    if (faults.lambdaTransient !== 'none') notInjected.push(`${jobId}: lambda:${faults.lambdaTransient}`);
    const refused = REFUSED_PUTS[Math.min(faults.storeFailures, 3)]!;
    if (refused > 0) cloud.s3.failPutsOf(new RegExp(`^${RESULTS_PREFIX}${jobId}/result\\.json$`), refused);
    if (faults.quantum === 'crash') cloud.batch.faults.kills.push({ match: new RegExp(`^qpo-${jobId}$`), afterMs: 300, reason: 'OutOfMemoryError: Container killed due to memory usage' });
    if (faults.quantum === 'batch-transient') cloud.batch.faults.submitErrors.push({ match: new RegExp(`^qpo-${jobId}$`), status: 500, code: 'ServerException' });
    if (faults.quantum === 'provider-5xx') cloud.ibm.faults.nextApiStatuses.push(503, 503, 503, 503, 503, 503);
    try {
      await ctx.submit(cloudSpec(job), jobId);
      const e = await ctx.finished(jobId, hangSeconds);
      const seconds = (performance.now() - t0) / 1000;
      if (e.status === 'SUCCEEDED') return { jobId, outcome: 'succeeded', seconds, recordLocation: `s3://${cloud.bucket}/${RESULTS_PREFIX}${jobId}/result.json` };
      const shown = await ctx.api('GET', `/jobs/${jobId}`);
      const code = String(shown.body?.error?.code ?? `HTTP ${shown.status}`);
      // A result that could not be written is in RecordResult's log (lambdas/record-result.ts).
      const logged = [...cloud.cloudwatch.logs.entries()].find(([, lines]) => lines.some((l) => l.includes('result not persisted') && l.includes(jobId)));
      return { jobId, outcome: code, seconds, recordLocation: logged ? `CloudWatch Logs ${logged[0]}` : null };
    } catch (error) {
      return { jobId, outcome: /still RUNNING|never started/.test((error as Error).message) ? 'HANG' : `ERROR ${(error as Error).message.slice(0, 200)}`, seconds: (performance.now() - t0) / 1000, recordLocation: null };
    } finally {
      if (faults.quantum === 'provider-5xx') cloud.ibm.faults.nextApiStatuses.length = 0;
    }
  }

  return {
    name: 'cloud',
    cloud,
    notInjected,
    run(job) {
      const hang = 240;
      if (job.faults.quantum !== 'provider-5xx') return runOne(job, hang);
      const turn = ibmTurn.then(() => runOne(job, hang));
      ibmTurn = turn.catch(() => undefined);
      return turn;
    },
    async ledger(): Promise<SoakLedger> {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await cloud.s3.client.send(new ListObjectsV2Command({ Bucket: cloud.bucket, Prefix: RESULTS_PREFIX, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      const outcomeMetrics: SoakLedger['outcomeMetrics'][number][] = [];
      for (const lines of cloud.cloudwatch.logs.values())
        for (const line of lines) {
          const start = line.indexOf('{');
          if (start < 0 || !line.includes('"_aws"')) continue;
          let doc: Record<string, any>;
          try {
            doc = JSON.parse(line.slice(start));
          } catch {
            continue;
          }
          // The group without extra dimensions (service only): one per outcome.
          if (doc._aws?.CloudWatchMetrics?.[0]?.Dimensions?.[0]?.length !== 1) continue;
          for (const metric of ['JobSucceeded', 'JobFailed'] as const)
            if (typeof doc[metric] === 'number') outcomeMetrics.push({ jobId: String(doc.jobId), metric, resultsPersisted: typeof doc.ResultsPersisted === 'number' ? doc.ResultsPersisted : null });
        }
      return {
        storedJobIds: keys.filter((k) => k.endsWith('/result.json')).map((k) => k.slice(RESULTS_PREFIX.length, -'/result.json'.length)),
        leftovers: keys.filter((k) => /\.tmp|\.partial|\.part$/i.test(k)),
        outcomeMetrics,
        providerJobsLeftRunning: cloud.ibm.jobs.filter((j) => j.outcome === 'never-finish' && !j.cancelled).length,
      };
    },
    close: () => cloud.close(),
  };
}
