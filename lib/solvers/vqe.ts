/**
 * VQE / CVaR-VQE on the portfolio Ising Hamiltonian with a hardware-efficient ansatz from Qiskit's
 * circuit library (RealAmplitudes, EfficientSU2, TwoLocal), as in qiskit-finance's portfolio
 * optimization tutorial (SamplingVQE + COBYLA) with the CVaR objective of Barkoutsos et al. (2020).
 */
import type { GateName } from '../quantum/circuit';
import { efficientSU2, realAmplitudes, twoLocal } from '../quantum';
import type { Entanglement } from '../quantum/ansatz';
import type { Circuit } from '../quantum/circuit';
import { InvalidSolverOptionError } from './errors';
import type { Solver } from './types';
import { prepareProblem, runVariational, type VariationalSettings } from './variational';

export type AnsatzName = 'realamplitudes' | 'efficientsu2' | 'twolocal';

export interface VqeOptions extends VariationalSettings {
  readonly ansatz: AnsatzName;
  readonly reps: number;
  readonly entanglement: Entanglement;
  /** TwoLocal only: rotation and entanglement blocks (default ['ry'] and ['cz']). */
  readonly rotationBlocks?: readonly GateName[];
  readonly entanglementBlocks?: readonly GateName[];
}

export const VQE_DEFAULTS: VqeOptions = {
  ansatz: 'realamplitudes',
  reps: 2,
  entanglement: 'reverse_linear',
  optimizer: 'cobyla',
  maxIterations: 300,
  cvarAlpha: 0.25,
  seed: 0,
};

/** Build the ansatz circuit named in the options for n qubits. */
export function buildAnsatz(numQubits: number, o: Pick<VqeOptions, 'ansatz' | 'reps' | 'entanglement' | 'rotationBlocks' | 'entanglementBlocks'>): Circuit {
  switch (o.ansatz) {
    case 'realamplitudes':
      return realAmplitudes({ numQubits, reps: o.reps, entanglement: o.entanglement });
    case 'efficientsu2':
      return efficientSU2({ numQubits, reps: o.reps, entanglement: o.entanglement });
    case 'twolocal':
      return twoLocal({
        numQubits,
        reps: o.reps,
        entanglement: o.entanglement,
        rotationBlocks: [...(o.rotationBlocks ?? ['ry'])],
        entanglementBlocks: [...(o.entanglementBlocks ?? ['cz'])],
      });
    default:
      throw new InvalidSolverOptionError('quantum.ansatz', `quantum.ansatz: '${String(o.ansatz)}' is unknown; use realamplitudes, efficientsu2 or twolocal`);
  }
}

export const vqeSolver: Solver<VqeOptions> = {
  name: 'vqe',
  async solve(problem, options, context, hints) {
    const o: VqeOptions = { ...VQE_DEFAULTS, ...options };
    const circuit = buildAnsatz(problem.tickers.length, o);
    const prepared = prepareProblem(problem);
    return runVariational(
      prepared,
      {
        algorithm: 'vqe',
        ansatzName: o.ansatz,
        reps: o.reps,
        circuit,
        // Seeded uniform initial angles in [-pi, pi).
        initialPoint: (rand) => circuit.parameters.map(() => (2 * rand() - 1) * Math.PI),
      },
      o,
      context,
      hints,
    );
  },
};
