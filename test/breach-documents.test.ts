import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/api/app.ts';
import { openBreachCase, type BreachCase } from '../src/breach/cases.ts';
import { writeCaseDocuments } from '../src/breach/documents/write-documents.ts';
import { rotateKeys } from '../src/cli/keys.ts';
import { scratchGroup, type ScratchGroup } from '../src/drills/scratch-group.ts';
import { signInAs } from './support/sign-in.ts';

/**
 * The documents of a breach case rendered as the people who receive them see them: the
 * CNIL notification and three patients' letters as PDF, their text read back with
 * pdftotext, their pages drawn to images with pdftoppm (poppler, which .ci/run installs).
 */
const DPO = 'Claire Martin, déléguée à la protection des données, dpo@groupe-exemple.fr, 01 23 45 67 89';
let group: ScratchGroup;
let app: FastifyInstance;
let opened: BreachCase;
let dir: string;
let patients: fhir4.Patient[];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'vigie-breach-docs-'));
  group = await scratchGroup(200, 33);
  app = await buildApp({ store: group.store });
  // A stolen doctor's account opens three of its patients' charts; a forum publishes them.
  const doctor = group.accounts.find((account) => account.role === 'doctor')!;
  const headers = await signInAs(app, { ...doctor, signIns: 0 });
  const mine = (await app.inject({ url: '/fhir/Patient?_count=3', headers })).json() as fhir4.Bundle;
  patients = mine.entry!.map((entry) => entry.resource as fhir4.Patient);
  for (const patient of patients) expect((await app.inject({ url: `/fhir/Patient/${patient.id}/$everything`, headers })).statusCode).toBe(200);
  const sample = patients
    .map((p) => `${p.name![0]!.family} ${p.name![0]!.given![0]} ${p.birthDate!.split('-').reverse().join('/')} ${p.address?.[0]?.postalCode ?? ''}`)
    .join('\n');
  opened = await openBreachCase(group.store, { operator: 'rssi' }, sample, new Date(Date.now() - 3_600_000));
  // The response so far: the keys rotated (the ledger says when, and the notification says so).
  await rotateKeys(group.store, 'rssi');
  await writeCaseDocuments(group.store, { operator: 'rssi' }, opened.id, { dir, dpoContact: DPO });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await group?.close();
  rmSync(dir, { recursive: true, force: true });
});

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', join(dir, file), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');

/** The pages as PNG images for a reader to look at (test-output/, not committed), as the issue asks them drawn. */
function pagesAsPng(file: string, name: string): string[] {
  const out = join(import.meta.dirname, '..', 'test-output', 'breach-documents');
  mkdirSync(out, { recursive: true });
  for (const old of readdirSync(out).filter((png) => png.startsWith(`${name}-`))) rmSync(join(out, old));
  execFileSync('pdftoppm', ['-r', '60', '-png', join(dir, file), join(out, name)]);
  return readdirSync(out)
    .filter((png) => png.startsWith(`${name}-`) && png.endsWith('.png'))
    .map((png) => join(out, png));
}

/** Each page drawn in grey at 40 dpi: the share of dark pixels, which a blank or garbled page does not have. */
function inkOfPages(file: string): number[] {
  const prefix = join(dir, 'page');
  execFileSync('pdftoppm', ['-r', '40', '-gray', join(dir, file), prefix]);
  const pages = readdirSync(dir)
    .filter((name) => name.startsWith('page') && name.endsWith('.pgm'))
    .sort();
  const ink = pages.map((name) => {
    const image = readFileSync(join(dir, name));
    // PGM (P5): magic, width, height, maximum, then one byte a pixel.
    const header = /^P5\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(image.subarray(0, 50).toString('latin1'))!;
    const pixels = image.subarray(header[0].length);
    let dark = 0;
    for (const value of pixels) if (value < 128) dark++;
    rmSync(join(dir, name));
    return dark / pixels.length;
  });
  return ink;
}

describe('the documents of a breach case', () => {
  it('include a CNIL notification with the items of GDPR article 33, drawn on real pages', () => {
    expect(existsSync(join(dir, 'cnil-notification.txt'))).toBe(true);
    const text = pdfText('cnil-notification.pdf');
    for (const required of [
      /article 33/,
      /Notification initiale/,
      /Nature de la violation/,
      /Nombre approximatif de personnes concernées : 3 patients/,
      /Nombre approximatif d.enregistrements concernés/,
      /Catégorie de données : identité et coordonnées/,
      /Catégorie de données : antécédents et problèmes de santé/,
      /Claire Martin, déléguée à la protection des données/,
      /Conséquences probables/,
      /Des données de santé \(article 9\)/,
      /Mesures prises et envisagées/,
      /Les clés de chiffrement des données ont été remplacées le/,
      /Chronologie/,
      /everything \(accordé\) × 3/,
    ]) {
      expect(text, String(required)).toMatch(required);
    }
    expect(text).toMatch(new RegExp(`Source identifiée .* « ${group.accounts.find((a) => a.role === 'doctor')!.username} »`));
    const pngs = pagesAsPng('cnil-notification.pdf', 'cnil-notification');
    expect(pngs.length).toBeGreaterThanOrEqual(1);
    for (const png of pngs) expect(readFileSync(png).subarray(1, 4).toString('latin1')).toBe('PNG');
    const ink = inkOfPages('cnil-notification.pdf');
    expect(ink).toHaveLength(pngs.length);
    expect(ink.length).toBeGreaterThanOrEqual(1);
    for (const share of ink) expect(share).toBeGreaterThan(0.003);
    for (const share of ink) expect(share).toBeLessThan(0.3);
  });

  it('include a letter in plain French for each of the three patients, addressed to them', () => {
    const letters = readdirSync(join(dir, 'letters'))
      .filter((name) => name.endsWith('.pdf'))
      .sort();
    expect(letters).toEqual(['000001.pdf', '000002.pdf', '000003.pdf']);
    const texts = letters.map((name) => pdfText(join('letters', name)));
    for (const patient of patients) {
      const family = patient.name![0]!.family!.toUpperCase();
      const letter = texts.find((text) => text.includes(family));
      expect(letter, family).toBeDefined();
      for (const required of [
        /Information sur une violation de vos données personnelles/,
        /Ce qui s.est passé/,
        /Les informations vous concernant/,
        /Ce que vous pouvez faire/,
        /www\.cnil\.fr/,
        /dpo@groupe-exemple\.fr/,
      ]) {
        expect(letter!, String(required)).toMatch(required);
      }
    }
    for (const name of letters) {
      expect(pagesAsPng(join('letters', name), `letter-${name.replace('.pdf', '')}`).length).toBeGreaterThanOrEqual(1);
      const [first, ...rest] = inkOfPages(join('letters', name));
      expect(first).toBeGreaterThan(0.005);
      // A last page may hold only the closing lines.
      for (const share of rest) expect(share).toBeGreaterThan(0.0005);
    }
  });

  it('opened each name and address in the ledger, once per letter', async () => {
    const entries = await group.store.db.query<{ patient_id: string }>("SELECT patient_id FROM audit_event WHERE action = 'breach-letter'");
    expect(entries.map((entry) => entry.patient_id).sort()).toEqual(patients.map((patient) => patient.id).sort());
    // File names say nothing of whom they are for.
    for (const name of readdirSync(join(dir, 'letters'))) expect(name).toMatch(/^\d{6}\.(pdf|txt)$/);
  });
});
