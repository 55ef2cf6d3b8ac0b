/** `qpo optimize`: run one portfolio optimization job locally and print or save its ResultRecord. */
import { Command, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import { normalizeConfig, parseConfigText } from '../../lib/jobs/config';
import { JobValidationError, ResultPersistError } from '../../lib/jobs/errors';
import type { ResultRecord } from '../../lib/jobs/result';
import { checkDepth } from '../../lib/jobs/depth';
import { jobSpecNotes, parseJobSpec } from '../../lib/jobs/spec';
import { runbookSwitches } from './environment';
import { readInitialPoint } from './initial-point';
import { dryRunJob } from '../../lib/jobs/dry-run';
import { runLocalJob } from './local-jobs';
import { LocalCapacityProbe } from '../../lib/jobs/capacity';
import { ProviderCapacityProbe } from '../../lib/jobs/provider-capacity';
import * as path from 'node:path';
import { specFromFlags, type OptimizeFlags, type ProblemFile } from './flags';
import { applyWeightFlags, parseHoldings, parseSectors } from './weights-flags';
import { renderDryRun, renderResult } from './output';
import { backendEnvironment } from '../../lib/backends/environment';
import { checkOutputDirectory, localDeps, readDataset, readUserFile, rescueRecord } from './runtime';
import { validateJob } from '../../lib/jobs/tasks';
import type { SolveProgress } from '../../lib/solvers/types';
import { readFile } from 'node:fs/promises';
import { FileSwitchStore } from '../../lib/jobs/file-switch';

/** A saved ResultRecord, or undefined when it cannot be read back. */
const readRecordFile = (file: string): Promise<ResultRecord | undefined> =>
  readFile(file, 'utf8').then((text) => JSON.parse(text) as ResultRecord, () => undefined);

export interface CommandFlags extends OptimizeFlags {
  output: string;
  json?: boolean;
  dryRun?: boolean;
  progress?: boolean;
}

/**
 * The JobSpec input of the command line: config file < problem file < the runbook's environment
 * switches (read here, once) < flags. An `initial_point: FILE` of the config is read here.
 */
export async function loadSpec(flags: OptimizeFlags, env: Readonly<Record<string, string | undefined>> = process.env): Promise<Record<string, unknown>> {
  const config = flags.config ? normalizeConfig(parseConfigText(await readUserFile(flags.config, '--config'), flags.config), flags.config) : {};
  const quantum = config.quantum as Record<string, unknown> | undefined;
  if (flags.config && typeof quantum?.initialPoint === 'string') quantum.initialPoint = await readInitialPoint(quantum.initialPoint, flags.config);
  let problem: ProblemFile | undefined;
  if (flags.problem) {
    const text = await readUserFile(flags.problem, '--problem');
    try {
      problem = JSON.parse(text) as ProblemFile;
    } catch (error) {
      throw new JobValidationError(`--problem: '${flags.problem}' is not valid JSON: ${(error as Error).message}`, 'problem');
    }
    checkDepth(problem, 'problem', `--problem: '${flags.problem}' is`);
    if (typeof problem !== 'object' || problem === null || Array.isArray(problem))
      throw new JobValidationError(`--problem: '${flags.problem}' must hold a JSON object {"tickers":[..],"mu":[..],"sigma":[[..]]}`, 'problem');
  }
  const spec = specFromFlags(flags, config, problem, runbookSwitches(env));
  applyWeightFlags(spec, flags, {
    ...(flags.sectors ? { sectors: parseSectors(await readUserFile(flags.sectors, '--sectors'), flags.sectors) } : {}),
    ...(flags.holdings ? { holdings: parseHoldings(await readUserFile(flags.holdings, '--holdings'), flags.holdings) } : {}),
  });
  return spec;
}

/** parseJobSpec, with a top-level mistake (an unknown field: only a config file can add one) named by the config file. */
function parseCliSpec(input: Record<string, unknown>, config: string | undefined) {
  try {
    return parseJobSpec(input);
  } catch (error) {
    if (!(error instanceof JobValidationError) || !/^\(root\): /m.test(error.message) || !config) throw error;
    throw new JobValidationError(error.message.replace(/^\(root\): /gm, `${config}: `), error.path === '(root)' ? config : (error.path ?? config), error.details ?? undefined);
  }
}

async function optimize(flags: CommandFlags): Promise<void> {
  const input = await loadSpec(flags);
  const parsed = parseCliSpec(input, flags.config);
  await checkOutputDirectory(flags.output);
  // Notes of the spec as validated (config keys ignored, runbook mappings, reps: auto, backend names).
  for (const note of jobSpecNotes(input, parsed)) process.stderr.write(`note: ${note}\n`);
  if (flags.dryRun) {
    const report = await dryRunJob(input, readDataset, backendEnvironment(process.env));
    process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : `${renderDryRun(report)}\n`);
    return;
  }
  const showProgress = flags.progress !== false && process.stderr.isTTY === true;
  const deps = localDeps(flags.output, { onProgress: (p, progress) => onProgress(p, progress) });
  // Every check of ValidateAndPrepare before the job starts (as POST /optimize does before
  // StartExecution): a mistake, or a job id that has a result, starts nothing and writes nothing.
  await validateJob(input, { readDataset: deps.readDataset, store: deps.store });
  const bar = new SingleBar({
    stream: process.stderr,
    format: ' {phase} [{bar}] {value}/{total} | best {best}',
    hideCursor: true,
    clearOnComplete: true,
  });
  let phase = '';
  const onProgress = (p: 'quantum' | 'fallback', progress: SolveProgress) => {
    if (!showProgress) return;
    const label = p === 'quantum' ? 'quantum ' : 'annealing';
    const best = progress.bestEnergy === undefined ? '-' : progress.bestEnergy.toPrecision(5);
    if (phase !== p) {
      if (phase) bar.stop();
      phase = p;
      bar.start(progress.totalSteps, progress.step, { phase: label, best });
    } else bar.update(Math.min(progress.step, progress.totalSteps), { best });
  };
  try {
    // CheckCapacity asks the providers for the backend's status (no call for the local simulator).
    const probe = new ProviderCapacityProbe(new LocalCapacityProbe(), deps.backends ?? {});
    const print = (record: ResultRecord, location: string) =>
      process.stdout.write(flags.json ? `${JSON.stringify(record, null, 2)}\n` : `${renderResult(record, location)}\n`);
    // The platform-wide force-classical switch of this results directory (qpo fallback force on|off).
    const platformSwitch = new FileSwitchStore(path.resolve(flags.output));
    const record = await runLocalJob(input, flags.output, { ...deps, probe, platformSwitch, metricsFile: path.resolve(flags.output, 'metrics.jsonl'), rescue: (r) => rescueRecord(r) }).catch(async (error: unknown) => {
      // The result was computed but not written: print it (and say where it was saved) before the error.
      if (error instanceof ResultPersistError && error.record) {
        if (phase) bar.stop();
        const saved = error.details?.fallbackLocation;
        // The copy that was saved (a retried write rescues its first attempt's record) is the one shown.
        const copy = typeof saved === 'string' ? await readRecordFile(saved) : undefined;
        print(copy ?? (error.record as ResultRecord), typeof saved === 'string' ? saved : 'not saved (see the error below)');
      }
      throw error;
    });
    if (phase) bar.stop();
    print(record, deps.store.locationOf(record.jobId));
  } finally {
    if (phase) bar.stop();
  }
}

/** The flags that build a JobSpec (shared by `optimize` and `submit`). */
export function withJobSpecOptions(command: Command): Command {
  return command
    .option('--tickers <list>', 'comma-separated tickers, e.g. AAPL,AMZN,GOOG,JPM')
    .addOption(new Option('--stocks <list>', 'alias of --tickers (the runbook flag)').hideHelp())
    // No commander defaults on JobSpec flags: a default would override the config file's value.
    .option('--prices <file>', 'daily price CSV (date column + one column per ticker) (default: the bundled data/stock_prices.csv)')
    .option('--start <date>', 'first date (YYYY-MM-DD), inclusive')
    .option('--end <date>', 'last date (YYYY-MM-DD), inclusive')
    .option('--risk-factor <q>', 'risk factor q >= 0, the weight of the variance term (default 0.5)')
    .option('--risk-tolerance <t>', 'risk tolerance t in [0,1] (runbook flag): q = 1 - t')
    .option('--budget <B>', 'number of assets to hold, 0 < B < n (default floor(n/2))')
    .addOption(new Option('--solver <solver>', 'auto | quantum | classical | exact (default auto)'))
    .option('--algorithm <name>', 'vqe | qaoa (default vqe)')
    .option('--backend <name>', 'local | auto | ibm:<name> | ibm:least-busy | braket:<device ARN | sv1 | dm1 | ...> (default local; see qpo backends)')
    .option('--ansatz <name>', 'givens (Hamming-weight preserving, the default) | realamplitudes | efficientsu2 | twolocal (Qiskit\'s circuits)')
    .option('--reps <n>', 'ansatz repetitions (givens: brick layers, default 4; Qiskit ansätze: 2) or QAOA layers p (default 2)')
    .option('--entanglement <kind>', 'Qiskit ansätze: linear | reverse_linear | circular | full | pairwise (default reverse_linear)')
    .option('--mixer <kind>', 'QAOA mixer: xy (ring XY, keeps the budget; default) | x (transverse field, Qiskit\'s QAOAAnsatz)')
    .option('--initial-state <kind>', 'givens ansatz and XY-mixer QAOA: basis (a feasible selection) | dicke (all feasible selections)')
    .option('--optimizer <name>', 'lbfgs (exact gradients, local simulator; the default there) | cobyla | spsa | nelder-mead (default with shots, hardware or a Qiskit ansatz: cobyla)')
    .option('--max-iterations <n>', 'objective evaluations (L-BFGS: of all starts together; default 4000 VQE, 3000 QAOA; COBYLA, Nelder-Mead: 300) or SPSA iterations')
    .option('--shots <n>', 'shots per evaluation, 1..100000 (default: exact probabilities)')
    .option('--cvar-alpha <a>', 'a fixed CVaR level alpha in (0,1]; 1 = expectation value (default: ascending; Qiskit ansätze 0.25)')
    .option('--cvar-schedule <kind>', 'fixed (one alpha) | ascending (alpha rising to 1 in stages, from --cvar-alpha or 0.05)')
    .option('--restarts <n>', 'random starts at most (gradient method; default 8 VQE, 10 QAOA; stops early when two starts agree)')
    .option('--warm-start <kind>', 'none (default) | annealing: start the ansatz from the simulated-annealing answer')
    .option('--precision <p>', 'simulator amplitudes: double (float64) | single (float32: half the memory, ~2x faster, ~1e-6 relative error) (default double)')
    .option('--seed <n>', 'seed of every random choice (default: random, recorded in the result)')
    .option('--timeout <seconds>', 'wall-clock budget of the quantum path before the fallback (default 600)')
    .option('--max-shots <n>', 'hard limit on the shots of the whole job; refused before submission when exceeded')
    .option('--max-cost-usd <usd>', 'hard limit on the estimated cost of the whole job; refused before submission when exceeded')
    .option('--force-fallback', 'skip the quantum path and run the classical method (reason: forced)')
    .option('--method <name>', 'classical method of --solver classical and of the fallback: simulated_annealing | exact (default simulated_annealing)')
    .option('--fallback-threshold <n>', 'queue depth above which the quantum path is skipped (default 50)')
    .option('--max-queue-wait <seconds>', 'total seconds provider requests may wait in queues before the fallback answers')
    .option('--test-mode', 'simulate a quantum-path failure to exercise the fallback (reason: test-mode); no provider is called')
    .option('--tolerance <t>', 'convergence tolerance of the optimizer (COBYLA rhoend, Nelder-Mead fatol/xatol)')
    .option('--max-evaluations <n>', 'hard cap on objective evaluations (circuit runs) of the optimizer')
    .option('--execution-mode <mode>', 'on a provider: auto (default: the cheapest mode whose plan fits) | per-evaluation | batched | session (IBM) | train-then-sample')
    .option('--population-size <n>', 'parameter sets per provider job in batched and session modes (CMA-ES population, default 20)')
    .option('--train-noise <none|readout>', "train-then-sample: train through the device's per-qubit readout error (IBM backend properties; default none)")
    .option('--refine-iterations <k>', 'train-then-sample: CMA-ES generations on the device after local training, one provider job each (default 0)')
    .option('--config <file>', 'JobSpec or runbook vqe_config.yaml (YAML or JSON); flags override it')
    .option('--problem <file>', 'JSON {"tickers":[..],"mu":[..],"sigma":[[..]],"riskFactor":q,"budget":B} instead of prices')
    .option('--job-id <id>', 'job id (default: generated); an existing result is never overwritten')
    .option('--lots <L>', 'weights in whole lots: L lots in all, weights move in steps of 1/L (instead of --budget)')
    .option('--min-weight <w>', 'smallest weight of every asset, a fraction (with --lots)')
    .option('--max-weight <w>', 'largest weight of every asset, a fraction (with --lots)')
    .option('--sectors <file>', 'YAML/JSON: sector name -> tickers, or { tickers, maxWeight } (with --lots)')
    .option('--sector-cap <w>', 'largest total weight of each sector that gives none (with --sectors)')
    .option('--holdings <file>', 'current weights to rebalance from: CSV ticker,weight or JSON {"AAPL":0.25} (with --lots)')
    .option('--cost-bps <bps>', 'proportional transaction cost in basis points of the traded value (with --holdings)')
    .option('--holding-days <d>', 'days a trade\'s cost is spread over in the daily objective (default 252: PyPortfolioOpt\'s annual convention)')
    .option('--capital <usd>', 'capital in USD to allocate into whole shares at the latest prices (with --lots)')
    .option('--risk-free-rate <r>', 'annual risk-free rate of the Sharpe ratio (default 0.02)')
    .option('--weights-encoding <kind>', 'auto (default) | unary (one qubit per lot) | binary (bounded-coefficient bits)')
    .option('--objective <kind>', 'mean-variance (default) | max-sharpe (sweep the risk factor, keep the best Sharpe ratio)');
}

/** Register `optimize` on the program. */
export function optimizeCommand(): Command {
  return withJobSpecOptions(
    new Command('optimize').description('Select a portfolio of `budget` assets with VQE/QAOA on the local simulator, IBM Quantum or Amazon Braket (annealing fallback)'),
  )
    .option('--output <dir>', 'directory of results/<jobId>.json', 'results')
    .option('--json', 'print the ResultRecord as JSON on stdout')
    .option('--dry-run', 'validate and print the plan (circuit; on a provider: mode, jobs, shots, queue and wall time, cost, fits); run nothing')
    .option('--no-progress', 'no progress bar on stderr')
    .action(async (flags: CommandFlags) => optimize(flags));
}
