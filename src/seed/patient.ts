import { Chart, type ChartEntry, type ClinicalResource } from './chart.ts';
import type { SeedGroup } from './group.ts';
import { writeHistory } from './history.ts';
import { drawPerson, patientResource } from './identity.ts';
import { writeInsurance } from './insurance.ts';
import { writeLabResults } from './lab-results.ts';
import { writeNotes } from './notes.ts';
import { writePrescriptions } from './prescriptions.ts';
import { SeededRandom } from './random.ts';
import { writeStays } from './stays.ts';

export type { ChartEntry, ClinicalResource } from './chart.ts';

/**
 * One synthetic patient and the resources of their chart, in memory (another module
 * encrypts and stores them). Pure and deterministic: patient `index` of `seed` depends on
 * nothing else, so a million patients are generated one at a time, in any order or range,
 * in parallel if wanted, and the same (seed, index) always gives a deep-equal record.
 */
export interface PatientRecord {
  patient: fhir4.Patient;
  /** The establishment the patient is registered at (managingOrganization). */
  establishmentId: string;
  resources: Array<{ resource: ClinicalResource; establishmentId: string }>;
}

/** The time of patient 0's ids: each next patient's are a millisecond later (SeededRandom.mintIdsInOrder). */
const ID_EPOCH = Date.UTC(2016, 0, 1);

export function generatePatientRecord(group: SeedGroup, seed: number, index: number): PatientRecord {
  if (!Number.isSafeInteger(index) || index < 0) throw new RangeError(`patient index must be a non-negative integer, not ${index}`);
  const random = new SeededRandom(seed, 'patient', index).mintIdsInOrder(ID_EPOCH + index);
  const establishment = random.draw(group.homeEstablishments);
  const chart = new Chart(group, random, drawPerson(group, random, establishment));
  // In the order the data flows: who and where, then what happened, then what was written.
  writeStays(chart);
  writeHistory(chart);
  writeLabResults(chart);
  writePrescriptions(chart);
  writeInsurance(chart);
  writeNotes(chart);
  return { patient: patientResource(chart, index), establishmentId: establishment.id, resources: chart.entries as ChartEntry[] };
}
