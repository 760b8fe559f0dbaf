/**
 * Allergies and intolerances seen in French charts: the substance as clinicians write it,
 * its ATC code when it is a drug, and the reactions it causes. The 2024 leak's sample
 * showed notes such as "Intolérance tramadol et acupan : vomissements": opioid-like
 * analgesics given after surgery are a frequent intolerance.
 */
export interface AllergyEntry {
  substance: string;
  atc?: string;
  type: 'allergy' | 'intolerance';
  category: 'medication' | 'food' | 'environment' | 'biologic';
  criticality: 'low' | 'high' | 'unable-to-assess';
  reactions: ReadonlyArray<readonly [string, 'mild' | 'moderate' | 'severe']>;
  weight: number;
  maxAge?: number;
  /** ATC prefixes not to prescribe any more (default: the substance's own code); a penicillin allergy rules out every penicillin. */
  avoid?: readonly string[];
}

export const ALLERGIES: readonly AllergyEntry[] = [
  {
    substance: 'pénicilline',
    atc: 'J01CE',
    type: 'allergy',
    category: 'medication',
    criticality: 'high',
    reactions: [
      ['urticaire', 'moderate'],
      ['œdème de Quincke', 'severe'],
      ['éruption cutanée', 'mild'],
    ],
    weight: 14,
    avoid: ['J01C'],
  },
  {
    substance: 'amoxicilline',
    atc: 'J01CA04',
    type: 'allergy',
    category: 'medication',
    criticality: 'high',
    reactions: [
      ['urticaire', 'moderate'],
      ['éruption cutanée', 'mild'],
    ],
    weight: 8,
    avoid: ['J01CA04', 'J01CR02'],
  },
  {
    substance: 'tramadol',
    atc: 'N02AX02',
    type: 'intolerance',
    category: 'medication',
    criticality: 'low',
    reactions: [
      ['vomissements', 'moderate'],
      ['nausées', 'mild'],
      ['vertiges', 'mild'],
    ],
    weight: 9,
  },
  {
    substance: 'acupan (néfopam)',
    atc: 'N02BG06',
    type: 'intolerance',
    category: 'medication',
    criticality: 'low',
    reactions: [
      ['vomissements', 'moderate'],
      ['nausées', 'mild'],
      ['sueurs', 'mild'],
      ['tachycardie', 'moderate'],
    ],
    weight: 5,
  },
  {
    substance: 'codéine',
    atc: 'R05DA04',
    type: 'intolerance',
    category: 'medication',
    criticality: 'low',
    reactions: [
      ['nausées', 'mild'],
      ['vomissements', 'moderate'],
      ['somnolence', 'mild'],
    ],
    weight: 4,
  },
  {
    substance: 'morphine',
    atc: 'N02AA01',
    type: 'intolerance',
    category: 'medication',
    criticality: 'low',
    reactions: [
      ['nausées', 'mild'],
      ['prurit', 'mild'],
      ['confusion', 'moderate'],
    ],
    weight: 3,
    avoid: ['N02AA'],
  },
  {
    substance: 'aspirine',
    atc: 'N02BA01',
    type: 'allergy',
    category: 'medication',
    criticality: 'high',
    reactions: [
      ['urticaire', 'moderate'],
      ['bronchospasme', 'severe'],
    ],
    weight: 4,
    avoid: ['N02BA', 'B01AC06'],
  },
  {
    substance: 'ibuprofène',
    atc: 'M01AE01',
    type: 'intolerance',
    category: 'medication',
    criticality: 'low',
    reactions: [
      ['douleurs gastriques', 'mild'],
      ['urticaire', 'moderate'],
    ],
    weight: 4,
    avoid: ['M01AE'],
  },
  {
    substance: 'sulfamides (cotrimoxazole)',
    atc: 'J01EE01',
    type: 'allergy',
    category: 'medication',
    criticality: 'high',
    reactions: [
      ['éruption cutanée', 'moderate'],
      ['fièvre', 'mild'],
    ],
    weight: 3,
    avoid: ['J01EE'],
  },
  {
    substance: 'produits de contraste iodés',
    atc: 'V08A',
    type: 'allergy',
    category: 'medication',
    criticality: 'high',
    reactions: [
      ['urticaire', 'moderate'],
      ['choc anaphylactique', 'severe'],
    ],
    weight: 4,
  },
  {
    substance: 'iode (povidone iodée)',
    atc: 'D08AG02',
    type: 'allergy',
    category: 'medication',
    criticality: 'low',
    reactions: [['eczéma de contact', 'mild']],
    weight: 4,
  },
  {
    substance: 'atorvastatine',
    atc: 'C10AA05',
    type: 'intolerance',
    category: 'medication',
    criticality: 'low',
    reactions: [['myalgies', 'moderate']],
    weight: 2,
  },
  {
    substance: 'latex',
    type: 'allergy',
    category: 'environment',
    criticality: 'high',
    reactions: [
      ['urticaire de contact', 'moderate'],
      ['rhinite', 'mild'],
      ['œdème de Quincke', 'severe'],
    ],
    weight: 4,
  },
  { substance: 'sparadrap', type: 'intolerance', category: 'environment', criticality: 'low', reactions: [['eczéma de contact', 'mild']], weight: 3 },
  {
    substance: 'pollens de graminées',
    type: 'allergy',
    category: 'environment',
    criticality: 'low',
    reactions: [
      ['rhinite', 'mild'],
      ['conjonctivite', 'mild'],
    ],
    weight: 8,
  },
  {
    substance: 'acariens',
    type: 'allergy',
    category: 'environment',
    criticality: 'low',
    reactions: [
      ['rhinite', 'mild'],
      ['asthme', 'moderate'],
    ],
    weight: 6,
  },
  {
    substance: "venin d'hyménoptères (guêpe)",
    type: 'allergy',
    category: 'environment',
    criticality: 'high',
    reactions: [
      ['œdème de Quincke', 'severe'],
      ['choc anaphylactique', 'severe'],
    ],
    weight: 2,
  },
  {
    substance: 'arachide',
    type: 'allergy',
    category: 'food',
    criticality: 'high',
    reactions: [
      ['œdème de Quincke', 'severe'],
      ['urticaire', 'moderate'],
    ],
    weight: 4,
  },
  {
    substance: 'fruits à coque',
    type: 'allergy',
    category: 'food',
    criticality: 'high',
    reactions: [
      ['urticaire', 'moderate'],
      ['œdème de Quincke', 'severe'],
    ],
    weight: 2,
  },
  {
    substance: 'crustacés',
    type: 'allergy',
    category: 'food',
    criticality: 'high',
    reactions: [
      ['urticaire', 'moderate'],
      ['vomissements', 'moderate'],
    ],
    weight: 2,
  },
  {
    substance: 'œuf',
    type: 'allergy',
    category: 'food',
    criticality: 'low',
    reactions: [
      ['eczéma', 'mild'],
      ['urticaire', 'moderate'],
    ],
    weight: 2,
    maxAge: 15,
  },
  {
    substance: 'protéines de lait de vache',
    type: 'allergy',
    category: 'food',
    criticality: 'low',
    reactions: [
      ['vomissements', 'moderate'],
      ['diarrhée', 'mild'],
    ],
    weight: 2,
    maxAge: 10,
  },
  {
    substance: 'lactose',
    type: 'intolerance',
    category: 'food',
    criticality: 'low',
    reactions: [
      ['ballonnements', 'mild'],
      ['diarrhée', 'mild'],
    ],
    weight: 4,
  },
];

/** The pair the 2024 leak made famous, recorded together with one note. */
export const TRAMADOL_ACUPAN = { substances: ['tramadol', 'acupan (néfopam)'], note: 'Intolérance tramadol et acupan : vomissements' } as const;
