import { readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { attributeSample, NAMING_THRESHOLD, type AttributedExport, type Attribution } from '../exports/attribution/attribute.ts';
import { probabilityText } from '../exports/attribution/bound.ts';
import { openStore } from '../runtime/open-store.ts';
import type { RuntimeConfig } from './config.ts';

/** A sample is a few rows found somewhere; a whole dump is read up to this size. */
const MOST_BYTES = 256 * 1024 * 1024;

/**
 * `vigie attribute SAMPLE`: names the export a leaked CSV or NDJSON sample came from, with
 * its requester, approver and dates, and the chance that an innocent export would match as
 * well. Exit 0 when an export is named, 2 when none is (the sample came from no export, or
 * too little of its marks survived). The weighing is in the ledger.
 */
export async function attributeCommand(config: RuntimeConfig, file: string, flags: { json?: boolean }): Promise<void> {
  if (statSync(file).size > MOST_BYTES) throw new Error(`${file} is larger than ${MOST_BYTES / 1024 / 1024} MiB: give a part of it`);
  const text = readFileSync(file, 'utf8');
  const store = await openStore(config);
  try {
    const attribution = await attributeSample(store, text, { operator: userInfo().username });
    console.log(flags.json ? JSON.stringify(attribution, null, 2) : attributionText(attribution));
    if (attribution.named.length === 0) process.exitCode = 2;
  } finally {
    await store.close();
  }
}

export function attributionText(attribution: Attribution): string {
  const { sample } = attribution;
  const lines = [
    `Sample: ${sample.rows} ${sample.format === 'csv' ? 'CSV rows' : 'NDJSON lines'}; marks read: ${sample.tokens} pseudonym-like tokens, ${sample.quotedCells} cells' quoting, ${sample.times} times' seconds, ${sample.objects} objects' order.`,
    `Weighed against ${attribution.exportsWeighed} exports written.`,
  ];
  if (attribution.named.length === 0) {
    lines.push(`No export is named: none matches with a false-accusation probability below ${probabilityText(Math.log(NAMING_THRESHOLD))}.`);
    if (attribution.closest)
      lines.push(`Closest: export ${attribution.closest.id}, false-accusation probability ${attribution.closest.falseAccusation} (not enough to name it).`);
  }
  for (const named of attribution.named) lines.push('', ...namedText(named));
  return lines.join('\n');
}

function namedText(named: AttributedExport): string[] {
  return [
    `EXPORT ${named.id}`,
    `  requested by ${named.requester} on ${named.requestedAt} for ${named.purpose} (${named.fields}, ${named.format})`,
    `  ${named.approver ? `approved by ${named.approver} on ${named.decidedAt}` : 'under the approval threshold, no second person'}; written ${named.readyAt ?? 'not completely'}`,
    `  marks: ${named.counts.map((count) => `${count.carrier} ${count.matched}/${count.tried}`).join(', ')}${named.honeyRows > 0 ? `; ${named.honeyRows} HONEY ROWS of this export (alert raised)` : ''}`,
    `  probability that an export this sample did not come from matches as well: ${named.falseAccusation}`,
  ];
}
