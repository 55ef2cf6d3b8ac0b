/**
 * The cloud run's `batch:submitJob.sync` integration against a Batch endpoint on 127.0.0.1 (restJson,
 * https://docs.aws.amazon.com/batch/latest/APIReference/API_DescribeJobs.html) that drops a
 * connection: Step Functions polls on its side, so a poll with no answer is polled again, while a
 * service error still fails the task under the name its Retry and Catch match; at the state's
 * timeout the job is terminated, TerminateJob retried when its connection drops.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BatchClient } from '@aws-sdk/client-batch';
import { taskIntegration, type IntegrationClients } from './integrations';
import type { Execution, MachineSpec } from './stepfunctions';

const JOB = { jobId: 'j-1', jobName: 'qpo-x', jobArn: 'arn:aws:batch:us-east-1:123456789012:job/j-1' };

type Answer = 'drop' | 'error' | 'done' | 'running' | 'ok';

/**
 * DescribeJobs and TerminateJob answer per their lists: 'drop' closes the socket unanswered,
 * 'error' is a 500 ServerException, 'done' the SUCCEEDED job, 'running' the RUNNING job, 'ok' an
 * empty success (TerminateJob). An exhausted list answers 'done' / 'ok'.
 */
async function batchEndpoint(describe: Answer[], terminate: Answer[] = []): Promise<{ url: string; server: Server; calls: string[] }> {
  const calls: string[] = [];
  const json = { 'content-type': 'application/json' };
  const server = createServer((req, res) => {
    req.resume().on('end', () => {
      calls.push(req.url ?? '');
      const next = req.url === '/v1/submitjob' ? 'submitted' : req.url === '/v1/terminatejob' ? (terminate.shift() ?? 'ok') : (describe.shift() ?? 'done');
      if (next === 'submitted') res.writeHead(200, json).end(JSON.stringify(JOB));
      else if (next === 'drop') req.socket.destroy();
      else if (next === 'error') res.writeHead(500, { ...json, 'x-amzn-errortype': 'ServerException' }).end(JSON.stringify({ message: 'internal' }));
      else if (next === 'ok') res.writeHead(200, json).end('{}');
      else res.writeHead(200, json).end(JSON.stringify({ jobs: [{ ...JOB, status: next === 'running' ? 'RUNNING' : 'SUCCEEDED', jobQueue: 'q', jobDefinition: 'd', createdAt: 1 }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, calls };
}

function handler(url: string, timeoutSeconds = 5) {
  const batch = new BatchClient({ region: 'us-east-1', endpoint: url, credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' }, maxAttempts: 1 });
  const clients = { batch, pollMs: 5 } as unknown as IntegrationClients;
  const machine = { name: 'jobs' } as MachineSpec;
  const state = { Resource: 'arn:aws:states:::batch:submitJob.sync', TimeoutSeconds: timeoutSeconds };
  return { batch, run: () => taskIntegration(clients, machine, 'RunQuantumJob', state)({ JobName: 'qpo-x', JobQueue: 'q', JobDefinition: 'd' }, { execution: {} as Execution, signal: new AbortController().signal }) };
}

it('a DescribeJobs poll whose connection drops is polled again, and the job succeeds', async () => {
  const { url, server, calls } = await batchEndpoint(['drop', 'drop', 'done']);
  const { batch, run } = handler(url);
  try {
    await expect(run()).resolves.toMatchObject({ JobId: 'j-1', Status: 'SUCCEEDED' });
    expect(calls.filter((c) => c === '/v1/describejobs')).toHaveLength(3);
  } finally {
    batch.destroy();
    server.close();
  }
});

it('a DescribeJobs service error fails the task as Batch.<name>, not polled over', async () => {
  const { url, server, calls } = await batchEndpoint(['error']);
  const { batch, run } = handler(url);
  try {
    await expect(run()).rejects.toMatchObject({ name: 'Batch.ServerException' });
    expect(calls.filter((c) => c === '/v1/describejobs')).toHaveLength(1);
  } finally {
    batch.destroy();
    server.close();
  }
});

it('at the state\'s timeout the job is terminated, TerminateJob tried again when its connection drops, and the task fails States.Timeout', async () => {
  const { url, server, calls } = await batchEndpoint(new Array<Answer>(1000).fill('running'), ['drop']);
  const { batch, run } = handler(url, 0.3);
  try {
    await expect(run()).rejects.toMatchObject({ name: 'States.Timeout' });
    expect(calls.filter((c) => c === '/v1/terminatejob')).toHaveLength(2);
  } finally {
    batch.destroy();
    server.close();
  }
});
