/**
 * The canonical form of a JSON request: object keys sorted at every level, no whitespace. Two
 * bodies that differ only in key order or spacing are the same request (the execution input that
 * StartExecution's idempotency compares).
 * @example canonicalJson({ b: 1, a: { d: 2, c: [3] } }) // '{"a":{"c":[3],"d":2},"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v !== null && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
      : v,
  );
}
