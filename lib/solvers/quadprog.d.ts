/** Types of the npm package `quadprog` (no types of its own): arrays are 1-based, as in R. */
declare module 'quadprog' {
  export interface QpResult {
    readonly solution: number[];
    readonly Lagrangian: number[];
    readonly value: number[];
    readonly unconstrained_solution: number[];
    readonly iterations: number[];
    readonly iact: number[];
    /** Empty on success; otherwise why it failed (e.g. constraints are inconsistent). */
    readonly message: string;
  }
  export function solveQP(Dmat: number[][], dvec: number[], Amat: number[][], bvec: number[], meq?: number, factorized?: number[]): QpResult;
}
