/** lib/portfolio: prices -> returns -> problem -> QUBO / Ising -> evaluation. Pure: no file or network I/O. */

export * from './types';
export * from './errors';
export { isIsoDate } from './dates';
export * from './prices';
export * from './returns';
export * from './problem';
export * from './qubo';
export * from './evaluate';
export * from './encoding';
export * from './model';
export * from './model-qubo';
export * from './model-decode';
export * from './model-exact';
export * from './performance';
export * from './allocation';
