/**
 * A state machine of the template as CloudFormation deploys it: the DefinitionString (with its
 * intrinsics evaluated) and the DefinitionSubstitutions applied. A `${Key}` without a substitution
 * is an error (the deployed definition would carry it literally).
 */
import type { TemplateResolver } from './intrinsics';

export interface RenderedDefinition {
  StartAt: string;
  States: Record<string, any>;
  TimeoutSeconds?: number;
}

/** Render a state machine's definition: DefinitionString with its DefinitionSubstitutions (what CloudFormation deploys). */
export function renderDefinition(resolver: TemplateResolver, logicalId: string): RenderedDefinition {
  const p = resolver.resource(logicalId).Properties!;
  const subs = resolver.resolve(p.DefinitionSubstitutions ?? {}, `${logicalId}.DefinitionSubstitutions`) as Record<string, string>;
  const text = String(resolver.resolve(p.DefinitionString, `${logicalId}.DefinitionString`)).replace(/\$\{([A-Za-z0-9_]+)\}/g, (_m, key: string) => {
    if (!(key in subs)) throw new Error(`${logicalId}: the definition uses \${${key}} but DefinitionSubstitutions has no such key`);
    return String(subs[key]);
  });
  return JSON.parse(text);
}

