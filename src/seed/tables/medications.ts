/**
 * Drugs as French prescriptions name them (brand or generic name and strength), with their
 * ATC code (WHO), the usual dosage as written on an ordonnance, and the CIM-10 conditions
 * (./conditions.ts) they treat. Entries without `treats` are symptomatic or post-operative.
 */
export interface MedicationEntry {
  atc: string;
  name: string;
  dosage: string;
  treats?: readonly string[];
  /** Prescribed after surgery or for a short episode rather than for a chronic condition. */
  shortCourse?: boolean;
}

export const MEDICATIONS: readonly MedicationEntry[] = [
  { atc: 'N02BE01', name: 'Doliprane 1000 mg, comprimé', dosage: "1 comprimé jusqu'à 3 fois par jour si douleur, espacer de 6 heures", shortCourse: true },
  { atc: 'N02BE01', name: 'Dafalgan 500 mg, gélule', dosage: '2 gélules 3 fois par jour pendant 5 jours', shortCourse: true },
  { atc: 'N02AX02', name: 'Topalgic 50 mg, gélule (tramadol)', dosage: '1 gélule toutes les 6 heures si douleur intense', shortCourse: true },
  { atc: 'N02BG06', name: 'Acupan 20 mg/2 ml, solution injectable (néfopam)', dosage: '1 ampoule sur un sucre 3 fois par jour', shortCourse: true },
  { atc: 'M01AE01', name: 'Advil 400 mg, comprimé (ibuprofène)', dosage: '1 comprimé 3 fois par jour au cours des repas pendant 3 jours', shortCourse: true },
  { atc: 'M01AE03', name: 'Bi-Profénid 100 mg, comprimé (kétoprofène)', dosage: '1 comprimé matin et soir pendant 5 jours', shortCourse: true },
  { atc: 'B01AB05', name: 'Lovenox 4000 UI anti-Xa/0,4 ml (énoxaparine)', dosage: '1 injection sous-cutanée par jour pendant 10 jours', shortCourse: true },
  {
    atc: 'A03FA01',
    name: 'Primpéran 10 mg, comprimé (métoclopramide)',
    dosage: '1 comprimé avant les repas si nausées, 3 par jour au maximum',
    shortCourse: true,
  },
  { atc: 'A06AD65', name: 'Movicol, poudre pour solution buvable (macrogol)', dosage: '1 sachet le matin', shortCourse: true },
  { atc: 'N05CF02', name: 'Stilnox 10 mg, comprimé (zolpidem)', dosage: '1/2 comprimé au coucher pendant 14 jours au maximum', shortCourse: true },
  {
    atc: 'J01CA04',
    name: 'Amoxicilline 1 g, comprimé dispersible',
    dosage: '1 comprimé matin et soir pendant 7 jours',
    treats: ['J18', 'J06'],
    shortCourse: true,
  },
  {
    atc: 'J01CR02',
    name: 'Augmentin 1 g/125 mg, comprimé (amoxicilline, acide clavulanique)',
    dosage: '1 comprimé matin, midi et soir pendant 8 jours',
    treats: ['J18'],
    shortCourse: true,
  },
  {
    atc: 'J01MA02',
    name: 'Ciflox 500 mg, comprimé (ciprofloxacine)',
    dosage: '1 comprimé matin et soir pendant 7 jours',
    treats: ['N39.0'],
    shortCourse: true,
  },
  { atc: 'J01XX01', name: 'Monuril 3 g, granulés (fosfomycine)', dosage: '1 sachet en une prise unique le soir', treats: ['N39.0'], shortCourse: true },
  { atc: 'H02AB07', name: 'Cortancyl 20 mg, comprimé (prednisone)', dosage: '2 comprimés le matin pendant 5 jours', treats: ['J44', 'J45'], shortCourse: true },
  {
    atc: 'B01AC06',
    name: 'Kardegic 75 mg, poudre pour solution buvable',
    dosage: '1 sachet par jour au cours du repas de midi',
    treats: ['I25', 'I21', 'I63'],
  },
  { atc: 'H03AA01', name: 'Levothyrox 75 µg, comprimé (lévothyroxine)', dosage: '1 comprimé le matin à jeun', treats: ['E03.9'] },
  { atc: 'A10BA02', name: 'Metformine 1000 mg, comprimé', dosage: '1 comprimé matin et soir au cours des repas', treats: ['E11'] },
  { atc: 'A10BB09', name: 'Diamicron 60 mg, comprimé à libération modifiée (gliclazide)', dosage: '1 comprimé le matin au petit-déjeuner', treats: ['E11'] },
  {
    atc: 'A10AE04',
    name: 'Lantus 100 UI/ml, stylo prérempli (insuline glargine)',
    dosage: '18 UI le soir en sous-cutané, à adapter selon les glycémies',
    treats: ['E10', 'E11'],
  },
  { atc: 'C08CA01', name: 'Amlodipine 5 mg, gélule', dosage: '1 gélule le matin', treats: ['I10'] },
  { atc: 'C09AA05', name: 'Triatec 5 mg, comprimé (ramipril)', dosage: '1 comprimé le matin', treats: ['I10', 'I50'] },
  { atc: 'C09CA01', name: 'Cozaar 50 mg, comprimé (losartan)', dosage: '1 comprimé par jour', treats: ['I10'] },
  { atc: 'C07AB07', name: 'Bisoprolol 5 mg, comprimé', dosage: '1 comprimé le matin', treats: ['I48', 'I50', 'I25'] },
  { atc: 'C03CA01', name: 'Lasilix 40 mg, comprimé (furosémide)', dosage: '1 comprimé le matin', treats: ['I50'] },
  { atc: 'C10AA05', name: 'Tahor 20 mg, comprimé (atorvastatine)', dosage: '1 comprimé le soir', treats: ['E78.0', 'I25', 'I21'] },
  { atc: 'C10AA01', name: 'Simvastatine 20 mg, comprimé', dosage: '1 comprimé le soir', treats: ['E78.0'] },
  { atc: 'B01AF01', name: 'Xarelto 20 mg, comprimé (rivaroxaban)', dosage: '1 comprimé par jour au cours du repas du soir', treats: ['I48', 'I26', 'I80'] },
  { atc: 'B01AF02', name: 'Eliquis 5 mg, comprimé (apixaban)', dosage: '1 comprimé matin et soir', treats: ['I48'] },
  { atc: 'A02BC05', name: 'Inexium 20 mg, comprimé (ésoméprazole)', dosage: '1 comprimé le matin avant le petit-déjeuner', treats: ['K21', 'K29'] },
  { atc: 'A02BC02', name: 'Pantoprazole 40 mg, comprimé', dosage: '1 comprimé le matin à jeun pendant 4 semaines', treats: ['K21', 'K29'] },
  {
    atc: 'R03AC02',
    name: 'Ventoline 100 µg/dose, suspension pour inhalation (salbutamol)',
    dosage: '1 à 2 bouffées en cas de gêne respiratoire',
    treats: ['J45', 'J44'],
  },
  {
    atc: 'R03AK06',
    name: 'Seretide 250/50 µg, poudre pour inhalation',
    dosage: '1 inhalation matin et soir, se rincer la bouche après',
    treats: ['J45', 'J44'],
  },
  { atc: 'N06AB10', name: 'Seroplex 10 mg, comprimé (escitalopram)', dosage: '1 comprimé le matin', treats: ['F32', 'F41.1'] },
  { atc: 'N05BA12', name: 'Xanax 0,25 mg, comprimé (alprazolam)', dosage: '1 comprimé si anxiété, 3 par jour au maximum', treats: ['F41.1'] },
  { atc: 'N06DA02', name: 'Donépézil 10 mg, comprimé', dosage: '1 comprimé le soir au coucher', treats: ['G30'] },
  { atc: 'N04BA02', name: 'Modopar 125 mg, gélule (lévodopa, bensérazide)', dosage: '1 gélule 3 fois par jour', treats: ['G20'] },
  { atc: 'N03AX09', name: 'Lamictal 100 mg, comprimé (lamotrigine)', dosage: '1 comprimé matin et soir', treats: ['G40'] },
  {
    atc: 'N02CC01',
    name: 'Sumatriptan 50 mg, comprimé',
    dosage: '1 comprimé dès le début de la crise, à renouveler après 2 heures si besoin',
    treats: ['G43'],
  },
  { atc: 'M04AA01', name: 'Allopurinol 100 mg, comprimé', dosage: '1 comprimé par jour après le repas', treats: ['M10'] },
  { atc: 'M05BA04', name: 'Acide alendronique 70 mg, comprimé', dosage: '1 comprimé par semaine le matin à jeun, rester debout 30 minutes', treats: ['M81'] },
  { atc: 'A11CC05', name: 'Uvedose 100 000 UI, solution buvable (cholécalciférol)', dosage: '1 ampoule tous les 3 mois', treats: ['E55', 'M81'] },
  { atc: 'B03AA07', name: 'Tardyferon 80 mg, comprimé (sulfate ferreux)', dosage: '1 comprimé par jour avant le repas pendant 3 mois', treats: ['D50'] },
  { atc: 'G04CA02', name: 'Tamsulosine 0,4 mg, gélule', dosage: '1 gélule le soir', treats: ['N40'] },
  { atc: 'R06AE07', name: 'Cétirizine 10 mg, comprimé', dosage: '1 comprimé le soir pendant la saison des pollens', treats: ['J30.4'] },
  { atc: 'S01EE01', name: 'Xalatan 50 µg/ml, collyre (latanoprost)', dosage: '1 goutte le soir dans chaque œil', treats: ['H40'] },
  { atc: 'D05AX02', name: 'Daivonex 50 µg/g, pommade (calcipotriol)', dosage: 'Appliquer sur les plaques matin et soir', treats: ['L40'] },
  { atc: 'N07BA01', name: 'Nicopatch 21 mg/24 h, dispositif transdermique (nicotine)', dosage: '1 patch par jour, à changer chaque matin', treats: ['F17.2'] },
  { atc: 'N07BB03', name: 'Aotal 333 mg, comprimé (acamprosate)', dosage: '2 comprimés 3 fois par jour', treats: ['F10.2'] },
  { atc: 'B03BB01', name: 'Spéciafoldine 0,4 mg, comprimé (acide folique)', dosage: "1 comprimé par jour jusqu'à la 12e semaine d'aménorrhée" },
];

/** The drugs that treat each CIM-10 code. */
export const MEDICATIONS_BY_CONDITION: ReadonlyMap<string, readonly MedicationEntry[]> = (() => {
  const map = new Map<string, MedicationEntry[]>();
  for (const entry of MEDICATIONS) {
    for (const code of entry.treats ?? []) map.set(code, [...(map.get(code) ?? []), entry]);
  }
  return map;
})();

/** Symptomatic drugs added to an ordonnance after a stay or a visit. */
export const SYMPTOMATIC_MEDICATIONS: readonly MedicationEntry[] = MEDICATIONS.filter((entry) => entry.shortCourse && !entry.treats);
