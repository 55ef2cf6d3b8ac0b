/**
 * The subcommands of qpo, loaded lazily: `qpo --help` lists them from this table alone, and a run
 * loads only the module of the command it names (each pulls its own packages: the state machine
 * runner, vega, the AWS SDK), so the CLI starts in the time of Node and commander.
 * test/cli/commands.test.ts holds each entry's description and arguments to the real command's.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type { Command } from 'commander';

export interface CommandEntry {
  readonly description: string;
  /** Arguments as commander prints them, e.g. `<file>`. */
  readonly args?: string;
  /** Loads the command's module (require: lazy in the esbuild bundle and under tsx's CommonJS hook alike). */
  readonly load: () => Command;
}

export const COMMANDS: Readonly<Record<string, CommandEntry>> = {
  optimize: {
    description: 'Select a portfolio of `budget` assets with VQE/QAOA on the local simulator, IBM Quantum or Amazon Braket (annealing fallback)',
    load: () => (require('./optimize') as typeof import('./optimize')).optimizeCommand(),
  },
  report: {
    description: 'Show a stored result (job id under --output, or a result .json file): summary, --json, --html report, --csv selection; --list the results',
    args: '[job]',
    load: () => (require('./report') as typeof import('./report')).reportCommand(),
  },
  compare: {
    description: 'Compare stored results side by side (quantum vs classical vs exact): job ids under --output or result .json files',
    args: '<jobs...>',
    load: () => (require('./compare') as typeof import('./compare')).compareCommand(),
  },
  frontier: {
    description: 'Efficient frontier: one job per risk factor (and budget) on worker threads; table, --json, --csv, --html chart',
    load: () => (require('./frontier') as typeof import('./frontier')).frontierCommand(),
  },
  backends: {
    description: 'List the configured quantum backends (local; IBM Quantum with QPO_IBM_API_KEY + QPO_IBM_INSTANCE_CRN; Amazon Braket with QPO_BRAKET_BUCKET)',
    load: () => (require('./backends') as typeof import('./backends')).backendsCommand(),
  },
  usage: {
    description: "Show quantum provider usage: IBM Quantum instance seconds (used, limit, period) and Amazon Braket spend of qpo's tasks",
    load: () => (require('./usage') as typeof import('./usage')).usageCommand(),
  },
  submit: {
    description: 'Submit a job to the deployed API (POST /optimize, SigV4-signed); prints the job id',
    load: () => (require('./remote') as typeof import('./remote')).submitCommand(),
  },
  status: {
    description: 'Show a job of the deployed API (GET /jobs/{jobId}): Pending, Running, Completed, Failed or Cancelled',
    args: '<jobId>',
    load: () => (require('./remote') as typeof import('./remote')).statusCommand(),
  },
  bench: {
    description: 'Measure the simulator and the annealer (JSON rows, ratios measured in one run)',
    load: () => (require('./bench') as typeof import('./bench')).benchCommand(),
  },
  simulate: {
    description: 'Simulate an OpenQASM 2.0 file: exact probabilities of the measured bitstrings (clbit 0 rightmost), counts with --shots',
    args: '<file>',
    load: () => (require('./simulate') as typeof import('./simulate')).simulateCommand(),
  },
  circuit: {
    description: 'Print the ansatz or QAOA circuit of a problem: diagram, depth, gate counts, parameters',
    load: () => (require('./circuit') as typeof import('./circuit')).circuitCommand(),
  },
  jobs: {
    description: 'Job lifecycle: list, show, cancel, resubmit (local results, or the API with --api / QPO_API_URL)',
    load: () => (require('./jobs') as typeof import('./jobs')).jobsCommand(),
  },
  fallback: {
    description: 'The classical fallback of the whole platform',
    load: () => (require('./fallback') as typeof import('./fallback')).fallbackCommand(),
  },
};
