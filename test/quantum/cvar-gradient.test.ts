import { cvarAndWeights } from '../../lib/quantum/cvar-gradient';
import { cvar, energyOrder } from '../../lib/quantum/expectation';
import { createRng } from '../../lib/quantum/random';
import { richardson } from '../reference/derivative';

function randomDistribution(m: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const p = Float64Array.from({ length: m }, () => rng.next());
  const sum = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / sum);
}

describe('cvarAndWeights', () => {
  const energies = Float64Array.from([0.3, -1.2, 2.0, 0.7, -0.4, 1.1, -2.5, 0.05]);
  const order = energyOrder(energies);

  it.each([0.05, 0.2, 0.5, 0.9, 1])('returns the CVaR of expectation.ts at alpha = %s', (alpha) => {
    const p = randomDistribution(8, 1);
    const weights = new Float64Array(8);
    expect(cvarAndWeights(p, energies, order, alpha, weights)).toBeCloseTo(cvar(p, energies, alpha, order), 14);
  });

  it.each([0.05, 0.2, 0.5, 0.9])('weights are dCVaR/dp away from the boundary at alpha = %s (E_k - E_b) / alpha before it, 0 after', (alpha) => {
    const p = randomDistribution(8, 2);
    const weights = new Float64Array(8);
    cvarAndWeights(p, energies, order, alpha, weights);
    const f = (q: number[]): number => cvar(Float64Array.from(q), energies, alpha, order);
    for (let k = 0; k < 8; k++) expect(weights[k]).toBeCloseTo(richardson(f, Array.from(p), k, 1e-6), 6);
  });

  it('at alpha = 1 gives weights that differ from the energies by one constant (the expectation value\'s gradient on the simplex)', () => {
    const p = randomDistribution(8, 3);
    const weights = new Float64Array(8);
    cvarAndWeights(p, energies, order, 1, weights);
    const shift = energies[0]! - weights[0]!;
    for (let k = 1; k < 8; k++) expect(energies[k]! - weights[k]!).toBeCloseTo(shift, 12);
  });

  it('rejects alpha outside (0, 1] and mismatched lengths', () => {
    const w = new Float64Array(8);
    expect(() => cvarAndWeights(new Float64Array(8), energies, order, 0, w)).toThrow(/alpha: 0 is out of range/);
    expect(() => cvarAndWeights(new Float64Array(7), energies, order, 0.5, w)).toThrow(/lengths/);
  });
});
