/**
 * KernelProgram (engine/program.ts): every representation (complex / real, float64 / float32) and
 * every fusion size runs random circuits like the slow dense oracle, gate by gate on every qubit
 * placement (lane qubits and high qubits), over split loop ranges, and the fused program agrees
 * with the unfused one to 1e-12 in double precision.
 */
import { PerformanceObserver } from 'node:perf_hooks';
import { CircuitBuilder, compileCircuit, efficientSU2, param, qaoaCircuit, realAmplitudes, type Circuit, type GateName } from '../../../lib/quantum';
import { allocateEngineMemory, fromComplex64, toComplex64, type EngineMemory } from '../../../lib/quantum/engine/memory';
import { isRealCircuit, KernelProgram, REAL_GATES } from '../../../lib/quantum/engine/program';
import { REPRESENTATIONS, type Representation } from '../../../lib/quantum/wasm/repr';
import { applyDenseCircuit, maxAbsDiff, randomState, zeroState } from '../../reference/dense';

const COMPLEX_ONE: GateName[] = ['h', 'x', 'y', 'z', 's', 't', 'sx', 'rx', 'ry', 'rz', 'p', 'u'];
const COMPLEX_TWO: GateName[] = ['cx', 'cy', 'cz', 'ch', 'cp', 'crx', 'cry', 'crz', 'rzz', 'rxx', 'ryy', 'swap', 'ecr'];
const THREE: GateName[] = ['ccx', 'cswap'];
const ANGLED = new Set(['rx', 'ry', 'rz', 'p', 'cp', 'crx', 'cry', 'crz', 'rzz', 'rxx', 'ryy']);

function randomCircuit(n: number, seed: number, length: number, real: boolean): Circuit {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const keep = (g: GateName): boolean => !real || REAL_GATES.has(g);
  const b = new CircuitBuilder(n, { parameters: ['a', 'b'] });
  for (let g = 0; g < length; g++) {
    const r = next();
    const arity = r < 0.5 || n < 2 ? 1 : r < 0.9 || n < 3 ? 2 : 3;
    const qubits: number[] = [];
    while (qubits.length < arity) {
      const q = Math.floor(next() * n);
      if (!qubits.includes(q)) qubits.push(q);
    }
    const name = pick((arity === 1 ? COMPLEX_ONE : arity === 2 ? COMPLEX_TWO : THREE).filter(keep));
    const angle = next() < 0.5 ? param(Math.floor(next() * 2), 2 * next() - 1, next()) : 6 * next() - 3;
    b.gate(name, qubits, name === 'u' ? [angle, 0.3, -0.2] : ANGLED.has(name) ? [angle] : []);
  }
  return b.build();
}

function realState(n: number, seed: number): Float64Array {
  const s = randomState(n, seed);
  let sum = 0;
  for (let k = 0; k < 2 ** n; k++) {
    s[2 * k + 1] = 0;
    sum += s[2 * k]! ** 2;
  }
  for (let k = 0; k < 2 ** n; k++) s[2 * k] = s[2 * k]! / Math.sqrt(sum);
  return s;
}

function runProgram(circuit: Circuit, repr: Representation, k: number, start: Float64Array, params: number[], split = false, absorbControlled = true): Float64Array {
  const program = new KernelProgram(circuit, { representation: repr, maxFusedQubits: k, absorbControlled });
  const mem: EngineMemory = allocateEngineMemory({ representation: repr, numQubits: circuit.numQubits, coefficientVectors: program.coefficientVectors })!;
  fromComplex64(mem.info, start, mem.state);
  program.attach(mem.coefficients[0]!);
  if (!split) program.run(mem.state, params);
  else {
    program.bind(params);
    for (let i = 0; i < program.numInstructions; i++) {
      const span = program.span(i);
      const cut = [0, Math.floor(span / 3), Math.floor(span / 3) + 1, span].filter((c, j, a) => j === 0 || c > a[j - 1]!);
      for (let c = 0; c + 1 < cut.length; c++) program.apply(mem.state, i, cut[c]!, cut[c + 1]!);
    }
  }
  return toComplex64(mem.info, mem.state);
}

const TOLERANCE: Record<Representation, number> = { c64: 1e-12, r64: 1e-12, c32: 2e-5, r32: 2e-5 };

describe('KernelProgram', () => {
  test.each(['c64', 'c32', 'r64', 'r32'] as Representation[])('%s: random circuits equal the dense oracle for fusion sizes 1-4', (repr) => {
    const real = !REPRESENTATIONS[repr].complex;
    for (let seed = 1; seed <= 12; seed++) {
      const n = 3 + (seed % 4);
      const circuit = randomCircuit(n, seed, 10 + 3 * seed, real);
      const start = real ? realState(n, seed) : randomState(n, seed);
      const params = [0.7, -1.3];
      const dense = applyDenseCircuit(start, circuit, params);
      for (const k of [1, 2, 3, 4]) {
        const out = runProgram(circuit, repr, k, start, params, seed % 2 === 0);
        expect(maxAbsDiff(out, dense)).toBeLessThan(TOLERANCE[repr]);
      }
    }
  });
});

const ALL: GateName[] = [...COMPLEX_ONE, ...COMPLEX_TWO, ...THREE];

function placements(arity: number, n: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[]): void => {
    if (prefix.length === arity) return void out.push(prefix);
    for (let q = 0; q < n; q++) if (!prefix.includes(q)) rec([...prefix, q]);
  };
  rec([]);
  return out;
}

describe('KernelProgram: every gate on every placement (lane and high qubits)', () => {
  test.each(['c64', 'c32', 'r64', 'r32'] as Representation[])('%s equals the dense oracle', (repr) => {
    const real = !REPRESENTATIONS[repr].complex;
    let checked = 0;
    for (const n of [2, 3, 4]) {
      for (const name of ALL.filter((g) => !real || REAL_GATES.has(g))) {
        const arity = name === 'ccx' || name === 'cswap' ? 3 : COMPLEX_TWO.includes(name) ? 2 : 1;
        if (arity > n) continue;
        for (const qubits of placements(arity, n)) {
          const circuit = new CircuitBuilder(n).gate(name, qubits, name === 'u' ? [0.7, -1.1, 2.3] : ANGLED.has(name) ? [0.7] : []).build();
          const start = real ? realState(n, 31 * n + checked) : randomState(n, 31 * n + checked);
          const out = runProgram(circuit, repr, 1, start, [], checked % 2 === 0);
          expect(maxAbsDiff(out, applyDenseCircuit(start, circuit))).toBeLessThan(TOLERANCE[repr]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(real ? 100 : 300);
  });

  test.each(['c32', 'r64', 'r32'] as Representation[])('%s: 1-qubit gates on qubits 4-10 of 19-20 (the generic kernels preload runs of 512 B to 2 KiB in calls of 2^16 groups or more) equal the complex float64 program, whole and in split ranges', (repr) => {
    const real = !REPRESENTATIONS[repr].complex;
    // enough qubits that a split share (2/3 of the range) still has 2^16 groups
    const n = repr === 'r32' ? 20 : 19;
    for (const name of ['ry', 'rz'] as GateName[]) {
      if (real && !REAL_GATES.has(name)) continue;
      for (let q = 4; q <= 10; q++) {
        const circuit = new CircuitBuilder(n).gate(name, [q], ANGLED.has(name) ? [0.7] : []).build();
        const start = real ? realState(n, 7 * q + 1) : randomState(n, 7 * q + 1);
        // the JavaScript kernels of compiled.ts (which compiled.test.ts checks against the dense oracle); the oracle is too slow at 11 qubits
        const want = Float64Array.from(start);
        compileCircuit(circuit).run(want, []);
        for (const split of [false, true]) expect(maxAbsDiff(runProgram(circuit, repr, 1, start, [], split), want)).toBeLessThan(TOLERANCE[repr]);
      }
    }
  });
});

describe('KernelProgram: fusion', () => {
  const circuits: [string, Circuit][] = [
    ['RealAmplitudes(reps=3) on 10 qubits', realAmplitudes({ numQubits: 10, reps: 3, entanglement: 'reverse_linear' })],
    ['EfficientSU2(reps=2) on 9 qubits', efficientSU2({ numQubits: 9, reps: 2, entanglement: 'linear' })],
    [
      'QAOA p=2 on 8 qubits',
      qaoaCircuit({ numQubits: 8, h: [0.1, -0.2, 0.3, 0, 0.5, -0.4, 0.2, 0.7], J: Array.from({ length: 8 }, (_, i) => Array.from({ length: 8 }, (_, j) => (j > i ? Math.cos(i + 2 * j) : 0))), offset: 0 }, 2),
    ],
    ['a random circuit on 10 qubits', randomCircuit(10, 77, 200, false)],
  ];
  test.each(circuits)('%s: fused (2, 3, 4 qubits) and unfused agree to 1e-12 in double precision', (_, circuit) => {
    const params = circuit.parameters.map((_, i) => Math.sin(3 * i + 1));
    const start = zeroState(circuit.numQubits);
    const real = isRealCircuit(circuit);
    for (const repr of real ? (['c64', 'r64'] as const) : (['c64'] as const)) {
      const unfused = runProgram(circuit, repr, 0, start, params);
      for (const k of [1, 2, 3, 4]) expect(maxAbsDiff(runProgram(circuit, repr, k, start, params), unfused)).toBeLessThan(1e-12);
    }
  });

  test('the real float64 program without multi-qubit fusion gives the complex program\'s amplitudes bit for bit (CX not absorbed), and to 1e-13 absorbed', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const circuit = randomCircuit(9, seed, 120, true);
      const params = [0.4, -2.2];
      const complex = zeroState(9);
      compileCircuit(circuit).run(complex, params);
      // equal real parts bit for bit; the complex program's imaginary parts are zeros (some -0)
      const real = runProgram(circuit, 'r64', 1, zeroState(9), params, false, false);
      expect(real.filter((_, i) => i % 2 === 0)).toEqual(complex.filter((_, i) => i % 2 === 0));
      expect(complex.filter((_, i) => i % 2 === 1).every((v) => v === 0)).toBe(true);
      // absorbed, the runs move past commuting gates: the same state up to rounding
      expect(maxAbsDiff(runProgram(circuit, 'r64', 1, zeroState(9), params), complex)).toBeLessThan(1e-13);
    }
  });

  test('absorbed CX / CZ (controlled kernels, every placement of control and target in lanes and vector index) equal the unabsorbed program', () => {
    // every ordered pair of qubits on 5 qubits, the run before or after the 2-qubit gate, CX and CZ
    for (const repr of ['c32', 'r64', 'r32'] as Representation[]) {
      const real = !REPRESENTATIONS[repr].complex;
      for (const name of ['cx', 'cz'] as const) {
        for (let c = 0; c < 5; c++) {
          for (let t = 0; t < 5; t++) {
            if (c === t) continue;
            const b = new CircuitBuilder(5, { parameters: ['a'] });
            b.ry(param(0, 0.7, 0.1), t).gate(real ? 'h' : 'rz', [t], real ? [] : [0.4]);
            b.gate(name, [c, t]).ry(param(0, -1.1, 0.3), t);
            b.gate(name, [t, c]).ry(0.9, c);
            const circuit = b.build();
            const start = real ? realState(5, c * 5 + t) : randomState(5, c * 5 + t);
            const absorbed = new KernelProgram(circuit, { representation: repr, maxFusedQubits: 1 });
            const plain = new KernelProgram(circuit, { representation: repr, maxFusedQubits: 1, absorbControlled: false });
            expect(absorbed.numInstructions).toBeLessThan(plain.numInstructions);
            const out = runProgram(circuit, repr, 1, start, [0.8], c % 2 === 1);
            const reference = runProgram(circuit, repr, 1, start, [0.8], false, false);
            expect(maxAbsDiff(out, reference)).toBeLessThan(TOLERANCE[repr] / 10);
            expect(maxAbsDiff(out, applyDenseCircuit(start, circuit, [0.8]))).toBeLessThan(TOLERANCE[repr]);
          }
        }
      }
    }
  });

  test('fusion reduces the kernel calls of RealAmplitudes: each CX absorbs an RY, 2 qubits pair each RY with a CX, 3 and 4 fuse more', () => {
    const circuit = realAmplitudes({ numQubits: 12, reps: 3, entanglement: 'reverse_linear' });
    const counts = [1, 2, 3, 4].map((k) => new KernelProgram(circuit, { representation: 'r64', maxFusedQubits: k }).numInstructions);
    const unabsorbed = new KernelProgram(circuit, { representation: 'r64', maxFusedQubits: 1, absorbControlled: false }).numInstructions;
    expect(unabsorbed).toBe(circuit.ops.length); // runs of one RY per qubit between CX: nothing to fuse
    // reverse_linear: every CX(i, i+1) takes the next layer's RY on i + 1
    const cx = circuit.ops.filter((op) => op.kind === 'gate' && op.name === 'cx').length;
    expect(counts[0]).toBe(circuit.ops.length - cx);
    const linear = realAmplitudes({ numQubits: 12, reps: 3, entanglement: 'linear' });
    expect(new KernelProgram(linear, { representation: 'r64', maxFusedQubits: 1 }).numInstructions).toBe(linear.ops.length - cx);
    expect(new KernelProgram(circuit, { representation: 'c64', maxFusedQubits: 1 }).numInstructions).toBe(circuit.ops.length); // c64 keeps its kernels
    expect(counts[1]!).toBeLessThan(0.7 * unabsorbed);
    expect(counts[2]!).toBeLessThan(counts[1]!);
    expect(counts[3]!).toBeLessThanOrEqual(counts[2]!);
  });
});

describe('KernelProgram: errors and allocation', () => {
  test('a real representation refuses a complex gate, naming it', () => {
    const circuit = new CircuitBuilder(3).ry(0.1, 0).rz(0.2, 1).build();
    expect(() => new KernelProgram(circuit, { representation: 'r32' })).toThrow(/representation: 'r32' holds real amplitudes, but gate rz is complex/);
  });

  test('maxFusedQubits outside 0..4 is refused; binding without a coefficient region says so', () => {
    const circuit = new CircuitBuilder(3).ry(0.1, 0).cx(0, 1).build();
    expect(() => new KernelProgram(circuit, { representation: 'r64', maxFusedQubits: 5 })).toThrow(/maxFusedQubits: 5 is out of range; must be an integer between 0 and 4/);
    const program = new KernelProgram(circuit, { representation: 'r64', maxFusedQubits: 2 });
    expect(() => program.bind([])).toThrow(/no coefficient region is attached/);
    expect(() => program.attach(new Float32Array(64))).toThrow(/float32 values; the program needs \d+ float64 values/);
  });

  test('re-binding parameters allocates nothing: the heap does not grow over 1000 binds of fused gates', async () => {
    // Allocation shows as heap growth between collections: a window with no collection (observed)
    // must leave the heap where it was (the smallest growth of up to 20 windows counts, as the test
    // process may allocate for itself meanwhile). 1000 binds of 8+ fused gates allocating even 8
    // bytes per gate would add 64 KiB.
    // First bind and run every gate in every representation and fusion size, as a long-lived
    // process does: the binding code then sees every gate name and array type, and must still keep
    // its numbers unboxed (a polymorphic load there once cost ~576 bytes per bind).
    for (const repr of Object.keys(REPRESENTATIONS) as Representation[]) {
      for (let seed = 1; seed <= 12; seed++) {
        const n = 3 + (seed % 4);
        const mixed = randomCircuit(n, seed, 10 + 3 * seed, repr.startsWith('r'));
        for (const k of [1, 2, 3, 4]) runProgram(mixed, repr, k, repr.startsWith('r') ? realState(n, seed) : randomState(n, seed), [0.7, -1.3]);
      }
    }
    const circuit = realAmplitudes({ numQubits: 6, reps: 2, entanglement: 'reverse_linear' });
    const program = new KernelProgram(circuit, { representation: 'r32', maxFusedQubits: 3 });
    expect(program.numInstructions).toBeGreaterThan(5);
    const mem = allocateEngineMemory({ representation: 'r32', numQubits: 6, coefficientVectors: program.coefficientVectors })!;
    program.attach(mem.coefficients[0]!);
    // two parameter vectors taken in turn: the loop itself touches no floating-point number (the
    // interpreter boxes every double it handles, which would show as the test's own allocation)
    const sets = [new Float64Array(circuit.parameters.length).fill(0.3), new Float64Array(circuit.parameters.length).fill(-1.1)];
    for (let i = 0; i < 5000; i++) program.bind(sets[i & 1]!); // let the JIT settle
    let collections = 0;
    const observer = new PerformanceObserver((list) => void (collections += list.getEntries().length));
    observer.observe({ entryTypes: ['gc'] });
    const growth: number[] = [];
    for (let attempt = 0; attempt < 20 && growth.length < 3; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 10)); // deliver pending gc entries
      const before = collections;
      const heap0 = process.memoryUsage().heapUsed;
      for (let i = 0; i < 1000; i++) program.bind(sets[i & 1]!);
      const heap1 = process.memoryUsage().heapUsed;
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (collections === before) growth.push(heap1 - heap0);
    }
    observer.disconnect();
    expect(growth.length).toBeGreaterThan(0);
    expect(Math.min(...growth)).toBeLessThan(16 * 1024);
  });
});
