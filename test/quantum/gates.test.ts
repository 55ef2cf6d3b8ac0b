/**
 * Gate matrices against hand-written Qiskit definitions (qiskit.circuit.library.standard_gates
 * docstrings), unitarity and kind classification of every gate, and the oracle's placement.
 */
import { GATE_ARITY, type GateName } from '../../lib/quantum/circuit';
import { GATE_KIND, gateDimension, gateMatrix } from '../../lib/quantum/gates';
import { adjoint, denseGateUnitary, identity, matmul, maxAbsDiff } from '../reference/dense';

type C = [number, number];
const GATES = Object.keys(GATE_ARITY) as GateName[];

/** Interleave a matrix of [re, im] entries. */
function m(rows: C[][]): Float64Array {
  return Float64Array.from(rows.flat().flat());
}
const cis = (x: number): C => [Math.cos(x), Math.sin(x)];
const r = (x: number): C => [x, 0];
const i = (x: number): C => [0, x];
const O: C = [0, 0];
const I1: C = [1, 0];

describe('gate matrices match Qiskit definitions', () => {
  const th = 0.7;
  const c = Math.cos(th / 2);
  const s = Math.sin(th / 2);

  test('rz(θ) = diag(e^{-iθ/2}, e^{iθ/2})', () => {
    expect(maxAbsDiff(gateMatrix('rz', [th]), m([[cis(-th / 2), O], [O, cis(th / 2)]]))).toBeLessThan(1e-15);
  });

  test('p(λ) = diag(1, e^{iλ})', () => {
    expect(maxAbsDiff(gateMatrix('p', [th]), m([[I1, O], [O, cis(th)]]))).toBeLessThan(1e-15);
  });

  test('u(θ, φ, λ) is Qiskit U', () => {
    const [phi, lam] = [0.4, -1.3];
    const mc = (z: C, k: number): C => [z[0] * k, z[1] * k];
    const expected = m([
      [r(c), mc(cis(lam), -s)],
      [mc(cis(phi), s), mc(cis(phi + lam), c)],
    ]);
    expect(maxAbsDiff(gateMatrix('u', [th, phi, lam]), expected)).toBeLessThan(1e-15);
  });

  test('sx = (1/2)[[1+i, 1-i], [1-i, 1+i]] and sx·sx = x', () => {
    expect(maxAbsDiff(gateMatrix('sx'), m([[[0.5, 0.5], [0.5, -0.5]], [[0.5, -0.5], [0.5, 0.5]]]))).toBeLessThan(1e-15);
    expect(maxAbsDiff(matmul(gateMatrix('sx'), gateMatrix('sx'), 2), gateMatrix('x'))).toBeLessThan(1e-15);
    expect(maxAbsDiff(matmul(gateMatrix('sx'), gateMatrix('sxdg'), 2), identity(2))).toBeLessThan(1e-15);
  });

  test('rzz(θ) = exp(-iθ/2 Z⊗Z) = diag(e^{-iθ/2}, e^{iθ/2}, e^{iθ/2}, e^{-iθ/2})', () => {
    const e = m([
      [cis(-th / 2), O, O, O],
      [O, cis(th / 2), O, O],
      [O, O, cis(th / 2), O],
      [O, O, O, cis(-th / 2)],
    ]);
    expect(maxAbsDiff(gateMatrix('rzz', [th]), e)).toBeLessThan(1e-15);
  });

  test('rxx and ryy are exp(-iθ/2 P⊗P)', () => {
    const rxx = m([
      [r(c), O, O, i(-s)],
      [O, r(c), i(-s), O],
      [O, i(-s), r(c), O],
      [i(-s), O, O, r(c)],
    ]);
    const ryy = m([
      [r(c), O, O, i(s)],
      [O, r(c), i(-s), O],
      [O, i(-s), r(c), O],
      [i(s), O, O, r(c)],
    ]);
    expect(maxAbsDiff(gateMatrix('rxx', [th]), rxx)).toBeLessThan(1e-15);
    expect(maxAbsDiff(gateMatrix('ryy', [th]), ryy)).toBeLessThan(1e-15);
  });

  test('crx(θ) with control = qubits[0] (least significant bit)', () => {
    const e = m([
      [I1, O, O, O],
      [O, r(c), O, i(-s)],
      [O, O, I1, O],
      [O, i(-s), O, r(c)],
    ]);
    expect(maxAbsDiff(gateMatrix('crx', [th]), e)).toBeLessThan(1e-15);
  });

  test('cx, ccx and cswap as permutations in little-endian order', () => {
    expect(maxAbsDiff(gateMatrix('cx'), m([[I1, O, O, O], [O, O, O, I1], [O, O, I1, O], [O, I1, O, O]]))).toBe(0);
    const ccx = gateMatrix('ccx');
    const cswap = gateMatrix('cswap');
    for (let row = 0; row < 8; row++) {
      const ccxCol = row === 3 ? 7 : row === 7 ? 3 : row;
      const cswapCol = row === 3 ? 5 : row === 5 ? 3 : row;
      expect(ccx[2 * (row * 8 + ccxCol)]).toBe(1);
      expect(cswap[2 * (row * 8 + cswapCol)]).toBe(1);
    }
  });
});

describe.each(GATES)('gate %s', (name) => {
  const d = gateDimension(name);
  const angles = [0.9, -0.4, 2.1].slice(0, GATE_ARITY[name].params);
  const g = gateMatrix(name, angles);

  test('is unitary', () => {
    expect(maxAbsDiff(matmul(adjoint(g, d), g, d), identity(d))).toBeLessThan(1e-14);
  });

  test(`is classified correctly (${GATE_KIND[name]})`, () => {
    const nonzero = (row: number, col: number): boolean =>
      Math.abs(g[2 * (row * d + col)]!) + Math.abs(g[2 * (row * d + col) + 1]!) > 1e-15;
    for (let row = 0; row < d; row++) {
      const cols = Array.from({ length: d }, (_, col) => col).filter((col) => nonzero(row, col));
      if (GATE_KIND[name] === 'diagonal') expect(cols).toEqual([row]);
      if (GATE_KIND[name] === 'permutation') expect(cols).toHaveLength(1);
    }
  });
});

describe('dense oracle placement', () => {
  test('cx with control on qubit 1 and target on qubit 0 maps |10> (index 2) to |11> (index 3)', () => {
    const u = denseGateUnitary(2, 'cx', [1, 0]);
    expect(u[2 * (3 * 4 + 2)]).toBe(1);
    expect(u[2 * (1 * 4 + 1)]).toBe(1);
    expect(u[2 * (0 * 4 + 0)]).toBe(1);
  });

  test('x on qubit 2 of 3 is I ⊗ I placed under X (index k -> k ^ 4)', () => {
    const u = denseGateUnitary(3, 'x', [2]);
    for (let k = 0; k < 8; k++) expect(u[2 * ((k ^ 4) * 8 + k)]).toBe(1);
  });
});
