import { applyCircuit, allocateState, createStatevectorSampler, efficientSU2, isRealCircuit, probabilities, realAmplitudes, Simulation, StateTooLargeError, type Circuit, type Precision } from '../../lib/quantum';

/**
 * The in-process simulator Sampler, in both precisions, on 10 qubits (the smallest states the
 * engine keeps in WebAssembly memory; smaller ones run complex float64 whatever the precision).
 * Single precision (float32 amplitudes) is held to SINGLE_TOLERANCE, the absolute deviation of a
 * probability from double precision that docs/benchmarks.md documents for circuits of this size;
 * double precision to 1e-14.
 */
const SINGLE_TOLERANCE = 1e-6;
const tolerance = (precision: Precision): number => (precision === 'single' ? SINGLE_TOLERANCE : 1e-14);

describe.each(['double', 'single'] as Precision[])('the in-process simulator Sampler (%s precision)', (precision) => {
  const n = 10;
  const real = realAmplitudes({ numQubits: n, reps: 1 });
  const complex = efficientSU2({ numQubits: n, reps: 1 });
  const params = real.parameters.map((_, i) => Math.sin(2 * i + 0.5) * 2);

  function reference(circuit: Circuit, p: readonly number[]): Float64Array {
    const state = allocateState(n, { kernels: 'js' });
    applyCircuit(state, circuit, p);
    return probabilities(state);
  }

  it.each([
    ['a real circuit (real amplitudes)', real],
    ['a complex circuit', complex],
  ])('returns exact probabilities without shots: %s', async (_, circuit) => {
    const p = circuit.parameters.map((_, i) => params[i % params.length]! + 0.1 * i);
    expect(new Simulation(circuit, { precision }).representation).toBe(`${isRealCircuit(circuit) ? 'r' : 'c'}${precision === 'double' ? 64 : 32}`);
    const sampler = createStatevectorSampler();
    const result = await sampler.run({ circuit, parameterSets: [p], precision });
    const d = result.distributions[0]!;
    expect(d.kind).toBe('probabilities');
    if (d.kind !== 'probabilities') return;
    const ref = reference(circuit, p);
    d.probabilities.forEach((x, k) => expect(Math.abs(x - ref[k]!)).toBeLessThan(tolerance(precision)));
    expect(result).toMatchObject({ shotsUsed: 0, queueSeconds: 0, estimatedCostUsd: 0 });
  });

  it('broadcasts parameter sets, each with its own distribution', async () => {
    const sampler = createStatevectorSampler();
    const other = params.map((x) => -x);
    const result = await sampler.run({ circuit: real, parameterSets: [params, other], precision });
    const [a, b] = result.distributions as { kind: 'probabilities'; probabilities: Float64Array }[];
    const close = (x: Float64Array, y: Float64Array): number => Math.max(...x.map((v, k) => Math.abs(v - y[k]!)));
    expect(close(a!.probabilities, reference(real, params))).toBeLessThan(tolerance(precision));
    expect(close(b!.probabilities, reference(real, other))).toBeLessThan(tolerance(precision));
  });

  it('samples seeded shots into counts in canonical order', async () => {
    const run = async (seed: number) => (await createStatevectorSampler({ seed }).run({ circuit: real, parameterSets: [params], shots: 4000, precision })).distributions[0]!;
    // counts of the most likely outcomes only: 1024 outcomes share the 4000 shots
    const a = await run(1);
    const b = await run(1);
    expect(a).toEqual(b);
    if (a.kind !== 'counts') throw new Error('expected counts');
    expect([...a.counts.values()].reduce((s, c) => s + c, 0)).toBe(4000);
    const ref = reference(real, params);
    for (const [k, c] of a.counts) expect(Math.abs(c / 4000 - ref[k]!)).toBeLessThan(0.05);
  });

  it('refuses a state that exceeds its memory budget', async () => {
    const sampler = createStatevectorSampler({ maxStateBytes: 1024 });
    await expect(sampler.run({ circuit: real, parameterSets: [params], precision })).rejects.toBeInstanceOf(StateTooLargeError);
  });
});

it('refuses an unknown precision, naming the field and the choices', async () => {
  const circuit = realAmplitudes({ numQubits: 10, reps: 1 });
  await expect(createStatevectorSampler().run({ circuit, parameterSets: [circuit.parameters.map(() => 0)], precision: 'half' as Precision })).rejects.toThrow(
    /request\.precision: "half" is not a precision; use 'double' or 'single'/,
  );
});
