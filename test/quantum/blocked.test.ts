/**
 * Cache blocking (blocked.ts): stages of random circuits applied block by block equal the unblocked
 * program and the dense oracle, in ordinary and in WebAssembly memory; stages respect the block
 * size; one shared program runs the shares of several "threads" in turn to the same state.
 */
import fc from 'fast-check';
import { allocateEngineMemory, allocateState, BlockedProgram, CircuitBuilder, compileCircuit, efficientSU2, param, realAmplitudes, toComplex64, wasmKernelsOf, type Circuit, type GateName, type Representation } from '../../lib/quantum';
import { applyDenseCircuit, maxAbsDiff, randomState } from '../reference/dense';

const ONE: GateName[] = ['h', 'x', 'y', 'z', 's', 't', 'sx', 'rx', 'ry', 'rz', 'p', 'u'];
const TWO: GateName[] = ['cx', 'cy', 'cz', 'ch', 'cp', 'crx', 'cry', 'crz', 'rzz', 'rxx', 'ryy', 'swap', 'ecr'];
const THREE: GateName[] = ['ccx', 'cswap'];

function randomCircuit(n: number, seed: number, length: number): Circuit {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const b = new CircuitBuilder(n, { parameters: ['a', 'b'] });
  for (let g = 0; g < length; g++) {
    const r = next();
    const arity = r < 0.5 ? 1 : r < 0.9 ? 2 : 3;
    const qubits: number[] = [];
    while (qubits.length < arity) {
      const q = Math.floor(next() * n);
      if (!qubits.includes(q)) qubits.push(q);
    }
    const name = pick(arity === 1 ? ONE : arity === 2 ? TWO : THREE);
    const angle = next() < 0.5 ? param(Math.floor(next() * 2), 2 * next() - 1, next()) : 6 * next() - 3;
    const angles = name === 'u' ? [angle, 0.3, -0.2] : ['rx', 'ry', 'rz', 'p', 'cp', 'crx', 'cry', 'crz', 'rzz', 'rxx', 'ryy'].includes(name) ? [angle] : [];
    b.gate(name, qubits, angles);
  }
  return b.build();
}

/** A random circuit of real gates (RY, H, X, Z, CX, CZ, SWAP, CCX): its state from |0...0> stays real. */
function realCircuit(n: number, seed: number, length: number): Circuit {
  let s = seed;
  const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const b = new CircuitBuilder(n, { parameters: ['a', 'b'] });
  for (let g = 0; g < length; g++) {
    const a = Math.floor(next() * n);
    const c = (a + 1 + Math.floor(next() * (n - 1))) % n;
    const d = (c + 1 + Math.floor(next() * (n - 2))) % n;
    const r = next();
    if (r < 0.35) b.ry(next() < 0.5 ? param(Math.floor(next() * 2), 2 * next() - 1, next()) : 6 * next() - 3, a);
    else if (r < 0.45) b.gate(['h', 'x', 'z'][Math.floor(next() * 3)] as GateName, [a], []);
    else if (r < 0.85) b.gate(['cx', 'cz', 'swap'][Math.floor(next() * 3)] as GateName, [a, c], []);
    else if (d !== a) b.ccx(a, c, d);
  }
  return b.build();
}

describe('BlockedProgram', () => {
  test('random circuits: blocked stages equal the unblocked program and the dense oracle (ordinary and WebAssembly memory)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 6, max: 9 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 60 }), fc.boolean(), (n, seed, length, wasm) => {
        const circuit = randomCircuit(n, seed, length);
        const params = [0.7, -1.3];
        const start = randomState(n, seed);
        const blocked = allocateState(n, { kernels: wasm ? 'wasm' : 'js' });
        blocked.set(start);
        const program = new BlockedProgram(circuit, { blockQubits: 5, minContiguousQubits: 2 });
        program.run(blocked, params);
        const plain = start.slice();
        compileCircuit(circuit).run(plain, params);
        // the dense oracle (d^3 per gate) only on 6 qubits; compiled.test.ts checks the unblocked program against it
        const dense = n === 6 ? applyDenseCircuit(start, circuit, params) : plain;
        return maxAbsDiff(blocked, plain) < 1e-12 && maxAbsDiff(blocked, dense) < 1e-10 && (wasmKernelsOf(blocked) !== undefined) === wasm;
      }),
      { numRuns: 60 },
    );
  });

  test('random circuits in every representation and with fused gates: blocked stages equal the unblocked complex program', () => {
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 10 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 60 }), fc.constantFrom<Representation>('c64', 'c32', 'r64', 'r32'), fc.integer({ min: 1, max: 4 }), (n, seed, length, representation, k) => {
        const real = representation.startsWith('r');
        const circuit = real ? realCircuit(n, seed, length) : randomCircuit(n, seed, length);
        const params = [0.7, -1.3];
        const program = new BlockedProgram(circuit, { blockQubits: 6, minContiguousQubits: 3, representation, maxFusedQubits: k });
        const memory = allocateEngineMemory({ representation, numQubits: n, scratchAmplitudes: program.scratchAmplitudes, coefficientVectors: program.coefficientVectors })!;
        memory.state[0] = 1;
        program.attach(memory.coefficients[0]!);
        program.bind(params);
        program.runShare(memory.state, 0, 1, memory.scratch[0], () => undefined);
        const plain = allocateState(n, { kernels: 'js' });
        compileCircuit(circuit).run(plain, params);
        return maxAbsDiff(toComplex64(memory.info, memory.state), plain) < (representation.endsWith('32') ? 2e-6 : 1e-12);
      }),
      { numRuns: 60 },
    );
  });

  test('productPrefix with a blocked first stage: that stage writes the product state itself (initialize writes nothing), in every representation and in shares', () => {
    for (const representation of ['c64', 'c32', 'r64', 'r32'] as Representation[]) {
      const real = representation.startsWith('r');
      const n = 10;
      const circuit = real ? realAmplitudes({ numQubits: n, reps: 2, entanglement: 'linear' }) : efficientSU2({ numQubits: n, reps: 2, entanglement: 'linear' });
      const params = circuit.parameters.map((_, i) => Math.sin(2 * i + 1));
      const program = new BlockedProgram(circuit, { blockQubits: 6, minContiguousQubits: 3, representation, productPrefix: true });
      expect(program.stages[0]!.kind).toBe('blocked');
      const plain = allocateState(n, { kernels: 'js' });
      compileCircuit(circuit).run(plain, params);
      for (const shares of [1, 3]) {
        const memory = allocateEngineMemory({ representation, numQubits: n, scratchAmplitudes: program.scratchAmplitudes, coefficientVectors: program.coefficientVectors })!;
        memory.state.fill(Number.NaN); // what initialize would have to overwrite
        program.attach(memory.coefficients[0]!);
        program.bind(params);
        program.initialize(memory.state, params);
        expect(Number.isNaN(memory.state[0]!)).toBe(true); // left to the first stage
        // shares in sequence are valid stage by stage: run each stage's shares before the next stage
        for (const stage of program.stages) {
          const single = Object.create(BlockedProgram.prototype, { ...Object.getOwnPropertyDescriptors(program), stages: { value: [stage] } }) as BlockedProgram;
          for (let rank = 0; rank < shares; rank++) single.runShare(memory.state, rank, shares, memory.scratch[0], () => undefined);
        }
        expect(maxAbsDiff(toComplex64(memory.info, memory.state), plain)).toBeLessThan(representation.endsWith('32') ? 2e-6 : 1e-13);
      }
      if (representation === 'c64') {
        // a state and scratch in ordinary memory: the doubling steps in JavaScript alone
        const js = allocateState(n, { kernels: 'js' });
        js.fill(Number.NaN);
        program.run(js, params);
        expect(wasmKernelsOf(js)).toBeUndefined();
        expect(maxAbsDiff(js, plain)).toBeLessThan(1e-13);
      }
    }
  });

  test('a state in ordinary memory with a WebAssembly scratch region (the mode above 27 qubits) gives the same amplitudes', () => {
    const n = 9;
    const circuit = randomCircuit(n, 4242, 120);
    const params = [0.3, -0.8];
    const hybrid = allocateState(n, { kernels: 'js' });
    new BlockedProgram(circuit, { blockQubits: 6, minContiguousQubits: 2, wasmScratch: true }).run(hybrid, params);
    const wasm = allocateState(n, { kernels: 'wasm' });
    new BlockedProgram(circuit, { blockQubits: 6, minContiguousQubits: 2 }).run(wasm, params);
    expect(wasmKernelsOf(hybrid)).toBeUndefined();
    expect(maxAbsDiff(hybrid, wasm)).toBe(0);
  });

  test('RealAmplitudes on 12 qubits in blocks of 8: few blocked stages, each block holding the low qubits', () => {
    const ansatz = realAmplitudes({ numQubits: 12, reps: 3, entanglement: 'linear' });
    const program = new BlockedProgram(ansatz, { blockQubits: 8, minContiguousQubits: 3 });
    const blocked = program.stages.filter((s) => s.kind === 'blocked');
    expect(blocked.length).toBeGreaterThan(0);
    expect(program.stages.length).toBeLessThan(ansatz.ops.length / 4);
    for (const stage of blocked) {
      if (stage.kind !== 'blocked') continue;
      expect(stage.blockQubits.length).toBe(8);
      expect(Array.from(stage.blockQubits.slice(0, 3))).toEqual([0, 1, 2]);
      expect(stage.outer.length).toBe(4);
      expect(stage.chunk * stage.chunkOffsets.length).toBe(2 ** 8);
    }
    const params = ansatz.parameters.map((_, i) => 0.1 * i - 0.4);
    const state = allocateState(12);
    program.run(state, params);
    const plain = allocateState(12, { kernels: 'js' });
    compileCircuit(ansatz).run(plain, params);
    expect(maxAbsDiff(state, plain)).toBeLessThan(1e-12);
  });

  test('shares of 3 "threads" run one after another give the single-share state bit for bit', () => {
    const n = 10;
    const circuit = randomCircuit(n, 99, 80);
    const params = [0.2, 0.9];
    const program = new BlockedProgram(circuit, { blockQubits: 6, minContiguousQubits: 2 });
    const one = allocateState(n, { kernels: 'js' });
    program.run(one, params);
    // Stage by stage: with a no-op wait, shares in sequence are only valid within one stage, so run
    // one program per stage.
    const three = allocateState(n, { kernels: 'js' });
    const scratch = new Float64Array(2 * program.scratchAmplitudes);
    for (const stage of program.stages) {
      const single = Object.create(BlockedProgram.prototype, {
        ...Object.getOwnPropertyDescriptors(program),
        stages: { value: [stage] },
      }) as BlockedProgram;
      if (stage.kind === 'direct') {
        for (let i = 0; i < stage.program.numInstructions; i++) {
          for (let rank = 0; rank < 3; rank++) {
            const span = stage.program.span(i);
            stage.program.apply(three, i, Math.floor((span * rank) / 3), Math.floor((span * (rank + 1)) / 3));
          }
        }
      } else for (let rank = 0; rank < 3; rank++) single.runShare(three, rank, 3, scratch, () => undefined);
    }
    expect(maxAbsDiff(one, three)).toBe(0);
  });

  test('a state of at most blockQubits qubits is one direct stage; a bad block size is refused', () => {
    const c = new CircuitBuilder(4).h(0).cx(0, 1).build();
    expect(new BlockedProgram(c, { blockQubits: 5, minContiguousQubits: 2 }).stages.map((s) => s.kind)).toEqual(['direct']);
    expect(new BlockedProgram(c, { blockQubits: 5, minContiguousQubits: 2 }).scratchAmplitudes).toBe(0);
    expect(() => new BlockedProgram(c, { blockQubits: 4, minContiguousQubits: 2 })).toThrow(/blockQubits: 4 must be an integer >= minContiguousQubits \+ 3/);
  });
});
