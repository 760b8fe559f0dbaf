import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { recipientSealer, sealingStream } from '../src/exports/sealed-file.ts';
import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { totpCode } from '../src/identity/totp.ts';
import { openPglite } from '../src/store/pglite-driver.ts';
import type { DemoAccount } from '../src/seed/demo-accounts.ts';
import { buildApp } from '../src/api/app.ts';
import { runtimeConfig } from '../src/cli/config.ts';
import { renewDemoActivationCodes } from '../src/cli/demo.ts';
import { PRIVILEGED_ROLES, type Role } from '../src/domain/roles.ts';
import { openStore } from '../src/runtime/open-store.ts';
import { ownerQuery } from './support/test-store.ts';
import { exportFiles } from './support/export-flow.ts';
import { leakedCsv } from './support/leaked-sample.ts';
import { signInAs } from './support/sign-in.ts';
import { generateGroup } from '../src/seed/group.ts';
import { generatePatientRecord } from '../src/seed/patient.ts';
import { sql } from '../src/store/sql.ts';

/** The `vigie` command as a user runs it, a separate process per command: from the sources, so the suite needs no build (.ci/run starts the compiled one). */
const BIN = join(import.meta.dirname, '..', 'bin', 'vigie-dev.mjs');
const dir = mkdtempSync(join(tmpdir(), 'vigie-cli-'));
const data = join(dir, 'data');
const accountsFile = join(data, 'demo-accounts.json');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, VIGIE_DATA: '', DATABASE_URL: '', PORT: '' };
const vigie = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env, timeout: 120_000 });

describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('vigie', () => {
  it('seeds a group with demo accounts of every role into a private file', () => {
    const result = vigie('seed', '--patients', '30', '--seed', '5', '--data', data, '--accounts-out', accountsFile);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Seeded 30 patients and \d+ clinical resources/);
    expect(statSync(accountsFile).mode & 0o777).toBe(0o600);
    const accounts = JSON.parse(readFileSync(accountsFile, 'utf8')) as DemoAccount[];
    expect(new Set(accounts.map((account) => account.role))).toEqual(
      new Set(['doctor', 'nurse', 'admissions', 'lab', 'dpo', 'dim', 'security_officer', 'user_admin', 'sysadmin', 'patient']),
    );
    // A privileged owner enrols the first passkey with the code; no one else has one.
    for (const account of accounts) expect(Boolean(account.activationCode), account.role).toBe(PRIVILEGED_ROLES.includes(account.role as Role));
  });

  it('gives the privileged demo accounts fresh activation codes at start once theirs lapse', async () => {
    const store = await openStore(runtimeConfig({ data }, env));
    try {
      await store.db.run(sql`UPDATE activation_code SET expires_at = now() - interval '1 minute'`);
      const before = JSON.parse(readFileSync(accountsFile, 'utf8')) as DemoAccount[];
      await renewDemoActivationCodes(store, accountsFile);
      const after = JSON.parse(readFileSync(accountsFile, 'utf8')) as DemoAccount[];
      for (const [i, account] of after.entries()) {
        if (!account.activationCode) continue;
        expect(account.activationCode).not.toBe(before[i]!.activationCode);
        const row = await store.db.one<{ live: boolean }>(
          sql`SELECT bool_or(used_at IS NULL AND expires_at > now()) AS live FROM activation_code c JOIN account a ON a.id = c.account_id WHERE a.username = ${account.username}`,
        );
        expect(row!.live).toBe(true);
      }
    } finally {
      await store.close();
    }
  });

  it('refuses to seed twice into the same database', () => {
    const result = vigie('seed', '--patients', '5', '--data', data, '--accounts-out', join(dir, 'again.json'));
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/already holds a group/);
  });

  it("prints a demo account's TOTP code, and nothing for anyone else", () => {
    const account = (JSON.parse(readFileSync(accountsFile, 'utf8')) as DemoAccount[])[0]!;
    const result = vigie('demo', 'code', account.username, '--data', data);
    expect(result.status, result.stderr).toBe(0);
    const now = Date.now();
    expect([totpCode(account.totpSecret, now - 30_000), totpCode(account.totpSecret, now)]).toContain(result.stdout.trim());
    const stranger = vigie('demo', 'code', 'someone.else', '--accounts', accountsFile);
    expect(stranger.status).not.toBe(0);
    expect(stranger.stderr).toMatch(/not a demo account/);
  });

  it('says clearly that the data folder is in use by a running server', async () => {
    const server = spawn(process.execPath, [BIN, 'serve', '--data', data, '--port', '0'], { env });
    try {
      await new Promise<void>((resolve, reject) => {
        server.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('listens on') && resolve());
        server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const result = vigie('seed', '--patients', '5', '--data', data);
      expect(result.status).not.toBe(0);
      expect(result.stderr).toMatch(/in use by another Vigie process/);
    } finally {
      const gone = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGTERM');
      await gone; // the next tests open the same folder
    }
  });

  it('verifies the audit ledger, and names the entry someone changed behind its back', async () => {
    const intact = vigie('audit', 'verify', '--data', data);
    expect(intact.status, intact.stderr).toBe(0);
    expect(intact.stdout).toMatch(/^Ledger intact: [1-9]\d* entries, head [0-9a-f]{64}, [1-9]\d* signed checkpoints/);
    const witness = join(dir, 'checkpoints.json');
    const exported = vigie('audit', 'checkpoints', '--out', witness, '--data', data);
    expect(exported.status, exported.stderr).toBe(0);
    expect(JSON.parse(readFileSync(witness, 'utf8'))).toMatchObject({ format: 'vigie-ledger-checkpoints/1' });
    expect(vigie('audit', 'verify', '--checkpoints', witness, '--data', data).status).toBe(0);

    const db = await openPglite(join(data, 'pgdata'));
    await db.transaction(async (tx) => {
      await tx.run(sql`SET LOCAL session_replication_role = 'replica'`);
      await tx.run(sql`UPDATE audit_event SET reason = 'nothing happened' WHERE seq = 1`);
    });
    await db.close();
    const broken = vigie('audit', 'verify', '--data', data);
    expect(broken.status).toBe(1);
    expect(broken.stderr).toMatch(/Ledger BROKEN at entry 1: /);
    expect(vigie('audit', 'verify', '--checkpoints', witness, '--data', data).status).toBe(1);
  }, 180_000); // four CLI processes, each opening the embedded database: slow on loaded cores

  it('proves an entry against the latest signed checkpoint, and says what it needs', () => {
    const seq = (JSON.parse(vigie('audit', 'stream', '--data', data).stdout.split('\n')[0]!) as fhir4.AuditEvent).id!;
    const proof = vigie('audit', 'prove', '--entry', seq, '--data', data);
    expect(proof.status, proof.stderr).toBe(0);
    const parsed = JSON.parse(proof.stdout) as { format: string; proof: string[]; checkpoint: { treeSize: string }; publicKey: string };
    expect(parsed).toMatchObject({ format: 'vigie-ledger-inclusion/1', seq });
    expect(Number(parsed.checkpoint.treeSize)).toBeGreaterThan(0);
    expect(Array.isArray(parsed.proof) && parsed.publicKey.length > 0).toBe(true);
    const neither = vigie('audit', 'prove', '--data', data);
    expect(neither.status).toBe(1);
    expect(neither.stderr).toMatch(/--entry SEQ, or --from SIZE and --to SIZE/);
  });

  it('archives nothing younger than six months, and refuses a shorter retention', () => {
    const young = vigie('audit', 'archive', '--out', join(dir, 'archive.ndjson'), '--data', data);
    expect(young.status, young.stderr).toBe(0);
    expect(young.stdout).toMatch(/^Nothing to archive: no sealed segment is older than 183 days/);
    const short = vigie('audit', 'archive', '--out', join(dir, 'archive.ndjson'), '--keep-days', '30', '--data', data);
    expect(short.status).toBe(1);
    expect(short.stderr).toMatch(/kept at least 183 days/);
  });

  it('streams the ledger as JSON lines of AuditEvent for a SIEM', () => {
    const all = vigie('audit', 'stream', '--data', data);
    expect(all.status, all.stderr).toBe(0);
    const events = all.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as fhir4.AuditEvent);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event).toMatchObject({ resourceType: 'AuditEvent', recorded: expect.any(String) });
    expect(events.map((event) => Number(event.id))).toEqual(events.map((_, i) => i + 1));
    const last = vigie('audit', 'stream', '--from', String(events.length), '--data', data);
    expect(last.stdout.trim().split('\n')).toHaveLength(1);
    expect(vigie('audit', 'stream', '--from', String(events.length + 1), '--data', data).stdout).toBe('');

    const syslog = vigie('audit', 'stream', '--format', 'syslog', '--data', data).stdout.trim().split('\n');
    expect(syslog).toHaveLength(events.length);
    const [, priority, message] = /^<(\d+)>1 \S+ \S+ vigie - \S+ - (\{.*\})$/.exec(syslog[0]!) ?? [];
    expect(Math.floor(Number(priority) / 8)).toBe(10); // authpriv
    expect(JSON.parse(message!)).toEqual(events[0]);
    expect(vigie('audit', 'stream', '--format', 'xml', '--data', data).stderr).toMatch(/Unknown format xml/);
  });

  it('opens a sealed export file with its passphrase file, and fails on an altered one', async () => {
    const plain = Buffer.from('{"resourceType":"Patient","id":"abc"}\n'.repeat(3000));
    const sealed = join(dir, 'export.ndjson.sealed');
    await pipeline(Readable.from([plain]), await sealingStream('a passphrase for the recipient'), createWriteStream(sealed));
    const passphraseFile = join(dir, 'passphrase.txt');
    writeFileSync(passphraseFile, 'a passphrase for the recipient\n');
    const opened = join(dir, 'export.ndjson');
    const result = vigie('export', 'open', sealed, '--passphrase-file', passphraseFile, '--out', opened);
    expect(result.status, result.stderr).toBe(0);
    expect(readFileSync(opened).equals(plain)).toBe(true);
    const altered = readFileSync(sealed);
    altered[altered.length - 5]! ^= 1;
    writeFileSync(sealed, altered);
    const failed = vigie('export', 'open', sealed, '--passphrase-file', passphraseFile);
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/altered/);
  });

  it("opens a file sealed to a receiving system's key with its private key, and makes its receipt", async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 3072 });
    const exportId = randomUUID();
    const plain = Buffer.from('{"resourceType":"Patient","id":"abc"}\n'.repeat(100));
    const sealed = join(dir, 'Patient.ndjson.sealed');
    await pipeline(Readable.from([plain]), recipientSealer(publicKey, exportId).stream(), createWriteStream(sealed));
    const keyFile = join(dir, 'receiving.pem');
    writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const opened = vigie('export', 'open', sealed, '--key', keyFile);
    expect(opened.status, opened.stderr).toBe(0);
    expect(opened.stdout).toBe(plain.toString());
    const receipt = vigie('export', 'receipt', sealed, '--key', keyFile);
    expect(receipt.status, receipt.stderr).toBe(0);
    expect(JSON.parse(receipt.stdout)).toMatchObject({
      export: exportId,
      files: [createHash('sha256').update(readFileSync(sealed)).digest('hex')],
      proof: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(vigie('export', 'open', sealed, '--passphrase-file', keyFile).stderr).toMatch(/private key/);
  });

  it('names the export a leaked sample came from, with its requester; and none for a file from no export', async () => {
    // An export written by the demo doctor, in this data folder, through the API.
    const store = await openStore(runtimeConfig({ data }, env));
    const app = await buildApp({ store, exportDir: join(data, 'exports') });
    let exportId: string;
    let sample: string;
    try {
      const doctor = (JSON.parse(readFileSync(accountsFile, 'utf8')) as DemoAccount[]).find((account) => account.role === 'doctor')!;
      const headers = await signInAs(app, { ...doctor, signIns: 0 });
      const ids = (
        await ownerQuery<{ id: string }>(
          store.db,
          'SELECT p.id FROM patient p JOIN account a ON a.establishment_id = p.establishment_id WHERE a.username = $1 AND p.id NOT IN (SELECT patient_id FROM honey_record) LIMIT 6',
          [doctor.username],
        )
      ).map((row) => row.id);
      const asked = await app.inject({
        method: 'POST',
        url: '/api/exports',
        headers,
        payload: {
          purpose: 'research',
          justification: 'étude pilote',
          ethicsReference: 'CPP 2026-D0004',
          scope: { kind: 'patients', ids },
          format: 'csv',
          passphrase: 'a passphrase for the recipient',
        },
      });
      expect(asked.statusCode, asked.body).toBe(201);
      exportId = asked.json().id;
      await app.exportJobs.settled();
      const [header, ...rows] = (await exportFiles(app, headers, exportId, 'a passphrase for the recipient')).get('Observation')!;
      sample = leakedCsv(header!, rows, { rows: 40, dropped: ['label', 'unit'], seed: 9 });
    } finally {
      await app.close();
      await store.close();
    }
    const file = join(dir, 'found-on-a-forum.csv');
    writeFileSync(file, sample);
    const named = vigie('attribute', file, '--data', data);
    expect(named.status, named.stderr).toBe(0);
    expect(named.stdout).toContain(`EXPORT ${exportId}`);
    expect(named.stdout).toMatch(/requested by dr\.\S+ on \S+ for research \(pseudonymised, csv\)/);
    expect(named.stdout).toMatch(/probability that an export this sample did not come from matches as well: \d\.\de-\d+/);

    writeFileSync(file, 'id,code,value\r\nabc,2345-7,5.4\r\ndef,2345-7,6.1\r\n');
    const none = vigie('attribute', file, '--data', data);
    expect(none.status).toBe(2);
    expect(none.stdout).toMatch(/No export is named/);
  });

  it('opens a breach case from a pasted sample, naming the patients by id only, with the 72-hour deadline', () => {
    // Patients of the seeded group, as the seed made them (seed 5), typed on a forum with a typo.
    const group = generateGroup(5);
    const people = [0, 1, 2].map((index) => generatePatientRecord(group, 5, index).patient);
    const pasted = people
      .map((patient) => `${patient.name![0]!.family!.toUpperCase()} ${patient.name![0]!.given![0]} ne le ${patient.birthDate!.split('-').reverse().join('/')}`)
      .join('\n');
    const sample = join(dir, 'forum.txt');
    writeFileSync(sample, `${pasted}\nNOBODY Unknown 01/01/1901\n`);
    const result = vigie('breach', 'open', '--sample', sample, '--aware-at', '2026-11-30T09:00:00Z', '--data', data);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('notify the CNIL by 2026-12-03T09:00:00.000Z');
    expect(result.stdout).toMatch(/sample: 4 rows, 3 matched to patients/);
    for (const patient of people) expect(result.stdout).not.toContain(patient.name![0]!.family!);
    expect(vigie('breach', 'open', '--sample', sample, '--aware-at', '2999-01-01', '--data', data).status).not.toBe(0);

    const caseId = /BREACH CASE ([0-9a-f-]{36})/.exec(result.stdout)![1]!;
    const out = join(dir, 'breach-documents');
    const documents = vigie('breach', 'documents', caseId, '--out', out, '--dpo-contact', 'DPO du groupe, dpo@exemple.fr', '--data', data);
    expect(documents.status, documents.stderr).toBe(0);
    expect(documents.stdout).toContain('and 3 letters');
    expect(readFileSync(join(out, 'cnil-notification.txt'), 'utf8')).toContain('Nombre approximatif de personnes concernées : 3 patients');
    expect(statSync(join(out, 'letters', '000001.pdf')).mode & 0o777).toBe(0o600);
    expect(vigie('breach', 'documents', caseId, '--out', out, '--dpo-contact', 'x', '--data', data).status).not.toBe(0);
  });

  it('replaces the master key: the data folder opens with the new one, and the old one is gone from it', () => {
    const before = readFileSync(join(data, 'master.key'), 'utf8');
    const out = join(dir, 'new-master.key');
    const result = vigie('keys', 'rewrap', '--new-master', out, '--data', data);
    expect(result.status, result.stderr).toBe(0);
    expect(statSync(out).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(data, 'master.key'), 'utf8')).toBe(readFileSync(out, 'utf8'));
    expect(readFileSync(out, 'utf8')).not.toBe(before);
    // The records open with the new key: the pasted sample of the breach test matches its three patients again.
    const reopened = vigie('breach', 'open', '--sample', join(dir, 'forum.txt'), '--data', data);
    expect(reopened.status, reopened.stderr).toBe(0);
    expect(reopened.stdout).toMatch(/3 matched to patients/);
    // Never over an existing file: a key is not lost by a second run.
    expect(vigie('keys', 'rewrap', '--new-master', out, '--data', data).status).not.toBe(0);
  });

  it('explains a missing option', () => {
    const result = vigie('seed', '--data', data);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toMatch(/--patients/);
  });
});
