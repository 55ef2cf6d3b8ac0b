/**
 * The sweep machine (a Map over JobSpecs, each a nested job execution named <sweep>-<index>) run
 * locally: an efficient frontier over three risk factors, each point optimal against brute force.
 */
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { FileResultStore, LocalCapacityProbe, MemoryAnswerStore } from '../../lib/jobs';
import { STATE, substitute, sweepDefinition, jobHandlers } from '../../lib/workflow';
import { LocalWorkflow, LOCAL_SUBSTITUTIONS, localJobWorkflow } from '../../lib/workflow/local-runner';
import { bruteForce, PRICES_CSV, realProblem } from '../helpers/problems';

it('runs one job execution per JobSpec and collects their outputs in order', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'qpo-sweep-'));
  const store = new FileResultStore(dir);
  const jobs = localJobWorkflow();
  const handlers = () =>
    jobHandlers({
      readDataset: () => readFile(PRICES_CSV, 'utf8'),
      now: () => Date.now(),
      randomSeed: () => 2,
      startupGraceSeconds: 0,
      store,
      answers: new MemoryAnswerStore(),
      probe: new LocalCapacityProbe(),
      software: { qpo: 'test', node: process.version },
      emitMetrics: () => undefined,
    });
  const started: string[] = [];
  const sweep = new LocalWorkflow(substitute(sweepDefinition({ maxConcurrency: 2, executionTimeoutSeconds: 600 }), LOCAL_SUBSTITUTIONS), { validate: false });
  const tickers = ['AAPL', 'AMZN', 'GOOG', 'JPM', 'XOM'];
  const riskFactors = [0.1, 0.5, 2];
  const out = (await sweep.start(
    { jobs: riskFactors.map((riskFactor) => ({ portfolio: { tickers }, budget: 2, riskFactor, solver: 'classical', fallback: { annealing: { numReads: 10, numSweeps: 200 } } })) },
    {
      name: 'frontier-1',
      handlers: {
        [STATE.runSweepJob]: async (input: { StateMachineArn: string; Name: string; Input: unknown }) => {
          started.push(input.Name);
          const output = await jobs.start(input.Input, { name: input.Name, handlers: handlers() });
          return { ExecutionArn: `${input.StateMachineArn.replace(':stateMachine:', ':execution:')}:${input.Name}`, Output: JSON.stringify(output), Status: 'SUCCEEDED' };
        },
      },
    },
  )) as { results: { output: string }[] };
  expect(started.sort()).toEqual(['frontier-1-0', 'frontier-1-1', 'frontier-1-2']);
  const records = await Promise.all(out.results.map(async (r) => (await store.get(JSON.parse(r.output).jobId))!));
  records.forEach((rec, i) => {
    expect(rec.problem.riskFactor).toBe(riskFactors[i]);
    expect(rec.solution.bitstring).toBe(bruteForce(realProblem(tickers, 2, riskFactors[i])).bitstring);
  });
});
