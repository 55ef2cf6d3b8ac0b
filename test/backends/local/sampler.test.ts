/** The local Sampler: the threaded path gives the in-process simulator's distributions, in both precisions. */
import { createLocalSampler } from '../../../lib/backends/local';
import { createStatevectorSampler, efficientSU2, realAmplitudes, type Precision } from '../../../lib/quantum';

test.each([
  ['double', 'real'],
  ['single', 'real'],
  ['double', 'complex'],
  ['single', 'complex'],
] as [Precision, string][])('above the threshold the threaded Sampler returns the in-process probabilities and counts (%s precision, %s circuit)', async (precision, kind) => {
  // 10 qubits: the smallest states the engine keeps in WebAssembly memory (real / float32 representations)
  const circuit = kind === 'real' ? realAmplitudes({ numQubits: 10, reps: 2 }) : efficientSU2({ numQubits: 10, reps: 1 });
  const sets = [circuit.parameters.map((_, i) => 0.1 * i), circuit.parameters.map((_, i) => -0.2 * i)];
  const threaded = createLocalSampler({ threads: 2, minParallelQubits: 4, seed: 3 });
  const plain = createStatevectorSampler({ seed: 3 });
  try {
    const a = await threaded.run({ circuit, parameterSets: sets, precision });
    const b = await plain.run({ circuit, parameterSets: sets, precision });
    a.distributions.forEach((d, i) => {
      const e = b.distributions[i]!;
      expect(d.kind === 'probabilities' && e.kind === 'probabilities' && Array.from(d.probabilities)).toEqual(e.kind === 'probabilities' && Array.from(e.probabilities));
    });
    const shots = await threaded.run({ circuit, parameterSets: [sets[0]!], shots: 500, precision });
    const plainShots = await plain.run({ circuit, parameterSets: [sets[0]!], shots: 500, precision });
    expect(shots.distributions[0]).toEqual(plainShots.distributions[0]);
    expect(shots.shotsUsed).toBe(500);
  } finally {
    await threaded.close();
  }
});

test('exact probabilities are handed out without copying: the same shared buffer on every call', async () => {
  const circuit = realAmplitudes({ numQubits: 6, reps: 1 });
  const sampler = createLocalSampler({ threads: 2, minParallelQubits: 4 });
  try {
    const first = await sampler.run({ circuit, parameterSets: [circuit.parameters.map(() => 0.3)] });
    const second = await sampler.run({ circuit, parameterSets: [circuit.parameters.map(() => -0.7)] });
    const [a, b] = [first.distributions[0]!, second.distributions[0]!];
    if (a.kind !== 'probabilities' || b.kind !== 'probabilities') throw new Error('expected probabilities');
    expect(b.probabilities.buffer).toBe(a.probabilities.buffer);
    expect(a.probabilities.buffer).toBeInstanceOf(SharedArrayBuffer);
  } finally {
    await sampler.close();
  }
});
