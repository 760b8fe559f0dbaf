import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux almost everywhere). */
const TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

interface Stat {
  ppid: number;
  /** User and system CPU, in seconds. */
  cpu: number;
}

/** /proc/PID/stat: the fields after the command name, which may hold spaces and parentheses (proc(5)). */
function statOf(pid: number): Stat | undefined {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // the process has ended
  }
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // After the name: state (3), ppid (4), … utime (14), stime (15).
  return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS };
}

/** CPU seconds a process has used so far. */
export function processCpu(pid: number): number {
  return statOf(pid)?.cpu ?? 0;
}

/** CPU seconds used so far by a process and each of its children, by pid (a PostgreSQL server: the postmaster and its backends). */
export function familyCpu(pid: number): Map<number, number> {
  const family = new Map<number, number>([[pid, processCpu(pid)]]);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat?.ppid === pid) family.set(Number(entry), stat.cpu);
  }
  return family;
}

/** CPU seconds the family used between two readings: processes that began in between count whole; those that ended are lost (a pool keeps its backends). */
export function familyCpuSince(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, cpu] of after) total += cpu - (before.get(pid) ?? 0);
  return total;
}

/** The postmaster's pid of a cluster's data folder: the first line of postmaster.pid. */
export function postmasterOf(dataDir: string): number {
  return Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}
