/**
 * Render a synthesized state machine's definition as plain ASL: the DefinitionString with its
 * DefinitionSubstitutions resolved (what CloudFormation does at deploy time), by the cloud run's
 * template resolver (test/cloud/template/intrinsics.ts).
 */
import { renderDefinition } from '../cloud/template/definition';
import { TemplateResolver, type CfnTemplate } from '../cloud/template/intrinsics';

export function renderAsl(template: CfnTemplate, logicalId: string): { StartAt: string; States: Record<string, any>; TimeoutSeconds?: number } {
  return renderDefinition(new TemplateResolver(template), logicalId);
}

export function logicalIdOf(template: CfnTemplate, type: string, pathPart: string): string {
  const ids = Object.keys(template.Resources).filter((id) => template.Resources[id]!.Type === type && id.includes(pathPart));
  if (ids.length !== 1) throw new Error(`expected one ${type} matching ${pathPart}, found ${ids.join(', ')}`);
  return ids[0]!;
}
