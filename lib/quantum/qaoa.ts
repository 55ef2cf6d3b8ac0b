/**
 * The QAOA ansatz (Farhi, Goldstone, Gutmann, arXiv:1411.4028) for a diagonal Ising cost
 * operator, laid out as Qiskit's `QAOAAnsatz` / `qaoa_ansatz` with the default initial state and
 * mixer:
 *
 *   |ψ(β, γ)> = Π_{l=0}^{p-1} [ exp(-i β_l Σ_i X_i) exp(-i γ_l H_C) ] H^{⊗n} |0>
 *
 * Gates: `h` on every qubit; then per layer l the cost layer `rz(2 γ_l h_i)` on qubit i (i ascending)
 * and `rzz(2 γ_l J_ij)` on (i, j) (i < j, lexicographic), skipping zero coefficients (the constant
 * offset is a global phase and emits nothing); then the mixer `rx(2 β_l)` on every qubit.
 *
 * Parameters: Qiskit's QAOAAnsatz uses ParameterVectors `β` and `γ`, and a circuit's parameters are
 * sorted by name (β < γ), so the vector is `[β[0], ..., β[p-1], γ[0], ..., γ[p-1]]`: betas first.
 * (Qiskit drops the γ parameters when H_C is the identity; here there are always 2p parameters.)
 *
 * @example
 * const c = qaoaCircuit(hamiltonian, 2); // c.parameters = ['β[0]', 'β[1]', 'γ[0]', 'γ[1]']
 */
import { param, type Circuit } from './circuit';
import { CircuitBuilder } from './builder';
import { appendDickeState } from './dicke';
import { InvalidArgumentError } from './errors';
import type { IsingHamiltonian } from './observable';

/**
 * Mixer and initial state. `x` is the transverse-field mixer from |+>^n (Farhi et al.). `xy` is the
 * Hamming-weight-preserving ring XY mixer of the Quantum Alternating Operator Ansatz (Hadfield et al.,
 * Algorithms 12, 34 (2019); Wang, Rubin, Dominy & Rieffel, PRA 101, 012320 (2020)): per layer
 * exp(-i β (X_i X_j + Y_i Y_j) / 2) = rxx(β) ryy(β) on the ring pairs, even pairs (0,1), (2,3), ...
 * first, then odd pairs (1,2), (3,4), ..., and (n-1, 0) for n > 2; it starts from the computational
 * basis state `initialState` (a bitstring in Qiskit order), or from the Dicke state |D^n_k> when
 * `initialState` is `{ dicke: k }` (prepared as in Bärtschi & Eidenbenz 2019, dicke.ts), so every
 * layer keeps sum(x) fixed.
 */
export type QaoaMixer = { readonly kind: 'x' } | { readonly kind: 'xy'; readonly initialState: string | { readonly dicke: number } };

/** The ring pairs of the XY mixer in application order (see QaoaMixer). */
export function xyMixerPairs(n: number): [number, number][] {
  const pairs: [number, number][] = [];
  for (let i = 0; i + 1 < n; i += 2) pairs.push([i, i + 1]);
  for (let i = 1; i + 1 < n; i += 2) pairs.push([i, i + 1]);
  if (n > 2) pairs.push([n - 1, 0]);
  return pairs;
}

/**
 * The p-layer QAOA circuit of `hamiltonian` (see the module doc for gates and parameter order).
 * @throws InvalidArgumentError when reps is not an integer >= 1 or the Hamiltonian's shape is wrong
 */
export function qaoaCircuit(hamiltonian: IsingHamiltonian, reps: number, mixer: QaoaMixer = { kind: 'x' }): Circuit {
  const n = hamiltonian.numQubits;
  if (!Number.isInteger(reps) || reps < 1) {
    throw new InvalidArgumentError(`reps: ${reps} is out of range; must be an integer >= 1`, { path: 'reps' });
  }
  if (!Number.isInteger(n) || n < 1 || hamiltonian.h.length !== n || hamiltonian.J.length !== n) {
    throw new InvalidArgumentError(
      `hamiltonian: numQubits ${n} must be an integer >= 1 matching h.length ${hamiltonian.h.length} and J.length ${hamiltonian.J.length}`,
      { path: 'hamiltonian' },
    );
  }
  const b = new CircuitBuilder(n);
  b.parameterVector('β', reps);
  b.parameterVector('γ', reps);
  if (mixer.kind === 'xy') {
    const init = mixer.initialState;
    if (typeof init === 'string') {
      if (init.length !== n || !/^[01]+$/.test(init)) {
        throw new InvalidArgumentError(`initialState: '${init}' must be a bitstring of ${n} characters`, { path: 'initialState' });
      }
      for (let q = 0; q < n; q++) if (init[n - 1 - q] === '1') b.x(q);
    } else appendDickeState(b, init.dicke);
  } else for (let q = 0; q < n; q++) b.h(q);
  const pairs = mixer.kind === 'xy' ? xyMixerPairs(n) : [];
  for (let l = 0; l < reps; l++) {
    const gamma = reps + l;
    for (let i = 0; i < n; i++) {
      const hi = hamiltonian.h[i] as number;
      if (hi !== 0) b.rz(param(gamma, 2 * hi), i);
    }
    for (let i = 0; i < n; i++) {
      const row = hamiltonian.J[i] as readonly number[];
      for (let j = i + 1; j < n; j++) {
        const jij = row[j] ?? 0;
        if (jij !== 0) b.rzz(param(gamma, 2 * jij), i, j);
      }
    }
    if (mixer.kind === 'xy') {
      for (const [i, j] of pairs) b.rxx(param(l), i, j).ryy(param(l), i, j);
    } else for (let q = 0; q < n; q++) b.rx(param(l, 2), q);
  }
  return b.build();
}
