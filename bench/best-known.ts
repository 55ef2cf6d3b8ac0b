/**
 * Best-known minima of the shared QUBO instances (../shared/qubo, objective with off-diagonal
 * entries counted twice), as published with the BiqMac library (https://biqmac.aau.at/biqmaclib.html):
 * Beasley's OR-Library bqp50.1 = 2098, bqp50.2 = 3702, bqp100.1 = 7970 (Beasley 1998) and
 * Glover-Kochenberger-Alidaee gka1b = 133, gka2b = 121, gka7a = 4541 (maximisation values; the
 * BiqMac files store the negated matrix, so the minima are their negatives).
 */
export const BEST_KNOWN: Readonly<Record<string, number>> = {
  'bqp50-1': -2098,
  'bqp50-2': -3702,
  'bqp100-1': -7970,
  gka1b: -133,
  gka2b: -121,
  gka7a: -4541,
};
