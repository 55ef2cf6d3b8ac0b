/** Slow references for Ising energies (direct per-state evaluation) and seeded random Hamiltonians. */
import type { IsingHamiltonian } from '../../lib/quantum/observable';
import { createRng } from '../../lib/quantum/random';

/** offset + Σ h_i z_i + Σ_{i<j} J_ij z_i z_j with z_i = 1 - 2 * (bit i of k). */
export function directEnergy(H: IsingHamiltonian, k: number): number {
  const z = (i: number): number => 1 - 2 * ((k >> i) & 1);
  let e = H.offset;
  for (let i = 0; i < H.numQubits; i++) {
    e += H.h[i]! * z(i);
    for (let j = i + 1; j < H.numQubits; j++) e += H.J[i]![j]! * z(i) * z(j);
  }
  return e;
}

/** A random Hamiltonian with coefficients in [-1, 1]; the lower triangle of J holds junk that must be ignored. */
export function randomHamiltonian(n: number, seed: number): IsingHamiltonian {
  const rng = createRng(seed);
  const u = (): number => 2 * rng.next() - 1;
  return {
    numQubits: n,
    h: Array.from({ length: n }, u),
    J: Array.from({ length: n }, () => Array.from({ length: n }, u)),
    offset: u(),
  };
}
