/**
 * cdk-nag AwsSolutions on the whole stack: zero unacknowledged findings (each acknowledgement, in
 * lib/infra/acknowledgements.ts, carries its reason). cdk-nag 3 API: Validations plugins.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { parseStageConfig } from '../../lib/infra/config';
import { QpoStack } from '../../lib/infra/stack';

it('has no unacknowledged AwsSolutions findings', () => {
  const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
  new QpoStack(app, 'Nag', { config: parseStageConfig({ stage: 'nag', alertEmail: 'a@example.com', backends: ['local', 'ibm:ibm_torino'] }) });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  expect(() => app.synth()).not.toThrow();
  const report = JSON.parse(fs.readFileSync(path.join(app.outdir, 'validation-report.json'), 'utf8'));
  const findings = report.pluginReports.flatMap((p: { violations: { ruleName: string }[] }) => p.violations.map((v) => v.ruleName));
  expect(findings).toEqual([]);
  expect(report.pluginReports.length).toBeGreaterThan(0);
});
