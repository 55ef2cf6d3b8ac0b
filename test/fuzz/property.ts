/**
 * The fuzz property of issue 10, for the CLI and the API: user input ends in success, or in a
 * user error (exit 2 / HTTP 4xx) of one line per root cause naming the field (a case that damages
 * two fields may get two lines, never more: no cascades, no repeats); never exit 1, never a 5xx,
 * never a stack trace, never a file written on rejection.
 */
import { readdirSync } from 'node:fs';
import type { APIGatewayProxyResult } from 'aws-lambda';
import { entryOf, isErrorCode } from '../../lib/contracts/errors';
import type { CliRun } from '../helpers/cli';

/** `error [CODE] field: message` (bin/cli/errors.ts). */
const ERROR_LINE = /^error \[([A-Z_]+)\] ([^\s:][^:]*?): \S/;

/** Every file under `dir`, recursively, relative. */
export function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(`${dir}/${e.name}`, `${prefix}${e.name}/`) : [`${prefix}${e.name}`]));
}

/**
 * Why a CLI run breaks the property, or null when it holds. `before` lists the files of the run's
 * working directory before it; `fields(name)` says whether the error's field names an input the
 * case set (a flag, a config key, a file).
 */
export function cliViolation(
  r: CliRun,
  before: readonly string[],
  fields: (name: string) => boolean,
  options: { writesOnSuccess?: boolean; maxLines?: number } = {},
): string | null {
  if (/\n\s+at .+:\d+/.test(r.stderr) || /\n\s+at .+:\d+/.test(r.stdout)) return 'a stack trace';
  const after = filesUnder(r.cwd);
  const added = after.filter((f) => !before.includes(f));
  if (r.code === 0) {
    if (!options.writesOnSuccess && added.length) return `files written by a run that writes none: ${added.join(', ')}`;
    return null;
  }
  if (r.code !== 2) return `exit ${r.code} for user input`;
  if (added.length) return `files written on rejection: ${added.join(', ')}`;
  if (r.stdout !== '') return 'output on stdout with a rejection';
  const [first, ...more] = r.stderr.trimEnd().split('\n');
  const m = ERROR_LINE.exec(first!);
  if (!m) return 'the line is not "error [CODE] field: message"';
  if (!isErrorCode(m[1]!) || entryOf(m[1]!).kind !== 'user') return `${m[1]} is not a catalogued user error`;
  if (!fields(m[2]!)) return `the field '${m[2]}' is none of the inputs the case set`;
  return linesViolation([first!.slice(first!.indexOf('] ') + 2), ...more.map((l) => l.trim())], options.maxLines ?? 1);
}

/**
 * One line per root cause: each line `field: message`, no line twice, at most `maxLines` (the
 * number of inputs the case damaged: more lines would be a cascade).
 */
function linesViolation(lines: readonly string[], maxLines: number): string | null {
  if (lines.length > maxLines) return `${lines.length} lines for ${maxLines} damaged input(s)`;
  if (new Set(lines).size !== lines.length) return 'a line repeated';
  const bad = lines.find((l) => !/^[^\s:][^:]*?: \S/.test(l));
  return bad === undefined ? null : `a line without its field: '${bad}'`;
}

/** Why an API response breaks the property (a 5xx, a 4xx without a field or with a stack), or null. */
export function apiViolation(r: APIGatewayProxyResult, allowed: readonly number[], maxLines = 1): string | null {
  if (!allowed.includes(r.statusCode)) return `HTTP ${r.statusCode}`;
  if (/\n\s+at .+:\d+|node:internal|\/var\/task/.test(r.body)) return 'a stack trace in the body';
  if (r.statusCode < 400) return null;
  let error: { code?: unknown; message?: unknown; path?: unknown };
  try {
    error = (JSON.parse(r.body) as { error: typeof error }).error;
  } catch {
    return 'a body that is not JSON';
  }
  if (typeof error?.code !== 'string' || !isErrorCode(error.code) || entryOf(error.code).kind !== 'user') return `code ${String(error?.code)} is not a catalogued user error`;
  if (typeof error.path !== 'string' || error.path === '') return 'no field (path) named';
  if (typeof error.message !== 'string') return 'no message';
  return linesViolation(error.message.split('\n'), maxLines);
}
