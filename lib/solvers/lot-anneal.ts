/**
 * Simulated annealing of a PortfolioModel over whole-lot vectors with moves that keep the lot budget:
 * a move takes one lot from asset i and gives it to asset j, kept only within both assets' bounds
 * and every sector cap, so every state is feasible (as the swap moves keep the budget of binary
 * selection). The energy is the model's exact objective f(k) (model.ts), which is also the QUBO's
 * energy at each lot vector's cheapest encoding; a move's change is computed in O(1) from
 * g = Sigma k. Metropolis acceptance (Kirkpatrick, Gelatt & Vecchi, Science 220, 671 (1983)) on a
 * geometric inverse-temperature schedule whose ends come from the moves' own energy changes: hot
 * accepts a median uphill move with probability 1/2, cold the smallest one with probability 1/100
 * (as dwave-neal derives its default beta range from the coefficients). Each read ends with a
 * steepest-descent polish, so every answer is a local minimum under single-lot moves.
 */
import type { PortfolioModel } from '../portfolio/model';
import { evaluateLots, type LotEvaluation } from '../portfolio/model-decode';
import { SolveAbortedError } from './errors';
import { deriveSeed, mulberry32, type Rng32 } from './random';

export interface LotAnnealOptions {
  /** Independent reads, default 40. */
  readonly numReads: number;
  /** Sweeps per read; a sweep tries n * (n - 1) moves. Default 300. */
  readonly numSweeps: number;
  readonly seed: number;
  /** [betaHot, betaCold] in 1 / objective units; default from the moves (module docstring). */
  readonly betaRange?: readonly [number, number];
}

export const LOT_ANNEAL_DEFAULTS: LotAnnealOptions = { numReads: 40, numSweeps: 300, seed: 0 };

export interface LotAnnealResult {
  readonly best: LotEvaluation;
  /** Distinct final lot vectors, best first, with how many reads ended there. */
  readonly states: readonly { readonly lots: readonly number[]; readonly objective: number; readonly count: number }[];
  readonly betaRange: readonly [number, number];
  readonly reads: number;
}

/** The state of one read: lots, g = Sigma k, sector sums. */
class LotState {
  readonly g: Float64Array;
  readonly sectorSum: Int32Array;
  constructor(
    readonly model: PortfolioModel,
    readonly k: Int32Array,
    private readonly sectorsOf: readonly (readonly number[])[],
  ) {
    const n = k.length;
    this.g = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) this.g[i]! += model.sigma[i]![j]! * k[j]!;
    this.sectorSum = new Int32Array(model.sectors.length);
    model.sectors.forEach((s, si) => (this.sectorSum[si] = s.assets.reduce((a, i) => a + k[i]!, 0)));
  }

  /** Whether moving one lot from i to j keeps every bound and sector cap. */
  allowed(i: number, j: number): boolean {
    const a = this.model.assets;
    if (i === j || this.k[i]! <= a[i]!.minLots || this.k[j]! >= a[j]!.maxLots) return false;
    for (const s of this.sectorsOf[j]!) if (!this.sectorsOf[i]!.includes(s) && this.sectorSum[s]! >= this.model.sectors[s]!.maxLots) return false;
    return true;
  }

  /** f(k - e_i + e_j) - f(k). */
  delta(i: number, j: number): number {
    const m = this.model;
    const S = m.sigma;
    const dVar = 2 * (this.g[j]! - this.g[i]!) + S[i]![i]! + S[j]![j]! - 2 * S[i]![j]!;
    let d = m.riskFactor * dVar - (m.mu[j]! - m.mu[i]!);
    const h = m.holdingsLots;
    if (h) {
      const ki = this.k[i]!;
      const kj = this.k[j]!;
      d += m.costPerLot[i]! * (Math.abs(ki - 1 - h[i]!) - Math.abs(ki - h[i]!));
      d += m.costPerLot[j]! * (Math.abs(kj + 1 - h[j]!) - Math.abs(kj - h[j]!));
    }
    return d;
  }

  move(i: number, j: number): void {
    const n = this.k.length;
    this.k[i]! -= 1;
    this.k[j]! += 1;
    for (let r = 0; r < n; r++) this.g[r]! += this.model.sigma[r]![j]! - this.model.sigma[r]![i]!;
    for (const s of this.sectorsOf[i]!) this.sectorSum[s]! -= 1;
    for (const s of this.sectorsOf[j]!) this.sectorSum[s]! += 1;
  }
}

/** A random feasible lot vector: the minimum lots, then the rest one at a time where there is room. */
function randomStart(model: PortfolioModel, rng: Rng32, sectorsOf: readonly (readonly number[])[]): Int32Array {
  const n = model.assets.length;
  const k = Int32Array.from(model.assets, (a) => a.minLots);
  const sectorSum = model.sectors.map((s) => s.assets.reduce((a, i) => a + k[i]!, 0));
  let rest = model.lots - k.reduce((a, b) => a + b, 0);
  while (rest > 0) {
    const room = [];
    for (let i = 0; i < n; i++) if (k[i]! < model.assets[i]!.maxLots && sectorsOf[i]!.every((s) => sectorSum[s]! < model.sectors[s]!.maxLots)) room.push(i);
    if (room.length === 0) break; // the caller's exact check reports an infeasible model
    const i = room[Math.floor(rng.next() * room.length)]!;
    k[i]! += 1;
    for (const s of sectorsOf[i]!) sectorSum[s]! += 1;
    rest -= 1;
  }
  return k;
}

/** Beta range from the moves of a few random states (module docstring). */
function defaultBetaRange(model: PortfolioModel, rng: Rng32, sectorsOf: readonly (readonly number[])[]): [number, number] {
  const ups: number[] = [];
  const n = model.assets.length;
  for (let t = 0; t < 8; t++) {
    const s = new LotState(model, randomStart(model, rng, sectorsOf), sectorsOf);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (s.allowed(i, j)) {
      const d = s.delta(i, j);
      if (d > 0) ups.push(d);
    }
  }
  if (ups.length === 0) return [1, 1];
  ups.sort((a, b) => a - b);
  const median = ups[Math.floor(ups.length / 2)]!;
  const smallest = ups.find((d) => d > median * 1e-9) ?? median;
  return [Math.log(2) / median, Math.log(100) / smallest];
}

/**
 * Anneal the model's lot vectors.
 * @throws SolveAbortedError when `signal` aborts (checked between reads).
 */
export function annealLots(model: PortfolioModel, options: Partial<LotAnnealOptions> = {}, signal?: AbortSignal): LotAnnealResult {
  const o = { ...LOT_ANNEAL_DEFAULTS, ...options };
  const n = model.assets.length;
  const sectorsOf = Array.from({ length: n }, (_, i) => model.sectors.flatMap((s, si) => (s.assets.includes(i) ? [si] : [])));
  const [hot, cold] = o.betaRange ?? defaultBetaRange(model, mulberry32(deriveSeed(o.seed, 1 << 20)), sectorsOf);
  const finals = new Map<string, { lots: number[]; objective: number; count: number }>();
  for (let r = 0; r < o.numReads; r++) {
    if (signal?.aborted) throw new SolveAbortedError('lot annealing: stopped', signal.reason);
    const rng = mulberry32(deriveSeed(o.seed, r));
    const s = new LotState(model, randomStart(model, rng, sectorsOf), sectorsOf);
    for (let sweep = 0; sweep < o.numSweeps; sweep++) {
      const beta = o.numSweeps === 1 ? cold : hot * Math.pow(cold / hot, sweep / (o.numSweeps - 1));
      for (let t = 0; t < n * (n - 1); t++) {
        const i = Math.floor(rng.next() * n);
        const j = Math.floor(rng.next() * n);
        if (!s.allowed(i, j)) continue;
        const d = s.delta(i, j);
        if (d <= 0 || rng.next() < Math.exp(-beta * d)) s.move(i, j);
      }
    }
    // Steepest descent to a local minimum under single-lot moves.
    for (;;) {
      let best = -1e-15;
      let bi = -1;
      let bj = -1;
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (s.allowed(i, j)) {
        const d = s.delta(i, j);
        if (d < best) [best, bi, bj] = [d, i, j];
      }
      if (bi < 0) break;
      s.move(bi, bj);
    }
    const lots = Array.from(s.k);
    const key = lots.join(',');
    const seen = finals.get(key);
    if (seen) seen.count += 1;
    else finals.set(key, { lots, objective: evaluateLots(model, lots).objective, count: 1 });
  }
  const states = [...finals.values()].sort((a, b) => a.objective - b.objective);
  return { best: evaluateLots(model, states[0]!.lots), states, betaRange: [hot, cold], reads: o.numReads };
}
