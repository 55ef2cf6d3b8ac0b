/**
 * Sampler V2 results (plain-JSON mode, `support_qiskit: false`) into canonical counts.
 *
 * `results[i].data[<register>] = { samples: ["0x3", ...], num_bits }`: one hex integer per shot,
 * bit k = classical bit k (Qiskit: bit 0 is the rightmost character of the bitstring). Our ISA
 * circuits measure logical qubit k into clbit k, so the integer is the canonical basis index.
 * A broadcast PUB has samples of shape (parameter sets, shots); the exact nesting in plain-JSON mode
 * is unconfirmed by IBM's docs, so both a flat list (one set) and a list of lists are accepted.
 */
import type { Distribution } from '../../quantum/ports';
import { BackendError } from '../errors';

interface RegisterData {
  readonly samples?: unknown;
  readonly num_bits?: unknown;
}

/** Parse one hex sample to an integer of `numBits` bits. */
export function hexToIndex(hex: string, numBits: number): number {
  if (!/^0x[0-9a-fA-F]+$/.test(hex)) throw new BackendError('BACKEND_BAD_RESPONSE', `Sampler result: sample ${JSON.stringify(hex)} is not a hex integer`);
  const value = BigInt(hex);
  if (value >> BigInt(numBits) !== 0n) throw new BackendError('BACKEND_BAD_RESPONSE', `Sampler result: sample ${hex} has more than num_bits=${numBits} bits`);
  return Number(value);
}

/**
 * The distributions of one PUB with `numSets` parameter sets, reading register `register`.
 * @throws BackendError BACKEND_BAD_RESPONSE when the shape is not the documented one
 */
export function decodePubResult(pubResult: unknown, register: string, numSets: number): Distribution[] {
  const data = (pubResult as { data?: Record<string, RegisterData> } | null)?.data;
  const reg = data?.[register];
  if (!reg || !Array.isArray(reg.samples) || typeof reg.num_bits !== 'number') {
    throw new BackendError('BACKEND_BAD_RESPONSE', `Sampler result: data.${register}.samples / num_bits are missing`);
  }
  const numBits = reg.num_bits;
  const rows: unknown[][] = reg.samples.length > 0 && Array.isArray(reg.samples[0]) ? (reg.samples as unknown[][]) : [reg.samples];
  if (rows.length !== numSets) {
    throw new BackendError('BACKEND_BAD_RESPONSE', `Sampler result: ${rows.length} sample rows for ${numSets} parameter sets`);
  }
  return rows.map((row) => {
    const counts = new Map<number, number>();
    for (const s of row) {
      const k = hexToIndex(String(s), numBits);
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    return { kind: 'counts', counts, shots: row.length };
  });
}
