/**
 * Training with the device's readout error (readout-noise.ts, ibm/properties.ts): the per-qubit
 * figures read from the IBM test server's backend properties change the local distribution of a
 * circuit away from the ideal one, exactly as the confusion-matrix model says; a device without
 * calibration data gives the reason.
 */
import { createStatevectorSampler } from '../../lib/quantum';
import { realAmplitudes } from '../../lib/quantum/ansatz';
import { IbmRuntimeClient } from '../../lib/backends/ibm/client';
import { readoutErrorOf } from '../../lib/backends/ibm/properties';
import { applyReadoutError, postSelect, withReadoutError } from '../../lib/solvers/readout-noise';
import { FAKE_API_KEY, FAKE_CRN, startFakeIbm, type FakeIbm } from '../fakes/ibm-server';

const tv = (a: Float64Array, b: Float64Array) => 0.5 * a.reduce((s, x, i) => s + Math.abs(x - b[i]!), 0);

describe('readout error applied to the local distribution', () => {
  it('one qubit: the confusion matrix of P(1|0) and P(0|1); mass is kept', () => {
    const out = applyReadoutError(Float64Array.from([0.7, 0.3]), { p1Given0: [0.1], p0Given1: [0.2] });
    expect(out[0]).toBeCloseTo(0.7 * 0.9 + 0.3 * 0.2, 12);
    expect(out[1]).toBeCloseTo(0.7 * 0.1 + 0.3 * 0.8, 12);
    // |00> read through two qubits: each flips to 1 independently
    const two = applyReadoutError(Float64Array.from([1, 0, 0, 0]), { p1Given0: [0.1, 0.05], p0Given1: [0, 0] });
    [0.9 * 0.95, 0.1 * 0.95, 0.9 * 0.05, 0.1 * 0.05].forEach((x, k) => expect(two[k]).toBeCloseTo(x, 12));
  });

  it('post-selects to the feasible Hamming weight, as the readout keeps only B-asset portfolios', () => {
    // |011> (weight 2) read with qubit 0 flipping 1 -> 0 at 10 %: 10 % lands on |010> (weight 1) and is dropped
    const noisy = applyReadoutError(Float64Array.from([0, 0, 0, 1, 0, 0, 0, 0]), { p1Given0: [0, 0, 0], p0Given1: [0.1, 0, 0] });
    expect(noisy[2]).toBeCloseTo(0.1, 12);
    expect(Array.from(postSelect(noisy, 2))).toEqual([0, 0, 0, 1, 0, 0, 0, 0]);
    // mixing inside the weight: |011> -> |101> needs two flips; both survive post-selection, renormalized
    const two = postSelect(applyReadoutError(Float64Array.from([0, 0, 0, 1, 0, 0, 0, 0]), { p1Given0: [0, 0, 0.2], p0Given1: [0, 0.5, 0] }), 2);
    expect(two[3]).toBeCloseTo((0.5 * 0.8) / (0.5 * 0.8 + 0.5 * 0.2), 12);
    expect(two[5]).toBeCloseTo((0.5 * 0.2) / (0.5 * 0.8 + 0.5 * 0.2), 12);
  });

  describe('with the figures of the IBM test server', () => {
    let ibm: FakeIbm;
    let client: IbmRuntimeClient;
    beforeAll(async () => {
      ibm = await startFakeIbm();
      client = new IbmRuntimeClient({ apiKey: FAKE_API_KEY, crn: FAKE_CRN, apiUrl: `${ibm.url}/api`, iamUrl: ibm.url });
    });
    afterAll(async () => ibm.close());

    it('reads prob_meas1_prep0 / prob_meas0_prep1 per physical qubit, and the local distribution moves from the ideal one', async () => {
      const error = readoutErrorOf(await client.backendProperties('fake_fez'), [4, 1, 2], 'fake_fez');
      expect(error).toEqual({ p1Given0: [0.01, 0.02, 0.03], p0Given1: [0.05, 0.05, 0.07] });
      if ('missing' in error) throw new Error(error.missing);
      const circuit = realAmplitudes({ numQubits: 3, reps: 1 });
      const theta = circuit.parameters.map((_, i) => 0.3 + 0.4 * i);
      const ideal = createStatevectorSampler({ seed: 1 });
      const noisy = withReadoutError(ideal, error);
      const [p] = (await ideal.run({ circuit, parameterSets: [theta] })).distributions as [{ kind: 'probabilities'; probabilities: Float64Array }];
      const [q] = (await noisy.run({ circuit, parameterSets: [theta] })).distributions as [{ kind: 'probabilities'; probabilities: Float64Array }];
      expect(tv(p.probabilities, q.probabilities)).toBeGreaterThan(0.01);
      expect(q.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
      expect(Array.from(q.probabilities)).toEqual(Array.from(applyReadoutError(p.probabilities, error)));
      expect(noisy.name).toContain('readout error');
    });

    it('says which qubit has no readout error when the device has no calibration data for it', async () => {
      expect(readoutErrorOf(await client.backendProperties('fake_brisbane'), [0, 1], 'fake_brisbane')).toEqual({
        missing: 'fake_brisbane reports no readout error for qubit 0 in its calibration data (GET /v1/backends/fake_brisbane/properties)',
      });
    });
  });
});
