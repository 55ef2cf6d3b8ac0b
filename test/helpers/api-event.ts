/** A REST API (v1 payload) proxy event as API Gateway sends it to a Lambda integration. */
import type { APIGatewayProxyEvent } from 'aws-lambda';

export function apiEvent(method: string, resource: string, opts: { path?: string; body?: unknown; headers?: Record<string, string>; pathParameters?: Record<string, string> } = {}): APIGatewayProxyEvent {
  const path = opts.path ?? resource;
  const headers = { Accept: 'application/json', 'Content-Type': 'application/json', Host: 'abc123.execute-api.us-east-1.amazonaws.com', 'X-Amz-Date': '20261122T012345Z', ...opts.headers };
  return {
    resource,
    path,
    httpMethod: method,
    headers,
    multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: opts.pathParameters ?? null,
    stageVariables: null,
    body: opts.body === undefined ? null : typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body),
    isBase64Encoded: false,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      extendedRequestId: 'Xyz=',
      httpMethod: method,
      identity: {
        accessKey: 'AKIDQPOTEST', accountId: '123456789012', apiKey: null, apiKeyId: null, caller: 'AIDAQPO', clientCert: null,
        cognitoAuthenticationProvider: null, cognitoAuthenticationType: null, cognitoIdentityId: null, cognitoIdentityPoolId: null,
        principalOrgId: null, sourceIp: '203.0.113.7', user: 'AIDAQPO', userAgent: 'qpo-cli', userArn: 'arn:aws:iam::123456789012:user/quant',
      },
      path: `/test${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e8deadbeef',
      requestTime: '22/Nov/2026:01:23:45 +0000',
      requestTimeEpoch: 1795310625000,
      resourceId: 'res1',
      resourcePath: resource,
      stage: 'test',
    },
  };
}
