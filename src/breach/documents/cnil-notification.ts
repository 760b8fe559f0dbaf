import type { CaseFacts } from '../case-facts.ts';
import type { BreachDocument } from '../../documents/document.ts';
import { CATEGORY_WORDS, count, frenchDate, isHealthData, ROLE_WORDS } from './words.ts';

/**
 * The notification to the CNIL (GDPR art. 33): nature of the breach with the categories
 * and approximate numbers of people and records concerned, the DPO's contact, the likely
 * consequences, the measures taken and proposed. Sent in phases while the case is open
 * (art. 33(4)); past 72 hours it says why (art. 33(1)).
 */
export function cnilNotification(facts: CaseFacts, dpoContact: string, now = new Date()): BreachDocument {
  const late = now > facts.notifyBy;
  const health = facts.byCategory.filter((c) => isHealthData(c.category));
  return {
    head: [facts.group, `Notification n° ${facts.caseId}`, `Établie le ${frenchDate(now)}`],
    title: 'Notification d’une violation de données personnelles à la CNIL (RGPD, article 33)',
    blocks: [
      {
        heading: 'Type de notification',
        paragraphs: [
          `Notification initiale, complétée par phases (article 33, paragraphe 4) : les investigations se poursuivent et un complément suivra.`,
          `Prise de connaissance de la violation : ${frenchDate(facts.awareAt)}. Échéance de notification : ${frenchDate(facts.notifyBy)}.`,
          ...(late
            ? [
                'La notification intervient après le délai de 72 heures : le temps d’identifier avec certitude les personnes concernées à partir de l’échantillon publié.',
              ]
            : []),
        ],
      },
      {
        heading: '1. Nature de la violation',
        paragraphs: [
          `Violation de la confidentialité : un échantillon de ${count(facts.sampleRows)} lignes de données de patients a été publié ; ${count(facts.rowsMatched)} lignes ont été rapprochées de dossiers du groupe.`,
          facts.source?.exportId
            ? `Source identifiée par les marques invisibles de l’export n° ${facts.source.exportId}, demandé par « ${facts.source.username} » (rôle : ${ROLE_WORDS[facts.source.role] ?? facts.source.role})${facts.source.approver ? ` et approuvé par « ${facts.source.approver} »` : ''} le ${frenchDate(facts.source.from)} : le fichier a été divulgué par son destinataire ou dérobé après sa remise.`
            : facts.source
              ? `Source identifiée par le registre d’audit : le compte « ${facts.source.username} » (rôle : ${ROLE_WORDS[facts.source.role] ?? facts.source.role}), utilisé du ${frenchDate(facts.source.from)} au ${frenchDate(facts.source.to)}, vraisemblablement usurpé.`
              : 'La source n’est pas encore identifiée : aucune session du registre d’audit ne couvre la moitié des personnes retrouvées dans l’échantillon.',
        ],
        items: [
          `Nombre approximatif de personnes concernées : ${count(facts.patients)} patients (dont ${count(facts.patientsInSample)} retrouvés dans l’échantillon publié).`,
          `Nombre approximatif d’enregistrements concernés : ${count(facts.records)} consultations de dossiers par la source.`,
          ...facts.byCategory.map((c) => `Catégorie de données : ${CATEGORY_WORDS[c.category]} — ${count(c.patients)} personnes.`),
          ...facts.establishments.map((e) => `Établissement : ${e.name}${e.finess ? ` (FINESS ${e.finess})` : ''} — ${count(e.patients)} patients.`),
        ],
      },
      {
        heading: '2. Délégué à la protection des données',
        paragraphs: [dpoContact],
      },
      {
        heading: '3. Conséquences probables',
        paragraphs: [
          health.length > 0
            ? `Des données de santé (article 9) sont concernées (${health.map((c) => CATEGORY_WORDS[c.category]).join(' ; ')}) : atteinte à la vie privée, risque de discrimination, de chantage ou d’atteinte à la réputation. Le risque pour les personnes est élevé : elles sont informées (article 34).`
            : 'Des données d’identité et de contact sont concernées : risque d’hameçonnage et d’usurpation d’identité ciblés. Le risque est jugé élevé et les personnes sont informées (article 34).',
        ],
      },
      {
        heading: '4. Mesures prises et envisagées',
        items: [
          ...facts.measures,
          `Chaque personne concernée reçoit un courrier en langage clair (${count(facts.patients)} courriers).`,
          'Le signalement à l’agence régionale de santé (portail des signalements, CERT Santé) est effectué.',
          'Mesures envisagées : rotation des clés de chiffrement, revue des droits d’accès, plainte auprès des autorités.',
        ],
      },
      {
        heading: 'Chronologie (registre d’audit)',
        items: facts.timeline.map(
          (t) => `${frenchDate(t.first)} → ${frenchDate(t.last)} : ${t.action} (${t.outcome === 'allowed' ? 'accordé' : 'refusé'}) × ${count(t.count)}`,
        ),
      },
    ],
  };
}
