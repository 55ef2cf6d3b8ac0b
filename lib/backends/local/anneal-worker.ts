/** Piscina task: a block of annealing reads (lib/solvers annealIsing, flip or swap moves) in a worker thread. */
import { annealIsing, type IsingAnnealOptions, type IsingAnnealResult, type IsingModel } from '../../solvers';

export interface AnnealTask {
  readonly model: IsingModel;
  readonly options: IsingAnnealOptions;
}

export default function runAnnealTask(task: AnnealTask): IsingAnnealResult {
  return annealIsing(task.model, task.options);
}
