import autocannon from 'autocannon';
import { familyCpuSince, processCpu } from './cpu.ts';
import type { Server } from './processes.ts';

/** One request of a round: its path and the headers of the account that sends it. */
export interface Target {
  path: string;
  headers: Record<string, string>;
}

/** What one round against one server gave. */
export interface Round {
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx, by status. */
  refused: Record<string, number>;
  /** Connection errors and timeouts. */
  errors: number;
  /** CPU seconds of the server's process during the round. */
  serverCpu: number;
  /** CPU seconds of the database server's processes during the round (undefined: the database runs inside the server). */
  databaseCpu: number | undefined;
}

/**
 * `connections` keep-alive connections send requests for `seconds`, each the next target
 * in turn across all connections: consecutive requests come from different accounts,
 * about different patients, as a ward's doctors' would.
 */
export async function round(
  server: Server,
  targets: readonly Target[],
  connections: number,
  seconds: number,
  databaseCpu?: () => Map<number, number>,
): Promise<Round> {
  let next = 0;
  const cpuBefore = processCpu(server.pid);
  const databaseBefore = databaseCpu?.();
  const result = await autocannon({
    url: server.base,
    connections,
    duration: seconds,
    requests: [
      {
        setupRequest: (request) => {
          const target = targets[next++ % targets.length]!;
          return { ...request, path: target.path, headers: { ...request.headers, ...target.headers } };
        },
      },
    ],
  });
  const refused: Record<string, number> = {};
  for (const [status, { count = 0 }] of Object.entries(result.statusCodeStats ?? {})) if (!status.startsWith('2') && count > 0) refused[status] = count;
  return {
    requests: result.requests.total,
    seconds: result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    refused,
    errors: result.errors,
    serverCpu: processCpu(server.pid) - cpuBefore,
    databaseCpu: databaseBefore && familyCpuSince(databaseBefore, databaseCpu!()),
  };
}
