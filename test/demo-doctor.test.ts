import type { FastifyInstance } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { readDemoAccounts, type DemoAccount } from '../src/seed/demo-accounts.ts';
import { validateResource } from '../src/domain/validate/index.ts';
import { BIRTH_PLACE_EXT, IDENTITY_RELIABILITY_EXT, INS_NIR_SYSTEM, IPP_SYSTEM_PREFIX } from '../src/domain/systems.ts';
import { totpCode } from '../src/identity/totp.ts';
import { seedDatabase } from '../src/seed/writer.ts';
import type { Store } from '../src/runtime/open-store.ts';
import { openTestStore } from './support/test-store.ts';
import { openedFrom } from './support/session-place.ts';
import { sql } from '../src/store/sql.ts';

/**
 * The acceptance path of the foundation: seed a demo group, sign in as a demo doctor with
 * password + TOTP from the demo credentials file, read and search patients, and find every
 * field of DESIGN.md "The data" in valid FHIR R4 JSON.
 */
const PATIENTS = 300;
let store: Store;
let app: FastifyInstance;
let accounts: DemoAccount[];
let admissionsDisclosed = 0;

/** Each sign-in from its own address: the sign-in routes allow 30 requests a minute from one. */
let signIns = 0;
async function signIn(account: DemoAccount): Promise<Record<string, string>> {
  const remoteAddress = `10.201.0.${++signIns}`;
  const login = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username: account.username, password: account.password },
    remoteAddress,
  });
  expect(login.statusCode, login.body).toBe(200);
  expect(login.json().mfa).toEqual(['totp']);
  const totp = await app.inject({
    method: 'POST',
    url: '/api/auth/totp',
    payload: { ticket: login.json().ticket, code: totpCode(account.totpSecret) },
    remoteAddress,
  });
  expect(totp.statusCode, totp.body).toBe(200);
  return openedFrom(app, { authorization: `Bearer ${totp.json().token}` }, remoteAddress);
}

beforeAll(async () => {
  store = await openTestStore();
  const accountsFile = join(mkdtempSync(join(tmpdir(), 'vigie-demo-')), 'accounts.json');
  await seedDatabase(store, { patients: PATIENTS, seed: 3, asOf: new Date().toISOString().slice(0, 10), accountsFile });
  accounts = readDemoAccounts(accountsFile);
  app = await buildApp({ store });
});
afterAll(async () => {
  await app.close();
  await store.close();
});

describe('demo accounts', () => {
  it('exist for every role, with generated credentials', () => {
    const roles = new Set(accounts.map((account) => account.role));
    for (const role of ['doctor', 'nurse', 'admissions', 'lab', 'dpo', 'dim', 'security_officer', 'user_admin', 'sysadmin']) expect(roles).toContain(role);
    for (const account of accounts) {
      expect(account.password.length).toBeGreaterThanOrEqual(12);
      expect(account.totpSecret).toMatch(/^[A-Z2-7]{32}$/);
    }
    expect(new Set(accounts.map((account) => account.password)).size).toBe(accounts.length);
  });
});

/** Every page of a patient search, following the `next` links. */
async function allPages(url: string, headers: Record<string, string>): Promise<fhir4.Patient[]> {
  const patients: fhir4.Patient[] = [];
  let next: string | undefined = url;
  while (next) {
    const response: { statusCode: number; json(): any } = await app.inject({ url: next, headers });
    expect(response.statusCode).toBe(200);
    const bundle: fhir4.Bundle = response.json();
    patients.push(...(bundle.entry ?? []).map((entry) => entry.resource as fhir4.Patient));
    const link = bundle.link?.find((candidate) => candidate.relation === 'next')?.url;
    next = link ? new URL(link).pathname + new URL(link).search : undefined;
  }
  return patients;
}

describe('admissions and nurses list the patients staying with them', () => {
  it('page by page, each valid FHIR carrying the fields of the leaks', async () => {
    const patients: fhir4.Patient[] = [];
    /** One account's pages: no patient twice (keyset paging), then added to those seen. */
    const listedBy = async (account: DemoAccount) => {
      const pages = await allPages('/fhir/Patient?_count=40', await signIn(account));
      expect(new Set(pages.map((patient) => patient.id)).size).toBe(pages.length);
      const known = new Set(patients.map((patient) => patient.id));
      patients.push(...pages.filter((patient) => !known.has(patient.id)));
      return pages.length;
    };
    // Without a search term, admissions list the patients staying in their establishment
    // now, which costs nothing in the guard's budget.
    for (const account of accounts.filter((candidate) => candidate.role === 'admissions')) admissionsDisclosed += await listedBy(account);
    for (const account of accounts.filter((candidate) => candidate.role === 'nurse').slice(0, 3)) await listedBy(account);
    expect(admissionsDisclosed).toBeGreaterThan(0);
    expect(patients.length).toBeGreaterThan(PATIENTS / 10);
    for (const patient of patients) {
      const { meta: _meta, ...resource } = patient;
      expect(validateResource(resource), patient.id).toEqual([]);
    }
    const share = (has: (patient: fhir4.Patient) => boolean) => patients.filter(has).length / patients.length;
    expect(share((p) => Boolean(p.name?.[0]?.family && p.name[0].given?.length))).toBe(1);
    expect(share((p) => Boolean(p.gender && p.birthDate))).toBe(1);
    expect(share((p) => Boolean(p.address?.[0]?.city && p.address[0].postalCode && p.address[0].line?.length))).toBe(1);
    expect(share((p) => Boolean(p.telecom?.some((t) => t.system === 'phone')))).toBeGreaterThan(0.9);
    expect(share((p) => Boolean(p.telecom?.some((t) => t.system === 'email')))).toBeGreaterThan(0.5);
    // The INS (NIR as national health identifier) is recorded only once fetched from INSi
    // (statuses RECUP, QUAL); otherwise the NIR lives on the AMO coverage.
    const insStatus = (p: fhir4.Patient) =>
      p.extension?.find((e) => e.url === IDENTITY_RELIABILITY_EXT)?.extension?.find((e) => e.url === 'identityStatus')?.valueCoding?.code;
    const hasIns = (p: fhir4.Patient) => Boolean(p.identifier?.some((id) => id.system === INS_NIR_SYSTEM));
    expect(patients.filter((p) => hasIns(p) !== ['RECUP', 'QUAL'].includes(insStatus(p) ?? ''))).toEqual([]);
    expect(share(hasIns)).toBeGreaterThan(0.5);
    expect(share((p) => Boolean(p.identifier?.some((id) => id.system?.startsWith(IPP_SYSTEM_PREFIX))))).toBe(1);
    expect(share((p) => Boolean(p.extension?.some((e) => e.url === IDENTITY_RELIABILITY_EXT)))).toBe(1);
    expect(share((p) => Boolean(p.extension?.some((e) => e.url === BIRTH_PLACE_EXT)))).toBe(1);
    expect(share((p) => Boolean(p.generalPractitioner?.length))).toBeGreaterThan(0.9);
    // Patients staying now are alive: death declarations are checked in src/seed/patient.test.ts.
    expect(share((p) => Boolean(p.deceasedDateTime))).toBe(0);
  });
});

describe('a demo doctor reads the records of their patients', () => {
  it('lists only the patients of their care relationships, each disclosure with its reason', async () => {
    const doctor = accounts.find((account) => account.role === 'doctor')!;
    const patients = await allPages('/fhir/Patient?_count=10', await signIn(doctor));
    expect(patients.length).toBeGreaterThan(0);
    expect(patients.length).toBeLessThan(PATIENTS / 2);
    const reasons = await store.db.rows<{ reason: string }>(
      sql`SELECT e.reason FROM audit_event e JOIN account a ON a.id = e.actor_id WHERE a.username = ${doctor.username} AND e.action = 'search'`,
    );
    expect(reasons).toHaveLength(patients.length);
    for (const { reason } of reasons) expect(reason).toMatch(/^care relationship: /);
  });

  it('finds each patient by name and reads the whole record: stays, history, allergies, prescriptions, results, coverage, notes', async () => {
    const types = new Set<string>();
    // Not the first doctor: a TOTP code is never accepted twice, and the test above used it.
    for (const account of accounts.filter((candidate) => candidate.role === 'doctor').slice(1, 4)) {
      const headers = await signIn(account);
      for (const patient of await allPages('/fhir/Patient?_count=100', headers)) {
        const family = patient.name![0]!.family!;
        const search = (
          await app.inject({ url: `/fhir/Patient?family=${encodeURIComponent(family.slice(0, 4))}&birthdate=${patient.birthDate}`, headers })
        ).json() as fhir4.Bundle;
        expect(search.entry?.map((hit) => hit.resource?.id)).toContain(patient.id);
        const everything = (await app.inject({ url: `/fhir/Patient/${patient.id}/$everything`, headers })).json() as fhir4.Bundle;
        for (const item of everything.entry ?? []) {
          types.add(item.resource!.resourceType);
          const { meta: _meta, ...resource } = item.resource!;
          expect(validateResource(resource), `${item.resource!.resourceType}/${item.resource!.id}`).toEqual([]);
        }
      }
    }
    for (const type of [
      'Patient',
      'Encounter',
      'Condition',
      'AllergyIntolerance',
      'MedicationRequest',
      'ServiceRequest',
      'Observation',
      'Coverage',
      'DocumentReference',
    ]) {
      expect(types, type).toContain(type);
    }
  });

  it('leaves one audit entry per disclosed patient', async () => {
    const rows = await store.db.rows<{ n: bigint }>(
      sql`SELECT count(*) AS n FROM audit_event WHERE actor_role = 'admissions' AND action = 'search' AND outcome = 'allowed'`,
    );
    expect(Number(rows[0]!.n)).toBe(admissionsDisclosed);
  });
});
