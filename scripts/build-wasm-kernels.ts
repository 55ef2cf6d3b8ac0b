/**
 * Assemble the SIMD kernels (lib/quantum/wasm/source.ts) with wabt and write
 * lib/quantum/wasm/kernels.wat (the text, for review) and lib/quantum/wasm/kernels-binary.ts (the
 * binary as base64, so the core loads it without file I/O and bundlers need no loader).
 * Run: `npm run build:wasm`. test/quantum/wasm-binary.test.ts fails when the two are out of date.
 * Also the CVaR bucket pass (lib/quantum/wasm/cvar-source.ts -> cvar-binary.ts).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assembleKernels, binaryModuleText, cvarBinaryModuleText } from './wasm-assemble';
import { cvarWat } from '../lib/quantum/wasm/cvar-source';
import { kernelsWat } from '../lib/quantum/wasm/source';

async function main(): Promise<void> {
  const dir = join(__dirname, '..', 'lib', 'quantum', 'wasm');
  const wat = kernelsWat();
  const bytes = await assembleKernels(wat);
  writeFileSync(join(dir, 'kernels.wat'), wat);
  writeFileSync(join(dir, 'kernels-binary.ts'), binaryModuleText(bytes));
  process.stdout.write(`kernels: ${bytes.length} bytes\n`);
  const cvar = await assembleKernels(cvarWat());
  writeFileSync(join(dir, 'cvar-binary.ts'), cvarBinaryModuleText(cvar));
  process.stdout.write(`cvar: ${cvar.length} bytes\n`);
}

void main();
