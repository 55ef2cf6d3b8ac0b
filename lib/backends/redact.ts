/**
 * Secrets out of every message (issue 10, item 9). A provider that echoes the request can put the
 * API key or a token into an error body in many spellings; the Redactor replaces each of them with
 * `***`:
 * - every known secret (the IBM API key, each IAM access and refresh token as it is issued, the AWS
 *   secret key and session token) in its raw form, URL-encoded (encodeURIComponent, form encoding,
 *   lower-case hex), JSON-escaped (once or twice), and each of these in base64 / base64url at the
 *   three byte alignments it can have inside a longer encoded body (a gateway echoing the request
 *   body in base64);
 * - unknown credentials by shape: `Bearer <token>`, JWTs, `apikey=` / `access_token":"` / AWS
 *   `X-Amz-Security-Token` / `Signature=` values.
 * And a provider's quoted text is cut to `MAX_QUOTED_CHARS`: an echoed body is dropped, not printed.
 */

/** Longest provider text quoted in a message. */
export const MAX_QUOTED_CHARS = 300;

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The inner base64 characters of `secret` at byte offset `offset` (0..2) of a longer encoded text. */
function base64Fragment(secret: Buffer, offset: number, url: boolean): string {
  const padded = Buffer.concat([Buffer.alloc(offset), secret]);
  let b64 = padded.toString(url ? 'base64url' : 'base64').replace(/=+$/, '');
  // characters mixing the secret with unknown neighbours: the first group when offset > 0, and the
  // last one or two characters when the secret does not end on a 3-byte boundary
  const head = offset === 0 ? 0 : Math.ceil((offset * 8) / 6);
  const tail = padded.length % 3 === 0 ? 0 : 1;
  b64 = b64.slice(head, b64.length - tail);
  return b64;
}

/** Every spelling of `secret` we redact (longest first): the textual ones and each in base64. */
export function encodingsOf(secret: string): string[] {
  const textual = new Set<string>([
    secret,
    encodeURIComponent(secret),
    new URLSearchParams({ x: secret }).toString().slice(2),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret)).slice(3, -3),
  ]);
  const forms = new Set(textual);
  for (const text of textual) {
    const bytes = Buffer.from(text, 'utf8');
    for (const offset of [0, 1, 2]) for (const url of [false, true]) forms.add(base64Fragment(bytes, offset, url));
  }
  return [...forms].filter((f) => f.length >= 4).sort((a, b) => b.length - a.length);
}

/** A pattern matching `form`; percent-escapes match in either case (%2b and %2B). */
function patternOf(form: string): string {
  return escapeRegExp(form).replace(/%([0-9A-F])([0-9A-F])/g, (_, a: string, b: string) => `%[${a}${a.toLowerCase()}][${b}${b.toLowerCase()}]`);
}

/** Credentials recognised by their shape. */
const SHAPES: readonly [RegExp, string][] = [
  [/\b(Bearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi, '$1***'],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '***'],
  [/((?:api_?key|access_token|refresh_token|id_token|password|secret|x-amz-security-token|aws_session_token|signature)\\?"?\s*[:=]\s*\\?"?)[^"\\&\s,;}]{4,}/gi, '$1***'],
];

export class Redactor {
  private pattern: RegExp | undefined;
  private readonly secrets = new Set<string>();

  constructor(secrets: readonly (string | undefined | null)[] = []) {
    for (const s of secrets) this.add(s);
  }

  /** Add a secret (e.g. a token as it is issued); ignored when shorter than 4 characters. */
  add(secret: string | undefined | null): void {
    if (!secret || secret.length < 4 || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    const forms = [...this.secrets].flatMap(encodingsOf).sort((a, b) => b.length - a.length);
    this.pattern = new RegExp(forms.map(patternOf).join('|'), 'g');
  }

  /** `text` with every secret and credential-shaped value replaced by `***`. */
  redact(text: string): string {
    let out = this.pattern ? text.replace(this.pattern, '***') : text;
    for (const [re, by] of SHAPES) out = out.replace(re, by);
    return out;
  }

  /** Provider text to quote in a message: redacted and cut to MAX_QUOTED_CHARS. */
  quote(text: string): string {
    const r = this.redact(text);
    return r.length > MAX_QUOTED_CHARS ? `${r.slice(0, MAX_QUOTED_CHARS)}… (${r.length - MAX_QUOTED_CHARS} more characters not shown)` : r;
  }
}

/**
 * `error` with its message redacted (a new error of the same class, name, code, path and details,
 * without the cause, whose text may hold secrets); anything that is not an Error passes unchanged.
 */
export function redactError<E>(error: E, redactor: Redactor): E {
  if (!(error instanceof Error)) return error;
  const clean = redactor.redact(error.message);
  if (clean === error.message && !(error as { cause?: unknown }).cause) return error;
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error & Record<string, unknown>;
  for (const key of Object.keys(error)) if (key !== 'cause') copy[key] = (error as unknown as Record<string, unknown>)[key];
  Object.defineProperty(copy, 'message', { value: clean, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(copy, 'name', { value: error.name, enumerable: false, writable: true, configurable: true });
  Object.defineProperty(copy, 'stack', { value: `${error.name}: ${clean}\n${(error.stack ?? '').split('\n').slice(1).filter((l) => l.trimStart().startsWith('at ')).join('\n')}`, enumerable: false, writable: true, configurable: true });
  return copy as E;
}
