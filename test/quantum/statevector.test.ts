import { CircuitBuilder } from '../../lib/quantum/builder';
import { param, type Circuit } from '../../lib/quantum/circuit';
import { CircuitError, InvalidArgumentError, QuantumError, StateTooLargeError } from '../../lib/quantum/errors';
import {
  allocateState,
  applyCircuit,
  applyGate,
  compileCircuit,
  norm,
  numQubitsOf,
  probabilities,
  resetState,
} from '../../lib/quantum/statevector';
import { applyDenseCircuit, maxAbsDiff, randomState, zeroState } from '../reference/dense';

const S = Math.SQRT1_2;

describe('allocateState', () => {
  test('returns |0...0> with 2 * 2^n numbers', () => {
    const state = allocateState(3);
    expect(state).toHaveLength(16);
    expect(Array.from(state)).toEqual([1, ...new Array(15).fill(0)]);
    expect(numQubitsOf(state)).toBe(3);
  });

  test('throws a readable StateTooLargeError for 40 qubits and a small budget', () => {
    let error: unknown;
    try {
      allocateState(40, { maxBytes: 1024 * 1024 });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StateTooLargeError);
    expect(error).toBeInstanceOf(QuantumError);
    const e = error as StateTooLargeError;
    expect(e.name).toBe('QPO.StateTooLarge');
    expect(e.code).toBe('STATE_TOO_LARGE');
    expect(e.message).toContain('40 qubits');
    expect(e.message).toContain('17592186044416 bytes (16384 GiB)');
    expect(e.message).toContain('1048576 bytes');
    expect(e).toMatchObject({ numQubits: 40, requiredBytes: 16 * 2 ** 40, maxBytes: 1048576 });
  });

  test('respects the byte budget exactly and the 30-qubit hard limit', () => {
    expect(allocateState(10, { maxBytes: 16 * 1024 })).toHaveLength(2048);
    expect(() => allocateState(11, { maxBytes: 16 * 1024 })).toThrow(StateTooLargeError);
    expect(() => allocateState(31, { maxBytes: Number.MAX_VALUE })).toThrow(/at most 17179869184 bytes \(16 GiB\)/);
  });

  test('rejects a qubit count that is not a positive integer', () => {
    expect(() => allocateState(0)).toThrow(InvalidArgumentError);
    expect(() => allocateState(2.5)).toThrow(/numQubits: 2.5 is out of range/);
  });
});

describe('state helpers', () => {
  test('resetState, probabilities and norm', () => {
    const state = randomState(3, 5);
    expect(norm(state)).toBeCloseTo(1, 14);
    const p = probabilities(state);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 14);
    const out = new Float64Array(8);
    expect(probabilities(state, out)).toBe(out);
    expect(() => probabilities(state, new Float64Array(4))).toThrow(InvalidArgumentError);
    resetState(state);
    expect(Array.from(probabilities(state))).toEqual([1, 0, 0, 0, 0, 0, 0, 0]);
  });

  test('numQubitsOf rejects a length that is not 2 * 2^n', () => {
    expect(() => numQubitsOf(new Float64Array(6))).toThrow(InvalidArgumentError);
  });
});

describe('analytic states', () => {
  test('H on every qubit gives uniform probabilities', () => {
    const n = 5;
    const b = new CircuitBuilder(n);
    for (let q = 0; q < n; q++) b.h(q);
    const state = allocateState(n);
    applyCircuit(state, b.build());
    for (const p of probabilities(state)) expect(p).toBeCloseTo(1 / 32, 15);
  });

  test('Bell state (|00> + |11>)/√2', () => {
    const state = allocateState(2);
    applyCircuit(state, new CircuitBuilder(2).h(0).cx(0, 1).build());
    expect(maxAbsDiff(state, [S, 0, 0, 0, 0, 0, S, 0])).toBeLessThan(1e-15);
  });

  test('GHZ state on 4 qubits, measurements ignored', () => {
    const circuit = new CircuitBuilder(4).h(0).cx(0, 1).cx(1, 2).cx(2, 3).measureAll().build();
    const state = allocateState(4);
    applyCircuit(state, circuit);
    const p = probabilities(state);
    expect(p[0]).toBeCloseTo(0.5, 15);
    expect(p[15]).toBeCloseTo(0.5, 15);
    expect(p.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 15);
  });

  test('rx(π) = -i X', () => {
    const start = randomState(3, 11);
    const a = Float64Array.from(start);
    applyGate(a, 3, 'rx', [1], [Math.PI]);
    const b = Float64Array.from(start);
    applyGate(b, 3, 'x', [1]);
    const minusIb = new Float64Array(b.length);
    for (let k = 0; k < b.length / 2; k++) {
      minusIb[2 * k] = b[2 * k + 1]!;
      minusIb[2 * k + 1] = -b[2 * k]!;
    }
    expect(maxAbsDiff(a, minusIb)).toBeLessThan(1e-15);
  });

  test('QFT of |5> on 3 qubits gives e^{2πi·5k/8}/√8', () => {
    const n = 3;
    const N = 2 ** n;
    const x = 5;
    const b = new CircuitBuilder(n);
    for (let q = 0; q < n; q++) if ((x >> q) & 1) b.x(q);
    for (let j = n - 1; j >= 0; j--) {
      b.h(j);
      for (let k = j - 1; k >= 0; k--) b.cp(Math.PI / 2 ** (j - k), j, k);
    }
    for (let q = 0; q < Math.floor(n / 2); q++) b.swap(q, n - 1 - q);
    const state = allocateState(n);
    applyCircuit(state, b.build());
    const expected: number[] = [];
    for (let k = 0; k < N; k++) {
      const phase = (2 * Math.PI * x * k) / N;
      expected.push(Math.cos(phase) / Math.sqrt(N), Math.sin(phase) / Math.sqrt(N));
    }
    expect(maxAbsDiff(state, expected)).toBeLessThan(1e-14);
  });
});

describe('applyGate validates at the boundary', () => {
  const state = allocateState(2);
  test.each([
    ['qubit out of range', () => applyGate(state, 2, 'x', [2]), /qubits\[0\]: 2 is out of range; must be an integer between 0 and 1/],
    ['wrong angle count', () => applyGate(state, 2, 'rx', [0]), /rx takes 1 parameter/],
    ['unknown gate', () => applyGate(state, 2, 'foo' as never, [0]), /unknown gate "foo"/],
    ['repeated qubit', () => applyGate(state, 2, 'cx', [1, 1]), /used twice/],
  ])('%s', (_label, act, message) => {
    expect(act).toThrow(CircuitError);
    expect(act).toThrow(message);
  });

  test('state size mismatch', () => {
    expect(() => applyGate(state, 3, 'x', [0])).toThrow(InvalidArgumentError);
  });
});

describe('compileCircuit', () => {
  const b = new CircuitBuilder(3);
  const [a0, a1] = b.parameterVector('θ', 2);
  const circuit: Circuit = b
    .h(0)
    .ry(a0!, 1)
    .cx(0, 2)
    .rzz(param(1, -2, 0.25), 1, 2)
    .u(a1!, 0.3, param(0, 0.5), 0)
    .id(1)
    .barrier()
    .crx(a1!, 2, 0)
    .build();

  test('re-binding parameters matches the dense oracle for each parameter vector', () => {
    const compiled = compileCircuit(circuit);
    expect(compiled).toMatchObject({ numQubits: 3, numParameters: 2, numGates: 6 });
    for (const params of [[0.1, 0.2], [1.5, -0.7], [0, 0]]) {
      const state = allocateState(3);
      compiled.run(state, params);
      expect(maxAbsDiff(state, applyDenseCircuit(zeroState(3), circuit, params))).toBeLessThan(1e-13);
    }
  });

  test('checks the state and parameter sizes', () => {
    const compiled = compileCircuit(circuit);
    expect(() => compiled.run(allocateState(2), [0, 0])).toThrow(/state.length: 8 must be 16/);
    expect(() => compiled.run(allocateState(3), [0])).toThrow(/params.length: 1 is too short/);
  });

  test('rejects an invalid circuit once, at compile time', () => {
    const bad = { ...circuit, ops: [{ kind: 'gate', name: 'cx', qubits: [0, 3], params: [] }] } as unknown as Circuit;
    expect(() => compileCircuit(bad)).toThrow(/ops\[0\]\.qubits\[1\]: 3 is out of range/);
  });
});
