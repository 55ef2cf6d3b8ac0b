/**
 * Execute a parsed OpenQASM 3 program on our state-vector simulator, as the fake providers do:
 * seeded shots, optional symmetric readout error, and each shot as the integer of its classical
 * bits (clbit k = bit k).
 */
import { createRng, type Rng } from '../../lib/quantum/random';
import { allocateState, applyCircuit, probabilities } from '../../lib/quantum/statevector';
import { sampleCounts } from '../../lib/quantum/sampling';
import type { ParsedProgram } from './qasm3-reader';

export interface ShotOptions {
  readonly shots: number;
  readonly rng: Rng;
  /** Probability that each measured bit is read flipped. @default 0 */
  readonly readoutError?: number;
}

/** Per-shot classical registers (integers, clbit k = bit k). */
export function executeShots(program: ParsedProgram, inputs: Readonly<Record<string, number>>, options: ShotOptions): number[] {
  const circuit = program.bind(inputs);
  const state = allocateState(Math.max(1, circuit.numQubits));
  applyCircuit(state, circuit, []);
  const counts = sampleCounts(probabilities(state), options.shots, options.rng);
  const shots: number[] = [];
  for (const [basis, count] of counts) {
    for (let s = 0; s < count; s++) {
      let register = 0;
      for (const [wire, clbit] of program.measures) {
        let bit = (basis >> wire) & 1;
        if (options.readoutError && options.rng.next() < options.readoutError) bit ^= 1;
        register |= bit << clbit;
      }
      shots.push(register);
    }
  }
  // shuffle so shot order carries no information
  for (let i = shots.length - 1; i > 0; i--) { const j = Math.floor(options.rng.next() * (i + 1)); [shots[i], shots[j]] = [shots[j]!, shots[i]!]; }
  return shots;
}

export { createRng };
