/**
 * The units (services) an establishment of each kind may have, with what happens there:
 * the kinds of encounter and their length, who comes (age, sex), why (reason text) and
 * what is diagnosed (CIM-10 codes from ./conditions.ts), and the staff they need.
 */
export type EstablishmentKind = 'clinic' | 'nursing-home' | 'laboratory';
export type EncounterClass = 'IMP' | 'AMB' | 'EMER';
export type StaffRole = 'doctor' | 'nurse' | 'midwife' | 'biologist';

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
  reasons: readonly string[];
  diagnoses: readonly string[];
  /** What the unit's doctors (or biologists) are, as written in the directory. */
  specialty: string;
  staff: Partial<Record<StaffRole, readonly [number, number]>>;
}

const usualStaff = { doctor: [1, 2], nurse: [1, 1] } as const;

export const UNIT_KINDS: readonly UnitKind[] = [
  {
    name: 'Médecine polyvalente',
    establishment: 'clinic',
    presence: 1,
    weight: 14,
    classes: [['IMP', 80], ['AMB', 20]],
    stayDays: [2, 12],
    minAge: 15,
    reasons: ["Altération de l'état général", 'Pneumopathie', 'Décompensation cardiaque', 'Infection urinaire fébrile', 'Chute à domicile', 'Déshydratation'],
    diagnoses: ['J18', 'N39.0', 'I50', 'A09', 'D50', 'E11', 'R55'],
    specialty: 'Médecine interne',
    staff: { doctor: [1, 2], nurse: [1, 2] },
  },
  {
    name: 'Chirurgie orthopédique',
    establishment: 'clinic',
    presence: 0.9,
    weight: 12,
    classes: [['IMP', 70], ['AMB', 30]],
    stayDays: [2, 7],
    reasons: ['Prothèse totale de hanche', 'Prothèse totale de genou', 'Fracture du col du fémur', 'Arthroscopie du genou', 'Fracture de cheville', 'Syndrome du canal carpien'],
    diagnoses: ['M16', 'M17', 'S72.0', 'S82', 'S52'],
    specialty: 'Chirurgie orthopédique et traumatologie',
    staff: usualStaff,
  },
  {
    name: 'Cardiologie',
    establishment: 'clinic',
    presence: 0.6,
    weight: 10,
    classes: [['IMP', 60], ['AMB', 40]],
    stayDays: [2, 8],
    minAge: 18,
    reasons: ['Douleur thoracique', 'Fibrillation auriculaire', 'Insuffisance cardiaque', "Bilan d'hypertension artérielle", 'Pose de stimulateur cardiaque', 'Coronarographie'],
    diagnoses: ['I48', 'I50', 'I25', 'I21', 'R07.4', 'I10'],
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
    reasons: ['Douleur abdominale', 'Traumatisme du poignet', 'Malaise', 'Douleur thoracique', 'Fièvre', 'Traumatisme crânien', 'Plaie de la main'],
    diagnoses: ['S52', 'S06.0', 'R55', 'R07.4', 'A09', 'J18', 'N39.0', 'J06', 'S82'],
    specialty: "Médecine d'urgence",
    staff: { doctor: [1, 2], nurse: [1, 2] },
  },
  {
    name: 'Maternité',
    establishment: 'clinic',
    presence: 0.35,
    weight: 8,
    classes: [['IMP', 85], ['AMB', 15]],
    stayDays: [2, 5],
    minAge: 16,
    maxAge: 46,
    sex: 'female',
    reasons: ['Accouchement', 'Suivi de grossesse', "Menace d'accouchement prématuré", 'Césarienne programmée'],
    diagnoses: ['O80', 'O24.4'],
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
    reasons: ['Cure de hernie inguinale', 'Chirurgie de la cataracte', 'Cholécystectomie', 'Coloscopie', 'Arthroscopie du genou'],
    diagnoses: ['K40', 'H25', 'K80', 'K57'],
    specialty: 'Anesthésie-réanimation',
    staff: usualStaff,
  },
  {
    name: 'Chirurgie digestive',
    establishment: 'clinic',
    presence: 0.5,
    weight: 7,
    classes: [['IMP', 70], ['AMB', 30]],
    stayDays: [2, 8],
    reasons: ['Appendicectomie', 'Cholécystectomie', 'Occlusion intestinale', 'Colectomie', 'Cure de hernie'],
    diagnoses: ['K35', 'K80', 'K40', 'K57', 'C18'],
    specialty: 'Chirurgie viscérale et digestive',
    staff: usualStaff,
  },
  {
    name: 'Gastro-entérologie',
    establishment: 'clinic',
    presence: 0.4,
    weight: 6,
    classes: [['AMB', 60], ['IMP', 40]],
    stayDays: [1, 5],
    minAge: 15,
    reasons: ['Endoscopie digestive', 'Coloscopie de dépistage', 'Reflux gastro-œsophagien', 'Rectorragies'],
    diagnoses: ['K21', 'K29', 'K57', 'K58', 'K76.0', 'C18'],
    specialty: 'Gastro-entérologie et hépatologie',
    staff: usualStaff,
  },
  {
    name: 'Pneumologie',
    establishment: 'clinic',
    presence: 0.35,
    weight: 6,
    classes: [['IMP', 50], ['AMB', 50]],
    stayDays: [2, 10],
    minAge: 15,
    reasons: ['Exacerbation de BPCO', "Crise d'asthme", 'Pneumopathie', "Bilan d'apnée du sommeil"],
    diagnoses: ['J44', 'J45', 'J18', 'G47.3', 'C34'],
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
    reasons: ['Rééducation après prothèse de hanche', 'Rééducation après AVC', 'Réadaptation cardiaque', 'Rééducation après fracture'],
    diagnoses: ['M16', 'M17', 'I63', 'S72.0', 'I21'],
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
    reasons: ['Entrée en hébergement permanent', "Perte d'autonomie", 'Retour à domicile impossible'],
    diagnoses: ['I10', 'M81', 'I50', 'H91.1', 'N18'],
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
    reasons: ['Troubles cognitifs évolués', 'Déambulation', "Maladie d'Alzheimer"],
    diagnoses: ['G30', 'F03'],
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
    reasons: ['Prélèvement sanguin', 'Bilan biologique de contrôle'],
    diagnoses: [],
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
    reasons: ['Prélèvement sanguin', 'Contrôle INR'],
    diagnoses: [],
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
    reasons: ['Examen cytobactériologique des urines', 'Prélèvement de gorge'],
    diagnoses: [],
    specialty: 'Biologie médicale',
    staff: { biologist: [1, 1] },
  },
];

/** Whether a patient of this age and sex can be seen in the unit (a man is not admitted to a maternity). */
export function unitAdmits(kind: UnitKind, age: number, sex: 'male' | 'female'): boolean {
  return age >= (kind.minAge ?? 0) && age <= (kind.maxAge ?? 200) && (kind.sex === undefined || kind.sex === sex);
}
