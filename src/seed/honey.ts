import type { KeyRing } from '../crypto/key-ring.ts';
import { recordRows, type RecordRows } from './encode-batch.ts';
import type { SeedGroup } from './group.ts';
import { SeededRandom } from './random.ts';

/**
 * Honey records: synthetic patients made exactly as the others are — identity, stays,
 * history, results, all encrypted the same way — but given no care link, so that no one
 * has a relationship with them, and listed in honey_record. No honest work reaches one:
 * a search returns only the actor's own patients, and an identity lookup needs the exact
 * identity. Whoever touches one is enumerating, or holds leaked identifiers.
 */
const HONEY_INDEX_BASE = 2 ** 40; // far from the seed's patient indexes, so never one of them
/** At least this many per establishment, and one per this many of its patients. */
const PER_ESTABLISHMENT = 3;
const ONE_PER_PATIENTS = 500;

export function honeyQuota(patients: number, establishments: number): number {
  return Math.max(PER_ESTABLISHMENT, Math.ceil(patients / establishments / ONE_PER_PATIENTS));
}

/** The honey records of a group, encrypted and ready to load (by the seed writer), without care links. */
export function honeyRecords(group: SeedGroup, keys: KeyRing, seed: number, perEstablishment: number): RecordRows {
  const wanted = new Map(group.establishments.map((establishment) => [establishment.id, perEstablishment]));
  const honey: RecordRows = { patients: [], clinical: [], links: [] };
  // Patients are drawn to establishments by their share: draw until every one has its quota.
  for (let index = HONEY_INDEX_BASE; [...wanted.values()].some((left) => left > 0); index++) {
    // The first draw of a patient's stream is its establishment (generatePatientRecord): cheap to look at first.
    const home = new SeededRandom(seed, 'patient', index).draw(group.homeEstablishments);
    const left = wanted.get(home.id) ?? 0;
    if (left === 0) continue;
    wanted.set(home.id, left - 1);
    const batch = recordRows(group, keys, seed, index, index + 1);
    honey.patients.push(...batch.patients);
    honey.clinical.push(...batch.clinical);
  }
  return honey;
}
