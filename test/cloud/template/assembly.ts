/**
 * A synthesized cloud assembly (cdk.out) as the cloud run reads it: manifest.json -> the one stack
 * artifact (its template) and the asset manifest (Lambda code folders, Docker image contexts).
 * https://github.com/aws/aws-cdk-cli/tree/main/packages/%40aws-cdk/cloud-assembly-schema
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { FunctionSpec } from '../lambda/emulator';
import { LOCAL_TARGET, TemplateResolver, type CfnTemplate } from './intrinsics';

interface Manifest {
  readonly artifacts: Record<string, { type: string; properties?: Record<string, any>; displayName?: string }>;
}

export interface DockerImageAsset {
  readonly hash: string;
  /** The staged build context (a copy of what `docker build` would receive). */
  readonly contextDir: string;
  /** Dockerfile path inside the context. */
  readonly dockerfile: string;
}

export class CloudAssembly {
  readonly stackName: string;
  readonly template: CfnTemplate;
  readonly resolver: TemplateResolver;
  private readonly dockerImages: Record<string, DockerImageAsset>;

  constructor(readonly dir: string) {
    const manifest = readJson<Manifest>(path.join(dir, 'manifest.json'));
    const stacks = Object.entries(manifest.artifacts).filter(([, a]) => a.type === 'aws:cloudformation:stack');
    if (stacks.length !== 1) throw new Error(`assembly ${dir}: expected one stack, found ${stacks.map(([id]) => id).join(', ') || 'none'}`);
    const [id, stack] = stacks[0]!;
    this.stackName = String(stack.properties?.stackName ?? id);
    this.template = readJson<CfnTemplate>(path.join(dir, String(stack.properties!.templateFile)));
    this.resolver = new TemplateResolver(this.template, { ...LOCAL_TARGET, stackName: this.stackName });
    this.dockerImages = {};
    for (const a of Object.values(manifest.artifacts).filter((x) => x.type === 'cdk:asset-manifest')) {
      const assets = readJson<{ dockerImages?: Record<string, { source: { directory: string; dockerFile?: string } }> }>(path.join(dir, String(a.properties!.file)));
      for (const [hash, image] of Object.entries(assets.dockerImages ?? {}))
        this.dockerImages[hash] = { hash, contextDir: path.join(dir, image.source.directory), dockerfile: image.source.dockerFile ?? 'Dockerfile' };
    }
  }

  /** The logical id of the one resource of `type` whose id contains `part`. */
  logicalId(type: string, part: string): string {
    const ids = this.resolver.idsOfType(type).filter((id) => id.includes(part));
    if (ids.length !== 1) throw new Error(`assembly: expected one ${type} matching '${part}', found ${ids.join(', ') || 'none'}`);
    return ids[0]!;
  }

  /** Every Lambda function with a bundled Node.js asset, as the Lambda emulator runs it. */
  functions(): FunctionSpec[] {
    return this.resolver.idsOfType('AWS::Lambda::Function').flatMap((id) => {
      const r = this.resolver.resource(id);
      const p = r.Properties ?? {};
      const asset = r.Metadata?.['aws:asset:path'];
      if (!asset || !String(p.Runtime ?? '').startsWith('nodejs')) return [];
      const env = this.resolver.resolve(p.Environment?.Variables ?? {}, `${id}.Environment.Variables`) as Record<string, unknown>;
      const logGroup = p.LoggingConfig?.LogGroup ? String(this.resolver.resolve(p.LoggingConfig.LogGroup)) : `/aws/lambda/${this.resolver.physicalName(id)}`;
      return [
        {
          logicalId: id,
          name: this.resolver.physicalName(id),
          arn: this.resolver.getAtt(id, 'Arn'),
          assetDir: path.join(this.dir, String(asset)),
          handler: String(p.Handler),
          runtime: String(p.Runtime),
          timeoutSeconds: Number(p.Timeout ?? 3),
          memoryMiB: Number(p.MemorySize ?? 128),
          logGroup,
          qpoHandler: ((p.Tags ?? []) as { Key: string; Value: string }[]).find((t) => t.Key === 'qpo:handler')?.Value ?? null,
          environment: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)])),
        },
      ];
    });
  }

  /** The Docker image asset an image URI (`...:<hash>`) of the template points at. */
  dockerImage(imageUri: string): DockerImageAsset {
    const hash = imageUri.split(':').pop() ?? '';
    const image = this.dockerImages[hash];
    if (!image) throw new Error(`assembly: image ${imageUri} is not one of its Docker image assets (${Object.keys(this.dockerImages).join(', ')})`);
    return image;
  }
}

function readJson<T>(file: string): T {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch (error) {
    throw new Error(`assembly: cannot read ${file}: ${(error as Error).message}`);
  }
}
