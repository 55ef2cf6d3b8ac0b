/**
 * The integ test's snapshot, checked offline (what `integ-runner` compares before it deploys): the
 * templates of test/integ/integ.platform.ts synthesized as the CDK CLI runs an app (CDK_OUTDIR, the
 * app synthesizes itself), with asset hashes canonicalized (code changes alone do not change the
 * snapshot; structure does). `npm run integ:snapshot` writes it; the jest test compares.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');
export const SNAPSHOT_DIR = path.join(__dirname, 'integ.platform.ts.snapshot');

/**
 * Asset hashes (64 hex digits) replaced by their order of appearance, as integ-runner does, and the
 * assertion resources' `salt` (the synth time, which makes each deploy re-run them) fixed.
 */
export function canonicalize(text: string): string {
  const seen = new Map<string, string>();
  return text
    .replace(/[0-9a-f]{64}/g, (h) => {
      if (!seen.has(h)) seen.set(h, `ASSET${seen.size + 1}`);
      return seen.get(h)!;
    })
    .replace(/"salt": "\d+"/g, '"salt": "SYNTH_TIME"');
}

/** Synthesize the integ app (no Lambda bundling: the snapshot compares templates) -> { file: canonical template }. */
export function synthIntegTemplates(): Record<string, string> {
  const out = mkdtempSync(path.join(tmpdir(), 'qpo-integ-'));
  try {
    execFileSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(__dirname, 'integ.platform.ts')], {
      cwd: ROOT,
      env: { ...process.env, CDK_OUTDIR: out, CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [] }) },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const files = readdirSync(out).filter((f) => f.endsWith('.template.json') || f === 'integ.json');
    return Object.fromEntries(files.map((f) => [f, canonicalize(JSON.stringify(JSON.parse(readFileSync(path.join(out, f), 'utf8')), null, 1))]));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export function readSnapshot(): Record<string, string> {
  return Object.fromEntries(readdirSync(SNAPSHOT_DIR).map((f) => [f, readFileSync(path.join(SNAPSHOT_DIR, f), 'utf8')]));
}

if (require.main === module) {
  const templates = synthIntegTemplates();
  rmSync(SNAPSHOT_DIR, { recursive: true, force: true });
  mkdirSync(SNAPSHOT_DIR, { recursive: true });
  for (const [f, text] of Object.entries(templates)) writeFileSync(path.join(SNAPSHOT_DIR, f), `${text}\n`);
  process.stdout.write(`integ snapshot: ${Object.keys(templates).join(', ')} -> ${path.relative(ROOT, SNAPSHOT_DIR)}\n`);
}
