import { HASH_BYTES, type EntryBatch } from './entry-batch.ts';
import { Lanes, type LaneHeads, type LaneJson, type LaneProblem } from './lanes.ts';
import { MerkleFrontier, type Hash } from './merkle.ts';

/** Where a replay begins: the first chained entry, or the end of an archived segment. */
export interface ReplayStart {
  /** The number of the last entry before the replay. */
  through: bigint;
  treeSize: number;
  frontier: Array<[number, string]>;
  lanes: LaneJson;
}

export const genesisStart = (genesis: bigint): ReplayStart => ({ through: genesis, treeSize: 0, frontier: [], lanes: [] });

/** The 32 bytes of entry i of a batch, without a copy. */
const hashAt = (bytes: Uint8Array, i: number): Hash => Buffer.from(bytes.buffer, bytes.byteOffset + i * HASH_BYTES, HASH_BYTES);

/**
 * The ledger replayed entry by entry in number order: every lane's chain (lanes.ts) and
 * the Merkle tree of the checkpoints. Verification and archiving both go through it.
 */
export class Replay {
  readonly lanes: Lanes;
  readonly frontier: MerkleFrontier;
  /** Entries replayed, those before the start included (a number: exact to 2^53). */
  checked: number;
  lastSeq: bigint;

  constructor(heads: LaneHeads, start: ReplayStart) {
    this.lanes = new Lanes(start.through, heads, start.lanes);
    this.frontier = MerkleFrontier.fromJSON(start.frontier);
    this.checked = start.treeSize;
    this.lastSeq = start.through;
  }

  /** Replays entry i of the batch: a problem, or undefined. */
  push(batch: EntryBatch, i: number): LaneProblem | undefined {
    const seq = batch.seqs[i]!;
    const leaf = hashAt(batch.leaves, i);
    const problem = this.lanes.push(seq, batch.lanes[i]!, batch.positions[i]!, leaf, batch.hasChain[i] ? hashAt(batch.chains, i) : undefined);
    if (problem) return problem;
    this.lastSeq = seq;
    this.checked++;
    this.frontier.push(leaf);
    return undefined;
  }

  /** Where a later replay would begin. */
  end(): ReplayStart {
    return { through: this.lastSeq, treeSize: this.checked, frontier: this.frontier.toJSON(), lanes: this.lanes.toJSON() };
  }
}
