import type { Round } from './load.ts';

/** The rounds of one scenario at one concurrency, for both servers. */
export interface Cell {
  scenario: string;
  connections: number;
  vigie: Round[];
  baseline: Round[];
}

interface Summary {
  perSecond: number;
  p50: number;
  p99: number;
  refused: Record<string, number>;
  errors: number;
  serverMs: number;
  databaseMs: number | undefined;
  perCpuSecond: number;
}

/** Medians of the rounds for rates and latencies; sums over the rounds for failures and CPU. */
export function summarise(rounds: readonly Round[]): Summary {
  const requests = sum(rounds.map((round) => round.requests));
  const serverCpu = sum(rounds.map((round) => round.serverCpu));
  const databaseCpu = rounds.every((round) => round.databaseCpu !== undefined) ? sum(rounds.map((round) => round.databaseCpu!)) : undefined;
  const refused: Record<string, number> = {};
  for (const round of rounds) for (const [status, count] of Object.entries(round.refused)) refused[status] = (refused[status] ?? 0) + count;
  return {
    perSecond: median(rounds.map((round) => round.requests / round.seconds)),
    p50: median(rounds.map((round) => round.p50)),
    p99: median(rounds.map((round) => round.p99)),
    refused,
    errors: sum(rounds.map((round) => round.errors)),
    serverMs: (1000 * serverCpu) / requests,
    databaseMs: databaseCpu === undefined ? undefined : (1000 * databaseCpu) / requests,
    perCpuSecond: requests / (serverCpu + (databaseCpu ?? 0)),
  };
}

/** Failed answers in words: "0", or "12 (403: 10, 500: 2), 1 error". */
export function failures(summary: Pick<Summary, 'refused' | 'errors'>): string {
  const statuses = Object.entries(summary.refused);
  const refused = sum(statuses.map(([, count]) => count));
  const parts = [`${refused}${statuses.length > 0 ? ` (${statuses.map(([status, count]) => `${status}: ${count}`).join(', ')})` : ''}`];
  if (summary.errors > 0) parts.push(`${summary.errors} error${summary.errors === 1 ? '' : 's'}`);
  return parts.join(', ');
}

export function markdownTable(database: string, cells: readonly Cell[]): string {
  const int = (n: number) => Math.round(n).toLocaleString('en-US');
  const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1));
  // autocannon's latencies are whole milliseconds.
  const latency = (s: Summary) => [s.p50, s.p99].map((value) => (value < 1 ? '<1' : String(value))).join(' / ');
  const cpu = (s: Summary) => `${ms(s.serverMs)} + ${s.databaseMs === undefined ? 'in it' : ms(s.databaseMs)}`;
  const lines = [
    '| database | scenario | c | req/s Vigie | req/s baseline | ratio | p50 / p99 ms Vigie | p50 / p99 ms baseline | non-2xx Vigie / baseline | CPU ms per request, server + database: Vigie | baseline | reads per CPU-second Vigie | baseline | ratio |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const cell of cells) {
    const [vigie, baseline] = [summarise(cell.vigie), summarise(cell.baseline)];
    lines.push(
      `| ${database} | ${cell.scenario} | ${cell.connections} | ${int(vigie.perSecond)} | ${int(baseline.perSecond)} | ${(vigie.perSecond / baseline.perSecond).toFixed(3)} ` +
        `| ${latency(vigie)} | ${latency(baseline)} | ${failures(vigie)} / ${failures(baseline)} ` +
        `| ${cpu(vigie)} | ${cpu(baseline)} | ${int(vigie.perCpuSecond)} | ${int(baseline.perCpuSecond)} | ${(vigie.perCpuSecond / baseline.perCpuSecond).toFixed(3)} |`,
    );
  }
  return lines.join('\n');
}

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}
