/**
 * jest's transform: @swc/jest, then one binding per module of the global objects that hot loops read
 * (Math, the typed-array constructors, Number, Array), to the very same objects.
 *
 * Why: jest runs every module inside a `vm` context, and there each read of a global variable goes
 * through the context's property interceptor instead of V8's global property cells. A loop calling
 * Math.exp and Math.floor 2e7 times took 20-50 s under jest against 0.3-1.7 s with the names bound
 * in the module (Node 20 and 22, this machine, 2026-12-07); lot annealing ran 10-20x slower under
 * jest than under tsx. A plain Node process (the CLI, the Lambda and Batch bundles) never pays this,
 * so binding the names makes the tests run the code at the speed it ships with; what the code
 * computes is unchanged (the names refer to the same objects; a module that declares one of these
 * names itself keeps its own). The binding is inserted on the first line, after "use strict", so
 * line numbers in stack traces stay right.
 */
const { createTransformer } = require('@swc/jest');

const GLOBALS = ['Math', 'Number', 'Array', 'Float64Array', 'Float32Array', 'Int8Array', 'Int16Array', 'Int32Array', 'Uint8Array', 'Uint16Array', 'Uint32Array'];
const VERSION = 'qpo-module-globals-1';

/** The compiled module with its own bindings of GLOBALS (those it does not declare itself). */
function bindGlobals(code) {
  // Declared here (a declaration, or a shorthand name in braces: destructuring); a false match only
  // leaves the global as it was.
  const declares = (g) => new RegExp(`\\b(?:const|let|var|function|class)\\s+${g}\\b`).test(code) || new RegExp(`[{,]\\s*${g}\\s*[,}]`).test(code);
  const names = GLOBALS.filter((g) => !declares(g));
  if (names.length === 0) return code;
  const prelude = `const { ${names.join(', ')} } = globalThis;`;
  const strict = /^\s*(["'])use strict\1;?/.exec(code);
  return strict ? code.slice(0, strict[0].length) + prelude + code.slice(strict[0].length) : prelude + code;
}

module.exports = {
  bindGlobals,
  createTransformer(options) {
    const swc = createTransformer(options);
    return {
      ...swc,
      process(src, filename, jestOptions) {
        const out = swc.process(src, filename, jestOptions);
        return { ...out, code: bindGlobals(out.code) };
      },
      getCacheKey(src, filename, ...rest) {
        return `${swc.getCacheKey(src, filename, ...rest)}-${VERSION}`;
      },
    };
  },
};
