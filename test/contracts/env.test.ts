/**
 * The environment contract: handlers read their variables only through lib/contracts/env.ts
 * (readEnv with their own function name), and a missing variable is a clear internal error.
 * The template side (every function is given what its handler reads) is in test/infra/stack.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { envNamesOf, FUNCTION_ENV, readEnv } from '../../lib/contracts/env';

const ROOT = path.join(__dirname, '..', '..');

/** `process.env` reads in a source text, outside the allowed ones (Lambda's own LAMBDA_TASK_ROOT, the default argument of an entry point). */
function directEnvReads(source: string): string[] {
  return source
    .split('\n')
    .filter((line) => /process\.env\b/.test(line))
    .filter((line) => !/process\.env\.LAMBDA_TASK_ROOT/.test(line) && !/environment: NodeJS\.ProcessEnv = process\.env/.test(line) && !/^\s*(\*|\/\/)/.test(line));
}

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

describe('environment variables (lib/contracts/env.ts)', () => {
  it('handlers and the container never read process.env directly', () => {
    const reads = [...sources('lambdas'), ...sources('batch-image/src')].flatMap((f) => directEnvReads(readFileSync(path.join(ROOT, f), 'utf8')).map((l) => `${f}: ${l.trim()}`));
    expect(reads).toEqual([]);
  });

  it('the check fires on a direct read', () => {
    expect(directEnvReads("const q = Number(process.env.MAX_REQUEST_BYTES ?? 1);\nconst ok = 1;\n")).toHaveLength(1);
    expect(directEnvReads("const { A } = process.env;\n")).toHaveLength(1);
  });

  it('every Lambda handler file has a schema, and every schema a handler', () => {
    const handlers = readdirSync(path.join(ROOT, 'lambdas')).filter((f) => f.endsWith('.ts')).map((f) => f.replace(/\.ts$/, ''));
    expect(handlers.sort()).toEqual(Object.keys(FUNCTION_ENV).filter((f) => f !== 'batch').sort());
    for (const h of handlers) expect(readFileSync(path.join(ROOT, 'lambdas', `${h}.ts`), 'utf8')).toContain(`functionEnv('${h}')`);
  });

  it('readEnv parses numbers and names every missing or malformed variable', () => {
    expect(readEnv('optimize-api', { QPO_VERSION: '1', STATE_MACHINE_ARN: 'arn', MAX_REQUEST_BYTES: '4096' })).toEqual({ QPO_VERSION: '1', STATE_MACHINE_ARN: 'arn', MAX_REQUEST_BYTES: 4096 });
    expect(() => readEnv('optimize-api', { QPO_VERSION: '1', MAX_REQUEST_BYTES: 'lots' })).toThrow(/STATE_MACHINE_ARN is not set; MAX_REQUEST_BYTES is invalid/);
    expect(() => readEnv('get-job', {})).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
    expect(envNamesOf('batch').required.sort()).toEqual(['QPO_JOB', 'RESULTS_BUCKET']);
  });
});
