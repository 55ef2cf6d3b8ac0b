/**
 * The local backend: the state-vector simulator on worker threads (SharedArrayBuffer state, piscina
 * pool) and its Sampler, for states large enough that threads pay off.
 */
export * from './barrier';
export * from './pool';
export * from './parallel-statevector';
export * from './run-channel';
export type { ShareTask } from './share-runner';
export * from './parallel-annealer';
export type { AnnealTask } from './anneal-worker';
export * from './sampler';
