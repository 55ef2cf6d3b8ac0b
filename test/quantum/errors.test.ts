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
    [new CircuitError('x'), 'QPO.InvalidCircuit', 'INVALID_CIRCUIT'],
    [new InvalidArgumentError('x'), 'QPO.InvalidArgument', 'INVALID_ARGUMENT'],
    [new StateTooLargeError(30, 16 * 2 ** 30, 1024), 'QPO.StateTooLarge', 'STATE_TOO_LARGE'],
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

  test('imports only from inside lib/quantum and the error catalogue (no node:, no AWS, no other layer)', () => {
    const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
    for (const file of files) {
      const source = readFileSync(join(dir, file), 'utf8');
      const specifiers = [...source.matchAll(/from\s+'([^']+)'/g)].map((m) => m[1]);
      // ./sibling, or ../sibling from a subfolder (never above lib/quantum)
      const pattern = file.includes('/') ? /: \.\.?\/[a-z0-9-]+$/ : /: \.\/[a-z0-9-]+(\/index)?$/;
      for (const spec of specifiers.filter((x) => !/^(\.\.\/)+contracts\/errors$/.test(x!))) expect(`${file}: ${spec}`).toMatch(pattern);
    }
  });

  test('the index re-exports the public API', () => {
    for (const name of ['allocateState', 'applyGate', 'compileCircuit', 'CircuitBuilder', 'sampleCounts', 'cvar', 'qaoaCircuit', 'realAmplitudes', 'circuitStats', 'createRng', 'StateTooLargeError']) {
      expect(quantum).toHaveProperty(name);
    }
  });
});
