/**
 * The WebAssembly SIMD kernels: for every gate and every placement of its qubits, a state in
 * WebAssembly memory ends bit-identical to the same state in ordinary memory under the JavaScript
 * kernels (which the dense oracle checks in kernels.test.ts); split loop ranges equal one call; a
 * view at a non-zero byte offset of the memory (a scratch region) is addressed correctly.
 */
import {
  allocateState,
  allocateWasmState,
  applyGate,
  CircuitBuilder,
  compileCircuit,
  dispatchGate,
  GATE_ARITY,
  gateSpan,
  wasmKernelsAvailable,
  wasmKernelsOf,
  type GateName,
} from '../../lib/quantum';
import { KERNELS_WASM_BASE64 } from '../../lib/quantum/wasm/kernels-binary';
import { kernelsWat } from '../../lib/quantum/wasm/source';
import { assembleKernels } from '../../scripts/wasm-assemble';
import { applyDenseCircuit, maxAbsDiff, randomState } from '../reference/dense';

const GATES = (Object.keys(GATE_ARITY) as GateName[]).filter((g) => g !== 'id');

function placements(arity: number, n: number): number[][] {
  const out: number[][] = [];
  const rec = (prefix: number[]): void => {
    if (prefix.length === arity) {
      out.push(prefix);
      return;
    }
    for (let q = 0; q < n; q++) if (!prefix.includes(q)) rec([...prefix, q]);
  };
  rec([]);
  return out;
}

/** A state of n qubits in WebAssembly memory holding `values`. */
function wasmCopy(values: Float64Array, n: number): Float64Array {
  const w = allocateWasmState(n)!;
  w.state.set(values);
  return w.state;
}

describe('WebAssembly SIMD kernels', () => {
  test('the runtime compiles them (Node 20: SIMD and shared memory)', () => {
    expect(wasmKernelsAvailable()).toBe(true);
  });

  test('the committed binary is the assembled text of source.ts (run npm run build:wasm when this fails)', async () => {
    const bytes = await assembleKernels(kernelsWat());
    expect(Buffer.from(bytes).toString('base64')).toBe(KERNELS_WASM_BASE64);
  });

  test.each([1, 2, 3, 4, 5])('every gate on every placement of %i qubits is bit-identical to the JavaScript kernels', (n) => {
    let checked = 0;
    for (const name of GATES) {
      const { qubits: arity, params } = GATE_ARITY[name];
      if (arity > n) continue;
      for (const qubits of placements(arity, n)) {
        const angles = [0.7, -1.1, 2.3].slice(0, params);
        const js = randomState(n, 17 * n + checked);
        const wasm = wasmCopy(js, n);
        applyGate(js, n, name, qubits, angles);
        applyGate(wasm, n, name, qubits, angles);
        expect(wasmKernelsOf(wasm)).toBeDefined();
        expect(maxAbsDiff(js, wasm)).toBe(0);
        checked++;
      }
    }
    expect(checked).toBe(GATES.reduce((sum, g) => sum + placements(GATE_ARITY[g].qubits, n).length, 0));
  });

  test('2-qubit gates with the lowest qubit 3..8 (the kernels that load the vector before each run) and next to it, on 11 qubits: bit-identical to the JavaScript kernels, also in split ranges', () => {
    const n = 11;
    let checked = 0;
    for (const name of GATES.filter((g) => GATE_ARITY[g].qubits === 2)) {
      const angles = [0.7, -1.1, 2.3].slice(0, GATE_ARITY[name].params);
      for (const lo of [2, 3, 5, 8, 9]) {
        for (const qubits of [[lo, lo + 1], [lo + 1, lo], [10, lo], [lo, 10]]) {
          const js = randomState(n, 31 * lo + checked);
          const wasm = wasmCopy(js, n);
          const split = wasmCopy(js, n);
          applyGate(js, n, name, qubits, angles);
          applyGate(wasm, n, name, qubits, angles);
          expect(maxAbsDiff(js, wasm)).toBe(0);
          // shares that start and end inside runs (a run here is 2^lo groups)
          const span = gateSpan(name, n);
          const cut = Math.min(2 ** lo + 3, span / 2 + 3);
          for (const [k0, k1] of [[0, 5], [5, cut], [cut, span - 7], [span - 7, span]]) {
            dispatchGate(split, n, name, qubits[0]!, qubits[1]!, 0, angles[0] ?? 0, angles[1] ?? 0, angles[2] ?? 0, k0!, k1!);
          }
          expect(maxAbsDiff(js, split)).toBe(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(5 * 4 * 4);
  });

  test('split loop ranges equal one full-range call (the shares of worker threads)', () => {
    const n = 7;
    for (const [name, qubits, angles] of [
      ['ry', [0], [0.4]],
      ['ry', [3], [0.4]],
      ['rz', [6], [1.2]],
      ['u', [2], [0.3, 0.2, -0.5]],
      ['cx', [0, 5], []],
      ['cx', [1, 0], []],
      ['swap', [0, 1], []],
      ['cry', [0, 1], [0.8]],
      ['cx', [4, 1], []],
      ['cz', [3, 0], []],
      ['rzz', [2, 6], [0.9]],
      ['cry', [1, 0], [0.8]],
      ['swap', [0, 6], []],
    ] as [GateName, number[], number[]][]) {
      const whole = wasmCopy(randomState(n, 5), n);
      const split = wasmCopy(whole, n);
      const span = gateSpan(name, n);
      dispatchGate(whole, n, name, qubits[0]!, qubits[1] ?? 0, 0, angles[0] ?? 0, angles[1] ?? 0, angles[2] ?? 0, 0, span);
      for (const [k0, k1] of [[0, 3], [3, 17], [17, span - 1], [span - 1, span]]) {
        dispatchGate(split, n, name, qubits[0]!, qubits[1] ?? 0, 0, angles[0] ?? 0, angles[1] ?? 0, angles[2] ?? 0, k0!, k1!);
      }
      expect(maxAbsDiff(whole, split)).toBe(0);
    }
  });

  test('a view at a byte offset (a scratch region) runs a compiled circuit like ordinary memory', () => {
    const n = 6;
    const memory = allocateWasmState(3, 2, 2 ** n)!;
    const region = memory.scratch[1]!;
    expect(region.byteOffset).toBeGreaterThan(0);
    const start = randomState(n, 3);
    region.set(start);
    const circuit = new CircuitBuilder(n).h(0).ry(0.3, 5).cx(5, 0).rz(0.2, 3).cz(1, 4).u(0.1, 0.2, 0.3, 2).swap(2, 3).build();
    compileCircuit(circuit).run(region, []);
    expect(maxAbsDiff(region, applyDenseCircuit(start, circuit))).toBeLessThan(1e-12);
    // the state at byte 0 of the same memory is untouched
    expect(maxAbsDiff(memory.state, new Float64Array(16))).toBe(0);
  });

  test("allocateState places 'auto' states of >= 10 qubits in WebAssembly memory, 'js' never", () => {
    expect(wasmKernelsOf(allocateState(12))).toBeDefined();
    expect(wasmKernelsOf(allocateState(4))).toBeUndefined();
    expect(wasmKernelsOf(allocateState(12, { kernels: 'js' }))).toBeUndefined();
    expect(wasmKernelsOf(allocateState(4, { kernels: 'wasm' }))).toBeDefined();
    const s = allocateState(12);
    expect(s[0]).toBe(1);
    expect(s.length).toBe(2 ** 13);
  });
});
