import type { CaseFacts } from '../case-facts.ts';
import type { Addressee } from '../../gate/breach-letters.ts';
import type { BreachDocument } from '../../documents/document.ts';
import { CATEGORY_WORDS, frenchDate, isHealthData } from './words.ts';

/** Whom a letter is for: name and postal address, decrypted for this letter only (src/gate/breach-letters.ts). */

/**
 * The letter to a patient concerned (GDPR art. 34): in plain French, what happened, which
 * of their data, what it may mean for them, what was done, what they can do, whom to ask.
 */
export function patientLetter(facts: CaseFacts, addressee: Addressee, dpoContact: string, now = new Date()): BreachDocument {
  const health = addressee.categories.some(isHealthData);
  return {
    head: [facts.group, '', addressee.name, ...addressee.address, '', `Le ${frenchDate(now, false)}`],
    title: 'Information sur une violation de vos données personnelles',
    blocks: [
      {
        paragraphs: [
          `Madame, Monsieur,`,
          `Nous vous écrivons parce que des informations vous concernant ont été consultées sans autorisation puis publiées. Nous l’avons appris le ${frenchDate(facts.awareAt, false)}. Nous sommes tenus de vous en informer et voulons vous dire simplement ce qui s’est passé.`,
        ],
      },
      {
        heading: 'Ce qui s’est passé',
        paragraphs: [
          `Le compte informatique d’un professionnel a été utilisé par une personne qui n’en avait pas le droit. ${
            facts.contained
              ? 'Notre système de surveillance a bloqué ce compte, mais une partie des dossiers consultés avant ce blocage a été publiée.'
              : 'Notre registre des consultations a permis de retrouver ce compte et tous les dossiers qu’il a consultés ; une partie a été publiée.'
          }`,
        ],
      },
      { heading: 'Les informations vous concernant', items: addressee.categories.map((category) => CATEGORY_WORDS[category]) },
      {
        heading: 'Ce que cela peut signifier pour vous',
        paragraphs: [
          'Ces informations peuvent être utilisées pour vous contacter en se faisant passer pour votre établissement de santé, votre médecin, votre banque ou l’Assurance maladie.',
          ...(health
            ? ['Elles comprennent des informations sur votre santé : vous pourriez être sollicité à ce sujet par des personnes mal intentionnées.']
            : []),
        ],
      },
      { heading: 'Ce que nous avons fait', items: facts.measures },
      {
        heading: 'Ce que vous pouvez faire',
        items: [
          'Ne donnez jamais vos codes, mots de passe ou coordonnées bancaires par téléphone, courriel ou SMS : ni nous, ni l’Assurance maladie ne vous les demanderons.',
          'Méfiez-vous des messages qui citent vos informations de santé pour vous presser d’agir.',
          'Vous pouvez voir qui a consulté votre dossier dans votre espace patient.',
          'Vous pouvez déposer une réclamation auprès de la CNIL (www.cnil.fr).',
        ],
      },
      {
        heading: 'Pour toute question',
        paragraphs: [`Notre délégué à la protection des données (DPO) : ${dpoContact}`, 'Nous vous prions de nous excuser pour cette situation.'],
      },
    ],
  };
}
