/**
 * `npm run bench:chart -- [--patients 2000] [--seconds 10]`
 *
 * The chart of the patient with the longest record (ten years of stays, results and
 * notes in the seed) on the embedded database (PGlite):
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
import { WEB_DIST } from '../src/api/web-routes.ts';
import { scratchGroup } from '../src/guard/scratch-group.ts';
import { totpCode } from '../src/identity/totp.ts';
import { measureSideBySide } from './measure.ts';

const { values } = parseArgs({ options: { patients: { type: 'string', default: '2000' }, seconds: { type: 'string', default: '10' } } });
const patients = Number(values.patients);
const seconds = Number(values.seconds);

console.log(`Seeding ${patients} patients on PGlite…`);
const group = await scratchGroup(patients, 42);
const app = await buildApp({ store: group.store });
try {
  const [longest] = await group.store.db.query<{ patient_id: string; resources: string | number }>(
    `SELECT c.patient_id, count(*) AS resources FROM clinical_resource c LEFT JOIN honey_record h USING (patient_id)
     WHERE h.patient_id IS NULL GROUP BY c.patient_id ORDER BY 2 DESC LIMIT 1`,
  );
  const patientId = longest!.patient_id;
  const doctor = group.accounts.find((account) => account.role === 'doctor')!;
  const login = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: doctor.username, password: doctor.password } });
  const session = await app.inject({ method: 'POST', url: '/api/auth/totp', payload: { ticket: login.json().ticket, code: totpCode(doctor.totpSecret) } });
  const { token, expiresAt } = session.json() as { token: string; expiresAt: string };
  const headers = { authorization: `Bearer ${token}` };
  const glass = await app.inject({ method: 'POST', url: '/api/break-glass', headers, payload: { patient: patientId, reason: 'emergency', text: 'mesure du dossier le plus long' } });
  if (glass.statusCode !== 201) throw new Error(`break-glass: ${glass.statusCode} ${glass.body}`);

  let entries = 0;
  const everything = async () => {
    entries = 0;
    for (let url: string | undefined = `/fhir/Patient/${patientId}/$everything?_count=1000`; url; ) {
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
  console.log(`\nLongest record: ${longest!.resources} resources (${entries} entries with the patient)`);
  console.log(`Patient/$everything, every page: ${chartMs.toFixed(1)} ms; a Patient read: ${readMs.toFixed(2)} ms; ratio ${(chartMs / readMs).toFixed(1)}`);

  if (existsSync('/usr/bin/chromium') && existsSync(`${WEB_DIST}/index.html`)) {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
    const page = await browser.newPage();
    await page.goto(base);
    const me = (await app.inject({ url: '/api/me', headers })).json();
    // The doctor's session, as the sign-in page stores it (the bench measures the chart, not the sign-in).
    await page.evaluate(`sessionStorage.setItem('vigie.session', ${JSON.stringify(JSON.stringify({ token, expiresAt, me }))})`);
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
