/**
 * The parallel state vector on worker threads: bit-identical for 1, 2 and 3 threads, and equal to
 * the single-threaded compiled complex circuit up to rounding (the real engine folds each CX into
 * the RY run on its target, which reorders commuting gates); the memory check; a failing share
 * rejects without hanging the others, and the pool keeps working.
 */
import { BARRIER_BYTES, BarrierAbortedError, ParallelStatevector, SharedBarrier } from '../../../lib/backends/local';
import { allocateState, compileBlocked, compileCircuit, efficientSU2, probabilities, realAmplitudes, CircuitBuilder, StateTooLargeError, qaoaCircuit } from '../../../lib/quantum';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { maxAbsDiff } from '../../reference/dense';

const ansatz = realAmplitudes({ numQubits: 12, reps: 3, entanglement: 'linear' });
const params = ansatz.parameters.map((_, i) => Math.sin(i + 1));

function serial(): Float64Array {
  const s = allocateState(12);
  compileCircuit(ansatz).run(s, params);
  return s;
}

/** The amplitudes and probabilities of one thread, from an instance of its own (made once). */
let oneThread: Promise<{ amplitudes: number[]; probabilities: number[] }> | undefined;
function reference(): Promise<{ amplitudes: number[]; probabilities: number[] }> {
  oneThread ??= (async () => {
    const sim = new ParallelStatevector({ threads: 1 });
    try {
      await sim.run(ansatz, params);
      return { amplitudes: Array.from(sim.amplitudes()), probabilities: Array.from(sim.probabilities) };
    } finally {
      await sim.close();
    }
  })();
  return oneThread;
}

describe('ParallelStatevector', () => {
  const sims: ParallelStatevector[] = [];
  afterAll(async () => {
    await Promise.all(sims.map((s) => s.close()));
  });

  test.each([1, 2, 3])('%i thread(s): the same amplitudes and probabilities, bit for bit', async (threads) => {
    const sim = new ParallelStatevector({ threads });
    sims.push(sim);
    await sim.run(ansatz, params);
    const want = serial();
    // RealAmplitudes is real: the state is kept real (r64), the complex program's up to rounding
    expect(sim.representation).toBe('r64');
    const one = await reference();
    expect(Array.from(sim.amplitudes())).toEqual(one.amplitudes);
    expect(Array.from(sim.probabilities)).toEqual(one.probabilities);
    expect(maxAbsDiff(sim.amplitudes(), want)).toBeLessThan(1e-13);
    expect(maxAbsDiff(sim.probabilities, probabilities(want))).toBeLessThan(1e-13);
    // a second run with other parameters reuses the buffers and resets the state
    const other = params.map((x) => -x);
    await sim.run(ansatz, other);
    const s = allocateState(12);
    compileCircuit(ansatz).run(s, other);
    expect(maxAbsDiff(sim.amplitudes(), s)).toBeLessThan(1e-13);
  });

  test('17 qubits (cache-blocked stages, WebAssembly memory): 1 and 2 threads bit-identical, equal to the JavaScript kernels unblocked', async () => {
    const big = realAmplitudes({ numQubits: 17, reps: 2, entanglement: 'linear' });
    const values = big.parameters.map((_, i) => Math.cos(i));
    expect(compileBlocked(big).stages.some((stage) => stage.kind === 'blocked')).toBe(true);
    const one = new ParallelStatevector({ threads: 1 });
    const two = new ParallelStatevector({ threads: 2 });
    sims.push(one, two);
    await one.run(big, values, false);
    await two.run(big, values, false);
    expect(one.usesWasm && two.usesWasm).toBe(true);
    expect(two.representation).toBe('r64');
    expect(Array.from(two.state)).toEqual(Array.from(one.state));
    const plain = allocateState(17, { kernels: 'js' });
    compileCircuit(big).run(plain, values);
    expect(maxAbsDiff(plain, two.amplitudes())).toBeLessThan(1e-12);
    // the mode of states over 27 qubits: complex float64 in plain shared memory, SIMD kernels inside the blocks
    const blocks = new ParallelStatevector({ threads: 2, kernels: 'blocks' });
    sims.push(blocks);
    await blocks.run(big, values, false);
    expect(blocks.usesWasm).toBe(false);
    expect(blocks.representation).toBe('c64');
    expect(maxAbsDiff(blocks.amplitudes(), two.amplitudes())).toBeLessThan(1e-12);
  });

  test.each([
    ['RealAmplitudes (r32)', realAmplitudes({ numQubits: 18, reps: 2, entanglement: 'reverse_linear' }), 'r32'],
    ['EfficientSU2 (c32)', efficientSU2({ numQubits: 17, reps: 1, entanglement: 'linear' }), 'c32'],
  ] as const)('single precision, %s: 1 and 2 threads bit-identical, within 1e-6 of double precision', async (_, circuit, representation) => {
    const values = circuit.parameters.map((_, i) => Math.cos(i) * 1.5);
    const one = new ParallelStatevector({ threads: 1 });
    const two = new ParallelStatevector({ threads: 2 });
    sims.push(one, two);
    await one.run(circuit, values, true, 'single');
    await two.run(circuit, values, true, 'single');
    expect(two.representation).toBe(representation);
    expect(Array.from(two.state)).toEqual(Array.from(one.state));
    expect(Array.from(two.probabilities)).toEqual(Array.from(one.probabilities));
    const plain = allocateState(circuit.numQubits, { kernels: 'js' });
    compileCircuit(circuit).run(plain, values);
    expect(maxAbsDiff(two.amplitudes(), plain)).toBeLessThan(1e-6);
    expect(maxAbsDiff(two.probabilities, probabilities(plain))).toBeLessThan(1e-6);
  });

  test.each([
    ['gate by gate, WebAssembly memory', { fuse: false, blocking: false }],
    ['gate by gate, ordinary shared memory', { fuse: false, blocking: false, kernels: 'js' }],
    ['fused, not blocked (rank 0 writes the product state)', { fuse: true, blocking: false }],
  ] as const)('3 threads, %s: the workers set the start state each run (every share of it)', async (_, options) => {
    const circuit = efficientSU2({ numQubits: 11, reps: 1, entanglement: 'linear' });
    const sim = new ParallelStatevector({ threads: 3, ...options });
    sims.push(sim);
    for (const scale of [1, -0.5]) {
      const values = circuit.parameters.map((_, i) => scale * Math.cos(i + 1));
      await sim.run(circuit, values, false);
      const want = allocateState(11, { kernels: 'js' });
      compileCircuit(circuit).run(want, values);
      expect(maxAbsDiff(sim.amplitudes(), want)).toBeLessThan(1e-12);
    }
    // a circuit without gates leaves exactly |0...0> after a run that spread amplitude everywhere
    await sim.run(new CircuitBuilder(11).build(), [], false);
    const state = sim.amplitudes();
    expect(state[0]).toBe(1);
    expect(state.subarray(1).every((x) => x === 0)).toBe(true);
  });

  test('refuses a state over the memory budget before touching the workers', async () => {
    const sim = new ParallelStatevector({ threads: 2, maxStateBytes: 1024 });
    sims.push(sim);
    await expect(sim.run(new CircuitBuilder(10).h(0).build(), [])).rejects.toBeInstanceOf(StateTooLargeError);
  });

  test('an invalid circuit rejects with its code and the pool stays usable', async () => {
    const sim = new ParallelStatevector({ threads: 2 });
    sims.push(sim);
    const bad = { ...ansatz, ops: [...ansatz.ops, { kind: 'gate', name: 'nope', qubits: [0], params: [] }] } as unknown as typeof ansatz;
    await expect(sim.run(bad, params)).rejects.toMatchObject({ code: 'INVALID_CIRCUIT' });
    await sim.run(ansatz, params);
    expect(Array.from(sim.amplitudes())).toEqual((await reference()).amplitudes);
  });

  test('an abort stops a run mid-circuit (the workers are terminated) and the next run is exact again', async () => {
    const sim = new ParallelStatevector({ threads: 2 });
    sims.push(sim);
    // A complex (c64) 22-qubit circuit: a full run takes hundreds of ms, far longer than the abort's 30 ms
    // (a real RealAmplitudes(20) runs in about 35 ms, and a fast run finished before the abort came).
    const big = efficientSU2({ numQubits: 22, reps: 4, entanglement: 'linear' });
    const values = big.parameters.map((_, i) => Math.cos(i));
    await sim.run(big, values); // compile and allocate once
    const t0 = performance.now();
    await sim.run(big, values);
    const fullRun = performance.now() - t0;
    expect(sim.representation).toBe('c64');
    expect(fullRun).toBeGreaterThan(120);
    const controller = new AbortController();
    const stop = new Error('timeout after 3 s');
    const started = performance.now();
    setTimeout(() => controller.abort(stop), 30);
    await expect(sim.run(big, values, true, 'double', controller.signal)).rejects.toBe(stop);
    const stoppedAfter = performance.now() - started;
    // stopped well before a run completes (a full run of this circuit takes fullRun ms)
    expect(stoppedAfter).toBeLessThan(Math.max(250, fullRun / 2));
    await expect(sim.run(big, values, true, 'double', controller.signal)).rejects.toBe(stop); // already aborted: refused at once
    await sim.run(ansatz, params);
    expect(Array.from(sim.amplitudes())).toEqual((await reference()).amplitudes);
  });

  test('runs of one circuit share one session; after the workers close it on idle, the next run opens another and is exact', async () => {
    const sim = new ParallelStatevector({ threads: 2, idleMs: 500, mainShare: false });
    sims.push(sim);
    const one = await reference();
    for (let run = 0; run < 3; run++) {
      await sim.run(ansatz, params);
      expect(Array.from(sim.amplitudes())).toEqual(one.amplitudes);
    }
    expect(sim.sessionsOpened).toBe(1);
    await new Promise((r) => setTimeout(r, 900)); // the workers close the session after 500 ms without a run
    await sim.run(ansatz, params);
    expect(sim.sessionsOpened).toBe(2);
    expect(Array.from(sim.amplitudes())).toEqual(one.amplitudes);
    expect(Array.from(sim.probabilities)).toEqual(one.probabilities);
    // a run without probabilities, then one with: the same session serves both
    await sim.run(ansatz, params.map((x) => -x), false);
    await sim.run(ansatz, params);
    expect(sim.sessionsOpened).toBe(2);
    expect(Array.from(sim.probabilities)).toEqual(one.probabilities);
    // another circuit opens another session
    await sim.run(efficientSU2({ numQubits: 12, reps: 1 }), Array.from({ length: 48 }, (_, i) => i / 10));
    expect(sim.sessionsOpened).toBe(3);
  });

  test.each([2, 3])('%i threads: the main thread taking rank 0 gives the same amplitudes bit for bit', async (threads) => {
    const one = await reference();
    const withMain = new ParallelStatevector({ threads, mainShare: true });
    try {
      await withMain.run(ansatz, params);
      expect(withMain.mainThreadShares).toBe(true);
      expect(Array.from(withMain.amplitudes())).toEqual(one.amplitudes);
      expect(Array.from(withMain.probabilities)).toEqual(one.probabilities);
      // a complex state in plain shared memory (JavaScript kernels) in the same pool
      const other = efficientSU2({ numQubits: 12, reps: 1 });
      const otherParams = Array.from({ length: 48 }, (_, i) => i / 10);
      await withMain.run(other, otherParams);
      const s = allocateState(12);
      compileCircuit(other).run(s, otherParams);
      expect(maxAbsDiff(withMain.amplitudes(), s)).toBeLessThan(1e-13);
    } finally {
      await withMain.close();
    }
  });

  test('by default the main thread takes a share from the run after one under MAIN_SHARE_MAX_MS, and a new circuit starts without', async () => {
    const auto = new ParallelStatevector({ threads: 2, kernels: 'js' });
    try {
      // 12 qubits: well under 20 ms once compiled; the first runs of fresh workers can take longer
      // while V8 tiers them up, so this waits for the switch
      let runs = 0;
      while (!auto.mainThreadShares && runs < 20) {
        await auto.run(ansatz, params);
        runs++;
      }
      expect(auto.mainThreadShares).toBe(true);
      const sessions = auto.sessionsOpened;
      await auto.run(ansatz, params);
      expect(auto.sessionsOpened).toBe(sessions + 1); // the switch opened a session with the main thread's share
      expect(maxAbsDiff(auto.amplitudes(), serial())).toBeLessThan(1e-13);
      expect(maxAbsDiff(auto.probabilities, probabilities(auto.amplitudes()))).toBeLessThan(1e-15);
      // a new circuit opens a session of its own, on the workers alone
      const other = efficientSU2({ numQubits: 12, reps: 1 });
      const otherParams = Array.from({ length: 48 }, (_, i) => i / 10);
      await auto.run(other, otherParams);
      expect(auto.sessionsOpened).toBe(sessions + 2);
      const s = allocateState(12);
      compileCircuit(other).run(s, otherParams);
      expect(maxAbsDiff(auto.amplitudes(), s)).toBeLessThan(1e-13);
    } finally {
      await auto.close();
    }
  });

  test('a process that never calls close() still exits once the session closes on idle', () => {
    // The workers' session task keeps the process alive while it lasts (piscina refs a worker that
    // runs a task); the idle close ends it. Without that close this child would never exit.
    const script = [
      "const { ParallelStatevector } = require('./lib/backends/local');",
      "const { realAmplitudes } = require('./lib/quantum');",
      'const c = realAmplitudes({ numQubits: 10, reps: 1 });',
      'const sim = new ParallelStatevector({ threads: 2, idleMs: 100 });',
      "sim.run(c, c.parameters.map(() => 0.3)).then(() => console.log('ran'));",
    ].join('\n');
    const started = performance.now();
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: path.join(__dirname, '../../..'), encoding: 'utf8', timeout: 60_000 });
    expect(out.trim()).toBe('ran');
    expect(performance.now() - started).toBeLessThan(60_000);
  });

  test('a QAOA circuit (diagonal 2-qubit gates) matches too', async () => {
    const sim = new ParallelStatevector({ threads: 2 });
    sims.push(sim);
    const J = Array.from({ length: 5 }, (_, i) => Array.from({ length: 5 }, (_, j) => (j > i ? Math.cos(i + 2 * j) : 0)));
    const circuit = qaoaCircuit({ numQubits: 5, h: [0.1, -0.2, 0.3, 0, 0.5], J, offset: 0 }, 2);
    const values = circuit.parameters.map((_, i) => 0.2 * (i + 1));
    await sim.run(circuit, values);
    const s = allocateState(5);
    compileCircuit(circuit).run(s, values);
    expect(sim.representation).toBe('c64');
    // the leading H and RZ gates start as a product state here (their products round differently)
    expect(maxAbsDiff(sim.amplitudes(), s)).toBeLessThan(1e-12);
  });
});

describe('SharedBarrier', () => {
  test('one party passes at once; after abort() every wait throws BarrierAbortedError', () => {
    const buffer = new SharedArrayBuffer(BARRIER_BYTES);
    expect(() => new SharedBarrier(buffer, 1).wait()).not.toThrow();
    const barrier = new SharedBarrier(buffer, 2);
    barrier.abort();
    expect(() => barrier.wait()).toThrow(BarrierAbortedError);
    barrier.reset();
    expect(() => new SharedBarrier(buffer, 1).wait()).not.toThrow();
  });
});
