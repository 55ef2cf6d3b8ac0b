/**
 * KernelProgram (engine/program.ts): every representation (complex / real, float64 / float32) and
 * every fusion size runs random circuits like the slow dense oracle, gate by gate on every qubit
 * placement (lane qubits and high qubits), over split loop ranges, and the fused program agrees
 * with the unfused one to 1e-12 in double precision.
 */
import { CircuitBuilder, param, type Circuit, type GateName } from '../../../lib/quantum';
import { allocateEngineMemory, fromComplex64, toComplex64, type EngineMemory } from '../../../lib/quantum/engine/memory';
import { KernelProgram, REAL_GATES } from '../../../lib/quantum/engine/program';
import { REPRESENTATIONS, type Representation } from '../../../lib/quantum/wasm/repr';
import { applyDenseCircuit, maxAbsDiff, randomState } from '../../reference/dense';

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

function runProgram(circuit: Circuit, repr: Representation, k: number, start: Float64Array, params: number[], split = false): Float64Array {
  const program = new KernelProgram(circuit, { representation: repr, maxFusedQubits: k });
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
