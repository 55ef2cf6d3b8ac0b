import { CircuitBuilder } from '../../../lib/quantum/builder';
import { bindAngle, GATE_ARITY, type Circuit, type GateName } from '../../../lib/quantum/circuit';
import { efficientSU2, realAmplitudes, twoLocal } from '../../../lib/quantum/ansatz';
import { qaoaCircuit } from '../../../lib/quantum/qaoa';
import { createRng } from '../../../lib/quantum/random';
import { allocateState, applyCircuit } from '../../../lib/quantum/statevector';
import { gateMatrix } from '../../../lib/quantum/gates';
import { synthesizeZsx, transpile, type Target } from '../../../lib/quantum/transpiler';
import { mul2 } from '../../../lib/quantum/transpiler/euler';

const line = (n: number): [number, number][] => Array.from({ length: n - 1 }, (_, i) => [i, i + 1] as [number, number]);
const sym = (edges: [number, number][]): [number, number][] => edges.flatMap(([a, b]) => [[a, b], [b, a]] as [number, number][]);
/** A 12-qubit heavy-hex fragment: two hexagons sharing an edge with bridge qubits. */
const HEAVY_HEX: [number, number][] = [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5], [5, 0], [2, 6], [6, 7], [7, 8], [8, 9], [9, 10], [10, 11], [11, 6]];
const GRID3: [number, number][] = [[0, 1], [1, 2], [3, 4], [4, 5], [6, 7], [7, 8], [0, 3], [3, 6], [1, 4], [4, 7], [2, 5], [5, 8]];

const TARGETS: Record<string, Target> = {
  'cz line 8': { numQubits: 8, basisGates: ['cz', 'id', 'rz', 'sx', 'x'], couplingMap: sym(line(8)) },
  'cz heavy-hex 12': { numQubits: 12, basisGates: ['cz', 'id', 'rz', 'sx', 'x'], couplingMap: sym(HEAVY_HEX) },
  'ecr directed line 7': { numQubits: 7, basisGates: ['ecr', 'id', 'rz', 'sx', 'x'], couplingMap: line(7) },
  'cz grid 3x3': { numQubits: 9, basisGates: ['cz', 'rz', 'sx', 'x'], couplingMap: sym(GRID3) },
};

function state(c: Circuit, params: number[]): Float64Array {
  const s = allocateState(c.numQubits);
  applyCircuit(s, { ...c, ops: c.ops.filter((op) => op.kind !== 'measure') }, params);
  return s;
}

/** max |ψ[k] - e^{iα} φ[perm(k)]| with the global phase α fitted on the largest amplitude. */
function distanceUpToPhaseAndLayout(psi: Float64Array, phi: Float64Array, finalLayout: readonly number[]): number {
  const dim = psi.length / 2;
  const perm = (k: number) => finalLayout.reduce((acc, p, i) => acc | (((k >> i) & 1) << p), 0);
  let best = 0;
  for (let k = 1; k < dim; k++) if (Math.hypot(psi[2 * k]!, psi[2 * k + 1]!) > Math.hypot(psi[2 * best]!, psi[2 * best + 1]!)) best = k;
  const pr = psi[2 * best]!, pi = psi[2 * best + 1]!;
  const fr = phi[2 * perm(best)]!, fi = phi[2 * perm(best) + 1]!;
  const m = Math.hypot(fr, fi);
  // phase = psi / phi
  const cr = (pr * fr + pi * fi) / (m * m), ci = (pi * fr - pr * fi) / (m * m);
  let err = 0;
  for (let k = 0; k < dim; k++) {
    const j = perm(k);
    const r = cr * phi[2 * j]! - ci * phi[2 * j + 1]!;
    const i = cr * phi[2 * j + 1]! + ci * phi[2 * j]!;
    err = Math.max(err, Math.hypot(r - psi[2 * k]!, i - psi[2 * k + 1]!));
  }
  return err;
}

/** A seeded random product state prefix so gate identities are tested on generic inputs, not |0...0>. */
function withRandomPrefix(n: number, seed: number, body: (b: CircuitBuilder) => void): Circuit {
  const rng = createRng(seed);
  const b = new CircuitBuilder(n);
  for (let q = 0; q < n; q++) b.u(rng.next() * Math.PI, rng.next() * 6, rng.next() * 6, q);
  for (let q = 0; q + 1 < n; q++) b.cx(q, q + 1);
  for (let q = 0; q < n; q++) b.u(rng.next() * Math.PI, rng.next() * 6, rng.next() * 6, q);
  body(b);
  return b.build();
}

function checkIsa(t: ReturnType<typeof transpile>, target: Target): void {
  const allowed = new Set([...target.basisGates, 'measure', 'barrier']);
  for (const op of t.circuit.ops) {
    if (op.kind !== 'gate') continue;
    expect(allowed.has(op.name)).toBe(true);
    if (op.qubits.length === 2) {
      const [a, b] = op.qubits.map((q) => t.physicalQubits[q]!);
      const directed = target.basisGates.includes('ecr');
      const ok = target.couplingMap!.some(([x, y]) => (x === a && y === b) || (!directed && x === b && y === a));
      expect(ok).toBe(true);
    }
  }
  expect(new Set(t.physicalQubits).size).toBe(t.physicalQubits.length);
}

function checkEquivalent(c: Circuit, target: Target, seed: number): ReturnType<typeof transpile> {
  const t = transpile(c, target);
  checkIsa(t, target);
  const rng = createRng(seed);
  const params = c.parameters.map(() => (rng.next() - 0.5) * 8);
  expect(distanceUpToPhaseAndLayout(state(c, params), state(t.circuit, params), t.finalLayout)).toBeLessThan(1e-9);
  return t;
}

describe('1-qubit synthesis (ZYZ -> rz, sx, x)', () => {
  it('reproduces random and special unitaries up to a global phase', () => {
    const rng = createRng(3);
    const cases: Float64Array[] = [gateMatrix('x'), gateMatrix('h'), gateMatrix('sx'), gateMatrix('y'), gateMatrix('s'), gateMatrix('id')];
    for (let i = 0; i < 50; i++) cases.push(gateMatrix('u', [rng.next() * Math.PI, rng.next() * 7 - 3, rng.next() * 7 - 3]));
    cases.push(gateMatrix('u', [Math.PI / 2, 0.3, -1.1]), gateMatrix('u', [Math.PI, 0.7, 0.2]));
    for (const u of cases) {
      let m: Float64Array = new Float64Array([1, 0, 0, 0, 0, 0, 1, 0]);
      for (const g of synthesizeZsx(u)) m = mul2(gateMatrix(g.name, g.name === 'rz' ? [g.angle] : []), m);
      // |tr(U^† M)| = 2 iff equal up to phase
      let re = 0, im = 0;
      for (let k = 0; k < 4; k++) { re += u[2 * k]! * m[2 * k]! + u[2 * k + 1]! * m[2 * k + 1]!; im += u[2 * k]! * m[2 * k + 1]! - u[2 * k + 1]! * m[2 * k]!; }
      expect(Math.hypot(re, im)).toBeCloseTo(2, 10);
    }
  });

  it('uses no sx for diagonal gates, one x for X', () => {
    expect(synthesizeZsx(gateMatrix('t')).map((g) => g.name)).toEqual(['rz']);
    expect(synthesizeZsx(gateMatrix('x')).map((g) => g.name)).toEqual(['x']);
    expect(synthesizeZsx(gateMatrix('sx')).map((g) => g.name)).toEqual(['sx']);
  });
});

describe('transpile: every IR gate, on generic input states', () => {
  const gates = Object.keys(GATE_ARITY) as GateName[];
  for (const [label, target] of Object.entries(TARGETS)) {
    it.each(gates)(`%s on ${label}`, (name) => {
      const k = GATE_ARITY[name].qubits;
      const c = withRandomPrefix(4, name.length * 17, (b) => {
        const refs = b.parameterVector('θ', GATE_ARITY[name].params);
        const qubits = k === 1 ? [2] : k === 2 ? [3, 0] : [1, 3, 0];
        b.gate(name, qubits, refs);
      });
      checkEquivalent(c, target, 11);
    });
  }
});

describe('transpile: every ansatz', () => {
  const hamiltonian = { numQubits: 5, h: [0.3, -0.2, 0.1, 0.5, -0.4], J: Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (j > i ? 0.1 * (i + j + 1) : 0))), offset: 0 };
  const circuits: Record<string, Circuit> = {
    'realamplitudes reverse_linear': realAmplitudes({ numQubits: 5, reps: 2 }),
    'realamplitudes full': realAmplitudes({ numQubits: 5, reps: 1, entanglement: 'full' }),
    'realamplitudes circular': realAmplitudes({ numQubits: 5, reps: 2, entanglement: 'circular' }),
    'efficientsu2 linear': efficientSU2({ numQubits: 5, reps: 2, entanglement: 'linear' }),
    'efficientsu2 pairwise': efficientSU2({ numQubits: 5, reps: 2, entanglement: 'pairwise' }),
    'twolocal ry+rz / crx full': twoLocal({ numQubits: 4, rotationBlocks: ['ry', 'rz'], entanglementBlocks: ['crx'], entanglement: 'full', reps: 1 }),
    'twolocal rx / rzz linear': twoLocal({ numQubits: 5, rotationBlocks: ['rx'], entanglementBlocks: ['rzz'], entanglement: 'linear', reps: 2 }),
    'qaoa p=2 (all-to-all rzz)': qaoaCircuit(hamiltonian as never, 2),
  };
  for (const [label, target] of Object.entries(TARGETS)) {
    it.each(Object.keys(circuits))(`%s on ${label}`, (name) => {
      checkEquivalent(circuits[name]!, target, 5);
    });
  }

  it('needs no SWAP for linear entanglement (path layout) and merges 1-qubit gates', () => {
    const t = checkEquivalent(realAmplitudes({ numQubits: 6, reps: 3, entanglement: 'linear' }), TARGETS['cz heavy-hex 12']!, 1);
    expect(t.swaps).toBe(0);
    expect(t.stats.gateCounts.cz).toBe(15);
    // ry(θ) costs at most 2 sx; runs of fixed gates collapse
    expect((t.stats.gateCounts.sx ?? 0)).toBeLessThanOrEqual(2 * 6 * 4 + 2 * 15);
  });

  it('lays out on a connected set when no path is long enough (a star), and stays equivalent', () => {
    const star: Target = { numQubits: 5, basisGates: ['cz', 'rz', 'sx', 'x'], couplingMap: sym([[0, 1], [0, 2], [0, 3], [0, 4]]) };
    const t = checkEquivalent(realAmplitudes({ numQubits: 4, reps: 2, entanglement: 'full' }), star, 3);
    expect(t.physicalQubits).toContain(0);
    expect(t.swaps).toBeGreaterThan(0);
  });

  it('rejects a target without a 2-qubit basis gate or too few qubits', () => {
    expect(() => transpile(realAmplitudes({ numQubits: 3, reps: 1 }), { numQubits: 3, basisGates: ['rz', 'sx'] })).toThrow(/2-qubit gate/);
    expect(() => transpile(realAmplitudes({ numQubits: 9, reps: 1 }), TARGETS['cz line 8']!)).toThrow(/device has 8/);
  });
});

describe('transpile: random circuits', () => {
  const gates = (Object.keys(GATE_ARITY) as GateName[]).filter((g) => GATE_ARITY[g].qubits <= 3);
  it.each(Array.from({ length: 12 }, (_, i) => i))('random circuit %i', (seed) => {
    const rng = createRng(100 + seed);
    const n = 3 + (seed % 3);
    const b = new CircuitBuilder(n);
    const theta = b.parameterVector('θ', 3);
    for (let k = 0; k < 25; k++) {
      const name = gates[Math.floor(rng.next() * gates.length)]!;
      const arity = GATE_ARITY[name];
      const qubits: number[] = [];
      while (qubits.length < arity.qubits) { const q = Math.floor(rng.next() * n); if (!qubits.includes(q)) qubits.push(q); }
      const params = Array.from({ length: arity.params }, () => (rng.next() < 0.5 ? theta[Math.floor(rng.next() * 3)]! : rng.next() * 6 - 3));
      b.gate(name, qubits, params);
    }
    const target = Object.values(TARGETS)[seed % 4]!;
    checkEquivalent(b.build(), target, seed);
  });
});

describe('ecr', () => {
  it('the OpenQASM definition s a; sx b; cx a, b; x a equals the ecr matrix up to phase', () => {
    const a = withRandomPrefix(2, 9, (b) => b.gate('ecr', [0, 1]));
    const d = withRandomPrefix(2, 9, (b) => b.s(0).sx(1).cx(0, 1).x(0));
    expect(distanceUpToPhaseAndLayout(state(a, []), state(d, []), [0, 1])).toBeLessThan(1e-12);
  });
});

void bindAngle;
