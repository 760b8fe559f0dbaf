import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { consistencyProof, EMPTY_ROOT, inclusionProof, leafHash, nodeHash, rootOf, verifyConsistency, verifyInclusion, type Hash } from './merkle.ts';

/** MTH as RFC 6962 §2.1 writes it, recursively: the reference the fast code must match. */
function referenceRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 0) return createHash('sha256').digest();
  if (leaves.length === 1) return leaves[0]!;
  let k = 1;
  while (k * 2 < leaves.length) k *= 2;
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const leaves = Array.from({ length: 70 }, (_, i) => leafHash(Buffer.from(`entry ${i}`)));
const flip = (hash: Hash) => {
  const copy = Buffer.from(hash);
  copy[0] = copy[0]! ^ 1;
  return copy;
};

describe('RFC 6962 tree hashing', () => {
  it('hashes leaves and nodes with their domain prefixes', () => {
    expect(EMPTY_ROOT.toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    // SHA-256 of the single byte 0x00: the leaf hash of empty data.
    expect(leafHash(Buffer.alloc(0)).toString('hex')).toBe('6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  });

  it('computes the root of every size like the recursive definition', () => {
    for (let n = 0; n <= leaves.length; n++) expect(rootOf(leaves.slice(0, n)).equals(referenceRoot(leaves.slice(0, n))), `size ${n}`).toBe(true);
  });
});

describe('inclusion proofs', () => {
  it('prove every leaf of every tree up to 70, and nothing else', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const root = rootOf(leaves.slice(0, n));
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(leaves, m, n);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(verifyInclusion(leaves[m]!, m, n, proof, root), `${m} in ${n}`).toBe(true);
        expect(verifyInclusion(flip(leaves[m]!), m, n, proof, root)).toBe(false);
        if (n > 1) expect(verifyInclusion(leaves[m]!, (m + 1) % n, n, proof, root)).toBe(false);
        if (proof.length > 0) expect(verifyInclusion(leaves[m]!, m, n, [flip(proof[0]!), ...proof.slice(1)], root)).toBe(false);
        expect(verifyInclusion(leaves[m]!, m, n, [...proof, leaves[0]!], root)).toBe(false);
      }
    }
  });
});

describe('consistency proofs', () => {
  it('prove every prefix of every tree up to 70, and refuse a rewritten history', () => {
    for (let n = 1; n <= leaves.length; n++) {
      const root2 = rootOf(leaves.slice(0, n));
      for (let m = 1; m <= n; m++) {
        const root1 = rootOf(leaves.slice(0, m));
        const proof = consistencyProof(leaves, m, n);
        expect(verifyConsistency(m, n, proof, root1, root2), `${m} → ${n}`).toBe(true);
        if (m < n) {
          expect(verifyConsistency(m, n, proof, flip(root1), root2)).toBe(false);
          expect(verifyConsistency(m, n, proof, root1, flip(root2))).toBe(false);
          expect(verifyConsistency(m, n, proof.slice(1), root1, root2)).toBe(false);
          // A different past: the first m leaves rewritten.
          const forked = [flip(leaves[0]!), ...leaves.slice(1, n)];
          expect(verifyConsistency(m, n, consistencyProof(forked, m, n), root1, rootOf(forked))).toBe(false);
        }
      }
    }
  });
});
