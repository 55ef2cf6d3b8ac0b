/**
 * A diagonal Ising Hamiltonian over `numQubits` spins:
 *
 *   H(z) = offset + sum_i h[i] z_i + sum_{i<j} J[i][j] z_i z_j,   z_i in {+1, -1}
 *
 * Basis state k has z_i = +1 when bit i of k is 0 and -1 when it is 1 (so x_i = (1 - z_i) / 2 is bit i).
 * `J` is an n x n array of which only the strict upper triangle (i < j) is read.
 */
export interface IsingHamiltonian {
  readonly numQubits: number;
  readonly h: readonly number[];
  readonly J: readonly (readonly number[])[];
  readonly offset: number;
}
