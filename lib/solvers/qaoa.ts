/**
 * QAOA (Farhi, Goldstone & Gutmann, arXiv:1411.4028) on the portfolio Ising Hamiltonian, with the
 * CVaR objective as an option (Barkoutsos et al. 2020). The cost layer uses the Hamiltonian scaled so
 * its largest coefficient is 1 (the optimizer's angle scale then does not depend on the data's units);
 * energies of the objective stay in objective units.
 */
import { qaoaCircuit } from '../quantum';
import type { IsingHamiltonian } from '../quantum/observable';
import type { Solver } from './types';
import { prepareProblem, runVariational, type VariationalSettings } from './variational';

export interface QaoaOptions extends VariationalSettings {
  /** Number of QAOA layers p. */
  readonly reps: number;
}

export const QAOA_DEFAULTS: QaoaOptions = {
  reps: 2,
  optimizer: 'cobyla',
  maxIterations: 300,
  cvarAlpha: 0.25,
  seed: 0,
};

/** The Hamiltonian divided by its largest absolute linear or quadratic coefficient. */
export function normalizeHamiltonian(h: IsingHamiltonian): IsingHamiltonian {
  let scale = 0;
  for (let i = 0; i < h.numQubits; i++) {
    scale = Math.max(scale, Math.abs(h.h[i]!));
    for (let j = i + 1; j < h.numQubits; j++) scale = Math.max(scale, Math.abs(h.J[i]![j]!));
  }
  if (scale === 0) return h;
  return {
    numQubits: h.numQubits,
    h: h.h.map((v) => v / scale),
    J: h.J.map((row) => row.map((v) => v / scale)),
    offset: h.offset / scale,
  };
}

export const qaoaSolver: Solver<QaoaOptions> = {
  name: 'qaoa',
  async solve(problem, options, context, hints) {
    const o: QaoaOptions = { ...QAOA_DEFAULTS, ...options };
    const prepared = prepareProblem(problem);
    const circuit = qaoaCircuit(normalizeHamiltonian(prepared.hamiltonian), o.reps);
    return runVariational(
      prepared,
      {
        algorithm: 'qaoa',
        ansatzName: 'qaoa',
        reps: o.reps,
        circuit,
        // Small seeded angles around a gentle linear ramp.
        initialPoint: (rand) => circuit.parameters.map(() => 0.1 + 0.4 * rand()),
      },
      o,
      context,
      hints,
    );
  },
};
