/**
 * The units (services) an establishment of each kind may have, with what happens there:
 * the kinds of encounter and their length, who comes (age, sex), the cases seen — why the
 * patient came (reason text) and what may be diagnosed (CIM-10 codes from
 * ./conditions.ts) — and the staff they need.
 */
export type EstablishmentKind = 'clinic' | 'nursing-home' | 'laboratory';
export type EncounterClass = 'IMP' | 'AMB' | 'EMER';
export type StaffRole = 'doctor' | 'nurse' | 'midwife' | 'biologist';

export interface UnitCase {
  reason: string;
  diagnoses: readonly string[];
  /** When this case is always an inpatient stay or always a visit, whatever the unit usually does. */
  classCode?: EncounterClass;
  minAge?: number;
  maxAge?: number;
}

export interface UnitKind {
  name: string;
  establishment: EstablishmentKind;
  /** Share of establishments of that kind that have this unit (1: all of them). */
  presence: number;
  /** Relative share of the establishment's encounters that happen here. */
  weight: number;
  classes: ReadonlyArray<readonly [EncounterClass, number]>;
  /** Length of an inpatient stay, in days. */
  stayDays: readonly [number, number];
  minAge?: number;
  maxAge?: number;
  sex?: 'female';
  cases: readonly UnitCase[];
  /** What the unit's doctors (or biologists) are, as written in the directory. */
  specialty: string;
  staff: Partial<Record<StaffRole, readonly [number, number]>>;
}

const usualStaff = { doctor: [1, 2], nurse: [1, 1] } as const;
const seen = (reason: string, diagnoses: string[] = [], extra: Omit<UnitCase, 'reason' | 'diagnoses'> = {}): UnitCase => ({ reason, diagnoses, ...extra });

export const UNIT_KINDS: readonly UnitKind[] = [
  {
    name: 'Médecine polyvalente',
    establishment: 'clinic',
    presence: 1,
    weight: 14,
    classes: [
      ['IMP', 80],
      ['AMB', 20],
    ],
    stayDays: [2, 12],
    minAge: 15,
    cases: [
      seen("Altération de l'état général", ['D50', 'C34', 'E11'], { minAge: 50 }),
      seen('Pneumopathie', ['J18'], { classCode: 'IMP' }),
      seen('Décompensation cardiaque', ['I50'], { classCode: 'IMP', minAge: 55 }),
      seen('Infection urinaire fébrile', ['N39.0']),
      seen('Chute à domicile', ['R55', 'S52'], { minAge: 65 }),
      seen('Déshydratation', ['A09']),
      seen('Déséquilibre du diabète', ['E11', 'E10']),
    ],
    specialty: 'Médecine interne',
    staff: { doctor: [1, 2], nurse: [1, 2] },
  },
  {
    name: 'Chirurgie orthopédique',
    establishment: 'clinic',
    presence: 0.9,
    weight: 12,
    classes: [
      ['IMP', 70],
      ['AMB', 30],
    ],
    stayDays: [2, 7],
    cases: [
      seen('Prothèse totale de hanche', ['M16'], { classCode: 'IMP', minAge: 50 }),
      seen('Prothèse totale de genou', ['M17'], { classCode: 'IMP', minAge: 50 }),
      seen('Fracture du col du fémur', ['S72.0'], { classCode: 'IMP', minAge: 70 }),
      seen('Arthroscopie du genou', [], { classCode: 'AMB' }),
      seen('Fracture de cheville', ['S82']),
      seen("Fracture de l'avant-bras", ['S52']),
      seen('Syndrome du canal carpien', [], { classCode: 'AMB', minAge: 25 }),
    ],
    specialty: 'Chirurgie orthopédique et traumatologie',
    staff: usualStaff,
  },
  {
    name: 'Cardiologie',
    establishment: 'clinic',
    presence: 0.6,
    weight: 10,
    classes: [
      ['IMP', 60],
      ['AMB', 40],
    ],
    stayDays: [2, 8],
    minAge: 18,
    cases: [
      seen('Douleur thoracique', ['R07.4', 'I21']),
      seen('Fibrillation auriculaire', ['I48'], { minAge: 45 }),
      seen('Insuffisance cardiaque', ['I50'], { classCode: 'IMP', minAge: 55 }),
      seen("Bilan d'hypertension artérielle", ['I10'], { classCode: 'AMB', minAge: 30 }),
      seen('Pose de stimulateur cardiaque', ['Z95.0'], { classCode: 'IMP', minAge: 65 }),
      seen('Coronarographie', ['I25'], { minAge: 45 }),
    ],
    specialty: 'Cardiologie et maladies vasculaires',
    staff: usualStaff,
  },
  {
    name: 'Urgences',
    establishment: 'clinic',
    presence: 0.5,
    weight: 20,
    classes: [['EMER', 1]],
    stayDays: [0, 0],
    cases: [
      seen('Douleur abdominale', ['A09', 'K35', 'K80']),
      seen('Traumatisme du poignet', ['S52']),
      seen('Malaise', ['R55']),
      seen('Douleur thoracique', ['R07.4'], { minAge: 18 }),
      seen('Fièvre', ['J18', 'N39.0', 'J06']),
      seen('Traumatisme crânien', ['S06.0']),
      seen('Entorse de cheville', ['S82']),
      seen('Plaie de la main'),
    ],
    specialty: "Médecine d'urgence",
    staff: { doctor: [1, 2], nurse: [1, 2] },
  },
  {
    name: 'Maternité',
    establishment: 'clinic',
    presence: 0.35,
    weight: 8,
    classes: [
      ['IMP', 85],
      ['AMB', 15],
    ],
    stayDays: [2, 5],
    minAge: 16,
    maxAge: 46,
    sex: 'female',
    cases: [
      seen('Accouchement', ['O80'], { classCode: 'IMP' }),
      seen('Suivi de grossesse', ['O24.4'], { classCode: 'AMB' }),
      seen("Menace d'accouchement prématuré", [], { classCode: 'IMP' }),
      seen('Césarienne programmée', [], { classCode: 'IMP' }),
    ],
    specialty: 'Gynécologie-obstétrique',
    staff: { doctor: [1, 1], nurse: [1, 1], midwife: [1, 2] },
  },
  {
    name: 'Chirurgie ambulatoire',
    establishment: 'clinic',
    presence: 0.85,
    weight: 12,
    classes: [['AMB', 1]],
    stayDays: [0, 0],
    cases: [
      seen('Cure de hernie inguinale', ['K40'], { minAge: 20 }),
      seen('Chirurgie de la cataracte', ['H25'], { minAge: 60 }),
      seen('Cholécystectomie', ['K80'], { minAge: 25 }),
      seen('Coloscopie', ['K57', 'C18'], { minAge: 45 }),
      seen('Arthroscopie du genou'),
      seen('Amygdalectomie', [], { maxAge: 15 }),
    ],
    specialty: 'Anesthésie-réanimation',
    staff: usualStaff,
  },
  {
    name: 'Chirurgie digestive',
    establishment: 'clinic',
    presence: 0.5,
    weight: 7,
    classes: [
      ['IMP', 70],
      ['AMB', 30],
    ],
    stayDays: [2, 8],
    cases: [
      seen('Appendicectomie', ['K35'], { classCode: 'IMP', minAge: 5, maxAge: 60 }),
      seen('Cholécystectomie', ['K80'], { minAge: 25 }),
      seen('Occlusion intestinale', [], { classCode: 'IMP', minAge: 40 }),
      seen('Colectomie', ['C18', 'K57'], { classCode: 'IMP', minAge: 50 }),
      seen('Cure de hernie', ['K40'], { minAge: 20 }),
    ],
    specialty: 'Chirurgie viscérale et digestive',
    staff: usualStaff,
  },
  {
    name: 'Gastro-entérologie',
    establishment: 'clinic',
    presence: 0.4,
    weight: 6,
    classes: [
      ['AMB', 60],
      ['IMP', 40],
    ],
    stayDays: [1, 5],
    minAge: 15,
    cases: [
      seen('Endoscopie digestive', ['K21', 'K29']),
      seen('Coloscopie de dépistage', ['K57', 'C18'], { classCode: 'AMB', minAge: 50 }),
      seen('Reflux gastro-œsophagien', ['K21'], { classCode: 'AMB' }),
      seen('Troubles du transit', ['K58']),
      seen('Bilan hépatique perturbé', ['K76.0', 'B18.2'], { minAge: 25 }),
    ],
    specialty: 'Gastro-entérologie et hépatologie',
    staff: usualStaff,
  },
  {
    name: 'Pneumologie',
    establishment: 'clinic',
    presence: 0.35,
    weight: 6,
    classes: [
      ['IMP', 50],
      ['AMB', 50],
    ],
    stayDays: [2, 10],
    minAge: 15,
    cases: [
      seen('Exacerbation de BPCO', ['J44'], { classCode: 'IMP', minAge: 45 }),
      seen("Crise d'asthme", ['J45']),
      seen('Pneumopathie', ['J18'], { classCode: 'IMP' }),
      seen("Bilan d'apnée du sommeil", ['G47.3'], { minAge: 35 }),
      seen('Nodule pulmonaire', ['C34'], { minAge: 45 }),
    ],
    specialty: 'Pneumologie',
    staff: usualStaff,
  },
  {
    name: 'Soins de suite et de réadaptation',
    establishment: 'clinic',
    presence: 0.4,
    weight: 5,
    classes: [['IMP', 1]],
    stayDays: [10, 40],
    minAge: 40,
    cases: [
      seen('Rééducation après prothèse de hanche', ['M16', 'Z96.6'], { minAge: 50 }),
      seen('Rééducation après AVC', ['I63']),
      seen('Réadaptation cardiaque', ['I21', 'I25']),
      seen('Rééducation après fracture', ['S72.0', 'S82']),
    ],
    specialty: 'Médecine physique et de réadaptation',
    staff: usualStaff,
  },
  {
    name: 'Unité de vie',
    establishment: 'nursing-home',
    presence: 1,
    weight: 3,
    classes: [['IMP', 1]],
    stayDays: [300, 2500],
    minAge: 70,
    cases: [
      seen('Entrée en hébergement permanent', ['I10', 'M81', 'H91.1']),
      seen("Perte d'autonomie", ['I50', 'N18', 'F03']),
      seen('Retour à domicile impossible', ['S72.0', 'I63']),
    ],
    specialty: 'Médecine générale — médecin coordonnateur',
    staff: { doctor: [1, 1], nurse: [2, 3] },
  },
  {
    name: 'Unité Alzheimer',
    establishment: 'nursing-home',
    presence: 1,
    weight: 1,
    classes: [['IMP', 1]],
    stayDays: [300, 2000],
    minAge: 70,
    cases: [seen('Troubles cognitifs évolués', ['G30', 'F03']), seen('Déambulation', ['G30']), seen("Maladie d'Alzheimer", ['G30'])],
    specialty: 'Gériatrie',
    staff: { doctor: [1, 1], nurse: [1, 2] },
  },
  {
    name: 'Biochimie',
    establishment: 'laboratory',
    presence: 1,
    weight: 6,
    classes: [['AMB', 1]],
    stayDays: [0, 0],
    cases: [seen('Prélèvement sanguin'), seen('Bilan biologique de contrôle')],
    specialty: 'Biologie médicale',
    staff: { biologist: [1, 2], nurse: [1, 2] },
  },
  {
    name: 'Hématologie',
    establishment: 'laboratory',
    presence: 1,
    weight: 3,
    classes: [['AMB', 1]],
    stayDays: [0, 0],
    cases: [seen('Prélèvement sanguin'), seen('Contrôle de la numération')],
    specialty: 'Biologie médicale',
    staff: { biologist: [1, 2] },
  },
  {
    name: 'Microbiologie',
    establishment: 'laboratory',
    presence: 1,
    weight: 1,
    classes: [['AMB', 1]],
    stayDays: [0, 0],
    cases: [seen('Examen cytobactériologique des urines'), seen('Prélèvement de gorge')],
    specialty: 'Biologie médicale',
    staff: { biologist: [1, 1] },
  },
];

/** Whether a patient of this age and sex can be seen in the unit (a man is not admitted to a maternity). */
export function unitAdmits(kind: UnitKind, age: number, sex: 'male' | 'female'): boolean {
  return age >= (kind.minAge ?? 0) && age <= (kind.maxAge ?? 200) && (kind.sex === undefined || kind.sex === sex) && kind.cases.some((c) => caseFits(c, age));
}

export function caseFits(unitCase: UnitCase, age: number): boolean {
  return age >= (unitCase.minAge ?? 0) && age <= (unitCase.maxAge ?? 200);
}
