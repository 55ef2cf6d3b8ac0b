/**
 * The CDK app: reads and validates the stage config (`-c stage=dev` -> config/dev.json, zod),
 * then builds the env-agnostic QpoStack. `npx cdk synth` works offline (no credentials, no Docker).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { App, Tags } from 'aws-cdk-lib';
import { parseStageConfig } from '../lib/infra/config';
import { QpoStack } from '../lib/infra/stack';

export function loadStageConfig(stage: string, dir = path.join(__dirname, '..', 'config')) {
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(stage)) throw new Error(`stage: '${stage}' is not a stage name`);
  const file = path.join(dir, `${stage}.json`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`stage config ${file}: ${(error as Error).message}`);
  }
  return parseStageConfig(raw, file);
}

export function buildApp(app: App = new App()): { app: App; stack: QpoStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'dev');
  const config = loadStageConfig(stage);
  const stack = new QpoStack(app, `${config.project}-${config.stage}`, { config, description: `qpo portfolio optimization platform (${config.stage})` });
  Tags.of(stack).add('project', config.project);
  Tags.of(stack).add('stage', config.stage);
  return { app, stack };
}

if (require.main === module) buildApp().app.synth();
