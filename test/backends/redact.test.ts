/**
 * Redaction (issue 10, item 9): no spelling of a secret survives, whatever a provider echoes.
 * A property test over random keys and echo positions, then the IBM client against a fake platform
 * that echoes every request (headers with the bearer token, the raw form body, the body in base64).
 */
import fc from 'fast-check';
import { encodingsOf, Redactor, redactError } from '../../lib/backends/redact';
import { BackendError } from '../../lib/backends/errors';
import { IbmRuntimeClient } from '../../lib/backends/ibm/client';
import { startFakeIbm, FAKE_CRN, type FakeIbm } from '../fakes/ibm-server';

const DECODERS: ((t: string) => string)[] = [
  (t) => decodeURIComponent(t),
  (t) => decodeURIComponent(t.replace(/\+/g, ' ')),
  (t) => JSON.parse(`"${t}"`) as string,
  (t) => Buffer.from(t, 'base64').toString('utf8'),
  (t) => Buffer.from(t, 'base64url').toString('utf8'),
];

/** Whether `secret` can be read back from `text`: as is, or through up to `depth` decodings (URL, form, JSON, base64) of its tokens. */
function recoverable(text: string, secret: string, depth = 3): boolean {
  if (text.includes(secret)) return true;
  if (depth === 0) return false;
  for (const token of new Set([text, ...text.split(/[\s|'<>(),;=&]+/)])) {
    for (const decode of DECODERS) {
      let decoded: string;
      try {
        decoded = decode(token);
      } catch {
        continue;
      }
      if (decoded !== token && recoverable(decoded, secret, depth - 1)) return true;
    }
  }
  return false;
}

/** The echoes of a request carrying `secret`, as providers and gateways print them back. */
function echoes(secret: string, prefix: string, suffix: string): string {
  const form = new URLSearchParams({ grant_type: 'urn:ibm:params:oauth:grant-type:apikey', apikey: secret }).toString();
  const json = JSON.stringify({ pre: prefix, apikey: secret, post: suffix });
  return [
    `Provided API key could not be found: ${secret}`,
    `body=${form}`,
    `url=https://iam.example/identity/token?apikey=${encodeURIComponent(secret).toLowerCase()}`,
    `json=${json}`,
    `twice=${JSON.stringify(json)}`,
    `b64=${Buffer.from(prefix + form + suffix).toString('base64')}`,
    `b64url=${Buffer.from(prefix + json + suffix).toString('base64url')}`,
    `basic=Basic ${Buffer.from(`apikey:${secret}`).toString('base64')}`,
  ].join(' | ');
}

describe('Redactor', () => {
  it('leaves no recoverable spelling of a key, whatever its characters and position in an echoed body', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom(...'abcXYZ0189+/=&%"\\ -_.~!*()@:;é'), minLength: 8, maxLength: 48 }),
        fc.string({ maxLength: 7 }),
        fc.string({ maxLength: 7 }),
        (secret, prefix, suffix) => {
          fc.pre(secret.trim().length >= 8);
          const out = new Redactor([secret]).redact(echoes(secret, prefix, suffix));
          expect(recoverable(out, secret)).toBe(false);
          expect(out).toContain('***');
        },
      ),
      { numRuns: 100, seed: 20261206 },
    );
  });

  it('knows the encodings it covers and redacts credentials it was never told by their shape', () => {
    expect(encodingsOf('sk+Qp/9z=')).toEqual(expect.arrayContaining(['sk+Qp/9z=', 'sk%2BQp%2F9z%3D', 'sk%2BQp%2F9z%3D']));
    const r = new Redactor();
    expect(r.redact('Authorization: Bearer eyJhbGciOi.eyJzdWIiOiJ4In0.c2lnbmF0dXJl')).toBe('Authorization: Bearer ***');
    expect(r.redact('{"access_token":"tok-123456","refresh_token":"r-abcdef"}')).toBe('{"access_token":"***","refresh_token":"***"}');
    expect(r.redact('X-Amz-Security-Token: IQoJb3JpZ2luX2VjEJr')).toBe('X-Amz-Security-Token: ***');
    expect(r.redact('grant_type=x&apikey=abcdefgh&y=1')).toBe('grant_type=x&apikey=***&y=1');
    expect(r.quote('x'.repeat(1000))).toMatch(/^x{300}… \(700 more characters not shown\)$/);
  });

  it('redactError keeps the class, name and code, and drops the cause whose text held the secret', () => {
    const e = new BackendError('BACKEND_REQUEST_FAILED', 'IBM said: key sk%2BQp is wrong', { cause: new Error('raw sk+Qp'), details: { httpStatus: 400 } });
    const clean = redactError(e, new Redactor(['sk+Qp']));
    expect(clean).toBeInstanceOf(BackendError);
    expect(clean).toMatchObject({ name: 'QPO.BackendRequestFailed', kind: 'provider', code: 'BACKEND_REQUEST_FAILED', details: { httpStatus: 400 }, message: 'IBM said: key *** is wrong' });
    expect((clean as Error).cause).toBeUndefined();
    expect(clean.stack).not.toContain('sk%2BQp');
  });
});

describe('IBM client against a platform that echoes requests', () => {
  const KEY = 'sk+Qp/9z=Te$t&Key"0123456789';
  let fake: FakeIbm;
  beforeAll(async () => {
    fake = await startFakeIbm(undefined, 1, { apiKey: KEY });
    fake.faults.echoRequests = true;
  });
  afterAll(async () => fake.close());
  const client = (apiKey: string) => new IbmRuntimeClient({ apiKey, crn: FAKE_CRN, apiUrl: `${fake.url}/api`, iamUrl: fake.url, retry: { retries: 0 } });

  it('IAM rejects a key and echoes the form body (URL-encoded key, base64): none of it is shown', async () => {
    const wrong = 'sk+Wr/0ng=Ke$y&"9876543210';
    const error = (await client(wrong).listBackends().catch((e: unknown) => e)) as BackendError;
    expect(error.code).toBe('BACKEND_AUTH_FAILED');
    expect(recoverable(`${error.message}\n${error.stack}`, wrong)).toBe(false);
    expect(error.message).toMatch(/IBM Cloud IAM rejected the API key \(HTTP 400: BXNIM0415E Provided API key could not be found: \*\*\*/);
  });

  it('an API error echoing the bearer token and the refresh token shows neither', async () => {
    const c = client(KEY);
    await c.listBackends(); // token issued
    const token = /^Bearer (.+)$/.exec(String(fake.log.at(-1)!.headers.authorization))![1]!;
    fake.faults.nextApiStatuses.push(400);
    const error = (await c.listBackends().catch((e: unknown) => e)) as BackendError;
    expect(error.code).toBe('BACKEND_REQUEST_FAILED');
    expect(recoverable(error.message, token)).toBe(false);
    expect(recoverable(error.message, KEY)).toBe(false);
    expect(error.message.length).toBeLessThan(500); // the echoed request is cut, not printed
  });
});
