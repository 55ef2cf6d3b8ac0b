/** The package root and version: all that `qpo --help` / `--version` read (no other module loads). */
import * as path from 'node:path';

/** The repository root (bin/cli/../.. from source, dist/cli/../.. in the bundle). */
export const PACKAGE_ROOT = path.resolve(__dirname, '..', '..');

/** Version of this package. */
export function qpoVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require(path.join(PACKAGE_ROOT, 'package.json')) as { version: string }).version;
}
