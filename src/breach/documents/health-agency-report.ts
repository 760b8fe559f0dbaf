import type { CaseFacts } from '../case-facts.ts';
import type { BreachDocument } from '../../documents/document.ts';
import { count, frenchDate, ROLE_WORDS } from './words.ts';

/**
 * The report to the regional health agency of an incident affecting the security of a
 * health information system (Code de la santé publique, art. L. 1111-8-2 and D. 1111-16-2),
 * made on the national portal of health incident reports, which the CERT Santé handles.
 */
export function healthAgencyReport(facts: CaseFacts, contact: string, now = new Date()): BreachDocument {
  return {
    head: [facts.group, `Signalement lié au dossier ${facts.caseId}`, `Établi le ${frenchDate(now)}`],
    title: 'Signalement d’un incident de sécurité des systèmes d’information de santé (art. L. 1111-8-2 CSP)',
    blocks: [
      {
        heading: 'Structures concernées',
        items: facts.establishments.map((e) => `${e.name}${e.finess ? ` — FINESS ${e.finess}` : ''} : ${count(e.patients)} patients concernés`),
      },
      {
        heading: 'Incident',
        items: [
          `Date de détection : ${frenchDate(facts.awareAt)}.`,
          'Type : atteinte à la confidentialité des données de santé (publication d’un échantillon de données de patients).',
          facts.source
            ? `Origine : compte « ${facts.source.username} » (${ROLE_WORDS[facts.source.role] ?? facts.source.role}) vraisemblablement usurpé, du ${frenchDate(facts.source.from)} au ${frenchDate(facts.source.to)}.`
            : 'Origine : en cours d’identification.',
          'Impact sur la prise en charge des patients : aucun constaté ; le système d’information reste disponible et intègre (registre d’audit vérifié).',
          `Personnes concernées : ${count(facts.patients)}.`,
        ],
      },
      { heading: 'Mesures prises', items: facts.measures },
      { heading: 'Contact', paragraphs: [contact] },
    ],
  };
}
