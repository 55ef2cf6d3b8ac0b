/**
 * The Batch job's container image, built without Docker from the staged build context of the
 * assembly (the `asset.*` folder `cdk deploy` would send to `docker build`), by reading its
 * Dockerfile: each stage gets a directory as its filesystem; WORKDIR, COPY (also --from a stage),
 * ENV, USER, ENTRYPOINT and CMD are applied; RUN commands run in the stage's working directory with
 * a shell, except `npm ci`, for which the run links the repository's node_modules (installed by
 * `npm ci` from the same package-lock.json). The bundling step is therefore the Dockerfile's own
 * command (`npm run build:batch-image`). The base image is not pulled: the host's Node.js stands
 * in for it, and absolute paths in ENV are mapped into the image's directory.
 * https://docs.docker.com/reference/dockerfile/
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { DockerImageAsset } from '../template/assembly';

export interface ContainerImage {
  /** The final stage's filesystem root. */
  readonly root: string;
  /** WORKDIR, mapped into `root`. */
  readonly workdir: string;
  /** ENV of the final stage, absolute paths mapped into `root`. */
  readonly env: Readonly<Record<string, string>>;
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly user: string | null;
  /** The instructions applied, for the run's summary. */
  readonly steps: readonly string[];
}

interface Stage {
  readonly name: string | null;
  readonly root: string;
  cwd: string;
  env: Record<string, string>;
  entrypoint: string[];
  cmd: string[];
  user: string | null;
}

/** Dockerfile lines: comments dropped, continuations joined. */
export function dockerfileInstructions(text: string): { op: string; args: string }[] {
  const joined = text.replace(/\\\r?\n/g, ' ');
  return joined
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const m = /^(\S+)\s+(.*)$/.exec(l);
      if (!m) throw new Error(`Dockerfile: cannot read '${l}'`);
      return { op: m[1]!.toUpperCase(), args: m[2]!.trim() };
    });
}

/** `ENV a=b c="d e"` (and the legacy `ENV a b`). */
export function parseEnv(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [k, ...v] = args.split(/\s+/);
    return { [k!]: v.join(' ') };
  }
  const out: Record<string, string> = {};
  for (const m of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"\\]|\\.)*"|\S*)/g)) out[m[1]!] = m[2]!.startsWith('"') ? JSON.parse(m[2]!) : m[2]!;
  return out;
}

const jsonArray = (args: string, op: string): string[] => {
  try {
    return JSON.parse(args) as string[];
  } catch {
    throw new Error(`Dockerfile: ${op} must use the JSON (exec) form, got '${args}'`);
  }
};

/**
 * Build the image of `asset` into `outDir`.
 * @param nodeModules the node_modules that stands in for `npm ci` (same lock file)
 */
export function buildImage(asset: DockerImageAsset, outDir: string, nodeModules: string): ContainerImage {
  const context = asset.contextDir;
  const text = readFileSync(path.join(context, asset.dockerfile), 'utf8');
  const stages: Stage[] = [];
  const steps: string[] = [];
  const inStage = (s: Stage, p: string) => (path.isAbsolute(p) ? path.join(s.root, p) : path.join(s.cwd, p));
  for (const { op, args } of dockerfileInstructions(text)) {
    const stage = stages[stages.length - 1];
    if (op !== 'FROM' && !stage) throw new Error(`Dockerfile: ${op} before FROM`);
    switch (op) {
      case 'FROM': {
        const name = /\s+AS\s+(\S+)$/i.exec(args)?.[1] ?? null;
        const root = path.join(outDir, `stage-${stages.length}`);
        mkdirSync(root, { recursive: true });
        stages.push({ name, root, cwd: root, env: {}, entrypoint: [], cmd: [], user: null });
        steps.push(`FROM ${args} (host Node.js ${process.version} stands in for the base image)`);
        break;
      }
      case 'WORKDIR':
        stage!.cwd = inStage(stage!, args);
        mkdirSync(stage!.cwd, { recursive: true });
        break;
      case 'ENV':
        Object.assign(stage!.env, parseEnv(args));
        break;
      case 'USER':
        stage!.user = args;
        break;
      case 'ENTRYPOINT':
        stage!.entrypoint = jsonArray(args, op);
        break;
      case 'CMD':
        stage!.cmd = jsonArray(args, op);
        break;
      case 'COPY': {
        const parts = args.split(/\s+/);
        const from = parts[0]!.startsWith('--from=') ? parts.shift()!.slice('--from='.length) : null;
        const dest = parts.pop()!;
        const source = from === null ? null : stages.find((s) => s.name === from);
        if (from !== null && !source) throw new Error(`Dockerfile: COPY --from=${from}: no such stage`);
        const target = inStage(stage!, dest);
        for (const src of parts) {
          const abs = source ? path.join(source.root, src) : path.join(context, src);
          if (!existsSync(abs)) throw new Error(`Dockerfile: COPY ${src}: not in the ${source ? `stage '${from}'` : 'build context'}`);
          const into = parts.length > 1 || dest.endsWith('/') || (existsSync(target) && statSync(target).isDirectory() && !statSync(abs).isDirectory()) ? path.join(target, path.basename(abs)) : target;
          mkdirSync(path.dirname(into), { recursive: true });
          cpSync(abs, into, { recursive: true });
        }
        break;
      }
      case 'RUN': {
        if (/^npm ci\b/.test(args)) {
          const link = path.join(stage!.cwd, 'node_modules');
          if (!existsSync(link)) symlinkSync(nodeModules, link, 'dir');
          steps.push(`RUN ${args} (the repository's node_modules, installed from the same package-lock.json)`);
        } else {
          execFileSync('sh', ['-c', args], { cwd: stage!.cwd, env: { ...process.env, ...stage!.env }, stdio: ['ignore', 'pipe', 'pipe'] });
          steps.push(`RUN ${args}`);
        }
        break;
      }
      default:
        throw new Error(`Dockerfile: the cloud run cannot build ${op} instructions`);
    }
  }
  const final = stages[stages.length - 1];
  if (!final) throw new Error('Dockerfile: no FROM');
  const env = Object.fromEntries(
    Object.entries(final.env).map(([k, v]) => [k, v.startsWith('/') && existsSync(path.join(final.root, v.split('/')[1] ?? '')) ? path.join(final.root, v) : v]),
  );
  return { root: final.root, workdir: final.cwd, env, entrypoint: final.entrypoint, cmd: final.cmd, user: final.user, steps };
}

/**
 * The image of `asset`, built once per asset hash under `cacheRoot` (as Docker's build cache keys
 * on the context): the same context always gives the same image. Concurrent builds of one hash
 * race to rename their result into place; the loser uses the winner's.
 */
export function buildImageCached(asset: DockerImageAsset, cacheRoot: string, nodeModules: string): ContainerImage {
  const dir = path.join(cacheRoot, asset.hash);
  const manifest = path.join(dir, 'image.json');
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as ContainerImage;
  mkdirSync(cacheRoot, { recursive: true });
  const scratch = mkdtempSync(path.join(cacheRoot, `${asset.hash}.building-`));
  const built = buildImage(asset, scratch, nodeModules);
  const relocate = (p: string) => p.replace(scratch, dir);
  const image: ContainerImage = { ...built, root: relocate(built.root), workdir: relocate(built.workdir), env: Object.fromEntries(Object.entries(built.env).map(([k, v]) => [k, relocate(v)])) };
  writeFileSync(path.join(scratch, 'image.json'), JSON.stringify(image));
  try {
    renameSync(scratch, dir);
  } catch {
    rmSync(scratch, { recursive: true, force: true });
  }
  return JSON.parse(readFileSync(manifest, 'utf8')) as ContainerImage;
}
