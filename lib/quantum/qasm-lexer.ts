/**
 * Tokenizer of OpenQASM 2.0 (and the OpenQASM 3 subset that qasm3.ts writes): identifiers, numbers,
 * strings, `->`, `==` and one-character symbols, with the line and column (1-based) of each token.
 * Comments `//` and `/* *\/` are skipped.
 */
import { QasmSyntaxError } from './qasm-errors';

export type TokenKind = 'id' | 'number' | 'string' | 'symbol' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

const SYMBOLS = new Set(['(', ')', '[', ']', '{', '}', ';', ',', '+', '-', '*', '/', '^', '=', '$', ':', '<', '>', '!', '&', '|', '%', '~', '.', '@']);

/** Split `source` into tokens (the last one is `eof`). @throws QasmSyntaxError on a stray character */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const n = source.length;
  while (i < n) {
    const ch = source[i]!;
    if (ch === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\r') {
      i++;
      continue;
    }
    const column = i - lineStart + 1;
    if (ch === '/' && source[i + 1] === '/') {
      while (i < n && source[i] !== '\n') i++;
      continue;
    }
    if (ch === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      if (end < 0) throw new QasmSyntaxError('unterminated comment', line, column);
      for (let k = i; k < end; k++) {
        if (source[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = end + 2;
      continue;
    }
    if (/[A-Za-z_]/.test(ch)) {
      let j = i + 1;
      while (j < n && /[A-Za-z0-9_]/.test(source[j]!)) j++;
      tokens.push({ kind: 'id', text: source.slice(i, j), line, column });
      i = j;
      continue;
    }
    if (/[0-9.]/.test(ch) && (ch !== '.' || /[0-9]/.test(source[i + 1] ?? ''))) {
      const m = /^(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/.exec(source.slice(i, i + 64))!;
      tokens.push({ kind: 'number', text: m[0], line, column });
      i += m[0].length;
      continue;
    }
    if (ch === '"') {
      const end = source.indexOf('"', i + 1);
      if (end < 0 || source.slice(i, end).includes('\n')) throw new QasmSyntaxError('unterminated string', line, column);
      tokens.push({ kind: 'string', text: source.slice(i + 1, end), line, column });
      i = end + 1;
      continue;
    }
    if (ch === '-' && source[i + 1] === '>') {
      tokens.push({ kind: 'symbol', text: '->', line, column });
      i += 2;
      continue;
    }
    if (ch === '=' && source[i + 1] === '=') {
      tokens.push({ kind: 'symbol', text: '==', line, column });
      i += 2;
      continue;
    }
    if (SYMBOLS.has(ch)) {
      tokens.push({ kind: 'symbol', text: ch, line, column });
      i++;
      continue;
    }
    throw new QasmSyntaxError(`unexpected character '${ch}'`, line, column);
  }
  tokens.push({ kind: 'eof', text: '', line, column: i - lineStart + 1 });
  return tokens;
}
