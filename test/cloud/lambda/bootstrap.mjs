// The Node.js runtime of the offline cloud run: one Lambda sandbox (execution environment).
// It speaks the Lambda Runtime API (https://docs.aws.amazon.com/lambda/latest/dg/runtimes-api.html)
// against AWS_LAMBDA_RUNTIME_API: GET invocation/next, POST invocation/{id}/response | error,
// POST init/error; errors are reported as the Node.js runtime reports them:
// { errorType, errorMessage, trace } (what Step Functions turns into Error and Cause).
//
// The sandbox preload (../sandbox/preload.mjs) is imported first: the environment guard and the
// network are in place before the function's bundle loads.
import '../sandbox/preload.mjs';
import { request } from 'node:http';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const api = `http://${process.env.AWS_LAMBDA_RUNTIME_API}`;

function call(method, path, body, headers = {}) {
  return new Promise((resolve, reject) => {
    // A fresh connection per call (agent: false): a kept-alive socket the runtime API server has just
    // timed out would reset the next call.
    const req = request(`${api}${path}`, { method, agent: false, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function errorPayload(error) {
  if (error instanceof Error) {
    return { errorType: error.name || error.constructor?.name || 'Error', errorMessage: error.message, trace: String(error.stack ?? '').split('\n') };
  }
  return { errorType: typeof error, errorMessage: String(error), trace: [] };
}

async function loadHandler() {
  const [moduleName, exportName] = String(process.env._HANDLER).split('.');
  const root = process.env.LAMBDA_TASK_ROOT;
  const file = ['.js', '.mjs', '.cjs'].map((ext) => join(root, `${moduleName}${ext}`)).find((f) => existsSync(f));
  if (!file) throw Object.assign(new Error(`Cannot find module '${moduleName}'`), { name: 'Runtime.ImportModuleError' });
  const mod = await import(pathToFileURL(file).href);
  const handler = mod[exportName];
  if (typeof handler !== 'function') throw Object.assign(new Error(`${moduleName}.${exportName} is undefined or not exported`), { name: 'Runtime.HandlerNotFound' });
  return handler;
}

let handler;
try {
  handler = await loadHandler();
} catch (error) {
  await call('POST', '/2018-06-01/runtime/init/error', JSON.stringify(errorPayload(error)), { 'lambda-runtime-function-error-type': 'Runtime.Unknown' });
  process.exit(1);
}

for (;;) {
  const next = await call('GET', '/2018-06-01/runtime/invocation/next');
  const requestId = String(next.headers['lambda-runtime-aws-request-id']);
  const deadline = Number(next.headers['lambda-runtime-deadline-ms']);
  process.env._X_AMZN_TRACE_ID = String(next.headers['lambda-runtime-trace-id'] ?? '');
  const context = {
    awsRequestId: requestId,
    functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: process.env.AWS_LAMBDA_FUNCTION_VERSION,
    invokedFunctionArn: String(next.headers['lambda-runtime-invoked-function-arn']),
    memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    logGroupName: process.env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: process.env.AWS_LAMBDA_LOG_STREAM_NAME,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
  let outcome;
  try {
    outcome = { ok: true, value: await handler(JSON.parse(next.body), context) };
  } catch (error) {
    outcome = { ok: false, value: errorPayload(error) };
  }
  if (outcome.ok) await call('POST', `/2018-06-01/runtime/invocation/${requestId}/response`, JSON.stringify(outcome.value ?? null));
  else await call('POST', `/2018-06-01/runtime/invocation/${requestId}/error`, JSON.stringify(outcome.value), { 'lambda-runtime-function-error-type': 'Unhandled' });
}
