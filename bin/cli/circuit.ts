/**
 * `qpo circuit`: the ansatz (VQE) or QAOA circuit of a portfolio problem, from the same problem
 * flags as `qpo optimize`: a text diagram, its depth, gate counts and parameters (the runbook's
 * `visualize_circuit` / `create_portfolio_circuit` checks); `--svg FILE` also writes a drawing,
 * `--qasm FILE` the OpenQASM 3 program, `--json` prints the facts as JSON.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Command } from 'commander';
import { parseJobSpec } from '../../lib/jobs/spec';
import { JobValidationError } from '../../lib/jobs/errors';
import { prepareJob } from '../../lib/jobs/prepare';
import { plannedCircuitOf, plannedMethodOf } from '../../lib/jobs/method';
import { circuitStats, drawCircuitSvg, drawCircuitText, toQasm3, type Circuit } from '../../lib/quantum';
import { loadSpec, optimizeCommand, type CommandFlags } from './optimize';
import { readDataset } from './runtime';

/** Flags of `optimize` that describe the problem and the circuit (the rest concern running a job). */
const SHARED = new Set(['--tickers', '--stocks', '--prices', '--start', '--end', '--risk-factor', '--risk-tolerance', '--budget', '--algorithm', '--ansatz', '--reps', '--entanglement', '--mixer', '--initial-state', '--config', '--problem']);

interface CircuitFlags extends CommandFlags {
  fold?: string;
  svg?: string;
  qasm?: string;
}

/** The circuit a quantum job on `input` would run, with its algorithm. */
export async function problemCircuit(input: unknown): Promise<{ algorithm: 'vqe' | 'qaoa'; mixer: 'x' | 'xy' | undefined; tickers: readonly string[]; circuit: Circuit }> {
  const spec = parseJobSpec(input);
  const { problem } = await prepareJob(spec, readDataset);
  // The circuit the solver would run (lib/jobs/method: ansatz, or QAOA with its X or XY mixer).
  return { algorithm: spec.quantum.algorithm, mixer: plannedMethodOf(spec).mixer ?? undefined, tickers: problem.tickers, circuit: plannedCircuitOf(spec, problem) };
}

async function writeOut(file: string, text: string): Promise<void> {
  await fs.writeFile(path.resolve(file), text, 'utf8');
}

export function circuitCommand(): Command {
  const command = new Command('circuit').description('Print the ansatz or QAOA circuit of a problem: diagram, depth, gate counts, parameters');
  for (const option of optimizeCommand().options) if (SHARED.has(option.long ?? '')) command.addOption(option);
  return command
    .option('--fold <width>', 'fold the diagram at this many characters (default: the terminal width, else 100; 0: no folding)')
    .option('--svg <file>', 'also write the drawing as SVG')
    .option('--qasm <file>', 'also write the circuit as OpenQASM 3')
    .option('--json', 'print {algorithm, numQubits, numParameters, parameters, depth, gateCounts} as JSON')
    .action(async (flags: CircuitFlags) => {
      const fold = flags.fold === undefined ? (process.stdout.columns ?? 100) : Number(flags.fold);
      if (!Number.isInteger(fold) || fold < 0) throw new JobValidationError(`--fold: '${flags.fold}' must be an integer >= 0 (characters per line; 0 does not fold)`, 'fold');
      const { algorithm, tickers, circuit, mixer } = await problemCircuit(await loadSpec(flags));
      const stats = circuitStats(circuit);
      if (flags.svg) await writeOut(flags.svg, drawCircuitSvg(circuit));
      if (flags.qasm) await writeOut(flags.qasm, toQasm3(circuit));
      const facts = { algorithm, tickers, numQubits: stats.numQubits, numParameters: stats.numParameters, parameters: circuit.parameters, depth: stats.depth, gateCounts: stats.gateCounts };
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(facts, null, 2)}\n`);
        return;
      }
      const counts = Object.entries(stats.gateCounts).map(([k, v]) => `${k}: ${v}`).join(', ');
      process.stdout.write(
        `${algorithm.toUpperCase()}${algorithm === 'qaoa' ? ` (${mixer === 'xy' ? 'XY' : 'X'} mixer)` : ''} circuit for ${tickers.join(', ')}\n` +
          `qubits: ${stats.numQubits}   parameters: ${stats.numParameters}   depth: ${stats.depth}\n` +
          `gates: ${counts}\n\n${drawCircuitText(circuit, { fold })}\n\nparameters: ${circuit.parameters.join(', ')}\n`,
      );
    });
}
