/**
 * One timed round of each engine of the anchor benchmark: wall and CPU seconds of the simulation
 * (state allocation and first touch excluded for all of them; CPU = all threads of the process, the
 * fair yardstick on a machine shared with other work, where wall time includes waiting for a core):
 *
 * - qsim: our driver (qsim-driver.cc) in a child process: a warm-up round, then one round of fusion
 *   and gate application on a zeroed state (OMP_NUM_THREADS = T).
 * - qulacs: our driver in a child process, the same way.
 * - qpo: in this process, the simulation as the samplers run it (1 thread: lib/quantum Simulation, in
 *   process as the drivers; more: the parallel state vector of lib/backends/local, whose worker
 *   threads add about 0.2-0.5 ms of messaging and wake-up per run), parameters bound, initial
 *   state written, circuit applied; or, for kernel rows, gate by gate without fusion or blocking. Each timed run
 *   follows an untimed one, as the drivers' rounds follow their warm-up round: the other engines'
 *   processes ran in between and took the caches (a 16 MiB state fits in L3, so this matters).
 * - stream: `stream MiB reps` with OMP_NUM_THREADS = T; rmw_inplace best GB/s.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { ParallelStatevector } from '../../lib/backends/local';
import { Simulation, type Circuit, type Precision, type Representation } from '../../lib/quantum';
import { bindAngle } from '../../lib/quantum/circuit';

const QSIM_NAMES: Readonly<Record<string, string>> = { h: 'h', x: 'x', y: 'y', z: 'z', rx: 'rx', ry: 'ry', rz: 'rz', cx: 'cx', cz: 'cz', swap: 'swap' };

/** The circuit in qsim's text format (one gate per moment, in order), bound to `params`. @throws Error on a gate qsim's format lacks here */
export function qsimCircuitText(circuit: Circuit, params: readonly number[]): string {
  const lines = [String(circuit.numQubits)];
  let time = 0;
  for (const op of circuit.ops) {
    if (op.kind !== 'gate') continue;
    const name = QSIM_NAMES[op.name];
    if (name === undefined) throw new Error(`qsim circuit: gate ${op.name} is not mapped`);
    const angles = op.params.map((a) => bindAngle(a, params).toPrecision(17));
    lines.push(`${time++} ${name} ${op.qubits.join(' ')}${angles.length ? ` ${angles.join(' ')}` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Write `circuit` as a qsim file at `file`. */
export function writeQsimCircuit(file: string, circuit: Circuit, params: readonly number[]): void {
  writeFileSync(file, qsimCircuitText(circuit, params));
}

/** Wall and CPU seconds of one round. */
export interface Timing {
  readonly wall: number;
  readonly cpu: number;
}

function driverRound(binary: string, args: readonly string[], threads: number): Timing {
  const out = execFileSync(binary, [...args, '1'], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: String(threads) }, maxBuffer: 16 * 1024 * 1024 });
  const parsed = JSON.parse(out) as { wall: number[]; cpu: number[] };
  return { wall: parsed.wall[0]!, cpu: parsed.cpu[0]! };
}

/** One qsim round (qsim-driver: fusion and gate application, after a warm-up round in the same process). */
export function runQsim(binary: string, circuitFile: string, threads: number, fusedSize: number): Timing {
  return driverRound(binary, [circuitFile, String(threads), String(fusedSize)], threads);
}

/** One qulacs round (after a warm-up round in the same process). */
export function runQulacs(binary: string, args: readonly string[], threads: number): Timing {
  return driverRound(binary, args, threads);
}

/** Run `f` once untimed (the warm-up the drivers also get), then time one run of it. */
export async function warmThenTimed(f: () => unknown): Promise<Timing> {
  await f();
  return timed(f);
}

/** Time `f` in wall and process CPU seconds. */
export async function timed(f: () => unknown): Promise<Timing> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await f();
  const wall = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1e6 };
}

/** rmw_inplace best GB/s of the stream probe (bytes read + written) on `threads` threads. */
export function runStream(binary: string, threads: number, mib = 256, reps = 9): number {
  const out = execFileSync(binary, [String(mib), String(reps)], { encoding: 'utf8', env: { ...process.env, OMP_NUM_THREADS: String(threads) } });
  const match = /rmw_inplace\s+best\s+([0-9.]+) GB\/s/.exec(out);
  if (!match) throw new Error(`stream: no rmw_inplace line: ${out.slice(0, 200)}`);
  return Number(match[1]);
}

/** A qpo engine for one circuit, precision and thread count; `run()` times one bound run. */
export interface QpoRunner {
  readonly representation: string;
  run(): Promise<Timing>;
  close(): Promise<void>;
}

/**
 * qpo on `threads` threads: the simulation as the samplers run it (fused and cache-blocked), or
 * with `kernelsOnly` gate by gate without fusion or blocking (one pass over the state per gate).
 * One thread runs in this process (lib/quantum Simulation), as each driver runs its rounds in its
 * own; more run on the parallel state vector's worker threads. `representation` forces one (the
 * complex path for a real circuit); by default the engine picks it from the circuit.
 */
export async function qpoRunner(
  circuit: Circuit,
  params: readonly number[],
  precision: Precision,
  threads: number,
  kernelsOnly = false,
  representation?: Representation,
): Promise<QpoRunner> {
  const forced = representation === undefined ? {} : { representation };
  if (threads === 1) {
    const sim = new Simulation(circuit, { precision, gateByGate: kernelsOnly, ...forced });
    for (let w = 0; w < 3; w++) sim.run(params); // warm-up: V8 tiers the WebAssembly kernels up
    return {
      representation: sim.representation,
      run: () => warmThenTimed(() => sim.run(params)),
      close: async () => undefined,
    };
  }
  const sim = new ParallelStatevector({ threads, ...forced, ...(kernelsOnly ? { fuse: false, blocking: false } : {}) });
  for (let w = 0; w < 3; w++) await sim.run(circuit, params, false, precision);
  return {
    representation: sim.representation,
    run: () => warmThenTimed(() => sim.run(circuit, params, false, precision)),
    close: () => sim.close(),
  };
}
