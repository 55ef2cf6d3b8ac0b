/**
 * The AWS integration test (test/integ/integ.platform.ts) offline: its templates (the platform
 * stack and the assertions stack: signed POST /optimize, wait for the execution, read the result
 * object) match the committed snapshot. After an intended change: `npm run integ:snapshot`.
 */
import { readSnapshot, synthIntegTemplates } from './snapshot';

it('the integ test app synthesizes to its committed snapshot', () => {
  const now = synthIntegTemplates();
  const snapshot = readSnapshot();
  expect(Object.keys(now).sort()).toEqual(Object.keys(snapshot).sort());
  for (const [file, text] of Object.entries(now)) expect({ file, text: `${text}\n` }).toEqual({ file, text: snapshot[file] });
  // What the test does on AWS: the signed call (a function allowed execute-api:Invoke on POST /optimize),
  // the wait for the execution, the read of the result object.
  const assertions = Object.entries(now).find(([f]) => f.includes('DeployAssert'))![1];
  for (const step of ['Invoke', 'describeExecution', 'SUCCEEDED', 'getObject', 'portfolio-optimization/integ-platform-1/result.json']) expect(assertions).toContain(step);
  expect(now['QpoInteg.template.json']).toContain('execute-api:Invoke');
}, 120_000);
