/**
 * The platform-wide force-classical switch: its stored value, the SSM store against an SSM endpoint
 * on 127.0.0.1 (AWS JSON 1.1, SigV4), the local file store, and the reader's short cache.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { SSMClient } from '@aws-sdk/client-ssm';
import { FileSwitchStore, LEGACY_SWITCH_FILE } from '../../lib/jobs/file-switch';
import { CachedSwitch, forceClassicalParameterName, parseSwitchValue, SWITCH_OFF, switchValue, type ForceClassicalState } from '../../lib/jobs/platform-switch';
import { SsmSwitchStore } from '../../lib/jobs/ssm-switch';
import { startSsm, TEST_CREDENTIALS, type LocalSsm } from '../helpers/ssm-server';

const ON: ForceClassicalState = { forced: true, reason: 'IBM outage INC-42', setBy: 'oncall@host', setAt: '2026-12-07T00:00:00.000Z' };

describe('the switch value', () => {
  it('round-trips as JSON and accepts the words a person types', () => {
    expect(parseSwitchValue(switchValue(ON), 'x')).toEqual(ON);
    for (const [word, forced] of [['on', true], ['TRUE', true], [' off\n', false], ['false', false]] as const) expect(parseSwitchValue(word, 'x')).toEqual({ ...SWITCH_OFF, forced });
  });

  it('refuses anything else, naming where it was read and the fix', () => {
    expect(() => parseSwitchValue('maybe', 'ssm:/qpo/dev/force-classical')).toThrow(/ssm:\/qpo\/dev\/force-classical: "maybe" is not a force-classical value; use on, off/);
    expect(() => parseSwitchValue('{"forced":"yes"}', 'f')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', path: 'force-classical' }));
  });

  it('lives at /<project>/<stage>/force-classical', () => {
    expect(forceClassicalParameterName('qpo', 'prod')).toBe('/qpo/prod/force-classical');
  });
});

describe('SsmSwitchStore against SSM on 127.0.0.1', () => {
  let ssm: LocalSsm;
  let client: SSMClient;
  beforeAll(async () => {
    ssm = await startSsm();
    client = new SSMClient({ region: 'us-east-1', endpoint: ssm.endpoint, credentials: TEST_CREDENTIALS, maxAttempts: 1 });
  });
  afterAll(async () => {
    client.destroy();
    await ssm.close();
  });

  it('a parameter that does not exist reads as off; written on, it reads back on (PutParameter Overwrite)', async () => {
    const store = new SsmSwitchStore(client, '/qpo/test/force-classical');
    expect(await store.read()).toEqual(SWITCH_OFF);
    await store.write(ON);
    await store.write({ ...ON, reason: 'still down' });
    expect(await store.read()).toEqual({ ...ON, reason: 'still down' });
    expect(ssm.parameters.get('/qpo/test/force-classical')).toMatchObject({ Type: 'String', Version: 2 });
    expect(ssm.calls).toEqual(['GetParameter', 'PutParameter', 'PutParameter', 'GetParameter']);
    expect(ssm.unsigned).toBe(0);
  });

  it('an SSM failure is thrown to the caller (the cache decides what to do)', async () => {
    ssm.fail(1);
    await expect(new SsmSwitchStore(client, '/qpo/test/force-classical').read()).rejects.toMatchObject({ name: 'InternalServerError' });
  });
});

describe('FileSwitchStore', () => {
  it('no file is off; writes atomically and reads back; a broken file is a user error naming it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qpo-switch-'));
    const store = new FileSwitchStore(dir);
    expect(await store.read()).toEqual(SWITCH_OFF);
    await store.write(ON);
    expect(await store.read()).toEqual(ON);
    writeFileSync(store.location, 'yes please');
    await expect(store.read()).rejects.toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining(store.location) });
  });

  it('stays out of the job ids\' namespace: an earlier version\'s switch is read and replaced, a job named force-classical is neither', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'qpo-switch-'));
    const store = new FileSwitchStore(dir);
    expect(path.basename(store.location)).toBe('_force-classical.json');
    const legacy = path.join(dir, LEGACY_SWITCH_FILE);
    writeFileSync(legacy, switchValue(ON));
    expect(await store.read()).toEqual(ON); // a switch set before the rename still holds
    await store.write(SWITCH_OFF);
    expect(existsSync(legacy)).toBe(false);
    expect(await store.read()).toEqual(SWITCH_OFF);
    // a job record under the old name is a job's, not the switch: ignored and kept
    const record = JSON.stringify({ schemaVersion: 1, jobId: 'force-classical' });
    writeFileSync(legacy, record);
    const fresh = new FileSwitchStore(mkdtempSync(path.join(tmpdir(), 'qpo-switch-')));
    writeFileSync(path.join(path.dirname(fresh.location), LEGACY_SWITCH_FILE), record);
    expect(await fresh.read()).toEqual(SWITCH_OFF);
    await fresh.write(ON);
    expect(readFileSync(path.join(path.dirname(fresh.location), LEGACY_SWITCH_FILE), 'utf8')).toBe(record);
  });
});

describe('CachedSwitch', () => {
  it('asks the store at most once per TTL, so a change takes effect within the TTL', async () => {
    let stored: ForceClassicalState = SWITCH_OFF;
    let reads = 0;
    let t = 0;
    const cached = new CachedSwitch({ read: async () => (reads++, stored) }, 30, () => t);
    expect((await cached.read()).forced).toBe(false);
    stored = ON;
    t = 29_999;
    expect((await cached.read()).forced).toBe(false);
    t = 30_000;
    expect((await cached.read()).forced).toBe(true);
    expect(reads).toBe(2);
  });

  it('keeps the last value read when the store fails (off before any read), and reports the error', async () => {
    const errors: unknown[] = [];
    let fail = true;
    let t = 0;
    const cached = new CachedSwitch({ read: async () => (fail ? Promise.reject(new Error('throttled')) : ON) }, 10, () => t, (e) => errors.push(e));
    expect(await cached.read()).toEqual(SWITCH_OFF);
    fail = false;
    expect(await cached.read()).toEqual(ON);
    fail = true;
    t = 60_000;
    expect(await cached.read()).toEqual(ON);
    expect(errors).toHaveLength(2);
  });
});
