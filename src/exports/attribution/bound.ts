import type { MarkCount } from './evidence.ts';

/**
 * The probability that a file which never came from an export matches it as well as the
 * sample does, bounded above (Chernoff). Each mark that matches scores ln(1/chance); under
 * the innocent hypothesis the marks are independent Bernoulli trials of known chances, so
 * for every t ≥ 0, P(score ≥ s) ≤ exp(−t·s) · Π E[exp(t·score_i)]. The bound is minimised
 * over t (the logarithm is convex in t), and returned as a natural logarithm: the
 * probabilities worth printing are far below what a double holds.
 */
export function logChanceOfInnocentMatch(counts: readonly MarkCount[]): number {
  const score = counts.reduce((sum, { matched, chance }) => sum + matched * -Math.log(chance), 0);
  if (score === 0) return 0;
  const logBound = (t: number) =>
    -t * score + counts.reduce((sum, { tried, chance }) => sum + tried * logAddExp(Math.log1p(-chance), (1 - t) * Math.log(chance)), 0);
  // Golden-section search on [0, T]: past t = 1 + a little the bound only grows for any sample worth naming.
  let [low, high] = [0, 64];
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 200; i++) {
    const a = high - ratio * (high - low);
    const b = low + ratio * (high - low);
    if (logBound(a) <= logBound(b)) high = b;
    else low = a;
  }
  return Math.min(0, logBound((low + high) / 2));
}

function logAddExp(a: number, b: number): number {
  const top = Math.max(a, b);
  return top === Number.NEGATIVE_INFINITY ? top : top + Math.log(Math.exp(a - top) + Math.exp(b - top));
}

/** A natural logarithm of a probability, as a number a reader can take in: 3.2e-41. */
export function probabilityText(logChance: number): string {
  if (logChance >= Math.log(1e-3)) return Math.exp(logChance).toPrecision(2);
  const log10 = logChance / Math.LN10;
  const exponent = Math.floor(log10);
  return `${(10 ** (log10 - exponent)).toFixed(1)}e${exponent}`;
}
