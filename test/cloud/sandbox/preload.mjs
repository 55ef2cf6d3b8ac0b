// Installed first in every sandbox process of the offline cloud run (Lambda execution
// environments through bootstrap.mjs, Batch containers through NODE_OPTIONS=--import), before any
// of the shipped code loads. Its settings come in QPO_CLOUD_RUN_SANDBOX, which it removes from the
// environment first, so the code sees exactly the environment it was given.
// - The environment guard: every read (get or `in`) of a variable that is not set is appended to
//   `readsFile` as { name, site }, site being the first stack frame outside this file (source-mapped
//   with --enable-source-maps). The harness decides which reads break the run.
// - The network: requests to the providers' public hosts (IBM Quantum) go to their local test
//   servers, as DNS would send them (`redirects`: origin -> local origin). AWS services are reached
//   through AWS_ENDPOINT_URL_* instead.
import { appendFileSync } from 'node:fs';

const raw = process.env.QPO_CLOUD_RUN_SANDBOX;
delete process.env.QPO_CLOUD_RUN_SANDBOX;
const config = JSON.parse(raw ?? '{}');

const realEnv = process.env;
const seen = new Set();
function site() {
  const frames = (new Error().stack ?? '').split('\n').slice(1);
  const frame = frames.find((l) => !l.includes('preload.mjs') && !l.includes('node:internal') && !l.includes('(<anonymous>)'));
  return frame ? frame.trim().replace(/^at /, '') : 'unknown';
}
function recordRead(name) {
  if (typeof name !== 'string' || !config.readsFile || Object.prototype.hasOwnProperty.call(realEnv, name)) return;
  const where = site();
  const key = `${name}\n${where}`;
  if (seen.has(key)) return;
  seen.add(key);
  appendFileSync(config.readsFile, `${JSON.stringify({ name, site: where })}\n`);
}
process.env = new Proxy(realEnv, {
  get(target, name, receiver) {
    recordRead(name);
    return Reflect.get(target, name, receiver);
  },
  has(target, name) {
    recordRead(name);
    return Reflect.has(target, name);
  },
  // process.env coerces what is stored (strings only): write to it directly, not through the proxy.
  set(target, name, value) {
    target[name] = value;
    return true;
  },
  deleteProperty(target, name) {
    delete target[name];
    return true;
  },
});

const redirects = config.redirects ?? {};
const realFetch = globalThis.fetch;
globalThis.fetch = (input, init) => {
  const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url);
  const to = redirects[url.origin];
  if (!to) return realFetch(input, init);
  const local = `${to}${url.pathname}${url.search}`;
  return realFetch(typeof input === 'string' || input instanceof URL ? local : new Request(local, input), init);
};
