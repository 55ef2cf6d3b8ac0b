/**
 * Angle expressions of OpenQASM: numbers, `pi`, identifiers, + - * / ^, unary minus, parentheses
 * and sin, cos, tan, exp, ln, sqrt. They evaluate to an affine function `scale * params[index] +
 * offset` of at most one circuit parameter (the IR's ParamRef); anything else involving a parameter
 * (a product of two parameters, sin of a parameter, two different parameters) is an error.
 */
import { param, type Angle } from './circuit';
import { QasmSyntaxError } from './qasm-errors';
import type { Token } from './qasm-lexer';

/** scale * params[index] + offset; index -1 for a constant (= offset). */
export interface Affine {
  readonly index: number;
  readonly scale: number;
  readonly offset: number;
}

export type Expr =
  | { readonly kind: 'num'; readonly value: number; readonly at: Token }
  | { readonly kind: 'id'; readonly name: string; readonly at: Token }
  | { readonly kind: 'neg'; readonly arg: Expr; readonly at: Token }
  | { readonly kind: 'bin'; readonly op: string; readonly left: Expr; readonly right: Expr; readonly at: Token }
  | { readonly kind: 'call'; readonly name: string; readonly arg: Expr; readonly at: Token };

const FUNCTIONS: Record<string, (x: number) => number> = { sin: Math.sin, cos: Math.cos, tan: Math.tan, exp: Math.exp, ln: Math.log, sqrt: Math.sqrt };
const CONSTANTS: Record<string, number> = { pi: Math.PI, π: Math.PI, tau: 2 * Math.PI, euler: Math.E };

export const constant = (value: number): Affine => ({ index: -1, scale: 0, offset: value });

/** Token cursor shared by the expression and statement parsers. */
export interface Cursor {
  peek(offset?: number): Token;
  next(): Token;
  accept(text: string): boolean;
  expect(text: string): Token;
}

/** Parse one expression at the cursor. */
export function parseExpr(c: Cursor): Expr {
  let left = parseTerm(c);
  while (c.peek().text === '+' || c.peek().text === '-') {
    const at = c.next();
    left = { kind: 'bin', op: at.text, left, right: parseTerm(c), at };
  }
  return left;
}

function parseTerm(c: Cursor): Expr {
  let left = parseUnary(c);
  while (c.peek().text === '*' || c.peek().text === '/') {
    const at = c.next();
    left = { kind: 'bin', op: at.text, left, right: parseUnary(c), at };
  }
  return left;
}

function parseUnary(c: Cursor): Expr {
  const t = c.peek();
  if (t.text === '-') {
    c.next();
    return { kind: 'neg', arg: parseUnary(c), at: t };
  }
  if (t.text === '+') {
    c.next();
    return parseUnary(c);
  }
  return parsePower(c);
}

function parsePower(c: Cursor): Expr {
  const base = parsePrimary(c);
  if (c.peek().text === '^') {
    const at = c.next();
    return { kind: 'bin', op: '^', left: base, right: parseUnary(c), at };
  }
  return base;
}

function parsePrimary(c: Cursor): Expr {
  const t = c.next();
  if (t.kind === 'number') return { kind: 'num', value: Number(t.text), at: t };
  if (t.text === '(') {
    const e = parseExpr(c);
    c.expect(')');
    return e;
  }
  if (t.kind === 'id') {
    if (FUNCTIONS[t.text] && c.peek().text === '(') {
      c.next();
      const arg = parseExpr(c);
      c.expect(')');
      return { kind: 'call', name: t.text, arg, at: t };
    }
    return { kind: 'id', name: t.text, at: t };
  }
  throw new QasmSyntaxError(`expected an expression, found '${t.text || 'end of file'}'`, t.line, t.column);
}

/** Evaluate `e` with identifiers bound by `env` (gate parameters, input parameters) and the constants. */
export function evaluate(e: Expr, env: ReadonlyMap<string, Affine>): Affine {
  const fail = (why: string): never => {
    throw new QasmSyntaxError(why, e.at.line, e.at.column);
  };
  switch (e.kind) {
    case 'num':
      return constant(e.value);
    case 'id': {
      const bound = env.get(e.name);
      if (bound) return bound;
      if (CONSTANTS[e.name] !== undefined) return constant(CONSTANTS[e.name]!);
      return fail(`unknown identifier '${e.name}' in an expression`);
    }
    case 'neg': {
      const a = evaluate(e.arg, env);
      return { index: a.index, scale: -a.scale, offset: -a.offset };
    }
    case 'call': {
      const a = evaluate(e.arg, env);
      if (a.index >= 0) return fail(`${e.name}() of a circuit parameter is not an affine angle; only scale * parameter + offset is supported`);
      return constant(FUNCTIONS[e.name]!(a.offset));
    }
    case 'bin': {
      const a = evaluate(e.left, env);
      const b = evaluate(e.right, env);
      switch (e.op) {
        case '+':
        case '-': {
          const sign = e.op === '+' ? 1 : -1;
          if (a.index >= 0 && b.index >= 0 && a.index !== b.index) return fail('an angle may depend on one circuit parameter only');
          return { index: a.index >= 0 ? a.index : b.index, scale: a.scale + sign * b.scale, offset: a.offset + sign * b.offset };
        }
        case '*':
          if (a.index >= 0 && b.index >= 0) return fail('a product of two parameters is not an affine angle');
          if (a.index >= 0) return { index: a.index, scale: a.scale * b.offset, offset: a.offset * b.offset };
          if (b.index >= 0) return { index: b.index, scale: b.scale * a.offset, offset: b.offset * a.offset };
          return constant(a.offset * b.offset);
        case '/':
          if (b.index >= 0) return fail('division by a parameter is not an affine angle');
          return { index: a.index, scale: a.scale / b.offset, offset: a.offset / b.offset };
        default:
          if (a.index >= 0 || b.index >= 0) return fail('a power of a parameter is not an affine angle');
          return constant(a.offset ** b.offset);
      }
    }
  }
}

/** The IR angle of an affine value. */
export function toAngle(a: Affine): Angle {
  return a.index < 0 || a.scale === 0 ? a.offset : param(a.index, a.scale, a.offset);
}
