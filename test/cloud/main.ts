/**
 * `npm run test:cloud [-- --assembly DIR] [--only TEXT,...] [--fail-fast]`: the offline cloud run.
 * Without --assembly it synthesizes the app first (`cdk synth`, the stage of cdk.json's context or
 * `-c stage=...` via QPO_CLOUD_STAGE) into a temporary directory. Exit code 0 when every branch and
 * check passed, 1 otherwise (the summary names each failure), 2 for a bad argument.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runCloud } from './run';

const ROOT = path.join(__dirname, '..', '..');

function usage(message: string): never {
  process.stderr.write(`test:cloud: ${message}\nusage: npm run test:cloud -- [--assembly DIR] [--only TEXT,...] [--fail-fast]\n`);
  process.exit(2);
}

/** Synthesize the app as `cdk synth` does (cdk.json's app and context), into `outDir`. */
export function synthesize(outDir: string, stage = process.env.QPO_CLOUD_STAGE): string {
  execFileSync(path.join(ROOT, 'node_modules', '.bin', 'cdk'), ['synth', '--quiet', '-o', outDir, ...(stage ? ['-c', `stage=${stage}`] : [])], {
    cwd: ROOT,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', npm_config_update_notifier: 'false' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return outDir;
}

async function main(argv: string[]): Promise<number> {
  let assembly: string | undefined;
  let only: string[] = [];
  let failFast = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--assembly') assembly = argv[++i] ?? usage('--assembly needs a directory');
    else if (a === '--only') only = (argv[++i] ?? usage('--only needs branch names')).split(',');
    else if (a === '--fail-fast') failFast = true;
    else usage(`unknown argument '${a}'`);
  }
  if (assembly !== undefined && !existsSync(path.join(assembly, 'manifest.json'))) usage(`--assembly: ${assembly} has no manifest.json (a cdk.out directory is expected)`);
  if (!assembly) {
    const t0 = performance.now();
    assembly = synthesize(mkdtempSync(path.join(tmpdir(), 'qpo-cdk-out-')));
    process.stdout.write(`synthesized ${assembly} in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  }
  const report = await runCloud({ assemblyDir: path.resolve(assembly), only, failFast, log: (l) => process.stdout.write(`${l}\n`) });
  return report.ok ? 0 : 1;
}

if (require.main === module)
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`test:cloud: ${(error as Error).stack ?? String(error)}\n`);
      process.exit(1);
    },
  );
