/**
 * The platform-wide force-classical switch (the runbook's first P0 action, "switch to fallback"):
 * while it is on, CheckCapacity routes every job that would try the quantum path to the annealing
 * fallback, and the result records the reason `forced-platform`. On AWS it is an SSM parameter
 * (lib/jobs/ssm-switch.ts), locally a file beside the results (lib/jobs/file-switch.ts); both hold
 * the same JSON value, `{"forced":true,"reason":"...","setBy":"...","setAt":"ISO 8601"}`. A value
 * edited by hand may also be `on`, `off`, `true` or `false`.
 *
 * Readers cache the value for a short time (CheckCapacity: 30 s by default), so a change takes effect
 * within a minute without one SSM call per job.
 */
import { QpoError } from '../contracts/errors';

export interface ForceClassicalState {
  /** True: every job that would try the quantum path goes to the fallback (reason `forced-platform`). */
  readonly forced: boolean;
  /** Why it was set (free text, e.g. an incident id). */
  readonly reason: string | null;
  /** Who set it (`user@host`). */
  readonly setBy: string | null;
  /** When it was set (ISO 8601, UTC). */
  readonly setAt: string | null;
}

/** The SSM parameter name of a stage's switch (the stack creates it; `qpo fallback force --stage` writes it). */
export const forceClassicalParameterName = (project: string, stage: string) => `/${project}/${stage}/force-classical`;

export const SWITCH_OFF: ForceClassicalState = { forced: false, reason: null, setBy: null, setAt: null };

const WORDS: Readonly<Record<string, boolean>> = { on: true, true: true, off: false, false: false };

/**
 * The switch's value from its stored text.
 * @throws QpoError INVALID_INPUT naming `source` when the text is neither the JSON value nor a word.
 */
export function parseSwitchValue(text: string, source: string): ForceClassicalState {
  const trimmed = text.trim();
  const word = WORDS[trimmed.toLowerCase()];
  if (word !== undefined) return { ...SWITCH_OFF, forced: word };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    value = undefined;
  }
  const v = value as Partial<Record<keyof ForceClassicalState, unknown>> | undefined;
  if (!v || typeof v !== 'object' || typeof v.forced !== 'boolean')
    throw new QpoError('INVALID_INPUT', `${source}: ${JSON.stringify(trimmed.slice(0, 80))} is not a force-classical value; use on, off or {"forced": true|false, "reason": "..."} (qpo fallback force on|off writes it)`, {
      path: 'force-classical',
    });
  const text_ = (x: unknown) => (typeof x === 'string' && x ? x : null);
  return { forced: v.forced, reason: text_(v.reason), setBy: text_(v.setBy), setAt: text_(v.setAt) };
}

/** The stored text of a state (compact JSON). */
export function switchValue(state: ForceClassicalState): string {
  return JSON.stringify(state);
}

/** Where the switch is kept: an SSM parameter on AWS, a file locally. */
export interface SwitchStore {
  /** A name for messages: `ssm:/qpo/dev/force-classical` or the file path. */
  readonly location: string;
  /** The current value; off when it was never set. */
  read(): Promise<ForceClassicalState>;
  write(state: ForceClassicalState): Promise<void>;
}

/** What CheckCapacity asks: is the switch on now? */
export interface ForceClassicalSwitch {
  read(): Promise<ForceClassicalState>;
}

/**
 * A reader that asks its store at most once per `ttlSeconds`. When the store cannot be read, the last
 * value read stays in force (off when none was ever read) and `onError` is told: a broken switch
 * never stops jobs, it only delays a change.
 */
export class CachedSwitch implements ForceClassicalSwitch {
  private value: ForceClassicalState | undefined;
  private readAtMs = -Infinity;

  constructor(
    private readonly store: Pick<SwitchStore, 'read'>,
    private readonly ttlSeconds: number,
    private readonly now: () => number = Date.now,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  async read(): Promise<ForceClassicalState> {
    const t = this.now();
    if (this.value && t - this.readAtMs < this.ttlSeconds * 1000) return this.value;
    try {
      this.value = await this.store.read();
      this.readAtMs = t;
    } catch (error) {
      this.onError(error);
      return this.value ?? SWITCH_OFF;
    }
    return this.value;
  }
}
