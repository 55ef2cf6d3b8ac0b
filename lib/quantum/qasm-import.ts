/**
 * OpenQASM 2.0 import (Cross, Bishop, Smolin, Gambetta, "Open Quantum Assembly Language",
 * arXiv:1707.03429): `qreg`/`creg` (several registers, concatenated in declaration order, the first
 * declared at the lowest indices as in Qiskit), qelib1.inc gates, user `gate` definitions (expanded,
 * nested), register broadcast, `measure a -> b`, `barrier`. It also reads the OpenQASM 3 subset that
 * qasm3.ts `toQasm3` writes (`qubit[n] q;`, `bit[n] c;`, `input float[64] x;` parameters, stdgates
 * names, `c[i] = measure q[j];`, physical qubits `$k`), so import -> export -> import round-trips.
 * `reset`, `if`, `opaque` and gate modifiers are rejected. Pure: takes the program text.
 *
 * @throws QasmSyntaxError (a CircuitError, code INVALID_CIRCUIT) with the line and column
 */
import { type Circuit, type GateOp, type Operation } from './circuit';
import { validateCircuit } from './builder';
import { evaluate, parseExpr, toAngle, type Affine, type Cursor, type Expr } from './qasm-expr';
import { QasmSyntaxError } from './qasm-errors';
import { DEFINED_GATES, NATIVE_GATES } from './qasm-library';
import { tokenize, type Token } from './qasm-lexer';

export interface QasmRegister {
  readonly name: string;
  /** Index of its first (qu)bit in the circuit. */
  readonly start: number;
  readonly size: number;
}

export interface QasmProgram {
  readonly version: string;
  readonly circuit: Circuit;
  readonly qubitRegisters: readonly QasmRegister[];
  readonly clbitRegisters: readonly QasmRegister[];
}

interface GateCall {
  readonly name: string;
  readonly args: readonly Expr[];
  readonly qubits: readonly string[];
  readonly at: Token;
}

interface GateDef {
  readonly params: readonly string[];
  readonly qubits: readonly string[];
  readonly body: readonly GateCall[];
}

/** An argument: a whole register or one (qu)bit of it. */
interface Arg {
  readonly name: string;
  readonly index: number | undefined;
  readonly at: Token;
}

const MAX_EXPANSION_DEPTH = 64;

class TokenCursor implements Cursor {
  private pos = 0;
  constructor(private readonly tokens: readonly Token[]) {}
  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.peek();
    if (this.pos < this.tokens.length - 1) this.pos++;
    return t;
  }
  accept(text: string): boolean {
    if (this.peek().text !== text || this.peek().kind === 'string') return false;
    this.next();
    return true;
  }
  expect(text: string): Token {
    const t = this.peek();
    if (t.text !== text || t.kind === 'string') throw new QasmSyntaxError(`expected '${text}', found '${t.text || 'end of file'}'`, t.line, t.column);
    return this.next();
  }
  identifier(what: string): Token {
    const t = this.peek();
    if (t.kind !== 'id') throw new QasmSyntaxError(`expected ${what}, found '${t.text || 'end of file'}'`, t.line, t.column);
    return this.next();
  }
  integer(what: string): number {
    const t = this.peek();
    if (t.kind !== 'number' || !/^\d+$/.test(t.text)) throw new QasmSyntaxError(`expected ${what} (a non-negative integer), found '${t.text || 'end of file'}'`, t.line, t.column);
    this.next();
    return Number(t.text);
  }
}

const fail = (at: Token, why: string): never => {
  throw new QasmSyntaxError(why, at.line, at.column);
};

class QasmParser {
  private readonly c: TokenCursor;
  private readonly gates = new Map<string, GateDef>();
  private readonly qregs = new Map<string, QasmRegister>();
  private readonly cregs = new Map<string, QasmRegister>();
  private numQubits = 0;
  private numClbits = 0;
  private physicalQubits = 0;
  private readonly parameters: string[] = [];
  private readonly paramEnv = new Map<string, Affine>();
  private readonly ops: Operation[] = [];
  version = '';

  constructor(source: string) {
    this.c = new TokenCursor(tokenize(source));
    const library = new TokenCursor(tokenize(DEFINED_GATES));
    while (library.peek().kind !== 'eof') this.gateDefinition(library);
  }

  parse(): QasmProgram {
    const c = this.c;
    const head = c.peek();
    if (head.text !== 'OPENQASM') fail(head, "a program must start with 'OPENQASM 2.0;' (or 'OPENQASM 3.0;')");
    c.next();
    const v = c.next();
    if (v.kind !== 'number' || !/^[23](\.\d+)?$/.test(v.text)) fail(v, `unsupported OpenQASM version '${v.text}'; expected 2.0 or 3.0`);
    this.version = v.text;
    c.expect(';');
    while (c.peek().kind !== 'eof') this.statement();
    const circuit = validateCircuit({
      kind: 'circuit',
      numQubits: Math.max(this.numQubits, this.physicalQubits),
      numClbits: this.numClbits,
      parameters: this.parameters,
      ops: this.ops,
    });
    return { version: this.version, circuit, qubitRegisters: [...this.qregs.values()], clbitRegisters: [...this.cregs.values()] };
  }

  private statement(): void {
    const c = this.c;
    const t = c.peek();
    switch (t.text) {
      case 'include': {
        c.next();
        const file = c.next();
        if (file.kind !== 'string') fail(file, 'expected a file name in quotes after include');
        if (file.text !== 'qelib1.inc' && file.text !== 'stdgates.inc') fail(file, `cannot include '${file.text}': only "qelib1.inc" and "stdgates.inc" (built in) are available`);
        c.expect(';');
        return;
      }
      case 'qreg':
      case 'creg': {
        c.next();
        const name = c.identifier('a register name');
        c.expect('[');
        const size = c.integer('a register size');
        c.expect(']');
        c.expect(';');
        this.declare(t.text === 'qreg', name, size);
        return;
      }
      case 'qubit':
      case 'bit': {
        c.next();
        let size = 1;
        if (c.accept('[')) {
          size = c.integer('a register size');
          c.expect(']');
        }
        const name = c.identifier('a register name');
        if (c.peek().text === '=' && t.text === 'bit') {
          // bit[n] c = measure q;
          this.declare(false, name, size);
          c.next();
          this.measure3([{ name: name.text, index: undefined, at: name }]);
          return;
        }
        c.expect(';');
        this.declare(t.text === 'qubit', name, size);
        return;
      }
      case 'input': {
        c.next();
        const type = c.identifier('a type');
        if (type.text !== 'float' && type.text !== 'angle') fail(type, `input parameters must be 'float' or 'angle', not '${type.text}'`);
        if (c.accept('[')) {
          c.integer('a bit width');
          c.expect(']');
        }
        const name = c.identifier('a parameter name');
        if (this.paramEnv.has(name.text)) fail(name, `parameter '${name.text}' is declared twice`);
        c.expect(';');
        this.paramEnv.set(name.text, { index: this.parameters.length, scale: 1, offset: 0 });
        this.parameters.push(name.text);
        return;
      }
      case 'gate':
        this.gateDefinition(c);
        return;
      case 'measure': {
        c.next();
        const from = this.argument(c);
        c.expect('->');
        const to = this.argument(c);
        c.expect(';');
        this.measurePairs(from, to);
        return;
      }
      case 'barrier': {
        c.next();
        const args = this.argumentList(c);
        c.expect(';');
        const qubits = args.flatMap((a) => this.qubitsOf(a));
        this.ops.push({ kind: 'barrier', qubits: [...new Set(qubits)] });
        return;
      }
      case 'reset':
      case 'if':
      case 'opaque':
      case 'while':
      case 'for':
        fail(t, `'${t.text}' is not supported: only unitary gates, barriers and terminal measurements are simulated`);
        return;
      case 'OPENQASM':
        fail(t, 'OPENQASM may appear only once, at the start');
        return;
      default:
        break;
    }
    if (t.kind === 'id' && (c.peek(1).text === '=' || (c.peek(1).text === '[' && c.peek(4).text === '='))) {
      // OpenQASM 3: c[i] = measure q[j];  or  c = measure q;
      const target = this.argument(c);
      c.expect('=');
      this.measure3([target]);
      return;
    }
    if (t.kind !== 'id') fail(t, `expected a statement, found '${t.text}'`);
    this.gateStatement();
  }

  private declare(quantum: boolean, name: Token, size: number): void {
    if (this.qregs.has(name.text) || this.cregs.has(name.text) || this.paramEnv.has(name.text)) fail(name, `'${name.text}' is declared twice`);
    if (size < 1) fail(name, `register '${name.text}' must have at least one bit`);
    if (quantum) {
      this.qregs.set(name.text, { name: name.text, start: this.numQubits, size });
      this.numQubits += size;
    } else {
      this.cregs.set(name.text, { name: name.text, start: this.numClbits, size });
      this.numClbits += size;
    }
  }

  private measure3(targets: Arg[]): void {
    const c = this.c;
    const m = c.identifier("'measure'");
    if (m.text !== 'measure') fail(m, `expected 'measure', found '${m.text}'`);
    const from = this.argument(c);
    c.expect(';');
    this.measurePairs(from, targets[0]!);
  }

  private measurePairs(from: Arg, to: Arg): void {
    const qubits = this.qubitsOf(from);
    const clbits = this.clbitsOf(to);
    if (qubits.length !== clbits.length) fail(to.at, `measure: ${qubits.length} qubit(s) into ${clbits.length} bit(s); the sizes must match`);
    qubits.forEach((q, k) => this.ops.push({ kind: 'measure', qubit: q, clbit: clbits[k]! }));
  }

  private argument(c: TokenCursor): Arg {
    if (c.peek().text === '$') {
      const at = c.next();
      const k = c.integer('a physical qubit number');
      return { name: '$', index: k, at };
    }
    const name = c.identifier('a register');
    let index: number | undefined;
    if (c.accept('[')) {
      index = c.integer('an index');
      c.expect(']');
    }
    return { name: name.text, index, at: name };
  }

  private argumentList(c: TokenCursor): Arg[] {
    const args = [this.argument(c)];
    while (c.accept(',')) args.push(this.argument(c));
    return args;
  }

  private bitsOf(arg: Arg, registers: ReadonlyMap<string, QasmRegister>, kind: string): number[] {
    const reg = registers.get(arg.name);
    if (!reg) return fail(arg.at, `unknown ${kind} register '${arg.name}'`);
    if (arg.index === undefined) return Array.from({ length: reg.size }, (_, i) => reg.start + i);
    if (arg.index >= reg.size) fail(arg.at, `${arg.name}[${arg.index}] is out of range; '${arg.name}' has ${reg.size} ${kind}s`);
    return [reg.start + arg.index];
  }

  private qubitsOf(arg: Arg): number[] {
    if (arg.name === '$') {
      if (this.qregs.size > 0) fail(arg.at, 'physical qubits ($k) cannot be mixed with qubit registers');
      this.physicalQubits = Math.max(this.physicalQubits, arg.index! + 1);
      return [arg.index!];
    }
    return this.bitsOf(arg, this.qregs, 'qubit');
  }

  private clbitsOf(arg: Arg): number[] {
    return this.bitsOf(arg, this.cregs, 'bit');
  }

  private gateDefinition(c: TokenCursor): void {
    c.expect('gate');
    const name = c.identifier('a gate name');
    const params: string[] = [];
    if (c.accept('(')) {
      if (!c.accept(')')) {
        do params.push(c.identifier('a parameter name').text);
        while (c.accept(','));
        c.expect(')');
      }
    }
    const qubits: string[] = [];
    do qubits.push(c.identifier('a qubit argument name').text);
    while (c.accept(','));
    c.expect('{');
    const body: GateCall[] = [];
    while (!c.accept('}')) {
      const at = c.identifier("a gate call or '}'");
      if (at.text === 'barrier') {
        do c.identifier('a qubit argument');
        while (c.accept(','));
        c.expect(';');
        continue;
      }
      const args = this.callArguments(c);
      const targets: Token[] = [];
      do targets.push(c.identifier('a qubit argument'));
      while (c.accept(','));
      c.expect(';');
      for (const q of targets) if (!qubits.includes(q.text)) fail(q, `'${q.text}' is not an argument of gate '${name.text}'`);
      body.push({ name: at.text, args, qubits: targets.map((q) => q.text), at });
    }
    this.gates.set(name.text, { params, qubits, body });
  }

  private callArguments(c: TokenCursor): Expr[] {
    const args: Expr[] = [];
    if (c.accept('(')) {
      if (!c.accept(')')) {
        do args.push(parseExpr(c));
        while (c.accept(','));
        c.expect(')');
      }
    }
    return args;
  }

  private gateStatement(): void {
    const c = this.c;
    const at = c.next();
    if (c.peek().text === '@') fail(c.peek(), 'gate modifiers (ctrl @, inv @, pow @) are not supported');
    const exprs = this.callArguments(c);
    const args = this.argumentList(c);
    c.expect(';');
    const values = exprs.map((e) => evaluate(e, this.paramEnv));
    const lists = args.map((a) => this.qubitsOf(a));
    const width = Math.max(...lists.map((l) => l.length));
    for (const [k, l] of lists.entries()) {
      if (l.length !== 1 && l.length !== width) fail(args[k]!.at, `registers of different sizes (${l.length} and ${width}) in one gate call`);
    }
    for (let i = 0; i < width; i++) {
      const qubits = lists.map((l) => (l.length === 1 ? l[0]! : l[i]!));
      if (new Set(qubits).size !== qubits.length) fail(at, `gate '${at.text}' is applied to the same qubit twice`);
      this.apply(at.text, values, qubits, at, 0);
    }
  }

  private apply(name: string, values: readonly Affine[], qubits: readonly number[], at: Token, depth: number): void {
    if (depth > MAX_EXPANSION_DEPTH) fail(at, `gate definitions nest deeper than ${MAX_EXPANSION_DEPTH} levels (recursive gate?)`);
    const user = this.gates.get(name);
    if (user) {
      if (values.length !== user.params.length || qubits.length !== user.qubits.length)
        fail(at, `gate '${name}' takes ${user.params.length} parameter(s) and ${user.qubits.length} qubit(s), got ${values.length} and ${qubits.length}`);
      const env = new Map<string, Affine>(user.params.map((p, k) => [p, values[k]!]));
      const qubitOf = new Map(user.qubits.map((q, k) => [q, qubits[k]!]));
      for (const call of user.body) {
        this.apply(
          call.name,
          call.args.map((e) => evaluate(e, env)),
          call.qubits.map((q) => qubitOf.get(q)!),
          call.at,
          depth + 1,
        );
      }
      return;
    }
    const gate = NATIVE_GATES.get(name);
    if (!gate) return fail(at, `unknown gate '${name}'; define it with 'gate ${name} ... { ... }' or use a qelib1.inc gate`);
    if (values.length !== gate.params || qubits.length !== gate.qubits)
      fail(at, `gate '${name}' takes ${gate.params} parameter(s) and ${gate.qubits} qubit(s), got ${values.length} and ${qubits.length}`);
    if (gate.ir === 'id') return;
    const op: GateOp = { kind: 'gate', name: gate.ir, qubits: [...qubits], params: gate.angles(values).map(toAngle) };
    this.ops.push(op);
  }
}

/** Parse an OpenQASM 2.0 program (or the OpenQASM 3 subset of toQasm3) into a circuit and its registers. */
export function parseQasm(source: string): QasmProgram {
  return new QasmParser(source).parse();
}

/** The circuit of an OpenQASM program (see parseQasm). */
export function fromQasm(source: string): Circuit {
  return parseQasm(source).circuit;
}

