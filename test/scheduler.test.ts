import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Scheduler, type Job } from '../src/runtime/scheduler.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { openPostgres } from '../src/store/pg-driver.ts';
import { APPLICATION_ROLE } from '../src/store/database-roles.ts';
import { onPostgres, openTestStore } from './support/test-store.ts';

/** The server's background work: one scheduler, each job on its own timer, shared work on one server at a time. */
let store: Store;
beforeAll(async () => {
  store = await openTestStore();
});
afterAll(() => store?.close());

/** A promise and the function that settles it: the test waits on conditions, never on the clock. */
function signal<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((settle) => (resolve = settle));
  return { promise, resolve };
}

describe('the scheduler', () => {
  it('runs each job round after round, reports a failing round and goes on, and stops', async () => {
    const errors: string[] = [];
    const scheduler = new Scheduler(store.db, (job, error) => errors.push(`${job}: ${error.message}`));
    let rounds = 0;
    const third = signal();
    scheduler.start([
      {
        name: 'flaky',
        everyMs: 5,
        once: 'per-process',
        run: async () => {
          rounds++;
          if (rounds === 2) throw new Error('the second round fails');
          if (rounds === 3) third.resolve();
        },
      },
    ]);
    await third.promise;
    await scheduler.stop();
    const stoppedAt = rounds;
    expect(errors).toEqual(['flaky: the second round fails']);
    expect(stoppedAt).toBeGreaterThanOrEqual(3);
    // Stopped: while another scheduler's job runs three rounds at the same pace, the first starts none.
    const witness = new Scheduler(store.db, () => {});
    const witnessed = signal();
    let witnessRounds = 0;
    witness.start([{ name: 'witness', everyMs: 5, once: 'per-process', run: async () => void (++witnessRounds === 3 && witnessed.resolve()) }]);
    await witnessed.promise;
    await witness.stop();
    expect(rounds).toBe(stoppedAt);
  });

  it.runIf(onPostgres)('runs a per-database job on one server at a time when several share the database', async () => {
    const other = await openPostgres(store.db.server!.url, 2, APPLICATION_ROLE);
    try {
      const entered = signal();
      const release = signal();
      let runs = 0;
      const job: Job = {
        name: 'sweep',
        everyMs: 60_000,
        once: 'per-database',
        run: async () => {
          runs++;
          entered.resolve();
          await release.promise;
        },
      };
      const first = new Scheduler(store.db, () => {}).round(job);
      await entered.promise;
      // While the first server's round holds the job, the second's round skips it.
      expect(await new Scheduler(other, () => {}).round(job)).toBe(false);
      release.resolve();
      expect(await first).toBe(true);
      // Once it is done, the next round may be anyone's.
      expect(await new Scheduler(other, () => {}).round(job)).toBe(true);
      expect(runs).toBe(2);
    } finally {
      await other.close();
    }
  });
});
