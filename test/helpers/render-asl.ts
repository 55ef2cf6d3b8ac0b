/**
 * Render a synthesized state machine's definition as plain ASL: the DefinitionString with its
 * DefinitionSubstitutions resolved to placeholder ARNs of the right service (what CloudFormation
 * does at deploy time with the real ones).
 */
const ARN_BY_TYPE: Record<string, (id: string) => string> = {
  'AWS::Lambda::Function': (id) => `arn:aws:lambda:us-east-1:123456789012:function:${id}`,
  'AWS::Batch::JobQueue': (id) => `arn:aws:batch:us-east-1:123456789012:job-queue/${id}`,
  'AWS::Batch::JobDefinition': (id) => `arn:aws:batch:us-east-1:123456789012:job-definition/${id}:1`,
  'AWS::SNS::Topic': (id) => `arn:aws:sns:us-east-1:123456789012:${id}`,
  'AWS::StepFunctions::StateMachine': (id) => `arn:aws:states:us-east-1:123456789012:stateMachine:${id}`,
};

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

function resolve(node: any, tpl: Template): any {
  if (typeof node === 'string') return node;
  if (node && typeof node === 'object' && !Array.isArray(node)) {
    const [k] = Object.keys(node);
    const v = node[k!];
    const id = k === 'Ref' ? v : k === 'Fn::GetAtt' ? (Array.isArray(v) ? v[0] : String(v).split('.')[0]) : undefined;
    if (id !== undefined) {
      const type = tpl.Resources[id]?.Type;
      const arn = type ? ARN_BY_TYPE[type] : undefined;
      if (!arn) throw new Error(`cannot render ${JSON.stringify(node)}`);
      return arn(id);
    }
    if (k === 'Fn::Join') return (resolve(v[1], tpl) as unknown[]).map((x) => resolve(x, tpl)).join(v[0]);
  }
  if (Array.isArray(node)) return node.map((n) => resolve(n, tpl));
  throw new Error(`cannot render ${JSON.stringify(node)}`);
}

/** The ASL of state machine `logicalId` (or the only/first STANDARD one matching `filter`). */
export function renderAsl(template: Template, logicalId: string): { StartAt: string; States: Record<string, any>; TimeoutSeconds?: number } {
  const props = template.Resources[logicalId]!.Properties;
  const subs: Record<string, string> = Object.fromEntries(Object.entries(props.DefinitionSubstitutions ?? {}).map(([k, v]) => [k, resolve(v, template)]));
  const text = String(resolve(props.DefinitionString, template)).replace(/\$\{([A-Za-z0-9]+)\}/g, (m, key: string) => subs[key] ?? m);
  return JSON.parse(text);
}

export function logicalIdOf(template: Template, type: string, pathPart: string): string {
  const ids = Object.keys(template.Resources).filter((id) => template.Resources[id]!.Type === type && id.includes(pathPart));
  if (ids.length !== 1) throw new Error(`expected one ${type} matching ${pathPart}, found ${ids.join(', ')}`);
  return ids[0]!;
}
