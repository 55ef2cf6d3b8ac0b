/**
 * An independent brute force over lot vectors for tests: every k with kmin_i <= k_i <= kmax_i and
 * sum k = L (bounds from weights as whole lots), sector caps as floor(cap L), objective
 * q k'Sigma k - mu'k + sum c_i |k_i - h_i| written out here, not taken from lib/portfolio.
 */
export interface LotsCase {
  readonly mu: readonly number[];
  readonly sigma: readonly (readonly number[])[];
  readonly q: number;
  readonly lots: number;
  readonly minWeight?: number;
  readonly maxWeight?: number;
  readonly sectors?: readonly { readonly assets: readonly number[]; readonly maxWeight: number }[];
  /** Current weights, shape (n). */
  readonly holdings?: readonly number[];
  readonly costBps?: number;
}

export function bruteForceLots(c: LotsCase): { lots: number[]; objective: number; worst: number } {
  const n = c.mu.length;
  const lo = Math.max(0, Math.ceil((c.minWeight ?? 0) * c.lots - 1e-9));
  const hi = Math.floor((c.maxWeight ?? 1) * c.lots + 1e-9);
  let best = { lots: [] as number[], objective: Infinity };
  let worst = -Infinity;
  const k = new Array<number>(n).fill(lo);
  const visit = (i: number, left: number) => {
    if (i === n - 1) {
      if (left < lo || left > hi) return;
      k[i] = left;
      for (const s of c.sectors ?? []) if (s.assets.reduce((a, j) => a + k[j]!, 0) > Math.floor(s.maxWeight * c.lots + 1e-9)) return;
      let f = 0;
      for (let a = 0; a < n; a++) {
        f -= c.mu[a]! * k[a]!;
        for (let b = 0; b < n; b++) f += c.q * k[a]! * c.sigma[a]![b]! * k[b]!;
        if (c.holdings) f += ((c.costBps ?? 0) / 1e4) * Math.abs(k[a]! - c.holdings[a]! * c.lots);
      }
      if (f < best.objective) best = { lots: [...k], objective: f };
      worst = Math.max(worst, f);
      return;
    }
    for (let v = lo; v <= Math.min(hi, left); v++) {
      k[i] = v;
      visit(i + 1, left - v);
    }
  };
  visit(0, c.lots);
  return { ...best, worst };
}
