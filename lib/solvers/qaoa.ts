/**
 * QAOA (Farhi, Goldstone & Gutmann, arXiv:1411.4028) on the portfolio Ising Hamiltonian, with the
 * CVaR objective as an option (Barkoutsos et al. 2020). The cost layer uses the Hamiltonian scaled so
 * its largest coefficient is 1 (the optimizer's angle scale then does not depend on the data's units);
 * energies of the objective stay in objective units.
 */
import { qaoaCircuit } from '../quantum';
import type { IsingHamiltonian } from '../quantum/observable';
import type { Circuit } from '../quantum/circuit';
import { bitstringFromSelection, objectiveQubo, toIsing } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import type { Solver } from './types';
import { prepareProblem, runVariational, type VariationalSettings } from './variational';

export interface QaoaOptions extends VariationalSettings {
  /** Number of QAOA layers p. */
  readonly reps: number;
  /**
   * `x`: transverse-field mixer from |+>^n on the penalized QUBO (Farhi et al.). `xy`: the ring XY
   * mixer that keeps sum(x) = B (Hadfield et al. 2019), from a feasible basis state with the B ones
   * spread evenly around the ring; its cost layer uses the objective alone (the penalty is constant on
   * the feasible subspace).
   */
  readonly mixer: 'x' | 'xy';
}

export const QAOA_DEFAULTS: QaoaOptions = {
  reps: 2,
  mixer: 'x',
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

/** A feasible basis state with the B ones spread evenly around the ring (Qiskit order). */
function spreadState(problem: PortfolioProblem): string {
  const n = problem.tickers.length;
  const x = new Array<number>(n).fill(0);
  for (let k = 0; k < problem.budget; k++) x[Math.floor((k * n) / problem.budget)] = 1;
  return bitstringFromSelection(x);
}

/**
 * The QAOA circuit the solver runs for a problem: the cost layer of the normalized penalized
 * Hamiltonian with the X mixer, or of the objective alone with the XY mixer.
 */
export function buildQaoaCircuit(
  problem: PortfolioProblem,
  o: Pick<QaoaOptions, 'reps' | 'mixer'>,
  hamiltonian: IsingHamiltonian = prepareProblem(problem).hamiltonian,
): Circuit {
  return o.mixer === 'xy'
    ? qaoaCircuit(normalizeHamiltonian(toIsing(objectiveQubo(problem))), o.reps, { kind: 'xy', initialState: spreadState(problem) })
    : qaoaCircuit(normalizeHamiltonian(hamiltonian), o.reps);
}

export const qaoaSolver: Solver<QaoaOptions> = {
  name: 'qaoa',
  async solve(problem, options, context, hints) {
    const o: QaoaOptions = { ...QAOA_DEFAULTS, ...options };
    const prepared = prepareProblem(problem);
    const circuit = buildQaoaCircuit(problem, o, prepared.hamiltonian);
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
