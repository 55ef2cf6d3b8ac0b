/** Numerical derivatives for testing analytic gradients. */

/** d f / d x_i by central differences at h and h/2, Richardson-extrapolated: error O(h^4). */
export function richardson(f: (x: number[]) => number, x: readonly number[], i: number, h = 1e-3): number {
  const central = (step: number): number => {
    const plus = [...x];
    const minus = [...x];
    plus[i]! += step;
    minus[i]! -= step;
    return (f(plus) - f(minus)) / (2 * step);
  };
  return (4 * central(h / 2) - central(h)) / 3;
}
