import { hash } from 'node:crypto';

/**
 * Merkle tree hashing, inclusion and consistency proofs of RFC 6962 / RFC 9162 (§2.1):
 * what lets a checkpoint of the audit ledger — a tree size and a root hash — commit to
 * every entry before it, and lets anyone check with a few dozen hashes that an entry is
 * in it, or that a later checkpoint extends an earlier one without rewriting history.
 */
export type Hash = Buffer;

const LEAF_PREFIX = Buffer.from([0]);
const NODE_PREFIX = Buffer.from([1]);

/**
 * SHA-256 of the parts, by way of a one-byte-per-character ('binary', latin1) string:
 * node's 'buffer' output gives every digest a backing store of its own, three times
 * slower for 32 bytes than this, and verification hashes three times per entry; a small
 * Buffer made from a string comes from node's shared pool.
 */
export const sha256 = (...parts: Uint8Array[]): Hash => asHash(hash('sha256', parts.length === 1 ? parts[0]! : Buffer.concat(parts), 'binary'));
const asHash = (latin1: string): Hash => Buffer.from(latin1, 'latin1');

export const leafHash = (data: Uint8Array): Hash => sha256(LEAF_PREFIX, data);
/** The leaf hash of a text's UTF-8 bytes, without copying them into a buffer first. */
export const leafHashOfText = (text: string): Hash => asHash(hash('sha256', `\u0000${text}`, 'binary'));
export const nodeHash = (left: Hash, right: Hash): Hash => sha256(NODE_PREFIX, left, right);
export const EMPTY_ROOT: Hash = sha256();

/** The largest power of two smaller than n (n > 1): where RFC 6962 splits a tree. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The right edge of a growing tree: the roots of its perfect subtrees, largest first.
 * Enough to extend the tree leaf by leaf and to give its root at any point, in O(log n)
 * memory — how the ledger computes checkpoint roots without rereading all history.
 */
export class MerkleFrontier {
  constructor(private readonly nodes: Array<{ size: number; hash: Hash }> = []) {}

  get size(): number {
    return this.nodes.reduce((total, node) => total + node.size, 0);
  }

  push(leaf: Hash): void {
    let node = { size: 1, hash: leaf };
    while (this.nodes.length > 0 && this.nodes.at(-1)!.size === node.size) {
      const left = this.nodes.pop()!;
      node = { size: left.size * 2, hash: nodeHash(left.hash, node.hash) };
    }
    this.nodes.push(node);
  }

  root(): Hash {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let hash = this.nodes.at(-1)!.hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) hash = nodeHash(this.nodes[i]!.hash, hash);
    return hash;
  }

  toJSON(): Array<[number, string]> {
    return this.nodes.map((node) => [node.size, node.hash.toString('hex')]);
  }

  static fromJSON(nodes: ReadonlyArray<readonly [number, string]>): MerkleFrontier {
    return new MerkleFrontier(nodes.map(([size, hex]) => ({ size, hash: Buffer.from(hex, 'hex') })));
  }
}

/** MTH(D[n]) over leaf hashes, in O(n) time and O(log n) memory. */
export function rootOf(leaves: readonly Hash[]): Hash {
  const frontier = new MerkleFrontier();
  for (const leaf of leaves) frontier.push(leaf);
  return frontier.root();
}

/** A run of leaves [from, to): a subtree whose root a proof holds. */
export type LeafRange = readonly [from: number, to: number];

/** The subtrees whose roots make PATH(m, D[n]), the audit path of leaf m in the tree of the n first leaves. */
export function inclusionRanges(index: number, size: number): LeafRange[] {
  if (!(Number.isInteger(index) && index >= 0 && index < size)) throw new RangeError(`no leaf ${index} in a tree of ${size}`);
  const path = (from: number, n: number, m: number): LeafRange[] => {
    if (n === 1) return [];
    const k = split(n);
    return m < k ? [...path(from, k, m), [from + k, from + n]] : [...path(from + k, n - k, m - k), [from, from + k]];
  };
  return path(0, size, index);
}

/** The subtrees whose roots make PROOF(m, D[n]): that the tree of the m first leaves is a prefix of the tree of n. */
export function consistencyRanges(m: number, n: number): LeafRange[] {
  if (!(Number.isInteger(m) && m > 0 && m <= n)) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const subproof = (from: number, count: number, mm: number, complete: boolean): LeafRange[] => {
    if (mm === count) return complete ? [] : [[from, from + count]];
    const k = split(count);
    return mm <= k ? [...subproof(from, k, mm, complete), [from + k, from + count]] : [...subproof(from + k, count - k, mm - k, false), [from, from + k]];
  };
  return subproof(0, n, m, true);
}

const rootsOf = (leaves: readonly Hash[], ranges: readonly LeafRange[]): Hash[] => ranges.map(([from, to]) => rootOf(leaves.slice(from, to)));

/** PATH(m, D[n]) over leaves in memory. */
export function inclusionProof(leaves: readonly Hash[], index: number, size = leaves.length): Hash[] {
  if (size > leaves.length) throw new RangeError(`no tree of ${size} among ${leaves.length} leaves`);
  return rootsOf(leaves, inclusionRanges(index, size));
}

/** PROOF(m, D[n]) over leaves in memory. */
export function consistencyProof(leaves: readonly Hash[], m: number, n = leaves.length): Hash[] {
  if (n > leaves.length) throw new RangeError(`no tree of ${n} among ${leaves.length} leaves`);
  return rootsOf(leaves, consistencyRanges(m, n));
}

/** RFC 9162 §2.1.3.2: does this path prove leaf `index` under `root` of a tree of `size`? */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (index < 0 || index >= size) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && r.equals(root);
}

/** RFC 9162 §2.1.4.2: does this proof show the tree (size1, root1) is a prefix of (size2, root2)? */
export function verifyConsistency(size1: number, size2: number, proof: readonly Hash[], root1: Hash, root2: Hash): boolean {
  if (size1 <= 0 || size1 > size2) return false;
  if (size1 === size2) return proof.length === 0 && root1.equals(root2);
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(size1) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (fn % 2 === 1) {
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && fr.equals(root1) && sr.equals(root2);
}

function isPowerOfTwo(n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0;
}
