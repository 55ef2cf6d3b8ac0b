/**
 * Exact simulation of the XY-mixer QAOA circuit (qaoa.ts with `{ kind: 'xy' }`) inside its
 * Hamming-weight subspace, with gradients by adjoint differentiation.
 *
 * The circuit (Hadfield et al., Algorithms 12, 34 (2019)) alternates the cost layer exp(-i γ_l H_C)
 * (the rz / rzz gates) and the ring XY mixer: rxx(β_l) ryy(β_l) on each pair of `xyMixerPairs`,
 * which is exp(-i β_l (XX + YY) / 2): on the pair (a, b) = (qubit i = 1, j = 0), (i = 0, j = 1) it is
 * [[cos β, -i sin β], [-i sin β, cos β]], and it leaves |00> and |11> alone. Both keep the Hamming
 * weight, so from a weight-k state (a basis state or the Dicke state |D^n_k>, Bärtschi & Eidenbenz
 * 2019) the state lives on the C(n, k) states of weight k. The cost layer is the phase
 * exp(-i γ (E_k - offset)) on position k; the offset is a global phase.
 *
 * Parameters in the circuit's order: [β_0 .. β_{p-1}, γ_0 .. γ_{p-1}] (Qiskit's QAOAAnsatz order).
 *
 * Gradients (Jones & Gacon, arXiv:2009.02823): for the diagonal observable W, walking the layers
 * backwards with |λ> = W|ψ>: d/dγ_l adds 2 Re <λ| -i E |ψ> at the cost layer, d/dβ_l adds
 * 2 Re <λ| -i σx |ψ> on the pairs of each mixer gate (σx commutes with the gate, so both use the
 * state after it); each gate is then un-applied from |ψ> and |λ>.
 */
import { InvalidArgumentError } from './errors';
import { xyMixerPairs } from './qaoa';
import type { WeightSubspace } from './weight-subspace';

export class QaoaSubspaceSimulator {
  readonly reps: number;
  readonly subspace: WeightSubspace;
  /** Real and imaginary parts of the state after the last `run`, length C(n, k). */
  readonly re: Float64Array;
  readonly im: Float64Array;
  private readonly cost: Float64Array;
  private readonly pairs: Int32Array[];
  private readonly initial: Float64Array;
  private readonly wre: Float64Array;
  private readonly wim: Float64Array;
  private readonly lre: Float64Array;
  private readonly lim: Float64Array;

  /**
   * @param cost energy of the cost Hamiltonian at each position (the circuit's H_C; any offset)
   * @param initial `dicke`, or the basis index (Qiskit order) of a weight-k start state
   * @throws InvalidArgumentError on a length mismatch, reps < 1 or a start state of the wrong weight
   */
  constructor(subspace: WeightSubspace, cost: Float64Array, reps: number, initial: 'dicke' | number) {
    if (cost.length !== subspace.dimension) {
      throw new InvalidArgumentError(`cost.length: ${cost.length} must equal the subspace dimension ${subspace.dimension}`, { path: 'cost' });
    }
    if (!Number.isInteger(reps) || reps < 1) throw new InvalidArgumentError(`reps: ${reps} is out of range; must be an integer >= 1`, { path: 'reps' });
    this.subspace = subspace;
    this.reps = reps;
    this.cost = cost;
    this.pairs = xyMixerPairs(subspace.numQubits).map(([i, j]) => subspace.pairs(i, j).pairs);
    const m = subspace.dimension;
    this.initial = new Float64Array(m);
    if (initial === 'dicke') this.initial.fill(1 / Math.sqrt(m));
    else {
      let w = 0;
      for (let q = 0; q < subspace.numQubits; q++) w += Math.floor(initial / 2 ** q) % 2;
      if (w !== subspace.weight) throw new InvalidArgumentError(`initial: basis index ${initial} does not have weight ${subspace.weight}`, { path: 'initial' });
      this.initial[subspace.rank(initial)] = 1;
    }
    this.re = new Float64Array(m);
    this.im = new Float64Array(m);
    this.wre = new Float64Array(m);
    this.wim = new Float64Array(m);
    this.lre = new Float64Array(m);
    this.lim = new Float64Array(m);
  }

  private check(params: ArrayLike<number>): void {
    if (params.length !== 2 * this.reps) throw new InvalidArgumentError(`parameters: has ${params.length} values; QAOA with p = ${this.reps} has ${2 * this.reps}`, { path: 'parameters' });
  }

  /** Run with `params` ([β..., γ...], radians); the state is `re`, `im`. Writes |ψ_k|^2 into `probabilities` if given. */
  run(params: ArrayLike<number>, probabilities?: Float64Array): void {
    this.check(params);
    const re = this.re;
    const im = this.im;
    re.set(this.initial);
    im.fill(0);
    const cost = this.cost;
    for (let l = 0; l < this.reps; l++) {
      const gamma = params[this.reps + l] as number;
      for (let k = 0; k < re.length; k++) {
        const phi = gamma * cost[k]!;
        const c = Math.cos(phi);
        const s = Math.sin(phi);
        const r = re[k]!;
        const i = im[k]!;
        re[k] = c * r + s * i;
        im[k] = c * i - s * r;
      }
      const beta = params[l] as number;
      const c = Math.cos(beta);
      const s = Math.sin(beta);
      for (const P of this.pairs) {
        for (let m = 0; m < P.length; m += 2) {
          const a = P[m]!;
          const b = P[m + 1]!;
          const ra = re[a]!;
          const ia = im[a]!;
          const rb = re[b]!;
          const ib = im[b]!;
          re[a] = c * ra + s * ib;
          im[a] = c * ia - s * rb;
          re[b] = c * rb + s * ia;
          im[b] = c * ib - s * ra;
        }
      }
    }
    if (probabilities) for (let k = 0; k < re.length; k++) probabilities[k] = re[k]! * re[k]! + im[k]! * im[k]!;
  }

  /**
   * The gradient of <ψ|W|ψ> at the parameters of the last `run` for the diagonal `weights`, into
   * `gradient` (length 2p, circuit order). The state is left as it was. Returns <ψ|W|ψ>.
   */
  gradient(weights: Float64Array, gradient: Float64Array, params: ArrayLike<number>): number {
    this.check(params);
    if (weights.length !== this.subspace.dimension || gradient.length !== 2 * this.reps) {
      throw new InvalidArgumentError(`weights / gradient: lengths ${weights.length} / ${gradient.length} must be ${this.subspace.dimension} / ${2 * this.reps}`, { path: 'weights' });
    }
    const re = this.wre;
    const im = this.wim;
    const lre = this.lre;
    const lim = this.lim;
    re.set(this.re);
    im.set(this.im);
    let value = 0;
    for (let k = 0; k < re.length; k++) {
      const w = weights[k]!;
      lre[k] = w * re[k]!;
      lim[k] = w * im[k]!;
      value += w * (re[k]! * re[k]! + im[k]! * im[k]!);
    }
    gradient.fill(0);
    const cost = this.cost;
    for (let l = this.reps - 1; l >= 0; l--) {
      const beta = params[l] as number;
      const c = Math.cos(beta);
      const s = Math.sin(beta);
      let accBeta = 0;
      for (let g = this.pairs.length - 1; g >= 0; g--) {
        const P = this.pairs[g]!;
        for (let m = 0; m < P.length; m += 2) {
          const a = P[m]!;
          const b = P[m + 1]!;
          const ra = re[a]!;
          const ia = im[a]!;
          const rb = re[b]!;
          const ib = im[b]!;
          const lra = lre[a]!;
          const lia = lim[a]!;
          const lrb = lre[b]!;
          const lib = lim[b]!;
          accBeta += lra * ib - lia * rb + lrb * ia - lib * ra;
          re[a] = c * ra - s * ib;
          im[a] = c * ia + s * rb;
          re[b] = c * rb - s * ia;
          im[b] = c * ib + s * ra;
          lre[a] = c * lra - s * lib;
          lim[a] = c * lia + s * lrb;
          lre[b] = c * lrb - s * lia;
          lim[b] = c * lib + s * lra;
        }
      }
      gradient[l] = 2 * accBeta;
      const gamma = params[this.reps + l] as number;
      let accGamma = 0;
      for (let k = 0; k < re.length; k++) {
        const e = cost[k]!;
        const r = re[k]!;
        const i = im[k]!;
        const lr = lre[k]!;
        const li = lim[k]!;
        accGamma += e * (lr * i - li * r);
        const phi = gamma * e;
        const co = Math.cos(phi);
        const si = Math.sin(phi);
        re[k] = co * r - si * i;
        im[k] = co * i + si * r;
        lre[k] = co * lr - si * li;
        lim[k] = co * li + si * lr;
      }
      gradient[this.reps + l] = 2 * accGamma;
    }
    return value;
  }
}
