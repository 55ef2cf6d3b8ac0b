/**
 * jest globalSetup: the tests run the CLI as users do (node bin/qpo.js), and what ships is the
 * prebuilt bundle; build it first when it is missing or older than a source (npm ci builds it too).
 */
const { execFileSync, spawnSync } = require('node:child_process');
const path = require('node:path');

module.exports = function buildCli() {
  const root = path.join(__dirname, '..', '..');
  const probe = spawnSync(process.execPath, [path.join(root, 'bin', 'qpo.js'), '--version'], { encoding: 'utf8', env: { ...process.env, QPO_DEBUG: '1', QPO_CLI_SOURCE: '' } });
  if (/running the bundle/.test(probe.stderr)) return;
  execFileSync(process.execPath, [path.join(root, 'scripts', 'build-cli.cjs')], { cwd: root, stdio: 'inherit' });
};
