/**
 * qpo: the command-line interface. `qpo optimize` runs the main job on the bundled real prices.
 * Exit codes (lib/contracts/errors.ts): 0 success, 1 internal or job failure, 2 bad input or usage
 * (with the field and the fix).
 */
import { Command } from 'commander';
import { cliExitCodeOf, EXIT } from '../lib/contracts/errors';
import { reportError } from './cli/errors';
import { benchCommand } from './cli/bench';
import { circuitCommand } from './cli/circuit';
import { optimizeCommand } from './cli/optimize';
import { reportCommand } from './cli/report';
import { backendsCommand } from './cli/backends';
import { simulateCommand } from './cli/simulate';
import { qpoVersion } from './cli/runtime';
import { statusCommand, submitCommand } from './cli/remote';
import { fallbackCommand } from './cli/fallback';
import { jobsCommand } from './cli/jobs';

export function buildProgram(): Command {
  const program = new Command('qpo')
    .description('Hybrid quantum-classical portfolio optimization (VQE, CVaR-VQE, QAOA, simulated annealing)')
    .version(qpoVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  program.addCommand(optimizeCommand());
  program.addCommand(reportCommand());
  program.addCommand(backendsCommand());
  program.addCommand(submitCommand());
  program.addCommand(statusCommand());
  program.addCommand(benchCommand());
  program.addCommand(simulateCommand());
  program.addCommand(circuitCommand());
  program.addCommand(jobsCommand());
  program.addCommand(fallbackCommand());
  configureTree(program);
  return program;
}

/**
 * Commander's settings are not inherited by `addCommand`: give every command the program's exit
 * override (usage errors become exit code 2, not process.exit(1)), its help-after-error line and
 * its suggestions for misspelt options and commands.
 */
function configureTree(command: Command): void {
  for (const sub of command.commands) {
    sub.exitOverride().showHelpAfterError(`(run qpo ${sub.name()} --help for usage)`).showSuggestionAfterError(true);
    configureTree(sub);
  }
}

/** Run the CLI on `argv` (process.argv layout); resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT.ok;
    // Commander has printed the usage error (with its suggestion); the exit code is the catalogue's.
    if (typeof code === 'string' && code.startsWith('commander.')) return cliExitCodeOf('USAGE');
    return reportError(error);
  }
}

/** Entry point of bin/qpo.js and `tsx bin/qpo.ts`. */
export function run(): void {
  // The AWS SDK warns on every command under Node 20 about its future Node 22 requirement; the CLI
  // states its own Node support (package.json engines), so the warning is off unless asked for.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  void main(process.argv).then((exitCode) => {
    process.exitCode = exitCode;
  });
}

if (require.main === module) run();
