/**
 * A minimal OpenQASM 3 reader for the fake provider servers: exactly the subset `toQasm3` emits in
 * both dialects (stdgates names for IBM, Braket's built-in names and `ctrl @` modifiers), so the
 * fakes can execute what the real clients submit with our own simulator. It is deliberately not a
 * general importer (that is another branch's work): anything outside the subset is rejected, which
 * makes the fakes check the programs' shape as well.
 *
 * Grammar read: `OPENQASM 3[.0];`, `include "stdgates.inc";`, `gate ... { ... }` (skipped; the gate
 * must be one we know), `input float[64] x;` / `input float x;`, `qubit[n] q;`, `bit[n] c;`,
 * `name(expr, ...) q[i], $k;`, `c[i] = measure q[i] | $k;`, `barrier ...;`. Angle expressions: numbers,
 * `pi`, input names, unary minus, + - * / and parentheses.
 */
import { GATE_ARITY, type Circuit, type GateName, type Operation } from '../../lib/quantum/circuit';

const ALIASES: Record<string, GateName> = {
  cnot: 'cx', si: 'sdg', ti: 'tdg', phaseshift: 'p', v: 'sx', vi: 'sxdg', ccnot: 'ccx', zz: 'rzz', xx: 'rxx', yy: 'ryy',
  cphaseshift: 'cp', U: 'u', 'ctrl @ rx': 'crx', 'ctrl @ ry': 'cry', 'ctrl @ rz': 'crz', 'ctrl @ h': 'ch',
};

export type Expr = (inputs: Readonly<Record<string, number>>) => number;

/** Parse an angle expression into a function of the inputs. */
export function parseExpr(text: string): Expr {
  const tokens = text.match(/\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+|[A-Za-z_][A-Za-z0-9_]*|[-+*/()]/g) ?? [];
  let i = 0;
  const peek = () => tokens[i];
  const primary = (): Expr => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`bad expression '${text}'`);
    if (t === '(') { const e = sum(); if (tokens[i++] !== ')') throw new Error(`missing ) in '${text}'`); return e; }
    if (t === '-') { const e = primary(); return (v) => -e(v); }
    if (/^[\d.]/.test(t)) { const x = Number(t); return () => x; }
    if (t === 'pi' || t === 'π') return () => Math.PI;
    return (v) => { const x = v[t]; if (x === undefined) throw new Error(`unbound input '${t}'`); return x; };
  };
  const product = (): Expr => {
    let e = primary();
    while (peek() === '*' || peek() === '/') { const op = tokens[i++]; const r = primary(); const l = e; e = op === '*' ? (v) => l(v) * r(v) : (v) => l(v) / r(v); }
    return e;
  };
  const sum = (): Expr => {
    let e = product();
    while (peek() === '+' || peek() === '-') { const op = tokens[i++]; const r = product(); const l = e; e = op === '+' ? (v) => l(v) + r(v) : (v) => l(v) - r(v); }
    return e;
  };
  const e = sum();
  if (i !== tokens.length) throw new Error(`trailing tokens in '${text}'`);
  return e;
}

export interface ParsedProgram {
  /** Input names in declaration order. */
  readonly inputs: readonly string[];
  readonly numQubits: number;
  readonly numClbits: number;
  /** Physical qubit numbers ($k) in wire order, when the program uses physical qubits. */
  readonly physicalQubits: readonly number[] | null;
  /** Gate names as written (for ISA checks). */
  readonly gateNames: ReadonlySet<string>;
  /** 2-qubit gates as written, on physical/register indices. */
  readonly twoQubitPairs: readonly (readonly [string, number, number])[];
  /** measured (qubit wire, clbit) pairs. */
  readonly measures: readonly (readonly [number, number])[];
  /** The circuit with every angle bound. */
  bind(inputs: Readonly<Record<string, number>>): Circuit;
}

/** Parse a program. @throws Error naming the offending statement */
export function parseQasm3(source: string): ParsedProgram {
  const statements = source.replace(/\/\/.*$/gm, '').replace(/gate [^{]*\{[^}]*\}/g, '').split(';').map((s) => s.trim()).filter(Boolean);
  const inputs: string[] = [];
  let registerSize: number | null = null;
  let numClbits = 0;
  const physical = new Set<number>();
  type Raw = { name: GateName; args: Expr[]; qubits: string[] } | { measure: true; qubit: string; clbit: number } | { barrier: true };
  const raw: Raw[] = [];
  const gateNames = new Set<string>();
  for (const st of statements) {
    let m: RegExpMatchArray | null;
    if (/^OPENQASM 3(\.0)?$/.test(st) || st === 'include "stdgates.inc"') continue;
    if ((m = st.match(/^input float(?:\[64\])? ([A-Za-z_]\w*)$/))) { inputs.push(m[1]!); continue; }
    if ((m = st.match(/^qubit\[(\d+)\] q$/))) { registerSize = Number(m[1]); continue; }
    if ((m = st.match(/^bit\[(\d+)\] c$/))) { numClbits = Number(m[1]); continue; }
    if (st.startsWith('barrier')) { raw.push({ barrier: true }); continue; }
    if ((m = st.match(/^c\[(\d+)\] = measure (q\[\d+\]|\$\d+)$/))) { raw.push({ measure: true, qubit: m[2]!, clbit: Number(m[1]) }); continue; }
    if ((m = st.match(/^((?:ctrl @ )?[A-Za-z_]\w*)(?:\((.*)\))? ((?:q\[\d+\]|\$\d+)(?:, (?:q\[\d+\]|\$\d+))*)$/))) {
      const written = m[1]!;
      const name = (ALIASES[written] ?? written) as GateName;
      if (!Object.prototype.hasOwnProperty.call(GATE_ARITY, name)) throw new Error(`unknown gate '${written}' in '${st}'`);
      gateNames.add(written);
      const args = m[2] ? splitArgs(m[2]).map(parseExpr) : [];
      const qubits = m[3]!.split(', ');
      if (qubits.length !== GATE_ARITY[name].qubits || args.length !== GATE_ARITY[name].params) throw new Error(`wrong arity in '${st}'`);
      raw.push({ name, args, qubits });
      continue;
    }
    throw new Error(`unsupported statement '${st}'`);
  }
  for (const r of raw) for (const q of 'qubits' in r ? r.qubits : 'qubit' in r ? [r.qubit] : []) if (q.startsWith('$')) physical.add(Number(q.slice(1)));
  const phys = physical.size ? [...physical].sort((a, b) => a - b) : null;
  if (phys && registerSize !== null) throw new Error('program mixes physical qubits and a qubit register');
  const wire = (q: string): number => (q.startsWith('$') ? phys!.indexOf(Number(q.slice(1))) : Number(q.slice(2, -1)));
  const numQubits = phys ? phys.length : registerSize ?? 0;
  const number = (q: string): number => (q.startsWith('$') ? Number(q.slice(1)) : Number(q.slice(2, -1)));
  return {
    inputs,
    numQubits,
    numClbits,
    physicalQubits: phys,
    gateNames,
    twoQubitPairs: raw.flatMap((r) => ('qubits' in r && r.qubits.length === 2 ? [[r.name, number(r.qubits[0]!), number(r.qubits[1]!)] as const] : [])),
    measures: raw.flatMap((r) => ('measure' in r ? [[wire(r.qubit), r.clbit] as const] : [])),
    bind(values) {
      const ops: Operation[] = raw.flatMap((r): Operation[] =>
        'name' in r ? [{ kind: 'gate', name: r.name, qubits: r.qubits.map(wire), params: r.args.map((e) => e(values)) }] : [],
      );
      return { kind: 'circuit', numQubits, numClbits, parameters: [], ops };
    },
  };
}

function splitArgs(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')') depth--;
    else if (text[i] === ',' && depth === 0) { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}
