/**
 * The quality benchmark's suites: each runs named methods side by side on the same instances and
 * seeds, interleaved (instance by instance, method by method), and returns one JSON row per run.
 *
 * - `vqe`: `default` (what `qpo optimize --solver quantum` runs now) against `previous` (the
 *   defaults before: RealAmplitudes reps 2, COBYLA 300, CVaR alpha 0.25);
 * - `qaoa`: per p, `default` (XY mixer from the Dicke state, L-BFGS in the feasible subspace) against
 *   `previous` (X mixer, qiskit penalty, COBYLA 300, alpha 0.25), `x-objective-penalty` and
 *   `xy-basis` (the XY mixer from one basis state, COBYLA, as before);
 * - `paper`: the Barkoutsos et al. instance with the CVaR tutorial's pinned configuration
 *   (RealAmplitudes reps 1, COBYLA 100, 1000 shots, alpha 0.25) and with the defaults;
 * - `hardware`: shots (1024 per evaluation) with the default optimizer and with SPSA, against the
 *   previous defaults with shots.
 *
 * Quality is always against the brute-force optimum: approximation ratio of the answer, probability
 * of the optimum in the final state (exact where the simulator gives it, else its frequency), and
 * whether the optimum was among the final samples.
 */
import { approximationRatio, evaluateSelection, isFeasible } from '../../lib/portfolio';
import { allocateState, applyCircuit, probabilities } from '../../lib/quantum';
import { selectionOfIndex } from '../../lib/solvers/model';
import { buildQaoaCircuit, qaoaSolver, resolveQaoa, vqeSolver, type QaoaOptions, type SolverResult, type VqeOptions } from '../../lib/solvers';
import { objective } from '../../lib/portfolio';
import type { Sampler } from '../../lib/quantum/ports';
import type { QualityInstance } from './instances';

export interface QualityRow {
  readonly suite: string;
  readonly instance: string;
  readonly n: number;
  readonly budget: number;
  readonly riskFactor: number;
  readonly method: string;
  readonly seed: number;
  readonly p?: number;
  readonly approximationRatio: number;
  readonly optimumProbability: number | null;
  readonly optimumInSamples: boolean;
  readonly expectedApproximationRatio?: number;
  readonly evaluations: number;
  readonly starts: number;
  readonly wallSeconds: number;
  /** CPU seconds of this process during the run (all threads): the cost on a machine shared with others. */
  readonly cpuSeconds: number;
}

export interface SuiteContext {
  /** A fresh Sampler per run (the local backend's, with threads for large circuits), closed after. */
  readonly sampler: (seed: number) => Sampler & { close?: () => Promise<void> };
  readonly onRow?: (row: QualityRow) => void;
}

type Solve = (instance: QualityInstance, seed: number, sampler: Sampler) => Promise<SolverResult>;

export const PREVIOUS_VQE: Partial<VqeOptions> = { ansatz: 'realamplitudes', reps: 2, entanglement: 'reverse_linear', optimizer: 'cobyla', maxIterations: 300, cvarAlpha: 0.25 };

export const VQE_METHODS: Record<string, Solve> = {
  default: (i, seed, sampler) => vqeSolver.solve(i.problem, { seed }, { sampler }, { optimalBitstring: i.optimalBitstring }),
  previous: (i, seed, sampler) => vqeSolver.solve(i.problem, { ...PREVIOUS_VQE, seed }, { sampler }, { optimalBitstring: i.optimalBitstring }),
};

export const PAPER_METHODS: Record<string, Solve> = {
  tutorial: (i, seed, sampler) =>
    vqeSolver.solve(i.problem, { ansatz: 'realamplitudes', reps: 1, optimizer: 'cobyla', maxIterations: 100, shots: 1000, cvarAlpha: 0.25, seed }, { sampler }, { optimalBitstring: i.optimalBitstring }),
  default: VQE_METHODS.default!,
};

export const HARDWARE_METHODS: Record<string, Solve> = {
  default: (i, seed, sampler) => vqeSolver.solve(i.problem, { seed, shots: 1024 }, { sampler }, { optimalBitstring: i.optimalBitstring }),
  spsa: (i, seed, sampler) => vqeSolver.solve(i.problem, { seed, shots: 1024, optimizer: 'spsa' }, { sampler }, { optimalBitstring: i.optimalBitstring }),
  previous: (i, seed, sampler) => vqeSolver.solve(i.problem, { ...PREVIOUS_VQE, seed, shots: 1024 }, { sampler }, { optimalBitstring: i.optimalBitstring }),
};

/** QAOA methods by name: options for a given p. */
export const QAOA_METHODS: Record<string, (p: number) => Partial<QaoaOptions>> = {
  default: (p) => ({ reps: p }),
  previous: (p) => ({ reps: p, mixer: 'x', penalty: 'qiskit', optimizer: 'cobyla', maxIterations: 300, cvarAlpha: 0.25 }),
  'x-objective-penalty': (p) => ({ reps: p, mixer: 'x', optimizer: 'cobyla', maxIterations: 300, cvarAlpha: 0.25 }),
  'xy-basis': (p) => ({ reps: p, mixer: 'xy', initialState: 'basis', optimizer: 'cobyla', maxIterations: 300, cvarAlpha: 0.25 }),
};

function rowOf(suite: string, instance: QualityInstance, method: string, seed: number, r: SolverResult, [wallSeconds, cpuSeconds]: [number, number], extra: Partial<QualityRow> = {}): QualityRow {
  const found = evaluateSelection(instance.problem, r.selection).objective;
  return {
    suite,
    instance: instance.id,
    n: instance.problem.tickers.length,
    budget: instance.problem.budget,
    riskFactor: instance.problem.riskFactor,
    method,
    seed,
    ...extra,
    approximationRatio: Number(approximationRatio(found, instance.optimum, instance.worstFeasible).toFixed(6)),
    optimumProbability: r.optimumProbability === undefined ? null : Number(r.optimumProbability.toPrecision(4)),
    optimumInSamples: r.samples.some((s) => s.bitstring === instance.optimalBitstring),
    evaluations: r.variational?.evaluations ?? 0,
    starts: r.variational?.restarts?.length ?? 1,
    wallSeconds: Number(wallSeconds.toFixed(3)),
    cpuSeconds: Number(cpuSeconds.toFixed(3)),
  };
}

/** Run and measure wall and CPU seconds (process CPU time: the main thread and worker threads). */
async function timed(solve: () => Promise<SolverResult>): Promise<[SolverResult, [number, number]]> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = await solve();
  const c = process.cpuUsage(c0);
  return [r, [(performance.now() - t0) / 1000, (c.user + c.system) / 1e6]];
}

/** Run `methods` on every instance and seed, interleaved; rows in run order. */
export async function runSuite(suite: string, instances: readonly QualityInstance[], seeds: readonly number[], methods: Record<string, Solve>, ctx: SuiteContext): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  for (const instance of instances) {
    for (const seed of seeds) {
      for (const [name, solve] of Object.entries(methods)) {
        const sampler = ctx.sampler(seed);
        try {
          const [r, seconds] = await timed(() => solve(instance, seed, sampler));
          const row = rowOf(suite, instance, name, seed, r, seconds);
          rows.push(row);
          ctx.onRow?.(row);
        } finally {
          await sampler.close?.();
        }
      }
    }
  }
  return rows;
}

/**
 * The expected approximation ratio of a QAOA state: sum over basis states of probability times the
 * ratio of that selection (0 for infeasible selections), from the final parameters re-run exactly.
 */
export function expectedApproximationRatio(instance: QualityInstance, options: Partial<QaoaOptions>, parameters: readonly number[]): number {
  const circuit = buildQaoaCircuit(instance.problem, resolveQaoa(options, { exactState: true }));
  const n = instance.problem.tickers.length;
  const state = allocateState(n);
  applyCircuit(state, circuit, parameters);
  const p = probabilities(state);
  let sum = 0;
  for (let k = 0; k < p.length; k++) {
    if (p[k]! < 1e-15) continue;
    const x = selectionOfIndex(k, n);
    if (!isFeasible(instance.problem, x)) continue;
    sum += p[k]! * approximationRatio(objective(instance.problem, x), instance.optimum, instance.worstFeasible);
  }
  return sum;
}

/** The QAOA suite: every method at every p. */
export async function runQaoaSuite(instances: readonly QualityInstance[], seeds: readonly number[], depths: readonly number[], methods: readonly string[], ctx: SuiteContext): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  for (const instance of instances) {
    for (const p of depths) {
      for (const seed of seeds) {
        for (const name of methods) {
          const options = { ...QAOA_METHODS[name]!(p), seed };
          const sampler = ctx.sampler(seed);
          try {
            const [r, seconds] = await timed(() => qaoaSolver.solve(instance.problem, options, { sampler }, { optimalBitstring: instance.optimalBitstring }));
            const expected = expectedApproximationRatio(instance, options, r.variational!.finalParameters);
            const row = rowOf('qaoa', instance, name, seed, r, seconds, { p, expectedApproximationRatio: Number(expected.toFixed(6)) });
            rows.push(row);
            ctx.onRow?.(row);
          } finally {
            await sampler.close?.();
          }
        }
      }
    }
  }
  return rows;
}

const median = (v: number[]): number => {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** Per (suite, method, n, p): runs, exact answers, min ratio, median P(optimum), median and max seconds. */
export function summarize(rows: readonly QualityRow[]): Record<string, unknown>[] {
  const groups = new Map<string, QualityRow[]>();
  for (const r of rows) {
    const key = JSON.stringify([r.suite, r.method, r.n, r.p ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups.entries()].map(([key, g]) => {
    const [suite, method, n, p] = JSON.parse(key) as [string, string, number, number | null];
    const probs = g.map((r) => r.optimumProbability).filter((v): v is number => v !== null);
    return {
      suite,
      method,
      n,
      ...(p === null ? {} : { p }),
      runs: g.length,
      exact: g.filter((r) => r.approximationRatio >= 1 - 1e-9).length,
      minApproximationRatio: Math.min(...g.map((r) => r.approximationRatio)),
      medianOptimumProbability: probs.length ? Number(median(probs).toPrecision(4)) : null,
      minOptimumProbability: probs.length ? Number(Math.min(...probs).toPrecision(4)) : null,
      optimumInSamples: g.filter((r) => r.optimumInSamples).length,
      ...(g[0]!.expectedApproximationRatio === undefined ? {} : { medianExpectedApproximationRatio: Number(median(g.map((r) => r.expectedApproximationRatio!)).toFixed(4)) }),
      medianEvaluations: median(g.map((r) => r.evaluations)),
      medianSeconds: Number(median(g.map((r) => r.wallSeconds)).toFixed(3)),
      maxSeconds: Math.max(...g.map((r) => r.wallSeconds)),
      medianCpuSeconds: Number(median(g.map((r) => r.cpuSeconds)).toFixed(3)),
      maxCpuSeconds: Math.max(...g.map((r) => r.cpuSeconds)),
    };
  });
}
