/**
 * qpo: the command-line interface. `qpo optimize` runs the main job on the bundled real prices.
 * Exit codes (lib/contracts/errors.ts): 0 success, 1 internal or job failure, 2 bad input or usage
 * (with the field and the fix).
 */
import { Command } from 'commander';
import { cliExitCodeOf, EXIT } from '../lib/contracts/errors';
import { COMMANDS } from './cli/commands';
import { qpoVersion } from './cli/version';

/**
 * The program for `argv`: the command that argv names is loaded in full (its options, its action);
 * the others are their name, arguments and description only, enough for `qpo --help`.
 */
export async function buildProgram(argv: readonly string[] = process.argv): Promise<Command> {
  const program = new Command('qpo')
    .description('Hybrid quantum-classical portfolio optimization (VQE, CVaR-VQE, QAOA, simulated annealing)')
    .version(qpoVersion())
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  // The first word that is not an option names the command (`qpo help report` names report).
  const words = argv.slice(2).filter((a) => !a.startsWith('-'));
  const wanted = words[0] === 'help' ? words[1] : words[0];
  for (const [name, entry] of Object.entries(COMMANDS)) {
    if (name === wanted) program.addCommand(entry.load());
    else {
      const stub = new Command(name).description(entry.description).helpOption(false);
      if (entry.args) stub.arguments(entry.args);
      program.addCommand(stub);
    }
  }
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
  try {
    const program = await buildProgram(argv);
    await program.parseAsync(argv);
    return 0;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return EXIT.ok;
    // Commander has printed the usage error (with its suggestion); the exit code is the catalogue's.
    if (typeof code === 'string' && code.startsWith('commander.')) return cliExitCodeOf('USAGE');
    // The error printer (and the catalogue's helpers it needs) loads only when there is an error.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('./cli/errors') as typeof import('./cli/errors')).reportError(error);
  }
}

/**
 * A reader that goes away (`qpo simulate … | head`) ends the process quietly, as Unix tools do,
 * instead of an EPIPE stack trace; other stream errors stay errors.
 */
export function exitQuietlyOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(EXIT.ok);
    throw error;
  });
}

/** Entry point of bin/qpo.js and `tsx bin/qpo.ts`. */
export function run(): void {
  exitQuietlyOnClosedPipe(process.stdout);
  exitQuietlyOnClosedPipe(process.stderr);
  void main(process.argv).then((exitCode) => {
    process.exitCode = exitCode;
  });
}

if (require.main === module) run();
