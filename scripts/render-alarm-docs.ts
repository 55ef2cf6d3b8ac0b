/**
 * Regenerates the alarm table of docs/deploy.md (between its `alarm-table` markers) from
 * lib/infra/alarm-table.ts with the default stage settings. `npm run docs:alarms`; a test fails when
 * the doc is stale (test/infra/alarm-table.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { alarmTable, renderAlarmTable } from '../lib/infra/alarm-table';
import { parseStageConfig } from '../lib/infra/config';

export const DEPLOY_DOC = path.join(__dirname, '..', 'docs', 'deploy.md');
export const BEGIN = '<!-- alarm-table:begin (npm run docs:alarms regenerates it from lib/infra/alarm-table.ts) -->';
export const END = '<!-- alarm-table:end -->';

/** The table as docs/deploy.md shows it: the default stage (one watched backend, `local`). */
export const documentedTable = () => renderAlarmTable(alarmTable(parseStageConfig({ stage: 'dev' })));

/** The doc with its table section replaced. @throws Error when the markers are missing. */
export function withTable(doc: string, table: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error(`docs/deploy.md has no ${BEGIN} ... ${END} section`);
  return `${doc.slice(0, a + BEGIN.length)}\n${table}\n${doc.slice(b)}`;
}

if (require.main === module) {
  const doc = readFileSync(DEPLOY_DOC, 'utf8');
  const next = withTable(doc, documentedTable());
  if (next !== doc) writeFileSync(DEPLOY_DOC, next);
  process.stdout.write(`${next === doc ? 'docs/deploy.md: alarm table up to date' : 'docs/deploy.md: alarm table regenerated'}\n`);
}
