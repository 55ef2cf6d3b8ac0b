/**
 * One-qubit unitaries as ZYZ Euler angles and their synthesis into IBM's `rz`, `sx`, `x` basis.
 *
 * U = e^{iα} RZ(φ) RY(θ) RZ(λ) = e^{iα'} U3(θ, φ, λ), and (Qiskit's ZSX decomposition, up to a
 * global phase) U3(θ, φ, λ) = RZ(φ + π) SX RZ(θ + π) SX RZ(λ): the circuit `rz(λ) sx rz(θ+π) sx rz(φ+π)`.
 * Matrices are 2x2 complex, interleaved row-major Float64Array(8) as in gates.ts.
 */

/** 2x2 product a·b (interleaved complex), freshly allocated. */
export function mul2(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(8);
  for (let r = 0; r < 2; r++) {
    for (let c = 0; c < 2; c++) {
      let re = 0;
      let im = 0;
      for (let k = 0; k < 2; k++) {
        const ar = a[2 * (2 * r + k)]!, ai = a[2 * (2 * r + k) + 1]!;
        const br = b[2 * (2 * k + c)]!, bi = b[2 * (2 * k + c) + 1]!;
        re += ar * br - ai * bi;
        im += ar * bi + ai * br;
      }
      out[2 * (2 * r + c)] = re;
      out[2 * (2 * r + c) + 1] = im;
    }
  }
  return out;
}

export interface ZyzAngles {
  readonly theta: number;
  readonly phi: number;
  readonly lambda: number;
}

/** ZYZ angles (θ in [0, π]) of a 2x2 unitary, ignoring the global phase. */
export function zyz(u: Float64Array): ZyzAngles {
  // V = U / sqrt(det U) is in SU(2): V = [[e^{-i(φ+λ)/2} c, -e^{-i(φ-λ)/2} s], [e^{i(φ-λ)/2} s, e^{i(φ+λ)/2} c]]
  const [ar, ai, br, bi, cr, ci, dr, di] = u as unknown as number[];
  const detRe = ar! * dr! - ai! * di! - (br! * cr! - bi! * ci!);
  const detIm = ar! * di! + ai! * dr! - (br! * ci! + bi! * cr!);
  const half = -Math.atan2(detIm, detRe) / 2;
  const rot = (re: number, im: number): [number, number] => [re * Math.cos(half) - im * Math.sin(half), re * Math.sin(half) + im * Math.cos(half)];
  const [v10r, v10i] = rot(cr!, ci!);
  const [v11r, v11i] = rot(dr!, di!);
  const theta = 2 * Math.atan2(Math.hypot(v10r, v10i), Math.hypot(v11r, v11i));
  const sum = Math.hypot(v11r, v11i) > 1e-12 ? 2 * Math.atan2(v11i, v11r) : 0;
  const diff = Math.hypot(v10r, v10i) > 1e-12 ? 2 * Math.atan2(v10i, v10r) : 0;
  return { theta, phi: (sum + diff) / 2, lambda: (sum - diff) / 2 };
}

/** A basis gate of the synthesis: `rz(angle)`, `sx` or `x`. */
export type ZsxGate = { readonly name: 'rz'; readonly angle: number } | { readonly name: 'sx' | 'x' };

const EPS = 1e-10;

/** Reduce an angle to (-π, π]. */
export function wrapAngle(a: number): number {
  let r = a % (2 * Math.PI);
  if (r <= -Math.PI) r += 2 * Math.PI;
  if (r > Math.PI) r -= 2 * Math.PI;
  return r;
}

/**
 * The shortest `rz`/`sx`/`x` circuit (in application order) equal to `u` up to a global phase:
 * one `rz` when diagonal, `rz x` when anti-diagonal, `rz sx rz` for θ = π/2, else `rz sx rz sx rz`;
 * `rz(0)` is omitted.
 */
export function synthesizeZsx(u: Float64Array): ZsxGate[] {
  const { theta, phi, lambda } = zyz(u);
  const out: ZsxGate[] = [];
  const rz = (a: number) => {
    const w = wrapAngle(a);
    if (Math.abs(w) > EPS) out.push({ name: 'rz', angle: w });
  };
  if (Math.abs(theta) < EPS) {
    rz(phi + lambda);
  } else if (Math.abs(theta - Math.PI / 2) < EPS) {
    rz(lambda - Math.PI / 2);
    out.push({ name: 'sx' });
    rz(phi + Math.PI / 2);
  } else if (Math.abs(theta - Math.PI) < EPS) {
    // RZ(φ) RY(π) RZ(λ) ∝ RZ(φ) X RZ(λ + π) = X RZ(λ - φ + π)
    rz(lambda - phi + Math.PI);
    out.push({ name: 'x' });
  } else {
    rz(lambda);
    out.push({ name: 'sx' });
    rz(theta + Math.PI);
    out.push({ name: 'sx' });
    rz(phi + Math.PI);
  }
  return out;
}
