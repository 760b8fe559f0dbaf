/**
 * `npm run bench:chart -- [--patients 2000] [--seconds 10]`
 *
 * The chart of a patient with ten years of history on the embedded database (PGlite): the
 * seed's longest record, thickened with a decade of monthly follow-up written through the
 * API (over 800 resources):
 * - through the API: every page of Patient/$everything (gate, decryption, one audit entry
 *   per page), against a single Patient read of the same patient, side by side;
 * - in Debian's Chromium, when there: from the chart's URL to its last section drawn,
 *   the median of ten openings.
 * The reader is a doctor who broke the glass for that patient (as a hospital doctor
 * reading an unknown patient would).
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { buildApp } from '../src/api/app.ts';
import { documentReferenceExample, medicationRequestExample, observationExample } from '../src/domain/examples.ts';
import { WEB_DIST } from '../src/api/web-routes.ts';
import { scratchGroup } from '../src/drills/scratch-group.ts';
import { totpCode } from '../src/identity/totp.ts';
import { measureSideBySide } from './measure.ts';
import { allowPlainReads } from './plain-reads.ts';
import { sql } from '../src/store/sql.ts';

const { values } = parseArgs({ options: { patients: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '10' } } });
const patients = Number(values.patients);
const seconds = Number(values.seconds);

console.log(`Seeding ${patients} patients on PGlite…`);
const group = await scratchGroup(patients, 42);
const app = await buildApp({ store: group.store });
try {
  await allowPlainReads(group.store.db);
  const longest = await group.store.db.one<{
    patient_id: string;
    resources: string | number;
  }>(sql`SELECT c.patient_id, count(*) AS resources FROM clinical_resource c LEFT JOIN honey_record h USING (patient_id)
     WHERE h.patient_id IS NULL GROUP BY c.patient_id ORDER BY 2 DESC LIMIT 1`);
  const patientId = longest!.patient_id;
  const doctor = group.accounts.find((account) => account.role === 'doctor')!;
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: doctor.username, password: doctor.password } });
  const session = await app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket: login.json().ticket, code: totpCode(doctor.totpSecret) } });
  const { token } = session.json() as { token: string };
  const headers = { authorization: `Bearer ${token}` };
  const glass = await app.inject({
    method: 'POST',
    url: '/api/break-glass',
    headers,
    payload: { patient: patientId, reason: 'emergency', text: 'mesure du dossier le plus long' },
  });
  if (glass.statusCode !== 201) throw new Error(`break-glass: ${glass.statusCode} ${glass.body}`);

  const added = await tenYearsOfFollowUp(patientId, headers);

  let entries = 0;
  const everything = async () => {
    entries = 0;
    for (let url: string | undefined = `/fhir/Patient/${patientId}/$everything?_count=1000`; url;) {
      const bundle = (await app.inject({ url, headers })).json() as fhir4.Bundle;
      entries += bundle.entry?.length ?? 0;
      const next = bundle.link?.find((link) => link.relation === 'next')?.url;
      url = next ? new URL(next).pathname + new URL(next).search : undefined;
    }
  };
  const read = async () => {
    await app.inject({ url: `/fhir/Patient/${patientId}`, headers });
  };
  // The guard's budget counts patients, not readings: one patient read again and again stays within it.
  const { subject, baseline } = await measureSideBySide(seconds, 1, everything, read);
  const chartMs = 1000 / subject.perSecond;
  const readMs = 1000 / baseline.perSecond;
  console.log(
    `\nLongest seeded record: ${longest!.resources} resources, plus ${added} written for ten years of monthly follow-up: ${entries} entries with the patient`,
  );
  console.log(`Patient/$everything, every page: ${chartMs.toFixed(1)} ms; a Patient read: ${readMs.toFixed(2)} ms; ratio ${(chartMs / readMs).toFixed(1)}`);

  if (existsSync('/usr/bin/chromium') && existsSync(`${WEB_DIST}/index.html`)) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const page = await browser.newPage();
    await page.goto(base);
    // The doctor signs in in the browser (a token carried over from another client would be a stolen one to the guard).
    await group.store.db.run(sql`UPDATE account SET totp_last_step = 0 WHERE username = ${doctor.username}`);
    await page.getByLabel('Identifiant').fill(doctor.username);
    await page.getByLabel('Mot de passe').fill(doctor.password);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByLabel(/Code à 6 chiffres/).fill(totpCode(doctor.totpSecret));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    const times: number[] = [];
    for (let i = 0; i < 11; i++) {
      await page.goto(`${base}/#/`);
      await page.getByRole('heading', { name: 'Mes patients' }).waitFor();
      const started = performance.now();
      await page.goto(`${base}/#/patients/${patientId}`);
      await page.getByRole('region', { name: 'Couverture' }).waitFor();
      if (i > 0) times.push(performance.now() - started); // the first warms the caches
    }
    times.sort((a, b) => a - b);
    console.log(`In Chromium, URL to the whole chart drawn: median ${times[5]!.toFixed(0)} ms, slowest ${times.at(-1)!.toFixed(0)} ms (10 openings)`);
    await browser.close();
  }
} finally {
  await app.close();
  await group.close();
}

/**
 * A chronic patient's decade, written through the API as the doctor would: six lab
 * results a month, a note and a prescription every quarter, over ten years.
 */
async function tenYearsOfFollowUp(patientId: string, headers: Record<string, string>): Promise<number> {
  const analytes = [
    ['2160-0', 'Créatinine', 'umol/L', 60, 110],
    ['718-7', 'Hémoglobine', 'g/dL', 12, 16],
    ['2345-7', 'Glucose', 'mmol/L', 3.9, 6.1],
    ['2823-3', 'Potassium', 'mmol/L', 3.5, 5],
    ['4548-4', 'HbA1c', '%', 4, 6],
    ['1988-5', 'CRP', 'mg/L', 0, 5],
  ] as const;
  const write = async (resource: fhir4.Resource) => {
    const response = await app.inject({ method: 'POST', url: `/fhir/${resource.resourceType}`, headers, payload: resource as object });
    if (response.statusCode !== 201) throw new Error(`${resource.resourceType}: ${response.statusCode} ${response.body}`);
  };
  let written = 0;
  const start = Date.now() - 10 * 365 * 86_400_000;
  for (let month = 0; month < 120; month++) {
    const at = new Date(start + month * 30.4 * 86_400_000).toISOString();
    for (const [i, [code, label, unit, low, high]] of analytes.entries()) {
      const { basedOn: _order, ...observation } = observationExample(patientId);
      const value = Number((low + (high - low) * (0.3 + 0.5 * Math.abs(Math.sin(month / 7 + i)))).toFixed(1));
      const quantity = (v: number) => ({ value: v, unit, system: 'http://unitsofmeasure.org', code: unit });
      await write({
        ...observation,
        code: { coding: [{ system: 'http://loinc.org', code, display: label }], text: label },
        effectiveDateTime: at,
        valueQuantity: quantity(value),
        referenceRange: [{ low: quantity(low), high: quantity(high) }],
      } as fhir4.Observation);
      written++;
    }
    if (month % 3 === 0) {
      const note: fhir4.DocumentReference = {
        ...documentReferenceExample(patientId, {}, `Consultation de suivi, mois ${month} : état stable, traitement poursuivi.`),
        date: at,
      };
      await write(note);
      const { encounter: _stay, ...prescription } = medicationRequestExample(patientId);
      const renewed: fhir4.MedicationRequest = { ...prescription, authoredOn: at, status: month > 108 ? 'active' : 'completed' };
      await write(renewed);
      written += 2;
    }
  }
  return written;
}
