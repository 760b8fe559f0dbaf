import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openBreachCase } from '../../src/breach/cases.ts';
import { createAccount } from '../../src/identity/accounts.ts';
import { issueActivationCode } from '../../src/identity/activation.ts';
import { totpCode } from '../../src/identity/totp.ts';
import { replayScenario } from '../../src/drills/replay/run.ts';
import { parseScenario } from '../../src/drills/replay/scenario.ts';
import {
  apiSession,
  demoAccount,
  openPage,
  screenshot,
  screenshotFailure,
  signInEnrollingPasskey,
  signInWithTotp,
  startWebStage,
  unlabelledControls,
  virtualAuthenticator,
  type WebStage,
} from './support/web-stage.ts';
import { sql } from '../../src/store/sql.ts';

/**
 * The security officer, the data protection officer and a patient in a real Chromium:
 * the console after a replayed attack and the reinstatement, an export approved, and a
 * patient reading who opened their record.
 */
let stage: WebStage;
beforeAll(async () => {
  stage = await startWebStage({ patients: 300, seed: 11 });
}, 180_000);
afterEach(async ({ task }) => screenshotFailure(stage, task));
afterAll(async () => stage?.close());

// First in the file: the sign-in routes allow 30 requests a minute per address, and every page here comes from the same loopback one.
describe('a new member of staff', () => {
  it('activates the account from the letter’s link, chooses a password and an authenticator, and signs in', async () => {
    const nurse = demoAccount(stage, 'nurse');
    const placement = await stage.store.db.one<{ establishment_id: string; unit_id: string }>(
      sql`SELECT establishment_id, unit_id FROM account WHERE username = ${nurse.username}`,
    );
    // As a confirmed request leaves it: no credential anyone knows, and the code of the letter.
    const { id } = await createAccount(stage.store.db, stage.store.keys, {
      username: 'nouvelle.arrivee',
      role: 'nurse',
      password: 'known to nobody at all',
      establishmentId: placement!.establishment_id,
      unitId: placement!.unit_id,
      activated: false,
    });
    const { code } = await issueActivationCode(stage.store.db, id, undefined);

    const { page, errors } = await openPage(stage);
    await page.goto(`${stage.base}/#/activate/nouvelle.arrivee/${code}`);
    await page.getByRole('heading', { name: 'Activer mon compte' }).waitFor();
    // The code leaves the address bar at once.
    expect(page.url()).toBe(`${stage.base}/#/activate`);
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByRole('img', { name: 'Code QR du compte pour l’application d’authentification' }).waitFor();
    expect(await unlabelledControls(page)).toEqual([]);
    await screenshot(page, 'activation');
    const secret = (await page.locator('main code').textContent())!;
    await page.getByLabel('Code à 6 chiffres de votre application d’authentification').fill(totpCode(secret));
    await page.getByLabel('Votre mot de passe').fill('le quai des brumes au petit matin');
    await page.getByLabel('Le même mot de passe, de nouveau').fill('le quai des brumes au petit matin');
    await page.getByRole('button', { name: 'Activer' }).click();
    await page.getByText('Votre compte est activé').waitFor();

    await page.getByRole('link', { name: 'Se connecter' }).click();
    await page.getByLabel('Identifiant').fill('nouvelle.arrivee');
    await page.getByLabel('Mot de passe').fill('le quai des brumes au petit matin');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await page.getByLabel('Code à 6 chiffres de votre application d’authentification').fill(totpCode(secret, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.getByRole('heading', { name: 'Mes patients' }).waitFor();
    expect(errors).toEqual([]);
  });
});

describe('the security officer', () => {
  it('sees the alert of a replayed attack, the account contained, and reinstates it with a passkey', async () => {
    const scenario = parseScenario(
      readFileSync(join(import.meta.dirname, '..', '..', 'scenarios', 't2-leaked-everything.json'), 'utf8'),
      't2-leaked-everything.json',
    );
    const honeyIds = (await stage.store.db.rows<{ patient_id: string }>(sql`SELECT patient_id FROM honey_record ORDER BY patient_id`)).map(
      (row) => row.patient_id,
    );
    const attack = await replayScenario(scenario, 0, {
      base: stage.base,
      clock: stage.clock,
      store: stage.store,
      accounts: stage.accounts,
      honeyIds,
      leaked: stage.identities,
      signIns: new Map(),
    });
    expect(attack.contained).toBeDefined();
    const thief = attack.account.split(' ')[0]!;
    // An honest colleague's ordinary morning, for the chart of the day.
    const colleague = await apiSession(stage, demoAccount(stage, 'doctor', 1));
    expect((await colleague('GET', '/fhir/Patient?_count=20')).status).toBe(200);

    const officer = demoAccount(stage, 'security_officer');
    const { page, context, errors } = await openPage(stage);
    await virtualAuthenticator(context, page);
    await signInEnrollingPasskey(stage, page, officer);
    await page.getByRole('heading', { name: 'Console sécurité' }).waitFor();
    const contained = page.getByRole('region', { name: 'Comptes suspendus' });
    await contained.getByText(thief).waitFor();
    const alerts = page.getByRole('region', { name: 'Alertes ouvertes' });
    expect(await alerts.getByRole('article').count()).toBeGreaterThan(0);
    expect(await alerts.textContent()).toContain(thief);
    await page.getByRole('region', { name: 'Patients consultés par heure et par rôle (24 h)' }).locator('svg').waitFor();
    await screenshot(page, 'security-console');
    expect(await unlabelledControls(page)).toEqual([]);

    await alerts.getByRole('article').first().getByRole('button', { name: 'Chronologie' }).click();
    await page
      .getByRole('region', { name: `Chronologie du compte ${thief}` })
      .getByRole('row')
      .first()
      .waitFor();
    await page.getByRole('button', { name: 'Vérifier le registre maintenant' }).click();
    await page.getByText(/Registre intact/).waitFor();

    const form = contained.getByRole('form', { name: `Rétablir ${thief}` });
    await form.getByLabel('Note de rétablissement (obligatoire)').fill('Mot de passe réinitialisé avec le titulaire, poste vérifié');
    await form.getByRole('button', { name: 'Rétablir' }).click();
    // Reinstating needs a passkey proved in the last minutes: the dialog asks, then the request goes again.
    await page.getByRole('dialog', { name: 'Confirmez que c’est bien vous' }).getByRole('button', { name: 'Confirmer avec ma clé d’accès' }).click();
    await page.getByText(`Compte ${thief} rétabli.`).waitFor();
    const account = await stage.store.db.one<{ status: string }>(sql`SELECT status FROM account WHERE username = ${thief}`);
    expect(account?.status).toBe('active');
    await screenshot(page, 'security-console-reinstated');
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('the data protection officer', () => {
  it('sees exactly what an export would take out, and approves it', async () => {
    const doctor = demoAccount(stage, 'doctor');
    const asDoctor = await apiSession(stage, doctor);
    const mine = (await asDoctor('GET', '/fhir/Patient?_count=2')).json.entry.map((entry: { resource: { id: string } }) => entry.resource.id);
    const request = await asDoctor('POST', '/api/exports', {
      purpose: 'care-continuity',
      justification: 'transfert au CHU pour greffe',
      scope: { kind: 'patients', ids: mine },
      fields: 'identified',
      identifiedBecause: 'le CHU doit identifier les patients',
    });
    expect(request.status, JSON.stringify(request.json)).toBe(201);
    expect(request.json.status).toBe('awaiting-approval');

    const dpo = demoAccount(stage, 'dpo');
    const { page, context, errors } = await openPage(stage);
    await virtualAuthenticator(context, page);
    await signInEnrollingPasskey(stage, page, dpo);
    const waiting = page.getByRole('region', { name: 'Demandes d’export à décider' });
    const card = waiting.getByRole('article').filter({ hasText: doctor.username });
    await card.waitFor();
    expect(await card.textContent()).toContain('Identifiantes : noms, NIR, adresses et contacts inclus');
    expect(await card.textContent()).toContain('le CHU doit identifier les patients');
    await screenshot(page, 'dpo-workspace', false);
    expect(await unlabelledControls(page)).toEqual([]);
    const approve = card.getByRole('form', { name: 'Approuver' });
    await approve.getByLabel('Note d’approbation').fill('Transfert validé avec le DIM');
    await approve.getByLabel(/Phrase secrète des fichiers/).fill('cheval agrafe batterie correcte');
    await approve.getByRole('button', { name: 'Approuver' }).click();
    await page.getByRole('dialog', { name: 'Confirmez que c’est bien vous' }).getByRole('button', { name: 'Confirmer avec ma clé d’accès' }).click();
    await page.getByRole('region', { name: 'Historique des exports' }).getByText('Transfert validé avec le DIM').waitFor();
    const row = await stage.store.db.one<{ status: string }>(sql`SELECT status FROM export_request WHERE id = ${request.json.id}`);
    expect(['approved', 'writing', 'ready']).toContain(row?.status);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a patient', () => {
  it('sees who opened their record, when and why, and reports an access they do not recognise', async () => {
    const patient = demoAccount(stage, 'patient');
    const doctor = demoAccount(stage, 'doctor');
    const asDoctor = await apiSession(stage, doctor);
    expect((await asDoctor('GET', `/fhir/Patient/${patient.patientId}/$everything`)).status).toBe(200);

    const { page, context, errors } = await openPage(stage);
    await signInWithTotp(stage, page, patient);
    await page.getByRole('heading', { name: 'Mon espace patient' }).waitFor();
    const accesses = page.getByRole('region', { name: 'Qui a consulté mon dossier' });
    const row = accesses.getByRole('row').filter({ hasText: 'dossier complet' }).first();
    await row.waitFor();
    expect(await row.textContent()).toMatch(/Médecin/);
    // Why, in words a patient reads: the relationship, not the ledger's internal reason.
    expect(await row.textContent()).toContain('Membre de votre équipe de soins');
    await screenshot(page, 'patient-portal');
    await row.getByRole('button', { name: 'Je ne reconnais pas cet accès' }).click();
    await row.getByLabel('Commentaire (facultatif)').fill('Je ne connais pas ce médecin');
    await row.getByRole('button', { name: 'Signaler' }).click();
    await row.getByText('Signalement transmis au responsable de la sécurité.').waitFor();
    const alert = await stage.store.db.one<{ severity: string; username: string }>(
      sql`SELECT g.severity, a.username FROM guard_alert g JOIN account a ON a.id = g.account_id WHERE g.detector = 'patient-report'`,
    );
    expect(alert).toEqual({ severity: 'medium', username: doctor.username });
    // The portal is all a patient's session opens: the chart route shows the portal, the FHIR API refuses.
    await page.goto(`${stage.base}/#/patients/${patient.patientId}`);
    await page.getByRole('heading', { name: 'Mon espace patient' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('a breach notice', () => {
  it('shows in the portal of a patient the case concerns, and nowhere else', async () => {
    const concerned = demoAccount(stage, 'patient', 1);
    const other = demoAccount(stage, 'patient', 2);
    // A post on a forum quoting the patient's identity, as they can read it themselves.
    const record = (await (await apiSession(stage, concerned))('GET', '/api/portal/record')).json;
    const [year, month, day] = record.birthDate.split('-');
    const opened = await openBreachCase(
      stage.store,
      { operator: 'rssi' },
      `${record.family.toUpperCase()} ${record.given[0]} né(e) le ${day}/${month}/${year}\n`,
    );
    expect(opened.affected).toContain(concerned.patientId);

    const { page, context, errors } = await openPage(stage);
    await signInWithTotp(stage, page, concerned);
    const notices = page.getByRole('region', { name: 'Violations de données vous concernant' });
    await notices.getByText(/Une violation de données connue le .* vous concerne/).waitFor();
    expect(await notices.textContent()).toContain('identité et coordonnées');
    await screenshot(page, 'patient-breach-notice');
    await page.getByRole('button', { name: 'Se déconnecter' }).click();

    await signInWithTotp(stage, page, other);
    await page.getByRole('region', { name: 'Violations de données vous concernant' }).getByText('Aucune violation de données ne vous concerne.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
