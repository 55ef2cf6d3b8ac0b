/**
 * resetView (engine/memory.ts): |0...0> by the zero kernel for states in WebAssembly memory, and by
 * TypedArray.fill for a state shorter than one 16-byte vector, which the kernel would overrun.
 */
import { allocateEngineMemory, resetView } from '../../../lib/quantum/engine';

describe('resetView', () => {
  test.each(['c64', 'c32', 'r64', 'r32'] as const)('%s: every amplitude of a 10-qubit state back to |0...0>', (representation) => {
    const memory = allocateEngineMemory({ representation, numQubits: 10, scratchAmplitudes: 0, coefficientVectors: 1 })!;
    memory.state.fill(3);
    resetView(memory.state);
    expect(memory.state[0]).toBe(1);
    expect(memory.state.subarray(1).every((x) => x === 0)).toBe(true);
  });

  test('a state of 8 bytes (1 qubit, r32) is reset without touching the coefficients right after it', () => {
    const memory = allocateEngineMemory({ representation: 'r32', numQubits: 1, scratchAmplitudes: 0, coefficientVectors: 1 })!;
    const coefficients = memory.coefficients[0]!;
    expect(coefficients.byteOffset).toBe(memory.state.byteOffset + 8); // the next region starts inside the state's vector
    coefficients.fill(7);
    memory.state.fill(3);
    resetView(memory.state);
    expect(Array.from(memory.state)).toEqual([1, 0]);
    expect(Array.from(coefficients).every((x) => x === 7)).toBe(true);
  });
});
