/**
 * Errors of the quantum core. Each class has a stable public `name` (Lambda reports it as
 * `errorType`; Step Functions `Retry`/`Catch` match it) and a stable machine-readable `code`.
 * Both are exported as constants so the code that throws and the code that catches share them.
 *
 * The names and codes come from the error catalogue (lib/contracts/errors.ts), the only module
 * this one imports.
 */
import { errorNameOf, QpoError } from '../contracts/errors';

/** Public error names, shared with whatever matches on them. */
export const QUANTUM_ERROR_NAMES = {
  quantum: errorNameOf('QUANTUM_ERROR'),
  stateTooLarge: errorNameOf('STATE_TOO_LARGE'),
  circuit: errorNameOf('INVALID_CIRCUIT'),
  invalidArgument: errorNameOf('INVALID_ARGUMENT'),
} as const;

/** Stable error codes. */
export const QUANTUM_ERROR_CODES = {
  quantum: 'QUANTUM_ERROR',
  stateTooLarge: 'STATE_TOO_LARGE',
  circuit: 'INVALID_CIRCUIT',
  invalidArgument: 'INVALID_ARGUMENT',
} as const;

export type QuantumErrorCode = (typeof QUANTUM_ERROR_CODES)[keyof typeof QUANTUM_ERROR_CODES];

export interface QuantumErrorOptions {
  /** The underlying error, passed on unchanged. */
  readonly cause?: unknown;
  /** Where in the input the problem is, e.g. `ops[3].qubits[1]`. */
  readonly path?: string;
  /** Extra machine-readable facts (bad value, valid range, ...). */
  readonly details?: Readonly<Record<string, unknown>>;
}

/** Base class of every error thrown by `lib/quantum`. */
export class QuantumError extends QpoError {
  declare readonly code: QuantumErrorCode;

  constructor(message: string, code: QuantumErrorCode = QUANTUM_ERROR_CODES.quantum, options: QuantumErrorOptions = {}) {
    super(code, message, options);
  }
}

const BYTES_PER_GIB = 1024 ** 3;

function gib(bytes: number): string {
  const value = bytes / BYTES_PER_GIB;
  return String(value >= 1 ? Number(value.toFixed(2)) : Number(value.toPrecision(2)));
}

/**
 * The state vector of `numQubits` qubits (16 * 2^n bytes: two float64 per amplitude) does not fit
 * the memory budget `maxBytes`, or n exceeds the simulator's hard limit.
 *
 * Example message: `cannot simulate 40 qubits: the state vector needs 17592186044416 bytes
 * (16384 GiB) but at most 1048576 bytes (0.00098 GiB) are allowed`.
 */
export class StateTooLargeError extends QuantumError {
  readonly numQubits: number;
  readonly requiredBytes: number;
  readonly maxBytes: number;

  constructor(
    numQubits: number,
    requiredBytes: number,
    maxBytes: number,
    options: QuantumErrorOptions & { what?: string } = {},
  ) {
    super(
      `cannot simulate ${numQubits} qubits: ${options.what ?? 'the state vector'} would take ${requiredBytes} bytes ` +
        `(${gib(requiredBytes)} GiB) but at most ${maxBytes} bytes (${gib(maxBytes)} GiB) are allowed`,
      QUANTUM_ERROR_CODES.stateTooLarge,
      { path: 'numQubits', ...options, details: { numQubits, requiredBytes, maxBytes, ...options.details } },
    );
    this.numQubits = numQubits;
    this.requiredBytes = requiredBytes;
    this.maxBytes = maxBytes;
  }
}

/** An invalid circuit: qubit out of range, wrong parameter count, unknown gate, bad clbit, ... */
export class CircuitError extends QuantumError {
  constructor(message: string, options: QuantumErrorOptions = {}) {
    super(message, QUANTUM_ERROR_CODES.circuit, options);
  }
}

/** A bad argument to a public function of the core (shots, alpha, seed, array lengths, ...). */
export class InvalidArgumentError extends QuantumError {
  constructor(message: string, options: QuantumErrorOptions = {}) {
    super(message, QUANTUM_ERROR_CODES.invalidArgument, options);
  }
}
