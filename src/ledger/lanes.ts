import { createHash } from 'node:crypto';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { chainNext, GENESIS_HASH } from './entry-hash.ts';
import type { Hash } from './merkle.ts';

export interface LaneProblem {
  seq: bigint;
  kind: 'altered' | 'missing' | 'unexpected' | 'head';
  message: string;
}

export type LaneHeads = ReadonlyMap<number, { seq: bigint; chain: Hash }>;

/** Every lane's head as recorded: its last position and chain hash. */
export async function laneHeads(tx: Sql): Promise<LaneHeads> {
  const rows = await tx.rows<{ lane: number; lane_seq: bigint | string; chain_hash: Uint8Array }>(sql`SELECT lane, lane_seq, chain_hash FROM ledger_lane`);
  return new Map(rows.map((row) => [row.lane, { seq: BigInt(row.lane_seq), chain: Buffer.from(row.chain_hash) }]));
}

/** A lane's state as kept with an archived segment: [lane, position, chain hash (hex), number of its last entry]. */
export type LaneJson = Array<[number, string, string, string]>;

interface LaneState {
  seq: bigint;
  chain: Hash;
  /** The number of the lane's last entry, to place what is missing after it. */
  lastSeq: bigint;
}

/**
 * Each lane's chain, replayed entry by entry in number order. Numbers may have gaps (an
 * append rolled back with its act) but a lane's positions may not: where a lane skips,
 * entries were removed, and the first gap in the numbers after the lane's previous entry
 * is where they stood.
 */
export class Lanes {
  private readonly state = new Map<number, LaneState>();
  /** Gaps in the numbers, as [first missing, next present], kept while a lane may still need them. */
  private gaps: Array<[bigint, bigint]> = [];

  constructor(
    private previous: bigint,
    private readonly heads: LaneHeads,
    from: LaneJson = [],
  ) {
    for (const [lane, position, chain, lastSeq] of from) {
      this.state.set(lane, { seq: BigInt(position), chain: Buffer.from(chain, 'hex'), lastSeq: BigInt(lastSeq) });
    }
  }

  /** Every lane's state, to go on from later (an archived segment's end). */
  toJSON(): LaneJson {
    return [...this.state.entries()]
      .sort(([a], [b]) => a - b)
      .map(([lane, state]) => [lane, String(state.seq), state.chain.toString('hex'), String(state.lastSeq)]);
  }

  push(seq: bigint, laneId: number, position: bigint, leaf: Hash, stored: Hash | undefined): LaneProblem | undefined {
    if (seq > this.previous + 1n) this.noteGap(this.previous + 1n, seq);
    this.previous = seq;
    const head = this.heads.get(laneId);
    if (laneId < 0 || position < 0n || !head) {
      return { seq, kind: 'unexpected', message: `entry ${seq} belongs to no lane of the ledger: written outside it` };
    }
    const lane = this.of(laneId);
    if (position > head.seq) {
      return { seq, kind: 'unexpected', message: `entry ${seq} lies beyond the head of lane ${laneId} (${head.seq}): written outside the ledger` };
    }
    if (position > lane.seq + 1n) {
      const at = this.firstGapAfter(lane.lastSeq, seq);
      return { seq: at, kind: 'missing', message: `entries ${lane.seq + 1n} to ${position - 1n} of lane ${laneId} are missing (before entry ${seq})` };
    }
    if (position <= lane.seq) {
      return { seq, kind: 'altered', message: `entry ${seq} takes place ${position} of lane ${laneId}, already taken: entries were moved` };
    }
    const next = chainNext(lane.chain, leaf);
    if (!stored || !next.equals(stored)) {
      return { seq, kind: 'altered', message: `entry ${seq} does not match its hash: its content, or its place in the chain, was changed` };
    }
    this.state.set(laneId, { seq: position, chain: next, lastSeq: seq });
    return undefined;
  }

  /** A lane that ends before its head lost its last entries; one whose hash differs was rewritten. */
  shortOf(lastSeq: bigint): LaneProblem | undefined {
    for (const [laneId, head] of this.heads) {
      const lane = this.of(laneId);
      if (lane.seq < head.seq) {
        const at = this.firstGapAfter(lane.lastSeq, lastSeq + 1n);
        return {
          seq: at,
          kind: 'missing',
          message: `entries ${lane.seq + 1n} to ${head.seq} of lane ${laneId} are missing (the lane's head is at ${head.seq})`,
        };
      }
      if (!lane.chain.equals(head.chain)) return { seq: lane.lastSeq, kind: 'head', message: `lane ${laneId} does not end at its recorded head hash` };
    }
    return undefined;
  }

  /** The first missing number after `after`, or `otherwise` when the numbers have no gap there. */
  firstGapAfter(after: bigint, otherwise = after + 1n): bigint {
    return this.gaps.find(([from]) => from > after)?.[0] ?? otherwise;
  }

  /** A digest of every lane's chain so far, in lane order: the ledger's state in one hash. */
  digest(): Hash {
    const lanes = [...this.heads.keys()].sort((a, b) => a - b);
    return createHash('sha256')
      .update(Buffer.concat(lanes.map((lane) => this.of(lane).chain)))
      .digest();
  }

  private of(lane: number): LaneState {
    return this.state.get(lane) ?? { seq: 0n, chain: GENESIS_HASH, lastSeq: 0n };
  }

  private noteGap(from: bigint, to: bigint): void {
    this.gaps.push([from, to]);
    if (this.gaps.length > 4096) {
      // Only gaps after some lane's last entry can still name a place.
      const oldest = [...this.state.values()].reduce((min, lane) => (lane.lastSeq < min ? lane.lastSeq : min), from);
      this.gaps = this.gaps.filter(([gapFrom]) => gapFrom > oldest).slice(-4096);
    }
  }
}
