/**
 * The QAOA circuits of a portfolio problem and their cost Hamiltonians: the cost layer uses the
 * Hamiltonian scaled so its largest coefficient is 1 (the angle scale then does not depend on the
 * data's units); the XY mixer's cost is the objective alone, the X mixer's the penalized QUBO with
 * the budget penalty of `penaltyOf`.
 */
import { qaoaCircuit } from '../quantum';
import type { IsingHamiltonian } from '../quantum/observable';
import type { Circuit } from '../quantum/circuit';
import { bitstringFromSelection, defaultPenalty, objectiveQubo, toIsing } from '../portfolio';
import type { PortfolioProblem } from '../portfolio/types';
import { prepareProblem } from './variational';

/** The mixer, initial state, layers and penalty of a QAOA run (see qaoa.ts `resolveQaoa`). */
export interface QaoaShape {
  readonly mixer: 'x' | 'xy';
  readonly initialState: 'basis' | 'dicke' | 'plus';
  readonly reps: number;
  /** X mixer: `objective` (objective-scaled), `qiskit` (1 + sum |c|) or a number. */
  readonly penalty: 'objective' | 'qiskit' | number;
}

/** The largest absolute linear or quadratic coefficient of a Hamiltonian (1 when all are zero). */
export function hamiltonianScale(h: IsingHamiltonian): number {
  let scale = 0;
  for (let i = 0; i < h.numQubits; i++) {
    scale = Math.max(scale, Math.abs(h.h[i]!));
    for (let j = i + 1; j < h.numQubits; j++) scale = Math.max(scale, Math.abs(h.J[i]![j]!));
  }
  return scale === 0 ? 1 : scale;
}

/** The Hamiltonian divided by its largest absolute linear or quadratic coefficient. */
export function normalizeHamiltonian(h: IsingHamiltonian): IsingHamiltonian {
  const scale = hamiltonianScale(h);
  return {
    numQubits: h.numQubits,
    h: h.h.map((v) => v / scale),
    J: h.J.map((row) => row.map((v) => v / scale)),
    offset: h.offset / scale,
  };
}

/**
 * The objective-scaled budget penalty: 1.001 times the sum of the absolute objective coefficients
 * (lib/portfolio `defaultPenalty` minus its 1). The objective's spread over all selections is at most
 * that sum, so an infeasible selection (penalized by at least P) still lies above every feasible one,
 * with a margin of 0.1 % of the sum instead of 1.
 */
export function objectiveScaledPenalty(problem: PortfolioProblem): number {
  return 1.001 * (defaultPenalty(problem) - 1);
}

/** The penalty weight of the X-mixer cost for a penalty choice (undefined: toQubo's default). */
export function penaltyOf(problem: PortfolioProblem, penalty: QaoaShape['penalty']): number | undefined {
  if (typeof penalty === 'number') return penalty;
  return penalty === 'objective' ? objectiveScaledPenalty(problem) : undefined;
}

/** A feasible basis state with the B ones spread evenly around the ring (Qiskit order). */
export function spreadState(problem: PortfolioProblem): string {
  const n = problem.tickers.length;
  const x = new Array<number>(n).fill(0);
  for (let k = 0; k < problem.budget; k++) x[Math.floor((k * n) / problem.budget)] = 1;
  return bitstringFromSelection(x);
}

/**
 * The QAOA circuit for a problem: the XY mixer's cost layer of the normalized objective from the
 * Dicke state or a basis state, or the X mixer's of the normalized penalized Hamiltonian.
 */
export function buildQaoaCircuit(
  problem: PortfolioProblem,
  o: QaoaShape & { readonly warmStartBitstring?: string },
): Circuit {
  if (o.mixer === 'xy') {
    const initialState = o.initialState === 'dicke' ? { dicke: problem.budget } : (o.warmStartBitstring ?? spreadState(problem));
    return qaoaCircuit(normalizeHamiltonian(toIsing(objectiveQubo(problem))), o.reps, { kind: 'xy', initialState });
  }
  return qaoaCircuit(normalizeHamiltonian(prepareProblem(problem, penaltyOf(problem, o.penalty)).hamiltonian), o.reps);
}

