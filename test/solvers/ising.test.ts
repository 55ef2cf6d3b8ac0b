/**
 * Ising annealing: the QUBO -> Ising conversion keeps every energy; the dense and CSR kernels agree
 * with brute force on small models; on the public BiqMac instances of ../shared/qubo the annealer
 * reaches the best-known value (brute force for gka1b, n = 20; published values otherwise).
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  annealIsing,
  isingEnergy,
  isingFromEdges,
  isingFromSparseQubo,
  parseSparseQubo,
  readSpins,
  sparseQuboEnergy,
  type IsingModel,
} from '../../lib/solvers';
import { BEST_KNOWN } from '../../bench/best-known';

const QUBO_DIR = path.join(__dirname, '..', '..', '..', 'shared', 'qubo');

/** Exhaustive minimum of an Ising model (n <= 22): Gray code with incremental fields. */
function bruteForce(model: IsingModel): number {
  const n = model.numSpins;
  const s = new Float64Array(n).fill(-1);
  let e = isingEnergy(model, s);
  const field = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let f = model.h[i]!;
    for (let k = model.rowPtr[i]!; k < model.rowPtr[i + 1]!; k++) f += model.val[k]! * s[model.col[k]!]!;
    field[i] = f;
  }
  let best = e;
  for (let g = 1; g < 2 ** n; g++) {
    const v = 31 - Math.clz32(g & -g);
    e += -2 * s[v]! * field[v]!;
    const c = -2 * s[v]!;
    s[v] = -s[v]!;
    for (let k = model.rowPtr[v]!; k < model.rowPtr[v + 1]!; k++) field[model.col[k]!] = field[model.col[k]!]! + c * model.val[k]!;
    if (e < best) best = e;
  }
  return best;
}

function randomModel(n: number, density: number, seed: number): IsingModel {
  let x = seed;
  const next = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const I: number[] = [];
  const J: number[] = [];
  const W: number[] = [];
  for (let i = 0; i < n; i++)
    for (let j = i + 1; j < n; j++)
      if (next() < density) {
        I.push(i);
        J.push(j);
        W.push(2 * next() - 1);
      }
  return isingFromEdges(Array.from({ length: n }, () => 2 * next() - 1), I, J, W, 0.5);
}

describe('Ising models', () => {
  test('the QUBO -> Ising conversion keeps the energy of every state (off-diagonal entries count twice)', () => {
    const q = parseSparseQubo('4 6\n1 1 -3\n1 2 2\n2 4 -1.5\n3 3 4\n3 4 1\n4 4 -2\n');
    const model = isingFromSparseQubo(q);
    for (let k = 0; k < 16; k++) {
      const x = [0, 1, 2, 3].map((i) => (k >> i) & 1);
      expect(isingEnergy(model, x.map((b) => 2 * b - 1))).toBeCloseTo(sparseQuboEnergy(q, x), 12);
    }
    expect(sparseQuboEnergy(q, [1, 1, 0, 0])).toBe(-3 + 2 * 2);
  });

  test.each([
    ['2 1\n1 3 1\n', 'line 2'],
    ['2 2\n1 2 1\n', 'line 2: expected 2 entries'],
    ['x\n', "line 1: expected 'N M'"],
  ])('parse errors name the line: %j', (text, message) => {
    expect(() => parseSparseQubo(text)).toThrow(message);
  });

  test.each([
    ['dense', 12, 1],
    ['csr', 14, 0.3],
  ] as const)('%s kernel reaches the brute-force minimum of random models (n = %i)', (layout, n, density) => {
    for (const seed of [1, 2, 3]) {
      const model = randomModel(n, density, seed);
      const r = annealIsing(model, { numReads: 20, numSweeps: 300, seed, layout });
      expect(r.layout).toBe(layout);
      expect(r.bestEnergy).toBeCloseTo(bruteForce(model), 9);
      expect(isingEnergy(model, readSpins(r, r.bestRead))).toBeCloseTo(r.bestEnergy, 12);
    }
  });

  test('the same seed gives the same reads; the wall-clock budget stops early', () => {
    const model = randomModel(30, 0.5, 9);
    const a = annealIsing(model, { numReads: 5, numSweeps: 100, seed: 4 });
    const b = annealIsing(model, { numReads: 5, numSweeps: 100, seed: 4 });
    expect(Array.from(a.spins)).toEqual(Array.from(b.spins));
    expect(Array.from(a.energies)).toEqual(Array.from(b.energies));
    const limited = annealIsing(model, { numReads: 1_000_000, numSweeps: 100, seed: 4, timeLimitSeconds: 0.05 });
    expect(limited.reads).toBeGreaterThanOrEqual(1);
    expect(limited.reads).toBeLessThan(1_000_000);
  });

  (existsSync(QUBO_DIR) ? test : test.skip)('gka1b: the best-known value is the brute-force optimum', () => {
    const model = isingFromSparseQubo(parseSparseQubo(readFileSync(path.join(QUBO_DIR, 'gka1b.sparse'), 'utf8')));
    expect(bruteForce(model)).toBeCloseTo(BEST_KNOWN.gka1b!, 9);
  });

  (existsSync(QUBO_DIR) ? test.each : test.skip.each)(Object.keys(BEST_KNOWN))('%s: annealing reaches the best-known value', (name) => {
    const q = parseSparseQubo(readFileSync(path.join(QUBO_DIR, `${name}.sparse`), 'utf8'));
    const r = annealIsing(isingFromSparseQubo(q), { numReads: 100, numSweeps: 1000, seed: 1, targetEnergy: BEST_KNOWN[name]! });
    expect(r.bestEnergy).toBeCloseTo(BEST_KNOWN[name]!, 9);
    expect(sparseQuboEnergy(q, Array.from(readSpins(r, r.bestRead), (s) => (s > 0 ? 1 : 0)))).toBeCloseTo(BEST_KNOWN[name]!, 9);
  });
});
