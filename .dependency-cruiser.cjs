/**
 * The arrows of DESIGN.md as rules: lib/quantum, lib/portfolio <- lib/solvers <- lib/backends <-
 * lib/jobs <- (lib/workflow, lambdas/, batch-image/, bin/qpo.ts) <- lib/infra. The core has no I/O
 * and no AWS SDK; only lib/infra (and the CDK app bin/app.ts) touches aws-cdk-lib.
 */
const CORE = '^lib/(quantum|portfolio|solvers)/';
const above = (...layers) => `^(${layers.join('|')})`;
const forbid = (name, from, to, comment) => ({ name, comment, severity: 'error', from: { path: from }, to: { path: to } });

module.exports = {
  forbidden: [
    forbid('quantum-is-a-leaf', '^lib/quantum/', above('lib/portfolio', 'lib/solvers', 'lib/backends', 'lib/jobs', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'lib/quantum depends on nothing of ours'),
    forbid('portfolio-is-a-leaf', '^lib/portfolio/', above('lib/quantum', 'lib/solvers', 'lib/backends', 'lib/jobs', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'lib/portfolio depends on nothing of ours'),
    forbid('solvers-only-on-core', '^lib/solvers/', above('lib/backends', 'lib/jobs', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'solvers sit on quantum and portfolio only'),
    forbid('backends-below-jobs', '^lib/backends/', above('lib/jobs', 'lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'backends never import the job layer or above'),
    forbid('jobs-below-runners', '^lib/jobs/', above('lib/workflow', 'lib/infra', 'lambdas', 'batch-image', 'bin'), 'lib/jobs never imports its runners'),
    forbid('workflow-below-infra', '^lib/workflow/', above('lib/infra', 'lambdas', 'batch-image', 'bin'), 'the workflow definition is plain data, below infra'),
    forbid('runners-not-infra', '^(lambdas|batch-image|bin/qpo\\.ts|bin/cli/)', '^lib/infra/', 'handlers, container and CLI never import CDK constructs'),
    forbid('cdk-only-in-infra', '^(lib/(quantum|portfolio|solvers|backends|jobs|workflow)|lambdas|batch-image|bin/qpo\\.ts|bin/cli)/?', '(^|/)node_modules/(aws-cdk-lib|constructs|cdk-nag)/', 'only lib/infra and bin/app.ts import aws-cdk-lib'),
    forbid('core-has-no-aws-sdk', CORE, '(^|/)node_modules/@aws-sdk/', 'the core imports no AWS SDK'),
    {
      name: 'core-has-no-io',
      comment: 'the core (quantum, portfolio, solvers) does no file, network or process I/O',
      severity: 'error',
      from: { path: CORE },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|fs/promises|net|http|https|http2|dgram|dns|child_process|cluster|tls|readline|os)$' },
    },
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'no-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(node_modules|cdk\\.out)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
