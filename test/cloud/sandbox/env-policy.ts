/**
 * Which reads of unset environment variables break the cloud run. sandbox/preload.mjs records
 * every such read with its (source-mapped) site; a read is the code's own when its site is project
 * code, or when it asks for a name that no runtime or library owns (e.g. a zod schema reading
 * QPO_X on behalf of a handler). Reads by Node.js, the AWS SDK and Powertools of the names they
 * own (probing optional settings: AWS_PROFILE, POWERTOOLS_LOG_LEVEL, HOME, ...) are their business.
 */
import type { EnvRead } from '../lambda/emulator';

const OWNED_PREFIXES = ['AWS_', '_AWS_', 'POWERTOOLS_', 'NODE_', 'LAMBDA_', '_X_AMZN_', 'LC_', 'XDG_', 'ECS_'];
const OWNED_NAMES = new Set([
  '_HANDLER',
  'TZ',
  'LANG',
  'LANGUAGE',
  'PATH',
  'HOME',
  'HOMEPATH',
  'HOMEDRIVE',
  'USERPROFILE',
  'TMPDIR',
  'TMP',
  'TEMP',
  'TERM',
  'FORCE_COLOR',
  'NO_COLOR',
  'CI',
  'DEBUG',
  // Node.js: the CommonJS loader (watch mode) and undici (fetch)
  'WATCH_REPORT_DEPENDENCIES',
  'UNDICI_NO_FG',
  // the AWS SDK's and undici's test-runner detection
  'JEST_WORKER_ID',
  // Powertools Logger: the `environment` field and its alternative log-level variable
  'ENVIRONMENT',
  'LOG_LEVEL',
]);

export const ownedName = (name: string) => OWNED_NAMES.has(name) || OWNED_PREFIXES.some((p) => name.startsWith(p));
export const librarySite = (site: string) => site === 'unknown' || /(^|\()node:/.test(site) || /[\\/]node_modules[\\/]/.test(site);

/** True when the read is the shipped code asking for a variable its resource does not set. */
export function isMissingSetting(read: EnvRead): boolean {
  return !librarySite(read.site) || !ownedName(read.name);
}
