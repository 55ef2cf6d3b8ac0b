/**
 * Backend names as people write them (the runbook's `--backend ibm_nairobi`, `QUANTUM_BACKEND=...`,
 * `backend: auto` in quantum_config.yaml) -> the `quantum.backend` syntax: `local` | `auto` |
 * `ibm:<device>` | `ibm:least-busy` | `braket:<device ARN | short name>`.
 *
 * - A bare IBM device name (`ibm_torino`, `ibmq_kolkata`) is `ibm:<name>`; IBM answers whether the
 *   account has it (`qpo backends` lists them).
 * - IBM's cloud simulators (`ibmq_qasm_simulator`, `simulator_statevector`, ...) were retired by IBM
 *   in May 2024; the local state-vector simulator runs instead, with a note. So do Qiskit Aer's names.
 * - `least_busy` is `ibm:least-busy`; Braket's short names (`sv1`, `dm1`, `tn1`) are `braket:<name>`.
 */
import { BRAKET_DEVICES } from './braket/devices';
import { BackendError } from './errors';

/** Simulator names that now mean qpo's local simulator. */
const RETIRED_SIMULATORS = new Set([
  'ibmq_qasm_simulator',
  'simulator_statevector',
  'simulator_mps',
  'simulator_extended_stabilizer',
  'simulator_stabilizer',
  'aer_simulator',
  'aer_simulator_statevector',
  'qasm_simulator',
  'statevector_simulator',
]);

/** The forms `quantum.backend` accepts, for error messages. */
export const BACKEND_FORMS =
  `local, auto, ibm:<device> or a bare IBM device name (ibm_torino, ibm_fez, ...), ibm:least-busy (or least_busy), ` +
  `braket:<device ARN> or ${Object.keys(BRAKET_DEVICES).join(', ')}; run qpo backends for the devices your accounts reach`;

/**
 * The `quantum.backend` value of a name, and a note when it was rewritten.
 * @throws BackendError INVALID_BACKEND (path quantum.backend) for a name of no known form; the message lists the forms.
 */
export function normalizeBackendName(value: string): { readonly backend: string; readonly note?: string } {
  const name = value.trim();
  if (name === 'local' || name === 'auto' || /^(ibm|braket):.+$/.test(name)) return { backend: name };
  const lower = name.toLowerCase();
  if (RETIRED_SIMULATORS.has(lower))
    return { backend: 'local', note: `quantum.backend: '${name}' was retired by IBM (May 2024); qpo's local state-vector simulator runs instead` };
  if (lower === 'least_busy' || lower === 'least-busy') return { backend: 'ibm:least-busy', note: `quantum.backend: '${name}' -> ibm:least-busy` };
  if (/^ibmq?_[a-z0-9_]+$/.test(lower)) return { backend: `ibm:${lower}`, note: `quantum.backend: '${name}' -> ibm:${lower}` };
  if (BRAKET_DEVICES[lower]) return { backend: `braket:${lower}`, note: `quantum.backend: '${name}' -> braket:${lower}` };
  throw new BackendError('INVALID_BACKEND', `quantum.backend: '${name}' is not a backend; use ${BACKEND_FORMS}`, { path: 'quantum.backend', details: { value: name } });
}
