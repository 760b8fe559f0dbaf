import { readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { openBreachCase, type BreachCase } from '../breach/cases.ts';
import { writeCaseDocuments } from '../breach/documents/write-documents.ts';
import { progressBar } from './progress.ts';
import { openStore } from '../runtime/open-store.ts';
import type { RuntimeConfig } from './config.ts';

/** A sample is what was published: a forum post, a paste, a dump of a few megabytes. */
const MOST_BYTES = 64 * 1024 * 1024;

/**
 * `vigie breach open --sample FILE`: opens a breach case from a leaked sample — rows matched
 * to patients (ids and confidence, no identity printed), the likely source from the
 * ledger, the patients concerned, and the CNIL deadline, 72 hours after awareness.
 */
export async function breachOpenCommand(config: RuntimeConfig, flags: { sample: string; awareAt?: string; json?: boolean }): Promise<void> {
  if (statSync(flags.sample).size > MOST_BYTES) throw new Error(`${flags.sample} is larger than ${MOST_BYTES / 1024 / 1024} MiB`);
  const awareAt = flags.awareAt ? new Date(flags.awareAt) : new Date();
  if (Number.isNaN(awareAt.getTime()) || awareAt.getTime() > Date.now())
    throw new Error('--aware-at: the moment the establishment became aware of the breach (ISO 8601, not in the future)');
  const store = await openStore(config);
  try {
    const opened = await openBreachCase(store, { operator: userInfo().username }, readFileSync(flags.sample, 'utf8'), awareAt);
    console.log(flags.json ? JSON.stringify(opened, null, 2) : caseText(opened));
  } finally {
    await store.close();
  }
}

export function caseText(opened: BreachCase): string {
  const honey = opened.matches.filter((match) => match.honey).length;
  const lines = [
    `BREACH CASE ${opened.id}`,
    `  aware at ${opened.awareAt}: notify the CNIL by ${opened.notifyBy} (GDPR art. 33, 72 hours)`,
    `  sample: ${opened.sampleRows} rows, ${opened.matches.length} matched to patients${honey ? ` (${honey} of them HONEY RECORDS: the sample is the attacker's)` : ''}`,
  ];
  const source = opened.source;
  if (source?.kind === 'export') {
    lines.push(
      `  source: EXPORT ${source.exportId}, requested by ${source.username} (${source.role}) on ${source.from}${source.approver ? `, approved by ${source.approver}` : ''} (named by its marks)`,
      `    it held ${source.patients.length} patients`,
    );
  } else if (source) {
    lines.push(
      `  likely source: ${source.username} (${source.role}), session ${source.sessionId ?? 'none'}, from ${source.from} to ${source.to}`,
      `    it was given ${source.covered} of the ${source.sampled} patients found in the sample, and ${source.patients.length} patients in all${source.honeyRecords ? `, and ${source.honeyRecords} HONEY RECORDS (no honest work reaches one)` : ''}`,
    );
  } else {
    lines.push('  no source named: no account or session of the ledger was given half of the patients found (an export? try vigie attribute)');
  }
  lines.push(`  patients concerned: ${opened.affected.length}`);
  return lines.join('\n');
}

/**
 * `vigie breach documents CASE --out DIR --dpo-contact TEXT`: the CNIL notification, the
 * regional health agency's report and one letter per patient concerned, as PDF and text.
 * Names and addresses are decrypted for the letters only, each in the ledger.
 */
export async function breachDocumentsCommand(config: RuntimeConfig, caseId: string, flags: { out: string; dpoContact: string }): Promise<void> {
  if (flags.dpoContact.trim().length < 10) throw new Error('--dpo-contact: the name and contact details of the data protection officer (GDPR art. 33(3)(b))');
  const store = await openStore(config);
  try {
    let bar: ReturnType<typeof progressBar> | undefined;
    const written = await writeCaseDocuments(store, { operator: userInfo().username }, caseId, {
      dir: flags.out,
      dpoContact: flags.dpoContact.trim(),
      onLetters: (done, total) => {
        bar ??= progressBar('Writing the letters', total);
        bar.update(done);
      },
    });
    bar?.stop();
    console.log(
      `Wrote the CNIL notification, the health agency's report and ${written.letters} letters into ${flags.out} (${written.files.length} files, PDF and text).`,
    );
  } finally {
    await store.close();
  }
}
