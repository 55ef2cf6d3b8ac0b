/**
 * Large-state benchmark: one RealAmplitudes(reps, linear) run on n qubits (default 30: 16 GiB of
 * amplitudes, over the 27-qubit limit of WebAssembly memory) through the parallel state vector,
 * printed as JSON: wall seconds, stages, where the state lived, the process's peak resident memory
 * and the norm of the final state (1 within rounding). Probabilities are not computed (they would
 * take another 8 * 2^n bytes).
 *
 *   npx tsx bench/large-state.ts [--qubits 30] [--reps 1] [--threads 2]
 *
 * Needs 16 * 2^n bytes of free memory (30 qubits: 16 GiB).
 */
import { parseArgs } from 'node:util';
import { ParallelStatevector, machineThreads } from '../lib/backends/local';
import { compileBlocked, realAmplitudes } from '../lib/quantum';

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { qubits: { type: 'string', default: '30' }, reps: { type: 'string', default: '1' }, threads: { type: 'string' } } });
  const n = Number(values.qubits);
  const reps = Number(values.reps);
  const threads = values.threads === undefined ? machineThreads() : Number(values.threads);
  const ansatz = realAmplitudes({ numQubits: n, reps, entanglement: 'linear' });
  const params = ansatz.parameters.map((_, i) => 0.05 * i + 0.1);
  const sim = new ParallelStatevector({ threads });
  try {
    const t0 = performance.now();
    await sim.run(ansatz, params, false);
    const seconds = (performance.now() - t0) / 1000;
    const state = sim.state;
    let norm = 0;
    for (let i = 0; i < state.length; i++) norm += state[i]! * state[i]!;
    const stages = compileBlocked(ansatz).stages;
    const row = {
      qubits: n,
      reps,
      threads,
      gates: ansatz.ops.length,
      stages: stages.length,
      blockedStages: stages.filter((s) => s.kind === 'blocked').length,
      stateMemory: sim.usesWasm ? 'webassembly' : 'shared-array-buffer',
      seconds: Number(seconds.toFixed(2)),
      nsPerAmplitudePerGate: Number(((seconds * 1e9) / (2 ** n * ansatz.ops.length)).toFixed(3)),
      stateGiB: (16 * 2 ** n) / 1024 ** 3,
      peakRssGiB: Number((process.resourceUsage().maxRSS / 1024 ** 2).toFixed(2)),
      norm: Number(Math.sqrt(norm).toFixed(12)),
    };
    process.stdout.write(`${JSON.stringify({ benchmark: 'large-state', node: process.version, results: [row] }, null, 2)}\n`);
  } finally {
    await sim.close();
  }
}

void main();
