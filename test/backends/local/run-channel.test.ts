/**
 * The command channel of the parallel state vector's sessions (run-channel.ts), on one thread: the
 * main thread's posts and the workers' reads, the idle close that lets the process exit, and that a
 * post and an idle close never both succeed; and the rule that switches the main thread's share.
 * Atomics.wait is allowed on Node's main thread, so the worker's side runs here with short waits.
 */
import { CLOSED, MAIN_SHARE_MAX_MS, RunChannel, firstFailure, BarrierAbortedError, nextMainShare } from '../../../lib/backends/local';

describe('RunChannel', () => {
  test('a worker reads the posted runs in order, with their parameter values and flags', () => {
    const main = new RunChannel(3, 1);
    const worker = new RunChannel(3, 1, main.buffer);
    main.params.set([0.1, 0.2, 0.3]);
    expect(main.post(1, true)).toBe(true);
    expect(worker.next(0, 10, 10)).toEqual({ sequence: 1, withProbabilities: true });
    expect(Array.from(worker.params)).toEqual([0.1, 0.2, 0.3]);
    main.params[0] = -1;
    expect(main.post(2, false)).toBe(true);
    expect(worker.next(1, 10, 10)).toEqual({ sequence: 2, withProbabilities: false });
    expect(worker.params[0]).toBe(-1);
  });

  test('a post out of sequence is refused', () => {
    const main = new RunChannel(0, 1);
    expect(main.post(2, false)).toBe(false);
    expect(main.post(1, false)).toBe(true);
    expect(main.post(1, false)).toBe(false);
  });

  test('finished resolves when the last worker reports, not before', async () => {
    const main = new RunChannel(0, 2);
    const worker = new RunChannel(0, 2, main.buffer);
    expect(main.post(1, false)).toBe(true);
    let done = false;
    const finished = main.finished(1).then(() => (done = true));
    worker.finish(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(done).toBe(false);
    worker.finish(1);
    await finished;
    expect(done).toBe(true);
  });

  test('a worker that waits idleMs closes the session: it returns undefined and later posts fail', () => {
    const main = new RunChannel(0, 1);
    const worker = new RunChannel(0, 1, main.buffer);
    const t0 = performance.now();
    expect(worker.next(0, 30, 100)).toBeUndefined();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    expect(main.post(1, false)).toBe(false);
    expect(new Int32Array(main.buffer, 0, 1)[0]).toBe(CLOSED);
  });

  test('a run posted before the idle time ends is taken, not closed over', () => {
    const main = new RunChannel(0, 1);
    const worker = new RunChannel(0, 1, main.buffer);
    expect(main.post(1, false)).toBe(true);
    expect(worker.next(0, 1, 0)).toEqual({ sequence: 1, withProbabilities: false });
    expect(worker.next(1, 1, 0)).toBeUndefined(); // then nothing comes: closed
    expect(main.post(2, false)).toBe(false);
  });

  test('close ends the session: workers return undefined and a waiting finished resolves', async () => {
    const main = new RunChannel(0, 2);
    const worker = new RunChannel(0, 2, main.buffer);
    expect(main.post(1, false)).toBe(true);
    const finished = main.finished(1);
    main.close();
    await finished;
    expect(worker.next(1, 1000, 10)).toBeUndefined();
  });
});

describe('firstFailure', () => {
  const never = <T>(): Promise<T> => new Promise<T>(() => undefined);
  const settledWithin = (p: Promise<unknown>, ms: number) => Promise.race([p.then(() => 'resolved', () => 'rejected'), new Promise((r) => setTimeout(() => r('pending'), ms))]);

  test("a worker's own error wins over the BarrierAbortedError of the others, at once", async () => {
    const own = new Error('kernel failed');
    const failed = firstFailure([Promise.reject(new BarrierAbortedError('another worker failed')), Promise.reject(own), never<number>()]);
    await expect(failed).rejects.toBe(own);
  });

  test('only BarrierAbortedErrors: rejects with the first once all settled', async () => {
    const first = new BarrierAbortedError('a');
    let release!: (v: number) => void;
    const failed = firstFailure([Promise.reject(first), new Promise<number>((r) => (release = r))]);
    expect(await settledWithin(failed, 20)).toBe('pending');
    release(1);
    await expect(failed).rejects.toBe(first);
  });

  test('never settles while no task fails (tasks that end normally are not failures)', async () => {
    expect(await settledWithin(firstFailure([Promise.resolve(3), never<number>()]), 30)).toBe('pending');
  });
});

describe('nextMainShare', () => {
  test('the main thread takes a share after a run of at most MAIN_SHARE_MAX_MS, gives it up after one of over twice that, and keeps its choice between', () => {
    for (const current of [false, true]) {
      expect(nextMainShare(current, 0.1)).toBe(true);
      expect(nextMainShare(current, MAIN_SHARE_MAX_MS)).toBe(true);
      expect(nextMainShare(current, 1.5 * MAIN_SHARE_MAX_MS)).toBe(current);
      expect(nextMainShare(current, 2 * MAIN_SHARE_MAX_MS)).toBe(current);
      expect(nextMainShare(current, 2 * MAIN_SHARE_MAX_MS + 0.001)).toBe(false);
      expect(nextMainShare(current, 10_000)).toBe(false);
    }
  });
});
