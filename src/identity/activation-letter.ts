import { PDFDocument, rgb } from '@cantoo/pdf-lib';
import { encode } from 'uqr';
import type { BreachDocument } from '../documents/document.ts';
import { documentPdf } from '../documents/pdf.ts';
import type { Role } from '../domain/roles.ts';

/**
 * The letter the person who confirmed an account hands to its owner (DESIGN invariant 9):
 * the activation code, its deadline, what to do with it, and a QR code that opens the
 * activation page with the code in the URL's fragment — which a browser never sends to a
 * server, so no log or proxy sees it. A4 PDF, no patient data.
 */
export interface LetterInput {
  username: string;
  role: Role;
  code: string;
  expiresAt: string;
  /** Where the web application is served (the first of VIGIE_ORIGIN). */
  origin: string;
}

const ROLE_NAMES: Record<Role, string> = {
  doctor: 'médecin',
  nurse: 'infirmier·e',
  admissions: 'bureau des entrées',
  lab: 'laboratoire',
  dpo: 'délégué·e à la protection des données',
  dim: 'médecin DIM',
  security_officer: 'RSSI',
  user_admin: 'administration des comptes',
  sysadmin: 'administration du système',
  patient: 'patient·e',
};

export const activationUrl = (input: Pick<LetterInput, 'origin' | 'username' | 'code'>) =>
  `${input.origin}/#/activate/${encodeURIComponent(input.username)}/${input.code}`;

export function activationLetter(input: LetterInput): BreachDocument {
  const deadline = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'full', timeStyle: 'short', timeZone: 'Europe/Paris' }).format(new Date(input.expiresAt));
  return {
    head: ['Vigie — dossier patient', 'Remis en main propre, sous pli fermé'],
    title: 'Votre code d’activation',
    blocks: [
      {
        paragraphs: [
          `Identifiant : ${input.username}`,
          `Rôle : ${ROLE_NAMES[input.role]}`,
          `Code d’activation : ${input.code}`,
          `Valable une seule fois, jusqu’au ${deadline}.`,
        ],
      },
      {
        heading: 'Ce que vous faites',
        items: [
          'Ouvrez la page d’activation (scannez le code QR, ou ouvrez Vigie puis « Activer mon compte ») et saisissez votre identifiant et ce code.',
          'Ajoutez le compte proposé à votre application d’authentification, puis choisissez votre mot de passe (12 caractères au moins ; une phrase convient).',
          ...(['sysadmin', 'user_admin', 'security_officer', 'dpo', 'dim'].includes(input.role)
            ? ['À votre première connexion, saisissez de nouveau ce code pour enregistrer votre clé d’accès (passkey) : votre rôle l’exige.']
            : []),
        ],
      },
      {
        heading: 'Pourquoi ce courrier',
        paragraphs: [
          'Personne d’autre que vous ne connaît votre mot de passe ni votre application d’authentification : ni la personne qui a demandé votre compte, ni celle qui vous remet ce courrier. Ne communiquez ce code à personne. Si ce courrier vous parvient ouvert, ou si vous n’attendiez pas de compte, prévenez le RSSI.',
        ],
      },
    ],
  };
}

/** The letter as PDF, with the QR code of the activation page drawn beside the code. */
export async function activationLetterPdf(input: LetterInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.load(await documentPdf(activationLetter(input)));
  const page = pdf.getPage(0);
  const { data, size } = encode(activationUrl(input), { ecc: 'M', border: 2 });
  const module = 150 / size;
  const left = page.getWidth() - 56.7 - 150;
  const top = page.getHeight() - 56.7;
  data.forEach((row, y) =>
    row.forEach((dark, x) => {
      if (dark) page.drawRectangle({ x: left + x * module, y: top - (y + 1) * module, width: module, height: module, color: rgb(0, 0, 0) });
    }),
  );
  return pdf.save();
}

/** The confirmation's answer with the letter to print and hand over, when it carries a code. */
export async function withActivationLetter<
  T extends { account: { username: string; role: Role }; activation?: { code: string; expiresAt: string } | undefined },
>(decided: T, origin: string): Promise<T> {
  const activation = decided.activation;
  if (!activation) return decided;
  const letter = await activationLetterPdf({ username: decided.account.username, role: decided.account.role, ...activation, origin });
  return {
    ...decided,
    activation: {
      ...activation,
      url: activationUrl({ origin, username: decided.account.username, code: activation.code }),
      letterPdf: Buffer.from(letter).toString('base64'),
    },
  };
}
