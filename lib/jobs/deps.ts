/**
 * What running a job needs from its runner (the CLI's local runtime, tests): data, result store,
 * clock, ids, seeds, limits and provider settings. Read once at the edge; the job code reads no
 * environment.
 */
import type { BackendEnvironment } from '../backends';
import type { SolveProgress } from '../solvers/types';
import type { DatasetReader } from './prepare';
import type { ResultRecord } from './result';
import type { ResultStore } from './store';

export interface JobDeps {
  readonly readDataset: DatasetReader;
  readonly store: ResultStore;
  /** Milliseconds since the epoch. */
  readonly now: () => number;
  readonly newJobId: () => string;
  /** A fresh seed when the spec gives none (recorded in the result so the run can be repeated). */
  readonly randomSeed: () => number;
  readonly software: ResultRecord['software'];
  /** Largest state vector the simulator may allocate, bytes. */
  readonly maxStateBytes?: number;
  /** Provider settings for IBM Quantum / Amazon Braket backends (read at the edge). */
  readonly backends?: BackendEnvironment;
  readonly onProgress?: (phase: 'quantum' | 'fallback', progress: SolveProgress) => void;
}
