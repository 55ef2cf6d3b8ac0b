/**
 * The force-classical switch of local runs: `<results dir>/force-classical.json`, read by every
 * `qpo optimize` writing to that directory and written atomically (temporary file, then rename) by
 * `qpo fallback force on|off`.
 */
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { parseSwitchValue, switchValue, SWITCH_OFF, type ForceClassicalState, type SwitchStore } from './platform-switch';

export const SWITCH_FILE = 'force-classical.json';

export class FileSwitchStore implements SwitchStore {
  readonly location: string;

  constructor(readonly directory: string) {
    this.location = path.join(directory, SWITCH_FILE);
  }

  async read(): Promise<ForceClassicalState> {
    try {
      return parseSwitchValue(await fs.readFile(this.location, 'utf8'), this.location);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return SWITCH_OFF;
      throw error;
    }
  }

  async write(state: ForceClassicalState): Promise<void> {
    await fs.mkdir(this.directory, { recursive: true });
    const tmp = path.join(this.directory, `.${SWITCH_FILE}.${randomUUID()}.tmp`);
    try {
      await fs.writeFile(tmp, `${switchValue(state)}\n`);
      await fs.rename(tmp, this.location);
    } finally {
      await fs.rm(tmp, { force: true });
    }
  }
}
