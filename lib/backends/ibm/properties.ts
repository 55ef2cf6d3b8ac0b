/**
 * The per-qubit readout error of an IBM Quantum device from its calibration data
 * (`GET /v1/backends/{id}/properties`, Qiskit's BackendProperties schema: `qubits[q]` is a list of
 * `{name, value}` with `prob_meas1_prep0` = P(read 1 | prepared 0), `prob_meas0_prep1` =
 * P(read 0 | prepared 1), and their mean `readout_error`, used for both when the two are absent).
 */
import type { IbmBackendProperties } from './client';

/** Per-qubit readout error, in the order of the qubits asked for. */
export interface QubitReadoutError {
  readonly p1Given0: readonly number[];
  readonly p0Given1: readonly number[];
}

/**
 * The readout error of `physicalQubits` (in that order) from `props`, or the reason it cannot be
 * read (a simulator's or a device's missing calibration data, a value outside [0, 1)).
 */
export function readoutErrorOf(props: IbmBackendProperties, physicalQubits: readonly number[], backend: string): QubitReadoutError | { readonly missing: string } {
  const p1Given0: number[] = [];
  const p0Given1: number[] = [];
  for (const q of physicalQubits) {
    const entries = props.qubits?.[q];
    const value = (name: string) => entries?.find((e) => e.name === name)?.value;
    const symmetric = value('readout_error');
    const e10 = value('prob_meas1_prep0') ?? symmetric;
    const e01 = value('prob_meas0_prep1') ?? symmetric;
    if (e10 === undefined || e01 === undefined) return { missing: `${backend} reports no readout error for qubit ${q} in its calibration data (GET /v1/backends/${backend}/properties)` };
    for (const v of [e10, e01]) if (!(v >= 0 && v < 1)) return { missing: `${backend} reports a readout error of ${v} for qubit ${q}, outside [0, 1)` };
    p1Given0.push(e10);
    p0Given1.push(e01);
  }
  return { p1Given0, p0Given1 };
}
