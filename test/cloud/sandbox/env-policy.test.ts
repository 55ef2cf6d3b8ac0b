/** Which reads of unset variables break the cloud run. */
import { isMissingSetting } from './env-policy';

describe('environment reads', () => {
  it('the shipped code reading a variable it is not given breaks the run, wherever the read happens', () => {
    expect(isMissingSetting({ name: 'RESULTS_BUCKET', site: 'env (/tmp/x/lambdas/shared/runtime.ts:18:21)' })).toBe(true);
    expect(isMissingSetting({ name: 'QPO_IBM_API_KEY', site: 'ZodObject.parse (/tmp/x/node_modules/zod/v4/core/schemas.js:10:1)' })).toBe(true);
    expect(isMissingSetting({ name: 'HOME', site: 'software (/tmp/x/lambdas/shared/runtime.ts:61:51)' })).toBe(true);
  });

  it('libraries and Node.js probing the settings they own do not', () => {
    expect(isMissingSetting({ name: 'AWS_PROFILE', site: 'getProfileName (/r/node_modules/@smithy/core/dist-cjs/index.js:1:1)' })).toBe(false);
    expect(isMissingSetting({ name: 'POWERTOOLS_LOG_LEVEL', site: 'getStringFromEnv (/t/node_modules/@aws-lambda-powertools/commons/lib/esm/envUtils.js:36:27)' })).toBe(false);
    expect(isMissingSetting({ name: 'FORCE_COLOR', site: 'process.emit (node:events:524:28)' })).toBe(false);
    expect(isMissingSetting({ name: 'NODE_V8_COVERAGE', site: 'unknown' })).toBe(false);
  });
});
