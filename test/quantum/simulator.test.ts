import { applyCircuit, allocateState, createStatevectorSampler, probabilities, realAmplitudes, StateTooLargeError } from '../../lib/quantum';

describe('the in-process simulator Sampler', () => {
  const circuit = realAmplitudes({ numQubits: 3, reps: 1 });
  const params = [0.1, 0.7, -1.2, 2.0, 0.3, -0.4];

  function reference(p: number[]): Float64Array {
    const state = allocateState(3);
    applyCircuit(state, circuit, p);
    return probabilities(state);
  }

  it('returns exact probabilities without shots', async () => {
    const sampler = createStatevectorSampler();
    const result = await sampler.run({ circuit, parameterSets: [params] });
    const d = result.distributions[0]!;
    expect(d.kind).toBe('probabilities');
    if (d.kind !== 'probabilities') return;
    const ref = reference(params);
    d.probabilities.forEach((p, k) => expect(p).toBeCloseTo(ref[k]!, 14));
    expect(result).toMatchObject({ shotsUsed: 0, queueSeconds: 0, estimatedCostUsd: 0 });
  });

  it('broadcasts parameter sets, each with its own distribution', async () => {
    const sampler = createStatevectorSampler();
    const other = params.map((x) => -x);
    const result = await sampler.run({ circuit, parameterSets: [params, other] });
    const [a, b] = result.distributions as { kind: 'probabilities'; probabilities: Float64Array }[];
    expect(Array.from(a!.probabilities)).toEqual(Array.from(reference(params)));
    expect(Array.from(b!.probabilities)).toEqual(Array.from(reference(other)));
  });

  it('samples seeded shots into counts in canonical order', async () => {
    const run = async (seed: number) => (await createStatevectorSampler({ seed }).run({ circuit, parameterSets: [params], shots: 4000 })).distributions[0]!;
    const a = await run(1);
    const b = await run(1);
    expect(a).toEqual(b);
    if (a.kind !== 'counts') throw new Error('expected counts');
    expect([...a.counts.values()].reduce((s, c) => s + c, 0)).toBe(4000);
    const ref = reference(params);
    for (const [k, c] of a.counts) expect(Math.abs(c / 4000 - ref[k]!)).toBeLessThan(0.05);
  });

  it('refuses a state that exceeds its memory budget', async () => {
    const sampler = createStatevectorSampler({ maxStateBytes: 64 });
    await expect(sampler.run({ circuit, parameterSets: [params] })).rejects.toBeInstanceOf(StateTooLargeError);
  });
});
