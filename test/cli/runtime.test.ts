import { backendEnvironment } from '../../lib/backends/environment';

describe('backendEnvironment', () => {
  it('configures IBM only with both the key and the CRN, Braket with a bucket', () => {
    expect(backendEnvironment({})).toEqual({});
    expect(backendEnvironment({ QPO_IBM_API_KEY: 'k' })).toEqual({});
    expect(backendEnvironment({ QPO_IBM_API_KEY: 'k', QPO_IBM_INSTANCE_CRN: 'crn:v1:x', QPO_IBM_API_URL: 'http://127.0.0.1:1/api', QPO_IBM_USD_PER_SECOND: '0.5', QPO_IBM_JOBS_PER_MINUTE: 'unlimited' })).toEqual({
      ibm: { apiKey: 'k', crn: 'crn:v1:x', apiUrl: 'http://127.0.0.1:1/api', usdPerQuantumSecond: 0.5, jobsPerMinute: Infinity },
    });
    expect(backendEnvironment({ QPO_BRAKET_BUCKET: 'amazon-braket-x', AWS_REGION: 'eu-north-1', QPO_POLL_INTERVAL_MS: '50' })).toEqual({
      braket: { bucket: 'amazon-braket-x', region: 'eu-north-1' },
      poll: { initialIntervalMs: 50, maxIntervalMs: 250 },
    });
  });

  it('scales the provider deadlines from QPO_PROVIDER_TIMEOUT_SECONDS and refuses a bad value by name', () => {
    expect(backendEnvironment({ QPO_PROVIDER_TIMEOUT_SECONDS: '2' }).timeouts).toEqual({ requestSeconds: 2, callSeconds: 6, probeSeconds: 4, cleanupSeconds: 2 });
    for (const bad of ['abc', '0', '-1', '1e9']) {
      expect(() => backendEnvironment({ QPO_PROVIDER_TIMEOUT_SECONDS: bad })).toThrow(expect.objectContaining({ code: 'BACKEND_NOT_CONFIGURED', path: 'QPO_PROVIDER_TIMEOUT_SECONDS', message: expect.stringContaining(`'${bad}'`) }));
    }
  });

  it('keeps the AWS secret key and session token for redaction only', () => {
    expect(backendEnvironment({ AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG', AWS_SESSION_TOKEN: 'IQoJb3JpZ2lu' }).secrets).toEqual(['wJalrXUtnFEMI/K7MDENG', 'IQoJb3JpZ2lu']);
  });
});
