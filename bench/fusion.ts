/**
 * Fusion size and block size, measured: the engine's defaults (DEFAULT_MAX_FUSED_QUBITS in
 * lib/quantum/simulation.ts, the 1 MiB cache block of blocked.ts) come from this benchmark. Every
 * variant runs the same circuit in the same process, in interleaved rounds (a busy spell of a shared
 * machine hits all variants of a round), one thread, as the Sampler runs it (Simulation: product
 * prefix, cache blocking); JSON rows with min and median CPU seconds of the process (on a shared
 * machine the wall time also counts the waits for a core) and median wall seconds, and the ratio of
 * each CPU median to the k = 1, 1 MiB variant of the same representation.
 *
 *   npx tsx bench/fusion.ts [--qubits 20] [--circuits realamplitudes,efficientsu2,qaoa] [--fused 1,2,3,4]
 *     [--block-kib 256,512,1024,2048] [--precisions double,single] [--rounds 5]
 */
import { parseArgs } from 'node:util';
import { efficientSU2, qaoaCircuit, realAmplitudes, Simulation, type Circuit, type Precision } from '../lib/quantum';

interface Variant {
  readonly circuit: string;
  readonly precision: Precision;
  readonly representation: string;
  readonly maxFusedQubits: number;
  readonly blockKiB: number;
  readonly stages: number;
  readonly instructions: number;
  readonly sim: Simulation;
  readonly params: number[];
  readonly times: number[];
  readonly wall: number[];
}

function circuitOf(name: string, n: number): Circuit {
  if (name === 'realamplitudes') return realAmplitudes({ numQubits: n, reps: 3, entanglement: 'reverse_linear' });
  if (name === 'efficientsu2') return efficientSU2({ numQubits: n, reps: 2, entanglement: 'reverse_linear' });
  const J = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (j > i ? Math.cos(i + 2 * j) : 0)));
  return qaoaCircuit({ numQubits: n, h: J.map((_, i) => Math.sin(i)), J, offset: 0 }, 2);
}

function main(): void {
  const { values } = parseArgs({
    options: {
      qubits: { type: 'string', default: '20' },
      circuits: { type: 'string', default: 'realamplitudes,efficientsu2,qaoa' },
      fused: { type: 'string', default: '1,2,3,4' },
      'block-kib': { type: 'string', default: '256,512,1024,2048' },
      precisions: { type: 'string', default: 'double,single' },
      rounds: { type: 'string', default: '5' },
    },
  });
  const n = Number(values.qubits);
  const rounds = Number(values.rounds);
  const variants: Variant[] = [];
  for (const name of values.circuits.split(',')) {
    const circuit = circuitOf(name, n);
    const params = circuit.parameters.map((_, i) => Math.sin(1.3 * i + 0.2) * 2);
    for (const precision of values.precisions.split(',') as Precision[]) {
      for (const k of values.fused.split(',').map(Number)) {
        for (const kib of values['block-kib'].split(',').map(Number)) {
          // the block size matters with k = 1 and 1 MiB is kept for the others
          if (k !== 1 && kib !== 1024) continue;
          const sim = new Simulation(circuit, { precision, maxFusedQubits: k, blockBytes: kib * 1024 });
          for (let w = 0; w < 3; w++) sim.run(params);
          const instructions = sim.program.stages.reduce((sum, s) => sum + s.program.numInstructions, 0);
          variants.push({ circuit: name, precision, representation: sim.representation, maxFusedQubits: k, blockKiB: kib, stages: sim.program.stages.length, instructions, sim, params, times: [], wall: [] });
        }
      }
    }
  }
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      v.sim.run(v.params);
      v.wall.push((performance.now() - t0) / 1000);
      const c = process.cpuUsage(c0);
      v.times.push((c.user + c.system) / 1e6);
    }
  }
  const median = (t: number[]): number => [...t].sort((a, b) => a - b)[Math.floor(t.length / 2)]!;
  const results = variants.map((v) => {
    const base = variants.find((b) => b.circuit === v.circuit && b.precision === v.precision && b.maxFusedQubits === 1 && b.blockKiB === 1024);
    const row = {
      circuit: v.circuit,
      qubits: n,
      precision: v.precision,
      representation: v.representation,
      maxFusedQubits: v.maxFusedQubits,
      blockKiB: v.blockKiB,
      stages: v.stages,
      instructions: v.instructions,
      minCpuSeconds: Number(Math.min(...v.times).toPrecision(4)),
      medianCpuSeconds: Number(median(v.times).toPrecision(4)),
      medianWallSeconds: Number(median(v.wall).toPrecision(4)),
      ratioToDefault: base ? Number((median(v.times) / median(base.times)).toPrecision(3)) : null,
    };
    process.stderr.write(`${JSON.stringify(row)}\n`);
    return row;
  });
  process.stdout.write(`${JSON.stringify({ benchmark: 'fusion', node: process.version, rounds, results }, null, 2)}\n`);
}

main();
