import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The receipt of an export sealed to a receiving system: the SHA-256 of each file as it
 * arrived, and a proof — an HMAC of them under a key derived from the export's key, which
 * only the holder of the recipient's private key can unwrap. Vigie, which kept the
 * receipt key and not the export's, checks that the files received are the files written.
 */
export interface Receipt {
  export: string;
  files: string[];
  proof: string;
}

const message = (exportId: string, files: readonly string[]) => `vigie-export-receipt/1|${exportId}|${[...files].sort().join(',')}`;

export function receiptOf(receiptKey: Buffer, exportId: string, files: readonly string[]): Receipt {
  return { export: exportId, files: [...files].sort(), proof: createHmac('sha256', receiptKey).update(message(exportId, files)).digest('hex') };
}

export function receiptHolds(receiptKey: Buffer, exportId: string, files: readonly string[], proof: string): boolean {
  const expected = createHmac('sha256', receiptKey).update(message(exportId, files)).digest();
  const given = Buffer.from(proof, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
