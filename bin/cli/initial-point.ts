/**
 * `initial_point: FILE` of a config file (the runbook's `config/initial_point.json`): a JSON list of
 * numbers (or `{"initial_point": [...]}`), or plain text of numbers separated by commas or white
 * space (numpy.savetxt's layout). The path is tried relative to the working directory first (the
 * runbook's paths start at the project root, like `--config config/vqe_config.yaml`), then to the
 * config file's folder.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { JobValidationError } from '../../lib/jobs/errors';

const FIELD = 'quantum.initialPoint';

/** Parse the text of an initial-point file. @throws JobValidationError naming the file and the bad entry. */
export function parseInitialPoint(text: string, file: string): number[] {
  const trimmed = text.trim();
  let values: unknown;
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      values = JSON.parse(trimmed);
    } catch (error) {
      throw new JobValidationError(`${FIELD}: '${file}' is not valid JSON: ${(error as Error).message}`, FIELD);
    }
    if (typeof values === 'object' && values !== null && !Array.isArray(values)) values = (values as Record<string, unknown>).initial_point ?? (values as Record<string, unknown>).initialPoint;
  } else values = trimmed === '' ? [] : trimmed.split(/[\s,]+/).map((t) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : t));
  if (!Array.isArray(values) || values.length === 0)
    throw new JobValidationError(`${FIELD}: '${file}' holds no list of numbers; write one number per circuit parameter, as a JSON list or one per line`, FIELD);
  const bad = values.findIndex((v) => typeof v !== 'number' || !Number.isFinite(v));
  if (bad >= 0) throw new JobValidationError(`${FIELD}: '${file}' entry ${bad} (${JSON.stringify(values[bad])}) is not a finite number`, FIELD);
  return values as number[];
}

/**
 * Read `file` (relative to `cwd`, else to the config file's folder) as an initial point.
 * @throws JobValidationError when neither place has it, or it does not hold numbers.
 */
export async function readInitialPoint(file: string, configFile: string, cwd = process.cwd()): Promise<number[]> {
  const candidates = [...new Set([path.resolve(cwd, file), path.resolve(path.dirname(path.resolve(cwd, configFile)), file)])];
  for (const candidate of candidates) {
    let text: string;
    try {
      text = await fs.readFile(candidate, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw new JobValidationError(`${FIELD}: '${candidate}' cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, FIELD);
    }
    return parseInitialPoint(text, file);
  }
  throw new JobValidationError(`${FIELD}: the initial-point file '${file}' does not exist (looked for ${candidates.join(' and ')}); give a list of numbers, null, or an existing file`, FIELD);
}
