/**
 * The arrows of DESIGN.md as rules: lib/contracts (the error catalogue and environment names) at the
 * bottom; lib/quantum, lib/portfolio <- lib/solvers <- lib/backends <- lib/jobs <- (lib/workflow,
 * lambdas/, batch-image/, bin/qpo.ts) <- lib/infra. The core has no I/O and no AWS SDK; only lib/infra
 * (and the CDK app bin/app.ts) touches aws-cdk-lib; the runners (lambdas, batch-image, the CLI) never
 * import each other; only bench/ imports bench/.
 *
 * Edges into packages are kept (doNotFollow: the package is a node, its own imports are not walked),
 * so the package rules see `lib/solvers/x.ts -> node_modules/@aws-sdk/client-s3/...`. Each rule has a
 * violating fixture in test/architecture/dependency-rules.test.ts that proves it fires.
 */
const CORE = '^lib/(quantum|portfolio|solvers)/';
const OURS = ['lib/quantum', 'lib/portfolio', 'lib/solvers', 'lib/backends', 'lib/jobs', 'lib/reports', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin', 'bench'];
const above = (...layers) => `^(${layers.join('|')})/`;
const pkg = (...names) => `(^|/)node_modules/(${names.join('|')})/`;
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });
const AWS_RUNTIME = pkg('@aws-sdk', '@smithy', '@aws-crypto', '@aws-lambda-powertools', '@middy');

module.exports = {
  forbidden: [
    forbid('contracts-is-the-bottom', '^lib/contracts/', above(...OURS), 'lib/contracts (error catalogue, environment names) imports nothing of ours'),
    forbid('quantum-is-a-leaf', '^lib/quantum/', above('lib/portfolio', 'lib/solvers', 'lib/backends', 'lib/jobs', 'lib/reports', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'lib/quantum depends on nothing of ours but lib/contracts'),
    forbid('portfolio-is-a-leaf', '^lib/portfolio/', above('lib/quantum', 'lib/solvers', 'lib/backends', 'lib/jobs', 'lib/reports', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'lib/portfolio depends on nothing of ours but lib/contracts'),
    forbid('solvers-only-on-core', '^lib/solvers/', above('lib/backends', 'lib/jobs', 'lib/reports', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'solvers sit on quantum and portfolio only'),
    forbid('backends-below-jobs', '^lib/backends/', above('lib/jobs', 'lib/reports', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'backends never import the job layer or above'),
    forbid('jobs-below-runners', '^lib/jobs/', above('lib/reports', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'lib/jobs never imports its runners or the reports'),
    forbid('reports-below-runners', '^lib/reports/', above('lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'lib/reports (HTML reports, charts) sits on lib/jobs and the core; the CLI and the Lambdas call it'),
    forbid('workflow-below-infra', '^lib/workflow/', above('lib/infra', 'lambdas', 'batch-image', 'bin'), 'the workflow definition is plain data, below infra'),
    forbid('runners-not-infra', '^(lambdas|batch-image|bin/qpo\\.ts|bin/cli/)', '^lib/infra/', 'handlers, container and CLI never import CDK constructs'),
    forbid('lambdas-not-peers', '^lambdas/', '^(batch-image|bin)/', 'the Lambda handlers never import the Batch container or the CLI'),
    forbid('batch-image-not-peers', '^batch-image/', '^(lambdas|bin)/', 'the Batch container never imports the Lambda handlers or the CLI'),
    forbid('cli-not-peers', '^bin/(qpo\\.ts|cli/)', '^(lambdas|batch-image)/', 'the CLI never imports the Lambda handlers or the Batch container'),
    forbid('only-bench-imports-bench', '^(?!bench/)', '^bench/', 'benchmarks are leaves: nothing outside bench/ imports them'),
    forbid('cdk-only-in-infra', '^(lib/(contracts|quantum|portfolio|solvers|backends|jobs|reports|workflow)|lambdas|batch-image|bench|bin/qpo\\.ts|bin/cli)/?', pkg('aws-cdk-lib', 'constructs', 'cdk-nag'), 'only lib/infra and bin/app.ts import aws-cdk-lib'),
    forbid('core-has-no-aws-sdk', '^lib/(contracts|quantum|portfolio|solvers|reports)/', AWS_RUNTIME, 'the core imports no AWS SDK or Lambda runtime package'),
    {
      name: 'core-has-no-io',
      comment: 'the core (quantum, portfolio, solvers) and the report renderers do no file, network or process I/O',
      severity: 'error',
      from: { path: '^lib/(contracts|quantum|portfolio|solvers|reports)/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|tls|readline|os)$' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)cdk\\.out/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
