/**
 * Angle slots of the engine's programs: angle = index < 0 ? offset : scale * values[index] + offset
 * (the binding of compiled.ts's AngleSlots), read from a Float64Array the program owns. The caller's
 * parameter vector (an Array or any typed array) is copied into it once per bind with
 * TypedArray.set, so the loads here only ever see one array type: they stay monomorphic, and the
 * optimizing compiler keeps every angle an unboxed double (no allocation while binding).
 */
import type { GateOp } from '../circuit';
import { AngleSlots } from '../compiled';
import { InvalidArgumentError } from '../errors';

export class AngleTable {
  /** The parameter values of the current bind (length numParameters). */
  readonly values: Float64Array;
  private readonly index: Int32Array;
  private readonly scale: Float64Array;
  private readonly offset: Float64Array;

  constructor(ops: readonly GateOp[], numParameters: number) {
    this.values = new Float64Array(numParameters);
    const slots = new AngleSlots(ops);
    this.index = slots.index;
    this.scale = slots.scale;
    this.offset = slots.offset;
  }

  /**
   * Copy `params` (radians, length >= numParameters) into `values`.
   * @throws InvalidArgumentError when params is too short
   */
  load(params: ArrayLike<number>): void {
    const n = this.values.length;
    if (params.length < n) {
      throw new InvalidArgumentError(`params.length: ${params.length} is too short; the circuit has ${n} parameters`, { path: 'params' });
    }
    if (n === 0) return;
    // exactly n values: a typed array or Array copies natively; a longer vector is cut first
    this.values.set(params.length === n ? (params as ArrayLike<number> & Iterable<number>) : Array.prototype.slice.call(params, 0, n));
  }

  /** Write the 3 angles of gate g into out[at..at+2]. */
  write(g: number, out: Float64Array, at: number): void {
    const values = this.values;
    for (let j = 0; j < 3; j++) {
      const s = 3 * g + j;
      const index = this.index[s]!;
      const base = this.offset[s]!;
      out[at + j] = index < 0 ? base : this.scale[s]! * values[index]! + base;
    }
  }
}
