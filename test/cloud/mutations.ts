/**
 * The three edits to an assembly that the cloud run must refuse (issue 9): an environment variable
 * removed from one function, the quantum task's timeout catcher pointed elsewhere, and an error name
 * changed on one side only (the definition's catcher, not the code that throws). Each edits a copy
 * of the template, as a bad change to lib/infra or lib/workflow would, and names the failure the
 * run must print.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { CloudAssembly } from './template/assembly';

export interface Mutation {
  readonly name: string;
  /** Edit the template of the assembly in `dir` (a copy). Returns what was changed. */
  apply(dir: string): string;
  /** What the failed run must say. */
  readonly expected: RegExp;
  /** The branch that exercises the edit (`--only`): the check stays quick and deterministic on a loaded machine. */
  readonly branch: string;
}

type Template = { Resources: Record<string, { Type: string; Properties: Record<string, any> }> };

function editTemplate(dir: string, edit: (t: Template, asm: CloudAssembly) => string): string {
  const asm = new CloudAssembly(dir);
  const file = path.join(dir, readdirTemplate(dir));
  const t = JSON.parse(readFileSync(file, 'utf8')) as Template;
  const what = edit(t, asm);
  writeFileSync(file, JSON.stringify(t, null, 1));
  return what;
}

function readdirTemplate(dir: string): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; properties?: { templateFile?: string } }> };
  return Object.values(manifest.artifacts).find((a) => a.type === 'aws:cloudformation:stack')!.properties!.templateFile!;
}

/** Replace `from` with `to` in the literal parts of the job machine's DefinitionString. */
function editDefinition(t: Template, asm: CloudAssembly, from: RegExp, to: string): number {
  const id = asm.logicalId('AWS::StepFunctions::StateMachine', 'JobStateMachine');
  const def = t.Resources[id]!.Properties.DefinitionString;
  let hits = 0;
  const edit = (s: string) => s.replace(from, (...m) => {
    hits += 1;
    return to.replace(/\$(\d)/g, (_x, i: string) => String(m[Number(i)]));
  });
  if (typeof def === 'string') t.Resources[id]!.Properties.DefinitionString = edit(def);
  else def['Fn::Join'][1] = (def['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? edit(p) : p));
  if (hits === 0) throw new Error(`mutation: ${from} does not occur in the job machine's definition`);
  return hits;
}

export const MUTATIONS: readonly Mutation[] = [
  {
    name: 'an environment variable removed from one function',
    apply: (dir) =>
      editTemplate(dir, (t, asm) => {
        const id = asm.logicalId('AWS::Lambda::Function', 'RecordResult');
        delete t.Resources[id]!.Properties.Environment.Variables.RESULTS_BUCKET;
        return `removed RESULTS_BUCKET from ${id}`;
      }),
    expected: /function WorkflowRecordResult\w+ read RESULTS_BUCKET, which its template environment does not set/,
    branch: 'Batch queue overflow',
  },
  {
    name: 'the timeout catcher of the quantum task pointed elsewhere',
    apply: (dir) =>
      editTemplate(dir, (t, asm) => {
        const n = editDefinition(t, asm, /("ErrorEquals":\[[^\]]*"States\.Timeout"[^\]]*\][^}]*"Next":")RunAnnealingFallback"/g, '$1NotifyFailure"');
        return `RunQuantumJob's States.Timeout catcher -> NotifyFailure (${n} edit)`;
      }),
    expected: /States\.Timeout of RunQuantumJob was caught to NotifyFailure, expected RunAnnealingFallback/,
    branch: 'timeout -> fallback',
  },
  {
    name: 'an error name changed on one side only',
    apply: (dir) =>
      editTemplate(dir, (t, asm) => {
        const n = editDefinition(t, asm, /"QPO\.UnknownTicker"/g, '"QPO.TickerUnknown"');
        return `ErrorEquals QPO.UnknownTicker -> QPO.TickerUnknown in the definition only (${n} edits)`;
      }),
    expected: /ValidateAndPrepare failed with QPO\.UnknownTicker; no Catch of ValidateAndPrepare took it to InputRejected \(catchers: .*QPO\.TickerUnknown/,
    branch: 'input rejected',
  },
];

/** A copy of the assembly in `dir` with `mutation` applied; returns its directory and the edit. */
export function mutatedCopy(dir: string, into: string, mutation: Mutation): { dir: string; edit: string } {
  cpSync(dir, into, { recursive: true });
  return { dir: into, edit: mutation.apply(into) };
}
