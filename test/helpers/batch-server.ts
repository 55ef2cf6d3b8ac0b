/**
 * An AWS Batch endpoint on 127.0.0.1 (REST-JSON protocol, SigV4 for service `batch`): ListJobs with
 * a JOB_NAME filter (every status, as documented when filters are given) and TerminateJob, over a
 * table of jobs the test seeds. https://docs.aws.amazon.com/batch/latest/APIReference/API_ListJobs.html
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifySigV4 } from './sigv4';

export interface FakeBatchJob {
  jobId: string;
  jobName: string;
  jobQueue: string;
  status: 'SUBMITTED' | 'PENDING' | 'RUNNABLE' | 'STARTING' | 'RUNNING' | 'SUCCEEDED' | 'FAILED';
  statusReason?: string;
}

export interface FakeComputeEnvironment {
  computeEnvironmentName: string;
  computeEnvironmentArn: string;
  state: 'ENABLED' | 'DISABLED';
  status: 'VALID' | 'INVALID' | 'UPDATING';
  statusReason?: string;
}

export interface FakeJobQueue {
  jobQueueName: string;
  jobQueueArn: string;
  state: 'ENABLED' | 'DISABLED';
  status: 'VALID' | 'INVALID';
  computeEnvironments: string[];
}

/** Jobs carry `createdAt` (epoch ms) for RUNNABLE ages. */
export async function startBatch(jobs: (FakeBatchJob & { createdAt?: number })[] = [], infra: { queues?: FakeJobQueue[]; environments?: FakeComputeEnvironment[] } = {}) {
  const terminated: { jobId: string; reason: string }[] = [];
  let unsigned = 0;
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const reply = (status: number, payload: unknown, type?: string) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(type ? { 'x-amzn-errortype': type } : {}) });
      res.end(JSON.stringify(payload));
    };
    if (!(await verifySigV4(req, body, { service: 'batch', region: 'us-east-1' }))) {
      unsigned += 1;
      return reply(403, { message: 'The request signature we calculated does not match the signature you provided.' }, 'InvalidSignatureException');
    }
    const input = JSON.parse(body || '{}');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method === 'POST' && path === '/v1/listjobs') {
      const names: string[] = input.filters?.find((f: { name: string }) => f.name === 'JOB_NAME')?.values ?? [];
      const list = jobs.filter((j) => j.jobQueue === input.jobQueue && (names.length ? names.includes(j.jobName) : j.status === (input.jobStatus ?? 'RUNNING')));
      return reply(200, {
        jobSummaryList: list.map((j) => ({ jobId: j.jobId, jobName: j.jobName, status: j.status, ...(j.statusReason ? { statusReason: j.statusReason } : {}), ...(j.createdAt ? { createdAt: j.createdAt } : {}) })),
      });
    }
    if (req.method === 'POST' && path === '/v1/describejobqueues') {
      const wanted: string[] = input.jobQueues ?? [];
      const queues = (infra.queues ?? []).filter((q) => wanted.includes(q.jobQueueArn) || wanted.includes(q.jobQueueName));
      return reply(200, {
        jobQueues: queues.map((q) => ({ ...q, computeEnvironments: undefined, priority: 1, computeEnvironmentOrder: q.computeEnvironments.map((c, order) => ({ order: order + 1, computeEnvironment: c })) })),
      });
    }
    if (req.method === 'POST' && path === '/v1/describecomputeenvironments') {
      const wanted: string[] = input.computeEnvironments ?? [];
      return reply(200, { computeEnvironments: (infra.environments ?? []).filter((c) => wanted.includes(c.computeEnvironmentArn) || wanted.includes(c.computeEnvironmentName)) });
    }
    if (req.method === 'POST' && path === '/v1/terminatejob') {
      const job = jobs.find((j) => j.jobId === input.jobId);
      if (!job) return reply(400, { message: `Job ${String(input.jobId)} not found` }, 'ClientException');
      terminated.push({ jobId: job.jobId, reason: input.reason });
      if (job.status !== 'SUCCEEDED' && job.status !== 'FAILED') Object.assign(job, { status: 'FAILED', statusReason: input.reason });
      return reply(200, {});
    }
    return reply(404, { message: `no route ${req.method} ${path}` }, 'ClientException');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    jobs,
    terminated,
    get unsigned() {
      return unsigned;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
