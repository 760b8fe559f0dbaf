import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KeyRing } from '../../crypto/key-ring.ts';
import { addresseesOf } from '../../gate/breach-letters.ts';
import type { Responder } from '../../gate/breach-match.ts';
import type { Database } from '../../store/database.ts';
import { caseFacts } from '../case-facts.ts';
import { cnilNotification } from './cnil-notification.ts';
import { documentText, type BreachDocument } from '../../documents/document.ts';
import { healthAgencyReport } from './health-agency-report.ts';
import { patientLetter } from './patient-letter.ts';
import { documentPdf } from '../../documents/pdf.ts';

/**
 * Every document of a case into a folder, each as PDF and as text: `cnil-notification`,
 * `health-agency-report`, and `letters/NNNNNN` for each patient concerned (files named by
 * number: a file name must not say who it is for). Files are created readable by their
 * owner only.
 */
export async function writeCaseDocuments(
  deps: { db: Database; keys: KeyRing },
  responder: Responder,
  caseId: string,
  options: { dir: string; dpoContact: string; now?: Date; onLetters?: (written: number, total: number) => void },
): Promise<{ letters: number; files: string[] }> {
  const now = options.now ?? new Date();
  const facts = await caseFacts(deps.db, caseId);
  mkdirSync(join(options.dir, 'letters'), { recursive: true, mode: 0o700 });
  const files: string[] = [];
  const write = async (name: string, document: BreachDocument) => {
    for (const [file, body] of [
      [`${name}.txt`, documentText(document)],
      [`${name}.pdf`, await documentPdf(document, now)],
    ] as const) {
      writeFileSync(join(options.dir, file), body, { mode: 0o600 });
      files.push(file);
    }
  };
  await write('cnil-notification', cnilNotification(facts, options.dpoContact, now));
  await write('health-agency-report', healthAgencyReport(facts, options.dpoContact, now));
  let letters = 0;
  for await (const batch of addresseesOf(deps, responder, caseId)) {
    for (const addressee of batch) await write(join('letters', String(++letters).padStart(6, '0')), patientLetter(facts, addressee, options.dpoContact, now));
    options.onLetters?.(letters, facts.patients);
  }
  return { letters, files };
}
