/**
 * The jest transform's module bindings of hot globals (test/setup/transform.cjs): inserted after
 * "use strict" on the first line (line numbers kept), to the same objects, and never over a name the
 * module declares itself.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { bindGlobals } = require('./transform.cjs') as { bindGlobals: (code: string) => string };

describe('bindGlobals', () => {
  it('binds Math and the typed arrays after "use strict", on the first line', () => {
    const code = '"use strict";\nexports.f = (x) => Math.exp(x) + new Float64Array(2).length;\n';
    const out = bindGlobals(code);
    expect(out.split('\n')).toHaveLength(code.split('\n').length);
    expect(out.startsWith('"use strict";const {')).toBe(true);
    const bound = out.slice(out.indexOf('{') + 1, out.indexOf('}')).split(',').map((x) => x.trim());
    expect(bound).toEqual(expect.arrayContaining(['Math', 'Number', 'Array', 'Float64Array', 'Int32Array', 'Uint32Array']));
    // the same objects: the module computes what it computed before
    const run = (src: string) => {
      const m = { exports: {} as { f?: (x: number) => number } };
      new Function('exports', 'module', src)(m.exports, m);
      return m.exports.f!(1);
    };
    expect(run(out)).toBe(run(code));
  });

  it('leaves a name the module declares itself', () => {
    // (built from parts: this file's own text must not declare the names it checks)
    const declare = (kind: string, name: string, rest: string) => `${kind} ${name}${rest}`;
    const out = bindGlobals(`"use strict";\n${declare('const', 'Math', ' = { exp: () => 0 };')}\n${declare('function', 'Array', '() {}')}\nexports.g = Math.exp(1);\n`);
    expect(out).toMatch(/^"use strict";const \{[^}]*\bFloat64Array\b[^}]*\} = globalThis;/);
    expect(out).not.toMatch(/const \{[^}]*\bMath\b[^}]*\} = globalThis/);
    expect(out).not.toMatch(/const \{[^}]*\bArray\b[^}]*\} = globalThis/);
  });

  it('this very module runs with its own binding of Math (the transform is the one jest uses)', () => {
    // A module-level binding shadows the global: assigning the global does not change it here.
    const global = globalThis as { Math: Math };
    const original = global.Math;
    try {
      global.Math = { ...original, PI: 3 } as Math;
      expect(Math.PI).toBe(original.PI);
    } finally {
      global.Math = original;
    }
  });
});
