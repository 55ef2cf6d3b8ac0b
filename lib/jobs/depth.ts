/**
 * Nesting depth of parsed input (JSON bodies, `--problem` files, config files). A JobSpec is at most
 * 4 levels deep (`portfolio.sigma[i][j]`); anything far deeper is refused before validation, whose
 * recursive walks (zod, JSON.stringify, structuredClone) would otherwise exhaust the stack.
 */
import { JobValidationError } from './errors';

/** Deepest nesting accepted in any input document (arrays and objects count one level each). */
export const MAX_INPUT_DEPTH = 32;

/** Nesting depth of a parsed JSON/YAML value (a scalar is 0, `[1]` is 1), without recursion; stops counting past `limit`. */
export function nestingDepth(value: unknown, limit = Number.POSITIVE_INFINITY): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const d = depth + 1;
    if (d > deepest) deepest = d;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) if (typeof child === 'object' && child !== null) stack.push([child, d]);
  }
  return deepest;
}

/**
 * @throws JobValidationError (path `field`) when `value` is nested deeper than MAX_INPUT_DEPTH.
 * @example checkDepth(JSON.parse(body), 'body') // 'body: nested more than 32 levels deep; ...'
 */
export function checkDepth<T>(value: T, field: string, source = `${field}:`): T {
  const depth = nestingDepth(value, MAX_INPUT_DEPTH);
  if (depth > MAX_INPUT_DEPTH)
    throw new JobValidationError(`${source} nested more than ${MAX_INPUT_DEPTH} levels deep; a JobSpec is at most 4 levels deep (portfolio.sigma[i][j])`, field, { maxDepth: MAX_INPUT_DEPTH });
  return value;
}

/** Text without a leading UTF-8 byte-order mark (editors on Windows write one). */
export const stripBom = (text: string): string => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
