import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { copyStatement, type EncodedCopy } from './copy-binary.ts';

/**
 * COPY … FROM STDIN on one connection of the `pg` driver, in the binary format (written
 * before, often in a worker thread). Against multi-row INSERT … unnest, the server no
 * longer parses every value twice (array literal, then element), which was a third of its
 * time in the seed; against the text format, no hex to write and read back.
 */
export async function copyInto(client: pg.PoolClient, copy: EncodedCopy): Promise<void> {
  if (copy.rows === 0) return;
  await pipeline(
    Readable.from([Buffer.from(copy.data.buffer, copy.data.byteOffset, copy.data.byteLength)], { objectMode: false }),
    client.query(copyFrom(copyStatement(copy, 'STDIN'))),
  );
}
