/**
 * The platform on a real AWS account (@aws-cdk/integ-tests-alpha, run by `npx integ-runner`;
 * docs/deploy.md): deploy the stack, send a SigV4-signed POST /optimize (from a small function whose
 * role may invoke only that route), wait for the job's execution to succeed, and read the result
 * object from the results bucket. Offline, `npm test` checks this app's snapshot
 * (test/integ/integ.platform.ts.snapshot, refreshed with `npm run integ:snapshot`).
 *
 * The job takes the quantum path (Batch, local simulator), so the deploy builds the Batch image
 * (Docker) and the run costs a few cents; the stack and its retained buckets are named by the
 * `integ` stage (empty and delete the retained buckets after a run, docs/deploy.md).
 */
import { App, Arn, ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { parseStageConfig } from '../../lib/infra/config';
import { QpoStack } from '../../lib/infra/stack';

const JOB_ID = 'integ-platform-1';
const SPEC = { portfolio: { tickers: ['AAPL', 'JPM', 'XOM', 'WMT'] }, budget: 2, quantum: { maxIterations: 100 } };

/** A caller of the API: signs POST /optimize with its role (SigV4, service execute-api) and returns status and body. */
const SIGNED_POST = `
const { SignatureV4 } = require('@smithy/signature-v4');
const { Sha256 } = require('@aws-crypto/sha256-js');
exports.handler = async (event) => {
  const url = new URL(event.url);
  const body = JSON.stringify(event.body);
  const signer = new SignatureV4({ service: 'execute-api', region: process.env.AWS_REGION, credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY, sessionToken: process.env.AWS_SESSION_TOKEN }, sha256: Sha256 });
  const signed = await signer.sign({ method: 'POST', protocol: 'https:', hostname: url.hostname, path: url.pathname, headers: { host: url.hostname, 'content-type': 'application/json', 'idempotency-key': event.jobId }, body });
  const res = await fetch(url, { method: 'POST', headers: signed.headers, body });
  return { status: res.status, body: await res.text() };
};`;

const app = new App();
const platform = new QpoStack(app, 'QpoInteg', { config: parseStageConfig({ stage: 'integ', backends: ['local'] }) });
const caller = new lambda.Function(platform, 'IntegCaller', {
  runtime: lambda.Runtime.NODEJS_22_X,
  handler: 'index.handler',
  code: lambda.Code.fromInline(SIGNED_POST),
  timeout: Duration.seconds(30),
});
caller.addToRolePolicy(new iam.PolicyStatement({ actions: ['execute-api:Invoke'], resources: [platform.api.api.arnForExecuteApi('POST', '/optimize')] }));

const integ = new IntegTest(app, 'PlatformInteg', { testCases: [platform], diffAssets: false, cdkCommandOptions: { destroy: { args: { force: true } } } });
const stack = Stack.of(platform);
const executionArn = Arn.format(
  { service: 'states', resource: 'execution', resourceName: `${platform.workflow.stateMachine.stateMachineName}:${JOB_ID}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME },
  stack,
);

integ.assertions
  .invokeFunction({ functionName: caller.functionName, payload: JSON.stringify({ url: `${platform.api.api.url}optimize`, jobId: JOB_ID, body: SPEC }) })
  .expect(ExpectedResult.objectLike({ Payload: Match.stringLikeRegexp('"status":202') }))
  .next(
    integ.assertions
      .awsApiCall('SFN', 'describeExecution', { executionArn })
      .expect(ExpectedResult.objectLike({ status: 'SUCCEEDED' }))
      .waitForAssertions({ totalTimeout: Duration.minutes(30), interval: Duration.seconds(30) }),
  )
  .next(
    integ.assertions
      .awsApiCall('S3', 'getObject', { Bucket: platform.storage.bucket.bucketName, Key: `portfolio-optimization/${JOB_ID}/result.json` })
      .expect(ExpectedResult.objectLike({ Body: Match.stringLikeRegexp(`"jobId":"${JOB_ID}"`) })),
  );
