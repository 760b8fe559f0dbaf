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
