/**
 * Builds src/identity/password-blocklist.txt, the list of passwords Vigie refuses
 * (NIST SP 800-63B §3.1.1.2: "passwords obtained from previous breach corpuses",
 * "dictionary words", "context-specific words"). Deterministic, offline:
 *
 *   node bin/run-ts.mjs scripts/build-password-blocklist.ts
 *
 * Sources, all shipped in npm packages installed as dev dependencies (MIT licence):
 * - @zxcvbn-ts/language-common `passwords.json`: passwords of breach corpora, most frequent
 *   first; the first TOP_BREACHED are kept.
 * - @zxcvbn-ts/language-fr `lastnames.json` (which holds French given names, despite its
 *   name): the "prénom + année" pattern, whose year the policy strips before comparing.
 * - below: French passwords and words people choose, keyboard walks on AZERTY and QWERTY,
 *   the service's name and the words of establishment names (src/seed/tables/organisations.ts).
 * Entries are stored folded (foldPassword): case, accents and separators do not matter.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { foldPassword } from '../src/identity/password-policy.ts';
import { CLINIC_NAMES, GROUP_NAME_PATTERNS, LABORATORY_NAMES, NURSING_HOME_NAMES } from '../src/seed/tables/organisations.ts';

const TOP_BREACHED = 12_000;
const OUTPUT = join(import.meta.dirname, '..', 'src', 'identity', 'password-blocklist.txt');

const require = createRequire(import.meta.url);
const packageFile = (name: string, file: string): string[] =>
  JSON.parse(readFileSync(join(dirname(require.resolve(`${name}/package.json`)), file), 'utf8')) as string[];

/** Passwords and words seen in French leaks and lists of French favourites. */
const FRENCH = `
azerty azertyuiop azerty123 motdepasse motdepasse1 mot2passe mdp monmotdepasse soleil doudou loulou
chouchou bonjour bonsoir coucou jetaime jtm jetaimefort iloveyou mamour monamour amour bisous bisou
cheri cherie doudoune nounours nounou bebe mabiche biche poupette minou minette chaton chat chien
titi toto tata tutu tintin milou tigrou caramel chocolat vanille fraise framboise cerise pomme
princesse prince chevalier cheval poney papillon dauphin loup lapin lion tigre panthere
marseille paris lyon toulouse nice nantes bordeaux lille rennes strasbourg montpellier brest
france bretagne corse alsace normandie provence savoie om psg olympique allezlom ici cestparis
football foot rugby tennis basket pompier policier gendarme docteur medecin infirmier infirmiere
hopital clinique ehpad laboratoire sante patient urgences urgence secretaire secretariat accueil
bienvenue bienvenu salut merci soleil123 lune etoile ciel nuage printemps ete automne hiver
lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet
aout septembre octobre novembre decembre noel paques vacances famille maman papa mamie papi
fiston frangin frangine copain copine amitie liberte egalite fraternite vivelafrance
marine nicolas camille julien thomas julie sophie nathalie isabelle sandrine celine stephanie
mathilde manon lea chloe emma ines louis gabriel raphael jules hugo lucas arthur nathan enzo
jesus dieu allah marie joseph ange angel demon diable vampire dragon naruto pokemon pikachu
zizou zidane mbappe griezmann platini johnny halliday renault peugeot citroen ferrari
ordinateur informatique internet clavier souris bureau travail boulot entreprise societe
administrateur admin utilisateur util invite test essai demo nouveau nouveaumotdepasse changeme
qwertz azertyu azer qsdf qsdfgh qsdfghjklm wxcvbn azerqsdf aqwzsx azqswx
`;

/** Keyboard rows, unshifted: walks along a row, both ways, and down the columns. */
const KEYBOARDS: Record<string, string[]> = {
  azerty: ['&é"\'(-è_çà)=', '1234567890°+', 'azertyuiop^$', 'qsdfghjklmù*', '<wxcvbn,;:!'],
  qwerty: ['`1234567890-=', 'qwertyuiop[]', "asdfghjkl;'", 'zxcvbnm,./'],
};

function keyboardWalks(): string[] {
  const walks: string[] = [];
  for (const rows of Object.values(KEYBOARDS)) {
    for (const row of rows) {
      for (let start = 0; start < row.length; start++) {
        for (let end = start + 4; end <= row.length; end++) {
          const walk = row.slice(start, end);
          walks.push(walk, [...walk].reverse().join(''));
        }
      }
    }
    // Down the columns from the digit row ("1qaz2wsx", "&aqw"), as many columns as typed.
    const letterRows = rows.filter((row) => /[a-z]/.test(row));
    const digitRow = rows.find((row) => /\d{4}/.test(row))!;
    const columns = [...digitRow].map((digit, i) => digit + letterRows.map((row) => row[i] ?? '').join(''));
    for (let count = 1; count <= columns.length; count++) walks.push(columns.slice(0, count).join(''));
  }
  return walks;
}

function establishmentWords(): string[] {
  const names = [...CLINIC_NAMES, ...NURSING_HOME_NAMES, ...LABORATORY_NAMES, ...GROUP_NAME_PATTERNS].map((name) => name.replace(/\{\w+\}/g, '').trim());
  return [...names, ...names.flatMap((name) => name.split(/[\s'-]+/)).filter((word) => word.length >= 4)];
}

const entries = [
  ...packageFile('@zxcvbn-ts/language-common', 'src/passwords.json').slice(0, TOP_BREACHED),
  ...packageFile('@zxcvbn-ts/language-fr', 'src/lastnames.json'),
  ...FRENCH.split(/\s+/),
  ...keyboardWalks(),
  ...establishmentWords(),
  'vigie',
];

const folded = [...new Set(entries.map(foldPassword))].filter((entry) => entry.length >= 3).sort();
const header = [
  '# Passwords Vigie refuses, folded (lower case, no accents, no separators); one a line.',
  '# Generated by scripts/build-password-blocklist.ts: edit the script, not this file.',
];
writeFileSync(OUTPUT, [...header, ...folded].join('\n') + '\n');
console.log(`${folded.length} entries written to ${OUTPUT}`);
