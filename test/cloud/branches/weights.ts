/**
 * A weighted job (spec.weights: whole lots under weight bounds) through the deployed platform: the
 * quantum path in the Batch container and the classical path in the fallback Lambda each answer with
 * the lot vector of the brute-force optimum over every lot vector (test/helpers/lots-oracle.ts,
 * written independently of lib/portfolio), and the record carries the weights section.
 */
import { bruteForceLots } from '../../helpers/lots-oracle';
import { realProblem } from '../../helpers/problems';
import { BranchContext } from './context';
import { TICKERS } from './quantum';

const WEIGHTS = { lots: 4, maxWeight: 0.5 };

export async function weightedJob(ctx: BranchContext): Promise<string> {
  const p = realProblem(TICKERS, 2, 0.5);
  const oracle = bruteForceLots({ mu: p.mu, sigma: p.sigma, q: 0.5, lots: WEIGHTS.lots, maxWeight: WEIGHTS.maxWeight });
  const jobs = [
    { id: 'cloud-weights-quantum', spec: { portfolio: { tickers: TICKERS }, weights: WEIGHTS, quantum: { seed: 7 } } },
    { id: 'cloud-weights-classical', spec: { portfolio: { tickers: TICKERS }, weights: WEIGHTS, solver: 'classical' } },
  ];
  await Promise.all(jobs.map((j) => ctx.submit(j.spec, j.id)));
  const answered: string[] = [];
  const records = new Map<string, Record<string, any>>();
  for (const j of jobs) {
    ctx.expectEnd(await ctx.finished(j.id), 'SUCCEEDED', 'JobSucceeded');
    const record = await ctx.result(j.id);
    ctx.expect(record, `no result.json in the bucket for ${j.id}`);
    records.set(j.id, record);
    const w = record.weights as { lotsPerAsset: number[]; weights: number[]; objective: number } | undefined;
    ctx.expect(w, `${j.id}: the record has no weights section`);
    ctx.expect(JSON.stringify(w.lotsPerAsset) === JSON.stringify(oracle.lots), `${j.id}: lots ${JSON.stringify(w.lotsPerAsset)}, the brute-force optimum is ${JSON.stringify(oracle.lots)}`);
    ctx.expect(Math.abs(w.objective - oracle.objective) < 1e-12, `${j.id}: objective ${w.objective}, brute force ${oracle.objective}`);
    ctx.expect(Math.abs(w.weights.reduce((a, b) => a + b, 0) - 1) < 1e-12, `${j.id}: weights ${JSON.stringify(w.weights)} do not sum to 1`);
    answered.push(`${j.id.replace('cloud-weights-', '')}: ${record.solver}${record.fallback.activated ? ` (fallback ${record.fallback.reason})` : ''}`);
  }
  const quantumRecord = records.get(jobs[0]!.id);
  ctx.expect(quantumRecord?.solver === 'vqe' && quantumRecord.fallback.activated === false, `${jobs[0]!.id} was answered by ${quantumRecord?.solver}, not the quantum container`);
  ctx.expect(ctx.batchJobs(jobs[0]!.id).some((b) => b.status === 'SUCCEEDED'), `${jobs[0]!.id}: no Batch job succeeded`);
  ctx.expect(ctx.batchJobs(jobs[1]!.id).length === 0, `${jobs[1]!.id}: a classical job started a Batch job`);
  return `${WEIGHTS.lots} lots, max weight ${WEIGHTS.maxWeight}: ${answered.join('; ')}; both the brute-force lots ${oracle.lots.join('/')}`;
}
