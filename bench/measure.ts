/** Runs `work` from `concurrency` loops for `seconds`, and reports completions per second. */
export interface Rate {
  count: number;
  perSecond: number;
}

export async function measure(seconds: number, concurrency: number, work: (i: number) => Promise<void>): Promise<Rate> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let count = 0;
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        await work(next++);
        count++;
      }
    }),
  );
  return { count, perSecond: count / ((performance.now() - started) / 1000) };
}

/**
 * Measures `subject` and its `baseline` in alternating one-second rounds for `seconds`
 * each, so that the machine's drift (other tenants, garbage collection, caches warming)
 * weighs on both alike: the ratio is what these noisy machines can report honestly.
 */
export async function measureSideBySide(
  seconds: number,
  concurrency: number,
  subject: (i: number) => Promise<void>,
  baseline: (i: number) => Promise<void>,
): Promise<{ subject: Rate; baseline: Rate }> {
  const totals = { subject: { count: 0, seconds: 0 }, baseline: { count: 0, seconds: 0 } };
  for (let round = 0; round < Math.max(1, Math.round(seconds)); round++) {
    for (const [name, work] of [
      ['baseline', baseline],
      ['subject', subject],
    ] as const) {
      const rate = await measure(1, concurrency, work);
      totals[name].count += rate.count;
      totals[name].seconds += rate.count / rate.perSecond;
    }
  }
  const rate = (t: { count: number; seconds: number }): Rate => ({ count: t.count, perSecond: t.count / t.seconds });
  return { subject: rate(totals.subject), baseline: rate(totals.baseline) };
}
