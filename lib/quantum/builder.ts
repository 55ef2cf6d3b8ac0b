/**
 * Building and validating circuits (`Circuit` plain data, see circuit.ts).
 *
 * `CircuitBuilder` is a small fluent builder with one method per gate of GATE_ARITY, Qiskit's
 * argument order (angles first, then qubits, controls before targets: `rx(θ, q)`, `cp(λ, c, t)`,
 * `u(θ, φ, λ, q)`), plus `measure`, `measureAll` and `barrier`. `validateCircuit` checks a circuit
 * that arrived as data (JSON, QASM import). Both use the same per-operation check, the one place
 * that knows the rules; it throws `CircuitError` whose `path` names the bad field, e.g.
 * `ops[3].qubits[1]: 5 is out of range; must be an integer between 0 and 3`.
 *
 * @example
 * const b = new CircuitBuilder(2);
 * const [theta] = b.parameterVector('θ', 1);
 * const bell = b.h(0).cx(0, 1).ry(theta!, 1).measureAll().build();
 */
import {
  GATE_ARITY,
  param,
  type Angle,
  type Circuit,
  type GateName,
  type Operation,
  type ParamRef,
} from './circuit';
import { CircuitError } from './errors';

/** Largest register the IR accepts (the simulator's own limit is lower, see statevector.ts). */
const MAX_IR_QUBITS = 1024;

interface Scope {
  readonly numQubits: number;
  readonly numClbits: number;
  readonly numParameters: number;
}

/** True when `name` is a gate of GATE_ARITY. */
export function isGateName(name: unknown): name is GateName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(GATE_ARITY, name);
}

function fail(path: string, message: string, details?: Record<string, unknown>): never {
  throw new CircuitError(`${path}: ${message}`, { path, ...(details === undefined ? {} : { details }) });
}

function checkIndex(value: unknown, size: number, path: string, what: string): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value >= size) {
    const range = size > 0 ? `must be an integer between 0 and ${size - 1}` : `the circuit has no ${what}`;
    fail(path, `${String(value)} is out of range; ${range}`, { value, min: 0, max: size - 1 });
  }
}

function checkDistinct(qubits: readonly number[], path: string): void {
  for (let i = 0; i < qubits.length; i++) {
    for (let j = 0; j < i; j++) {
      if (qubits[i] === qubits[j]) fail(`${path}[${i}]`, `qubit ${qubits[i]} is used twice; qubits must be distinct`);
    }
  }
}

function checkAngle(angle: unknown, numParameters: number, path: string): void {
  if (typeof angle === 'number') {
    if (!Number.isFinite(angle)) fail(path, `${angle} is not a finite angle in radians`);
    return;
  }
  const ref = angle as Partial<ParamRef> | null;
  if (ref === null || typeof ref !== 'object' || ref.kind !== 'param') {
    fail(path, 'must be a number (radians) or a parameter reference { kind: "param", index, scale, offset }');
  }
  checkIndex(ref.index, numParameters, `${path}.index`, 'parameters');
  if (typeof ref.scale !== 'number' || !Number.isFinite(ref.scale)) fail(`${path}.scale`, 'must be a finite number');
  if (typeof ref.offset !== 'number' || !Number.isFinite(ref.offset)) fail(`${path}.offset`, 'must be a finite number');
}

/** Check one operation against the circuit's sizes. Throws CircuitError. */
function checkOperation(op: unknown, path: string, scope: Scope): void {
  const o = op as Partial<Operation> | null;
  if (o === null || typeof o !== 'object') fail(path, 'must be an operation object');
  switch (o.kind) {
    case 'gate': {
      const name: unknown = o.name;
      if (!isGateName(name)) {
        fail(`${path}.name`, `unknown gate ${JSON.stringify(name)}; must be one of ${Object.keys(GATE_ARITY).join(', ')}`);
      }
      const arity = GATE_ARITY[name];
      const qubits: unknown = o.qubits;
      if (!Array.isArray(qubits) || qubits.length !== arity.qubits) {
        fail(`${path}.qubits`, `${name} acts on ${arity.qubits} qubit(s); got ${Array.isArray(qubits) ? qubits.length : String(qubits)}`);
      }
      qubits.forEach((q: unknown, i) => checkIndex(q, scope.numQubits, `${path}.qubits[${i}]`, 'qubits'));
      checkDistinct(qubits as number[], `${path}.qubits`);
      const params: unknown = o.params;
      if (!Array.isArray(params) || params.length !== arity.params) {
        fail(`${path}.params`, `${name} takes ${arity.params} parameter(s); got ${Array.isArray(params) ? params.length : String(params)}`);
      }
      params.forEach((a: unknown, i) => checkAngle(a, scope.numParameters, `${path}.params[${i}]`));
      return;
    }
    case 'measure':
      checkIndex(o.qubit, scope.numQubits, `${path}.qubit`, 'qubits');
      checkIndex(o.clbit, scope.numClbits, `${path}.clbit`, 'classical bits');
      return;
    case 'barrier': {
      const qubits: unknown = o.qubits;
      if (!Array.isArray(qubits)) fail(`${path}.qubits`, 'must be an array of qubit indices');
      qubits.forEach((q: unknown, i) => checkIndex(q, scope.numQubits, `${path}.qubits[${i}]`, 'qubits'));
      checkDistinct(qubits as number[], `${path}.qubits`);
      return;
    }
    default:
      fail(`${path}.kind`, `unknown operation kind ${JSON.stringify(o.kind)}; must be gate, measure or barrier`);
  }
}

function checkCount(value: unknown, path: string, min: number, max: number): void {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `${String(value)} is out of range; must be an integer between ${min} and ${max}`, { value, min, max });
  }
}

/**
 * Validate a circuit that arrived as data: sizes, gate names, arities, qubit/clbit ranges, distinct
 * qubits, parameter references. Throws CircuitError naming the first bad field; returns the
 * circuit typed as `Circuit` otherwise.
 */
export function validateCircuit(circuit: unknown): Circuit {
  const c = circuit as Partial<Circuit> | null;
  if (c === null || typeof c !== 'object' || c.kind !== 'circuit') fail('kind', 'must be "circuit"');
  checkCount(c.numQubits, 'numQubits', 1, MAX_IR_QUBITS);
  checkCount(c.numClbits, 'numClbits', 0, Number.MAX_SAFE_INTEGER);
  const parameters: unknown = c.parameters;
  if (!Array.isArray(parameters)) fail('parameters', 'must be an array of parameter names');
  const seen = new Set<string>();
  parameters.forEach((name: unknown, i) => {
    if (typeof name !== 'string' || name.length === 0) fail(`parameters[${i}]`, 'must be a non-empty string');
    if (seen.has(name)) fail(`parameters[${i}]`, `duplicate parameter name ${JSON.stringify(name)}`);
    seen.add(name);
  });
  const ops: unknown = c.ops;
  if (!Array.isArray(ops)) fail('ops', 'must be an array of operations');
  const scope: Scope = {
    numQubits: c.numQubits as number,
    numClbits: c.numClbits as number,
    numParameters: parameters.length,
  };
  ops.forEach((op: unknown, i) => checkOperation(op, `ops[${i}]`, scope));
  return c as Circuit;
}

/** Fluent builder of `Circuit` data; every method validates its operation immediately. */
export class CircuitBuilder {
  readonly numQubits: number;
  private numClbits: number;
  private readonly parameters: string[];
  private readonly ops: Operation[] = [];

  /**
   * @param numQubits register size, an integer >= 1
   * @param options.numClbits classical bits available to `measure` (@default 0)
   * @param options.parameters parameter names declared up front (@default [])
   */
  constructor(numQubits: number, options: { numClbits?: number; parameters?: readonly string[] } = {}) {
    checkCount(numQubits, 'numQubits', 1, MAX_IR_QUBITS);
    const numClbits = options.numClbits ?? 0;
    checkCount(numClbits, 'numClbits', 0, Number.MAX_SAFE_INTEGER);
    this.numQubits = numQubits;
    this.numClbits = numClbits;
    this.parameters = [];
    for (const name of options.parameters ?? []) this.parameter(name);
  }

  /** Declare a parameter (appended to `Circuit.parameters`) and return a reference to it. */
  parameter(name: string): ParamRef {
    if (typeof name !== 'string' || name.length === 0) fail('parameters', 'a parameter name must be a non-empty string');
    if (this.parameters.includes(name)) fail('parameters', `duplicate parameter name ${JSON.stringify(name)}`);
    this.parameters.push(name);
    return param(this.parameters.length - 1);
  }

  /** Declare `length` parameters named `prefix[0]`, ..., `prefix[length-1]` (Qiskit ParameterVector). */
  parameterVector(prefix: string, length: number): ParamRef[] {
    checkCount(length, 'length', 0, Number.MAX_SAFE_INTEGER);
    const refs: ParamRef[] = [];
    for (let i = 0; i < length; i++) refs.push(this.parameter(`${prefix}[${i}]`));
    return refs;
  }

  private push(op: Operation): this {
    checkOperation(op, `ops[${this.ops.length}]`, {
      numQubits: this.numQubits,
      numClbits: this.numClbits,
      numParameters: this.parameters.length,
    });
    this.ops.push(op);
    return this;
  }

  /** Append any gate of GATE_ARITY by name: `gate('crx', [control, target], [θ])`. */
  gate(name: GateName, qubits: readonly number[], params: readonly Angle[] = []): this {
    return this.push({ kind: 'gate', name, qubits: [...qubits], params: [...params] });
  }

  id(q: number): this { return this.gate('id', [q]); }
  h(q: number): this { return this.gate('h', [q]); }
  x(q: number): this { return this.gate('x', [q]); }
  y(q: number): this { return this.gate('y', [q]); }
  z(q: number): this { return this.gate('z', [q]); }
  s(q: number): this { return this.gate('s', [q]); }
  sdg(q: number): this { return this.gate('sdg', [q]); }
  t(q: number): this { return this.gate('t', [q]); }
  tdg(q: number): this { return this.gate('tdg', [q]); }
  sx(q: number): this { return this.gate('sx', [q]); }
  sxdg(q: number): this { return this.gate('sxdg', [q]); }
  rx(theta: Angle, q: number): this { return this.gate('rx', [q], [theta]); }
  ry(theta: Angle, q: number): this { return this.gate('ry', [q], [theta]); }
  rz(phi: Angle, q: number): this { return this.gate('rz', [q], [phi]); }
  p(lambda: Angle, q: number): this { return this.gate('p', [q], [lambda]); }
  u(theta: Angle, phi: Angle, lambda: Angle, q: number): this { return this.gate('u', [q], [theta, phi, lambda]); }
  cx(control: number, target: number): this { return this.gate('cx', [control, target]); }
  cy(control: number, target: number): this { return this.gate('cy', [control, target]); }
  cz(control: number, target: number): this { return this.gate('cz', [control, target]); }
  ch(control: number, target: number): this { return this.gate('ch', [control, target]); }
  cp(lambda: Angle, control: number, target: number): this { return this.gate('cp', [control, target], [lambda]); }
  crx(theta: Angle, control: number, target: number): this { return this.gate('crx', [control, target], [theta]); }
  cry(theta: Angle, control: number, target: number): this { return this.gate('cry', [control, target], [theta]); }
  crz(theta: Angle, control: number, target: number): this { return this.gate('crz', [control, target], [theta]); }
  rzz(theta: Angle, a: number, b: number): this { return this.gate('rzz', [a, b], [theta]); }
  rxx(theta: Angle, a: number, b: number): this { return this.gate('rxx', [a, b], [theta]); }
  ryy(theta: Angle, a: number, b: number): this { return this.gate('ryy', [a, b], [theta]); }
  swap(a: number, b: number): this { return this.gate('swap', [a, b]); }
  ecr(a: number, b: number): this { return this.gate('ecr', [a, b]); }
  ccx(control1: number, control2: number, target: number): this { return this.gate('ccx', [control1, control2, target]); }
  cswap(control: number, a: number, b: number): this { return this.gate('cswap', [control, a, b]); }

  /** Measure `qubit` into classical bit `clbit` (< numClbits). */
  measure(qubit: number, clbit: number): this {
    return this.push({ kind: 'measure', qubit, clbit });
  }

  /**
   * Qiskit's `measure_all`: adds `numQubits` new classical bits, a barrier on every qubit (unless
   * `addBarrier` is false) and measures qubit i into new clbit `offset + i`.
   */
  measureAll(options: { addBarrier?: boolean } = {}): this {
    const offset = this.numClbits;
    this.numClbits += this.numQubits;
    if (options.addBarrier ?? true) this.barrier();
    for (let q = 0; q < this.numQubits; q++) this.measure(q, offset + q);
    return this;
  }

  /** A barrier on the given qubits, or on all qubits when none are given. Does not change the state. */
  barrier(...qubits: number[]): this {
    const all = qubits.length === 0 ? Array.from({ length: this.numQubits }, (_, i) => i) : qubits;
    return this.push({ kind: 'barrier', qubits: all });
  }

  /** The circuit built so far, as fresh plain data (the builder can keep going). */
  build(): Circuit {
    return {
      kind: 'circuit',
      numQubits: this.numQubits,
      numClbits: this.numClbits,
      parameters: [...this.parameters],
      ops: this.ops.map(copyOperation),
    };
  }
}

function copyOperation(op: Operation): Operation {
  switch (op.kind) {
    case 'gate':
      return { kind: 'gate', name: op.name, qubits: [...op.qubits], params: op.params.map((a) => (typeof a === 'number' ? a : { ...a })) };
    case 'measure':
      return { ...op };
    case 'barrier':
      return { kind: 'barrier', qubits: [...op.qubits] };
  }
}
