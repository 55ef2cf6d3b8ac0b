/**
 * The force-classical switch of local runs: `<results dir>/_force-classical.json`, read by every
 * `qpo optimize` writing to that directory and written atomically (temporary file, then rename) by
 * `qpo fallback force on|off`. The leading underscore keeps it out of the job ids' namespace (a job
 * id starts with a letter or digit; its record is `<results dir>/<jobId>.json`). A switch written
 * under the earlier name, `force-classical.json`, is still read while no new one exists, and the
 * next write replaces it.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseSwitchValue, switchValue, SWITCH_OFF, type ForceClassicalState, type SwitchStore } from './platform-switch';

export const SWITCH_FILE = '_force-classical.json';
/** Where versions before 2026-12-07 kept the switch (it collided with a job named force-classical). */
export const LEGACY_SWITCH_FILE = 'force-classical.json';

export class FileSwitchStore implements SwitchStore {
  readonly location: string;

  constructor(readonly directory: string) {
    this.location = path.join(directory, SWITCH_FILE);
  }

  async read(): Promise<ForceClassicalState> {
    const current = await readSwitch(this.location);
    if (current !== undefined) return current;
    // An earlier version's switch; a job record of that name is not a switch (unset here).
    const legacy = path.join(this.directory, LEGACY_SWITCH_FILE);
    return (await readSwitch(legacy).catch(() => undefined)) ?? SWITCH_OFF;
  }

  async write(state: ForceClassicalState): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true });
    const tmp = path.join(this.directory, `.${SWITCH_FILE}.${randomUUID()}.tmp`);
    try {
      await fs.writeFile(tmp, `${switchValue(state)}\n`);
      await fs.rename(tmp, this.location);
      await removeLegacySwitch(path.join(this.directory, LEGACY_SWITCH_FILE));
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }
}

/** The switch at `file`, or undefined when there is no file. @throws when it is not a switch value */
async function readSwitch(file: string): Promise<ForceClassicalState | undefined> {
  try {
    return parseSwitchValue(await fs.readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Remove an earlier version's switch file, but never a job record that has its name. */
async function removeLegacySwitch(file: string): Promise<void> {
  const legacy = await readSwitch(file).catch(() => undefined);
  if (legacy !== undefined) await fs.rm(file, { force: true });
}
