/** Route matching of the API Gateway emulator, and EMF extraction of the CloudWatch one. */
import { matchRoute, type ApiMethod } from './api-gateway';
import { emfMetrics } from './cloudwatch';

const m = (path: string, httpMethod: string): ApiMethod => ({ path, httpMethod, authorizationType: 'AWS_IAM', validateBody: false, validateParameters: false, requestParameters: {}, models: {}, functionArn: `fn:${path}` });
const methods = [m('/optimize', 'POST'), m('/jobs/{jobId}', 'GET'), m('/jobs/latest', 'GET')];

describe('API Gateway routes', () => {
  it('literal path parts win over {parameters}; parameters are decoded', () => {
    expect(matchRoute(methods, 'GET', '/jobs/latest')).toMatchObject({ method: { path: '/jobs/latest' }, params: {} });
    expect(matchRoute(methods, 'GET', '/jobs/a%20b')).toMatchObject({ method: { path: '/jobs/{jobId}' }, params: { jobId: 'a b' } });
  });

  it('an unknown path or method matches nothing', () => {
    expect(matchRoute(methods, 'GET', '/optimize')).toEqual({ method: null, allowed: true });
    expect(matchRoute(methods, 'GET', '/nope/x/y')).toEqual({ method: null, allowed: false });
  });
});

describe('EMF', () => {
  it('one datum per metric and dimension set, values from the document', () => {
    const line = JSON.stringify({ _aws: { Timestamp: 1, CloudWatchMetrics: [{ Namespace: 'QuantumComputing', Dimensions: [['service', 'backend']], Metrics: [{ Name: 'QuantumBackendHealthCheck', Unit: 'Count' }] }] }, service: 'qpo', backend: 'ibm:x', QuantumBackendHealthCheck: 0 });
    expect(emfMetrics(`2026-01-01T00:00:00Z\trequest\tINFO\t${line}`, 'group')).toEqual([
      { namespace: 'QuantumComputing', name: 'QuantumBackendHealthCheck', value: 0, unit: 'Count', dimensions: { service: 'qpo', backend: 'ibm:x' }, source: 'group' },
    ]);
    expect(emfMetrics('{"level":"INFO","message":"no metrics"}', 'g')).toEqual([]);
  });
});
