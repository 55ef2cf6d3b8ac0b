/**
 * API Gateway (REST API), offline: the routes, authorization, request validators, models and stage
 * settings of the template, in front of the Lambda proxy integrations. Per request, in API
 * Gateway's order: route (unknown -> 403 Missing Authentication Token), stage throttling (token
 * bucket of ThrottlingRateLimit / ThrottlingBurstLimit -> 429), IAM authorization (SigV4 for
 * execute-api -> 403), the 10 MB payload limit (413), the method's request validator (required
 * parameters, then the body against the content type's JSON-schema model (draft 4) -> 400 "Invalid
 * request body"), then the proxy event (payload 1.0) to the function; a function error or a
 * malformed answer is 502, past 29 s 504. IAM policies are not evaluated: a valid signature passes.
 * https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Ajv from 'ajv-draft-04';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { verifySigV4 } from '../../helpers/sigv4';
import type { LambdaEmulator } from '../lambda/emulator';
import type { CloudAssembly } from '../template/assembly';

export interface ApiMethod {
  readonly path: string;
  readonly httpMethod: string;
  readonly authorizationType: string;
  readonly validateBody: boolean;
  readonly validateParameters: boolean;
  /** `method.request.<where>.<name>` -> required. */
  readonly requestParameters: Readonly<Record<string, boolean>>;
  /** Content type -> JSON schema. */
  readonly models: Readonly<Record<string, object>>;
  readonly functionArn: string;
}

export interface ApiStage {
  readonly name: string;
  readonly rateLimit: number;
  readonly burstLimit: number;
}

export interface ApiResponseRecord {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly gateway: boolean;
}

const MAX_PAYLOAD = 10 * 1024 * 1024;

/** The REST API of the template (one RestApi) as routes and stage settings. */
export function readRestApi(asm: CloudAssembly): { methods: ApiMethod[]; stage: ApiStage } {
  const r = asm.resolver;
  const [apiId, ...others] = r.idsOfType('AWS::ApiGateway::RestApi');
  if (!apiId || others.length) throw new Error(`API: expected one AWS::ApiGateway::RestApi, found ${[apiId, ...others].filter(Boolean).join(', ') || 'none'}`);
  const pathOf = (ref: any): string => {
    if (ref?.['Fn::GetAtt']?.[1] === 'RootResourceId') return '';
    const id = ref?.Ref as string;
    const res = r.resource(id).Properties!;
    return `${pathOf(res.ParentId)}/${String(res.PathPart)}`;
  };
  const methods = r.idsOfType('AWS::ApiGateway::Method').map((id): ApiMethod => {
    const p = r.resource(id).Properties!;
    const validator = p.RequestValidatorId ? r.resource(p.RequestValidatorId.Ref as string).Properties! : {};
    const models = Object.fromEntries(Object.entries((p.RequestModels ?? {}) as Record<string, any>).map(([type, ref]) => [type, r.resource(ref.Ref as string).Properties!.Schema as object]));
    const integration = p.Integration ?? {};
    if (integration.Type !== 'AWS_PROXY') throw new Error(`API: ${id} integration ${String(integration.Type)} is not a Lambda proxy integration`);
    const uri = String(r.resolve(integration.Uri, `${id}.Integration.Uri`));
    const fn = /functions\/(arn:[^/]+)\/invocations$/.exec(uri)?.[1];
    if (!fn) throw new Error(`API: ${id} integration URI ${uri} names no Lambda function`);
    return {
      path: pathOf(p.ResourceId) || '/',
      httpMethod: String(p.HttpMethod),
      authorizationType: String(p.AuthorizationType ?? 'NONE'),
      validateBody: validator.ValidateRequestBody === true,
      validateParameters: validator.ValidateRequestParameters === true,
      requestParameters: (p.RequestParameters ?? {}) as Record<string, boolean>,
      models,
      functionArn: fn,
    };
  });
  const [stageId] = r.idsOfType('AWS::ApiGateway::Stage');
  if (!stageId) throw new Error('API: no AWS::ApiGateway::Stage');
  const s = r.resource(stageId).Properties!;
  const all = ((s.MethodSettings ?? []) as Record<string, any>[]).find((m) => m.HttpMethod === '*' && m.ResourcePath === '/*') ?? {};
  return { methods, stage: { name: String(s.StageName), rateLimit: Number(all.ThrottlingRateLimit ?? 10_000), burstLimit: Number(all.ThrottlingBurstLimit ?? 5_000) } };
}

/** Match `path` against a resource path template; literal segments win over `{param}`. */
export function matchRoute(methods: readonly ApiMethod[], httpMethod: string, path: string): { method: ApiMethod; params: Record<string, string> } | { method: null; allowed: boolean } {
  const segs = path.split('/').filter(Boolean);
  let best: { method: ApiMethod; params: Record<string, string>; literals: number } | null = null;
  let pathKnown = false;
  for (const m of methods) {
    const t = m.path.split('/').filter(Boolean);
    if (t.length !== segs.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const ok = t.every((part, i) => {
      const p = /^\{(.+)\}$/.exec(part);
      if (p) {
        params[p[1]!] = decodeURIComponent(segs[i]!);
        return segs[i]!.length > 0;
      }
      literals += 1;
      return part === segs[i];
    });
    if (!ok) continue;
    pathKnown = true;
    if (m.httpMethod !== httpMethod && m.httpMethod !== 'ANY') continue;
    if (!best || literals > best.literals) best = { method: m, params, literals };
  }
  return best ? { method: best.method, params: best.params } : { method: null, allowed: pathKnown };
}

export interface LocalApi {
  readonly url: string;
  readonly stage: ApiStage;
  readonly responses: ApiResponseRecord[];
  close(): Promise<void>;
}

export async function startApiGateway(
  asm: CloudAssembly,
  lambda: LambdaEmulator,
  opts: { credentials: { accessKeyId: string; secretAccessKey: string }; region: string },
): Promise<LocalApi> {
  const { methods, stage } = readRestApi(asm);
  const ajv = new Ajv({ allErrors: true });
  const validators = new Map<object, ReturnType<typeof ajv.compile>>();
  const validatorOf = (schema: object) => {
    let v = validators.get(schema);
    if (!v) validators.set(schema, (v = ajv.compile(schema)));
    return v;
  };
  let tokens = stage.burstLimit;
  let refilled = Date.now();
  const responses: ApiResponseRecord[] = [];
  const apiId = asm.resolver.physicalName(asm.resolver.idsOfType('AWS::ApiGateway::RestApi')[0]!);

  const server: Server = createServer((req, res) => {
    const handled = (async () => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const raw = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', 'http://localhost');
      const requestId = randomUUID();
      const reply = (status: number, body: string, headers: Record<string, string> = {}, gateway = true) => {
        responses.push({ method: req.method ?? 'GET', path: url.pathname, status, gateway });
        res.writeHead(status, { 'content-type': 'application/json', 'x-amzn-requestid': requestId, ...headers });
        res.end(body);
      };
      const gatewayError = (status: number, message: string, type: string) => reply(status, JSON.stringify({ message }), { 'x-amzn-errortype': type });
      const prefix = `/${stage.name}`;
      if (!url.pathname.startsWith(`${prefix}/`) && url.pathname !== prefix) return gatewayError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
      const path = url.pathname.slice(prefix.length) || '/';
      const route = matchRoute(methods, req.method ?? 'GET', path);
      if (!route.method) return gatewayError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
      const method = route.method;
      const now = Date.now();
      tokens = Math.min(stage.burstLimit, tokens + ((now - refilled) / 1000) * stage.rateLimit);
      refilled = now;
      if (tokens < 1) return gatewayError(429, 'Too Many Requests', 'TooManyRequestsException');
      tokens -= 1;
      const body = raw.toString('utf8');
      if (method.authorizationType === 'AWS_IAM') {
        if (!req.headers.authorization) return gatewayError(403, 'Missing Authentication Token', 'MissingAuthenticationTokenException');
        if (!(await verifySigV4(req, body, { service: 'execute-api', region: opts.region, credentials: opts.credentials })))
          return gatewayError(403, 'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.', 'InvalidSignatureException');
      }
      if (raw.length > MAX_PAYLOAD) return gatewayError(413, 'Request Too Long', 'RequestTooLongException');
      const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]));
      const query = Object.fromEntries(url.searchParams.entries());
      if (method.validateParameters) {
        const missing = Object.entries(method.requestParameters)
          .filter(([, required]) => required)
          .map(([key]) => /^method\.request\.(header|querystring|path)\.(.+)$/.exec(key)!)
          .filter(([, where, name]) => (where === 'header' ? headers[name!.toLowerCase()] === undefined : where === 'querystring' ? query[name!] === undefined : route.params[name!] === undefined))
          .map(([, , name]) => name!);
        if (missing.length) return gatewayError(400, `Missing required request parameters: [${missing.join(', ')}]`, 'BadRequestException');
      }
      if (method.validateBody && Object.keys(method.models).length) {
        const type = String(req.headers['content-type'] ?? 'application/json').split(';')[0]!.trim();
        const schema = method.models[type] ?? method.models['$default'];
        if (schema) {
          let parsed: unknown;
          try {
            parsed = JSON.parse(body);
          } catch {
            return gatewayError(400, 'Invalid request body', 'BadRequestException');
          }
          if (!validatorOf(schema)(parsed)) return gatewayError(400, 'Invalid request body', 'BadRequestException');
        }
      }
      const resourcePath = method.path;
      const event: APIGatewayProxyEvent = {
        resource: resourcePath,
        path,
        httpMethod: method.httpMethod,
        headers,
        multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
        queryStringParameters: Object.keys(query).length ? query : null,
        multiValueQueryStringParameters: Object.keys(query).length ? Object.fromEntries(Object.entries(query).map(([k, v]) => [k, [v]])) : null,
        pathParameters: Object.keys(route.params).length ? route.params : null,
        stageVariables: null,
        body: raw.length ? body : null,
        isBase64Encoded: false,
        requestContext: {
          accountId: asm.resolver.target.accountId,
          apiId,
          authorizer: null,
          domainName: `${apiId}.execute-api.${opts.region}.amazonaws.com`,
          domainPrefix: apiId,
          extendedRequestId: requestId,
          httpMethod: method.httpMethod,
          identity: {
            accessKey: /Credential=([^/]+)\//.exec(headers.authorization ?? '')?.[1] ?? null,
            accountId: asm.resolver.target.accountId,
            apiKey: null,
            apiKeyId: null,
            caller: 'AIDACLOUDRUN',
            clientCert: null,
            cognitoAuthenticationProvider: null,
            cognitoAuthenticationType: null,
            cognitoIdentityId: null,
            cognitoIdentityPoolId: null,
            principalOrgId: null,
            sourceIp: req.socket.remoteAddress ?? '127.0.0.1',
            user: 'AIDACLOUDRUN',
            userAgent: headers['user-agent'] ?? null,
            userArn: `arn:aws:iam::${asm.resolver.target.accountId}:user/cloud-run`,
          },
          path: `${prefix}${path}`,
          protocol: 'HTTP/1.1',
          requestId,
          requestTimeEpoch: now,
          resourceId: 'local',
          resourcePath,
          stage: stage.name,
        },
      };
      const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 29_000).unref());
      const out = await Promise.race([lambda.invoke(method.functionArn, event), timeout]);
      if (out === 'timeout') return gatewayError(504, 'Endpoint request timed out', 'IntegrationTimeout');
      if (!out.ok) return gatewayError(502, 'Internal server error', 'InternalServerErrorException');
      const p = out.payload as { statusCode?: unknown; headers?: Record<string, string>; body?: unknown; isBase64Encoded?: boolean } | null;
      if (!p || typeof p.statusCode !== 'number' || (p.body !== undefined && p.body !== null && typeof p.body !== 'string'))
        return gatewayError(502, 'Internal server error', 'InternalServerErrorException');
      const text = p.body == null ? '' : p.isBase64Encoded ? Buffer.from(p.body as string, 'base64').toString('utf8') : (p.body as string);
      return reply(p.statusCode, text, p.headers ?? {}, false);
    })();
    handled.catch((error: Error) => {
      // A fault of the emulator itself, never a gateway answer: make it loud.
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: `cloud-run API Gateway emulator error: ${error.message}` }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/${stage.name}`,
    stage,
    responses,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
