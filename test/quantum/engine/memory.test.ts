/**
 * resetView (engine/memory.ts): |0...0> by the zero kernel for states in WebAssembly memory, and by
 * TypedArray.fill for a state shorter than one 16-byte vector, which the kernel would overrun; and
 * resetShare, its slice for one of several threads.
 */
import { allocateEngineMemory, resetShare, resetView } from '../../../lib/quantum/engine';

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

describe('resetShare', () => {
  // ranks in reverse order: a later share must not undo rank 0's amplitude 0
  test.each([
    ['c64', 1],
    ['c64', 3],
    ['r32', 2],
    ['r64', 5],
    ['c32', 7],
  ] as const)('%s, %i shares in any order: |0...0> in WebAssembly memory, nothing outside the state touched', (representation, size) => {
    const memory = allocateEngineMemory({ representation, numQubits: 5, scratchAmplitudes: 0, coefficientVectors: 1 })!;
    const coefficients = memory.coefficients[0]!;
    coefficients.fill(7);
    memory.state.fill(3);
    for (let rank = size - 1; rank >= 0; rank--) resetShare(memory.state, rank, size);
    expect(memory.state[0]).toBe(1);
    expect(memory.state.subarray(1).every((x) => x === 0)).toBe(true);
    expect(Array.from(coefficients).every((x) => x === 7)).toBe(true);
  });

  test('each share zeroes only its own slice; only rank 0 writes amplitude 0', () => {
    const memory = allocateEngineMemory({ representation: 'c64', numQubits: 4, scratchAmplitudes: 0, coefficientVectors: 1 })!;
    memory.state.fill(3);
    resetShare(memory.state, 1, 2);
    // 16 amplitudes, 16 vectors: rank 1 of 2 zeroes amplitudes 8..15 (elements 16..31)
    expect(Array.from(memory.state.subarray(0, 16)).every((x) => x === 3)).toBe(true);
    expect(Array.from(memory.state.subarray(16)).every((x) => x === 0)).toBe(true);
  });

  test('a state in ordinary memory (TypedArray.fill per slice), inside a larger array', () => {
    const backing = new Float64Array(2 + 2 * 8 + 2).fill(9);
    const state = backing.subarray(2, 2 + 2 * 8);
    state.fill(3);
    for (let rank = 2; rank >= 0; rank--) resetShare(state, rank, 3);
    expect(Array.from(state)).toEqual([1, ...new Array(15).fill(0)]);
    expect([backing[0], backing[1], backing[18], backing[19]]).toEqual([9, 9, 9, 9]);
  });
});
