import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as quantum from '../../lib/quantum';
import {
  CircuitError,
  InvalidArgumentError,
  QUANTUM_ERROR_CODES,
  QUANTUM_ERROR_NAMES,
  QuantumError,
  StateTooLargeError,
} from '../../lib/quantum/errors';

describe('quantum errors', () => {
  test.each([
    [new QuantumError('x'), QUANTUM_ERROR_NAMES.quantum, QUANTUM_ERROR_CODES.quantum],
    [new CircuitError('x'), 'CircuitError', 'INVALID_CIRCUIT'],
    [new InvalidArgumentError('x'), 'InvalidArgumentError', 'INVALID_ARGUMENT'],
    [new StateTooLargeError(30, 16 * 2 ** 30, 1024), 'StateTooLargeError', 'STATE_TOO_LARGE'],
  ])('%s has a stable name and code and is a QuantumError', (error, name, code) => {
    expect(error).toBeInstanceOf(QuantumError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(name);
    expect(error.code).toBe(code);
  });

  test('passes cause, path and details on', () => {
    const cause = new Error('root');
    const e = new CircuitError('bad', { cause, path: 'ops[1]', details: { value: 3 } });
    expect(e.cause).toBe(cause);
    expect(e.path).toBe('ops[1]');
    expect(e.details).toEqual({ value: 3 });
  });
});

describe('lib/quantum stays pure', () => {
  const dir = join(__dirname, '../../lib/quantum');

  test('imports only from inside lib/quantum (no node:, no AWS, no other layer)', () => {
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const source = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      for (const spec of specifiers) expect(`${file}: ${spec}`).toMatch(/: \.\/[a-z0-9-]+$/);
    }
  });

  test('the index re-exports the public API', () => {
    for (const name of ['allocateState', 'applyGate', 'compileCircuit', 'CircuitBuilder', 'sampleCounts', 'cvar', 'qaoaCircuit', 'realAmplitudes', 'circuitStats', 'createRng', 'StateTooLargeError']) {
      expect(quantum).toHaveProperty(name);
    }
  });
});
