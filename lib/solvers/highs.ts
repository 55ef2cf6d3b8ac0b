/**
 * HiGHS (Huangfu & Hall, "Parallelizing the dual revised simplex method", Math. Prog. Comp. 10, 119
 * (2018); highs.dev), the open-source LP / MILP / convex QP solver of the University of Edinburgh, as
 * the npm package `highs` (its WebAssembly build). qpo uses it for the classical references of the
 * weighted model: the continuous Markowitz optimum (convex QP) and the integer-program discrete
 * allocation (MILP). Chosen over `quadprog` (QP only, a port of a 1980s Fortran routine) because
 * one well-kept solver covers both problem classes, and over `javascript-lp-solver` (no QP).
 *
 * Models are written in CPLEX LP format; `lpNumber` prints numbers it parses exactly.
 */
import loadHighs, { type Highs, type InitOptions } from 'highs';

let instance: Promise<Highs> | undefined;

/**
 * The loaded solver (one WebAssembly instance per process). `options` (e.g. `wasmBinary`) matter only
 * on the first call: a bundle that cannot locate highs.wasm passes the bytes.
 */
export function highs(options?: InitOptions): Promise<Highs> {
  instance ??= loadHighs(options).catch((error: unknown) => {
    instance = undefined;
    throw error;
  });
  return instance;
}

/** A number as LP-format text (exponent form when needed; never `NaN` or `Infinity`). */
export function lpNumber(v: number): string {
  if (!Number.isFinite(v)) throw new Error(`lpNumber: ${v} is not finite`);
  return v === 0 ? '0' : v.toPrecision(17).replace(/\.?0+(e|$)/, '$1');
}

/** `+ c name` / `- c name` terms of a linear expression (zeros dropped). */
export function lpTerms(terms: readonly (readonly [number, string])[]): string {
  const parts = terms.filter(([c]) => c !== 0).map(([c, name]) => `${c < 0 ? '-' : '+'} ${lpNumber(Math.abs(c))} ${name}`);
  return parts.length ? parts.join(' ') : '0';
}
