import { CVAR_BUCKET_MIN_STATES, cvarBucketSums, energyOrder } from '../../lib/quantum/expectation';
import { CVAR_WASM_BASE64 } from '../../lib/quantum/wasm/cvar-binary';
import { cvarWat } from '../../lib/quantum/wasm/cvar-source';
import { assembleKernels } from '../../scripts/wasm-assemble';

describe('the CVaR bucket pass in WebAssembly', () => {
  test('the committed binary is the assembled text of cvar-source.ts (run npm run build:wasm when this fails)', async () => {
    const bytes = await assembleKernels(cvarWat());
    expect(Buffer.from(bytes).toString('base64')).toBe(CVAR_WASM_BASE64);
  });

  test('its per-bucket sums equal the JavaScript pass bit for bit, and the definition up to rounding', () => {
    let s = 5;
    const next = (): number => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
    for (const size of [CVAR_BUCKET_MIN_STATES, 4 * CVAR_BUCKET_MIN_STATES]) {
      const energies = Float64Array.from({ length: size }, () => Math.round(400 * next()) / 20 - 10);
      const order = energyOrder(energies);
      const raw = Float64Array.from({ length: size }, () => (next() < 0.1 ? 0 : next() ** 6));
      const total = raw.reduce((a, b) => a + b, 0);
      const probs = raw.map((x) => x / total);
      const wasm = cvarBucketSums(probs, energies, order, 'wasm');
      const js = cvarBucketSums(probs, energies, order, 'js')!;
      expect(wasm).toBeDefined();
      expect(Array.from(wasm!)).toEqual(Array.from(js));
      // bucket b holds energy ranks [256 b, 256 (b + 1)): its sums, summed in rank order
      const buckets = js.length / 2;
      expect(buckets).toBe(size / 256);
      for (const b of [0, 1, buckets >> 1, buckets - 1]) {
        let mass = 0;
        let sum = 0;
        for (let r = 256 * b; r < 256 * (b + 1); r++) {
          mass += probs[order[r]!]!;
          sum += probs[order[r]!]! * energies[order[r]!]!;
        }
        expect(js[2 * b]).toBeCloseTo(mass, 15);
        expect(js[2 * b + 1]).toBeCloseTo(sum, 13);
      }
    }
  });
});
