/**
 * `reps: auto` (the runbook's `ansatz_reps: auto`, "adaptive based on problem size"): ansatz
 * repetitions, or QAOA layers p, chosen from the number of qubits n as ceil(log2 n), between 1 and 6.
 * A RealAmplitudes circuit then has n * (reps + 1) parameters: 4 assets -> reps 2 (12 parameters),
 * 8 -> 3 (32), 16 -> 4 (80), 20 -> 5 (120). Deeper circuits on more qubits give the optimizer room
 * to entangle every pair; the cap keeps the parameter count, and so the evaluations COBYLA needs,
 * within the default budget.
 */
export const AUTO_REPS_MAX = 6;

/** Repetitions for `reps: auto` on `numQubits` qubits (an integer >= 1). */
export function autoReps(numQubits: number): number {
  return Math.min(AUTO_REPS_MAX, Math.max(1, Math.ceil(Math.log2(Math.max(1, numQubits)))));
}
