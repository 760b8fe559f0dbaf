import { COVERAGE_KIND_SYSTEM } from '../domain/systems.ts';
import type { Chart } from './chart.ts';
import { formatDate } from './dates.ts';
import { coding } from './fhir.ts';

/**
 * Insurers, recorded by admissions at the patient's establishment: the statutory
 * insurance (AMO: the CPAM of the department where the patient lives, member id = NIR) and,
 * for most people, a complementary insurer (AMC: a mutuelle, with its member number).
 */
export function writeInsurance(chart: Chart): void {
  const { random, person, group } = chart;
  const establishmentId = person.establishment.id;
  const firstSeen = chart.stays[0]?.start ?? chart.start;
  const status: fhir4.Coverage['status'] = 'active';
  const amo: fhir4.Coverage = {
    resourceType: 'Coverage',
    id: random.uuid(),
    status,
    type: { coding: [coding(COVERAGE_KIND_SYSTEM, 'AMO', 'Assurance maladie obligatoire')] },
    subscriberId: person.nir,
    beneficiary: chart.subject(),
    payor: [{ display: group.cpamByDepartment.get(person.home.commune.department) ?? 'CPAM' }],
    period: { start: formatDate(firstSeen) },
  };
  chart.add(amo, establishmentId, firstSeen);
  // About 95 % of people in France have a complementary insurance (DREES, 2019).
  if (!random.chance(0.93)) return;
  const since = random.dateBetween(chart.start, Math.max(chart.start, firstSeen));
  const amc: fhir4.Coverage = {
    resourceType: 'Coverage',
    id: random.uuid(),
    status,
    type: { coding: [coding(COVERAGE_KIND_SYSTEM, 'AMC', 'Assurance maladie complémentaire')] },
    subscriberId: random.digits(random.int(8, 11)),
    beneficiary: chart.subject(),
    payor: [{ display: random.draw(group.mutuelles) }],
    period: { start: formatDate(since) },
  };
  chart.add(amc, establishmentId, since);
}
