import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDemoAccounts, type DemoAccount } from '../seed/demo-accounts.ts';
import { signerFromSeed } from '../ledger/signing-key.ts';
import { generateGroup } from '../seed/group.ts';
import { generatePatientRecord } from '../seed/patient.ts';
import { seedDatabase } from '../seed/writer.ts';
import type { Sql } from '../store/database.ts';
import { sql } from '../store/sql.ts';
import { prepareStore, type Store } from '../runtime/open-store.ts';
import { openPglite } from '../store/pglite-driver.ts';

/** A patient as someone outside knows them: a leaked list's row, or who turns up at the desk. */
export interface Identity {
  id: string;
  family: string;
  given: string;
  birthDate: string;
  establishmentId: string;
  deceased: boolean;
}

/** A throwaway embedded store seeded with a synthetic group, for replays and simulations. */
export interface ScratchGroup {
  store: Store;
  accounts: DemoAccount[];
  /** The seeded patients' identities, in seed order (regenerated from the seed, not read through any gate). */
  identities: Identity[];
  close(): Promise<void>;
}

export async function scratchGroup(patients: number, seed: number): Promise<ScratchGroup> {
  const dir = mkdtempSync(join(tmpdir(), 'vigie-scratch-'));
  const store = await prepareStore(await openPglite(), randomBytes(32), signerFromSeed(randomBytes(32)));
  const asOf = new Date().toISOString().slice(0, 10);
  const accountsFile = join(dir, 'accounts.json');
  const close = async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  };
  await seedDatabase(store, { patients, seed, asOf, accountsFile }).catch(async (error: unknown) => {
    await close();
    throw error;
  });
  const group = generateGroup(seed, { referenceDate: asOf });
  const identities = Array.from({ length: patients }, (_, index): Identity => {
    const { patient, establishmentId } = generatePatientRecord(group, seed, index);
    return {
      id: patient.id!,
      family: patient.name![0]!.family!,
      given: patient.name![0]!.given![0]!,
      birthDate: patient.birthDate!,
      establishmentId,
      deceased: Boolean(patient.deceasedDateTime),
    };
  });
  return {
    store,
    accounts: readDemoAccounts(accountsFile),
    identities,
    close,
  };
}

/**
 * A month of past work for each account: a session opened 30 days ago from its usual
 * address and browser (closed since), as the guard's address detectors see a group that
 * has been running for a while.
 */
export async function monthOfSignIns(tx: Sql, places: ReadonlyArray<{ accountId: string; address: string; userAgent: string }>): Promise<void> {
  await tx.run(sql`INSERT INTO session (id, token_hash, account_id, created_at, last_seen_at, idle_seconds, absolute_expires_at, address, user_agent, revoked_at)
     SELECT gen_random_uuid(), sha256(convert_to(a::text || ' a month ago', 'UTF8')), a, now() - interval '30 days', now() - interval '30 days', 900,
            now() - interval '29 days', w, u, now() - interval '29 days'
     FROM unnest(${places.map((p) => p.accountId)}::uuid[], ${places.map((p) => p.address)}::text[], ${places.map((p) => p.userAgent)}::text[]) AS t(a, w, u)`);
}
