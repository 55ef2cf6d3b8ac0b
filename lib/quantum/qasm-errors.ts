/**
 * The error of the OpenQASM importer: a CircuitError (code INVALID_CIRCUIT, a user error) with the
 * line and column (1-based) of the offending token, e.g. `line 7, column 1: unknown gate 'foo'`.
 */
import { CircuitError } from './errors';

export class QasmSyntaxError extends CircuitError {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(`line ${line}, column ${column}: ${message}`, { path: 'qasm', details: { line, column } });
    this.line = line;
    this.column = column;
  }
}
