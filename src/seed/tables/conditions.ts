/**
 * Common conditions in French care, coded in CIM-10 (the French edition of ICD-10, ATIH),
 * with their French labels. `weight` is a rough relative frequency among people of the
 * eligible age and sex; `chronic` ones go on the problem list and stay active, the others
 * are episodes diagnosed during a stay or visit and end resolved.
 */
export interface ConditionEntry {
  code: string;
  display: string;
  weight: number;
  chronic: boolean;
  minAge?: number;
  maxAge?: number;
  sex?: 'male' | 'female';
}

export const CONDITIONS: readonly ConditionEntry[] = [
  // Cardiovascular
  { code: 'I10', display: 'Hypertension essentielle', weight: 30, chronic: true, minAge: 30 },
  { code: 'I48', display: 'Fibrillation et flutter auriculaires', weight: 8, chronic: true, minAge: 50 },
  { code: 'I25', display: 'Cardiopathie ischémique chronique', weight: 7, chronic: true, minAge: 45 },
  { code: 'I50', display: 'Insuffisance cardiaque', weight: 6, chronic: true, minAge: 55 },
  { code: 'I21', display: 'Infarctus aigu du myocarde', weight: 3, chronic: false, minAge: 40 },
  { code: 'I63', display: 'Infarctus cérébral', weight: 3, chronic: false, minAge: 45 },
  { code: 'I80', display: 'Phlébite et thrombophlébite', weight: 2, chronic: false, minAge: 20 },
  { code: 'I26', display: 'Embolie pulmonaire', weight: 1.5, chronic: false, minAge: 20 },
  { code: 'I83', display: 'Varices des membres inférieurs', weight: 5, chronic: true, minAge: 30 },
  // Metabolic and endocrine
  { code: 'E11', display: 'Diabète de type 2', weight: 16, chronic: true, minAge: 30 },
  { code: 'E10', display: 'Diabète de type 1', weight: 2, chronic: true, minAge: 2 },
  { code: 'E78.0', display: 'Hypercholestérolémie pure', weight: 18, chronic: true, minAge: 30 },
  { code: 'E66', display: 'Obésité', weight: 12, chronic: true, minAge: 10 },
  { code: 'E03.9', display: 'Hypothyroïdie, sans précision', weight: 8, chronic: true, minAge: 20 },
  { code: 'E05', display: 'Thyrotoxicose (hyperthyroïdie)', weight: 1.5, chronic: true, minAge: 20 },
  { code: 'E55', display: 'Carence en vitamine D', weight: 6, chronic: false, minAge: 50 },
  { code: 'D50', display: 'Anémie par carence en fer', weight: 4, chronic: false },
  // Respiratory
  { code: 'J45', display: 'Asthme', weight: 9, chronic: true },
  { code: 'J44', display: 'Bronchopneumopathie chronique obstructive', weight: 6, chronic: true, minAge: 45 },
  { code: 'J18', display: 'Pneumopathie, micro-organisme non précisé', weight: 5, chronic: false },
  { code: 'J06', display: 'Infection aiguë des voies respiratoires supérieures', weight: 6, chronic: false, maxAge: 60 },
  { code: 'J30.4', display: 'Rhinite allergique, sans précision', weight: 10, chronic: true, minAge: 5, maxAge: 70 },
  { code: 'G47.3', display: 'Apnée du sommeil', weight: 5, chronic: true, minAge: 35 },
  // Kidney and urinary
  { code: 'N18', display: 'Maladie rénale chronique', weight: 5, chronic: true, minAge: 55 },
  { code: 'N39.0', display: 'Infection des voies urinaires, siège non précisé', weight: 6, chronic: false },
  { code: 'N40', display: 'Hyperplasie de la prostate', weight: 10, chronic: true, minAge: 55, sex: 'male' },
  // Musculoskeletal
  { code: 'M17', display: 'Gonarthrose', weight: 10, chronic: true, minAge: 50 },
  { code: 'M16', display: 'Coxarthrose', weight: 7, chronic: true, minAge: 50 },
  { code: 'M81', display: 'Ostéoporose sans fracture pathologique actuelle', weight: 9, chronic: true, minAge: 55, sex: 'female' },
  { code: 'M54.5', display: 'Lombalgie basse', weight: 12, chronic: false, minAge: 18 },
  { code: 'M79.7', display: 'Fibromyalgie', weight: 2, chronic: true, minAge: 25, sex: 'female' },
  { code: 'M10', display: 'Goutte', weight: 3, chronic: true, minAge: 35, sex: 'male' },
  // Nervous system and mental health
  { code: 'G30', display: "Maladie d'Alzheimer", weight: 6, chronic: true, minAge: 70 },
  { code: 'F03', display: 'Démence, sans précision', weight: 3, chronic: true, minAge: 70 },
  { code: 'G20', display: 'Maladie de Parkinson', weight: 2, chronic: true, minAge: 55 },
  { code: 'G40', display: 'Épilepsie', weight: 2, chronic: true },
  { code: 'G43', display: 'Migraine', weight: 10, chronic: true, minAge: 12, maxAge: 70 },
  { code: 'F32', display: 'Épisode dépressif', weight: 8, chronic: false, minAge: 15 },
  { code: 'F41.1', display: 'Anxiété généralisée', weight: 6, chronic: true, minAge: 15 },
  { code: 'F10.2', display: "Syndrome de dépendance à l'alcool", weight: 3, chronic: true, minAge: 20 },
  { code: 'F17.2', display: 'Dépendance au tabac', weight: 12, chronic: true, minAge: 16 },
  // Digestive
  { code: 'K21', display: 'Reflux gastro-œsophagien', weight: 10, chronic: true, minAge: 18 },
  { code: 'K57', display: "Diverticulose de l'intestin", weight: 4, chronic: true, minAge: 50 },
  { code: 'K80', display: 'Lithiase biliaire', weight: 4, chronic: false, minAge: 25 },
  { code: 'K35', display: 'Appendicite aiguë', weight: 2, chronic: false, minAge: 5, maxAge: 60 },
  { code: 'K40', display: 'Hernie inguinale', weight: 3, chronic: false, minAge: 20 },
  { code: 'K29', display: 'Gastrite et duodénite', weight: 4, chronic: false, minAge: 18 },
  { code: 'K58', display: "Syndrome de l'intestin irritable", weight: 5, chronic: true, minAge: 18, maxAge: 70 },
  { code: 'K76.0', display: 'Stéatose hépatique non alcoolique', weight: 4, chronic: true, minAge: 30 },
  { code: 'A09', display: "Diarrhée et gastro-entérite d'origine présumée infectieuse", weight: 5, chronic: false },
  { code: 'B18.2', display: 'Hépatite virale chronique C', weight: 0.5, chronic: true, minAge: 25 },
  // Tumours
  { code: 'C50', display: 'Tumeur maligne du sein', weight: 3, chronic: true, minAge: 35, sex: 'female' },
  { code: 'C61', display: 'Tumeur maligne de la prostate', weight: 3, chronic: true, minAge: 55, sex: 'male' },
  { code: 'C18', display: 'Tumeur maligne du côlon', weight: 1.5, chronic: true, minAge: 50 },
  { code: 'C34', display: 'Tumeur maligne des bronches et du poumon', weight: 1.5, chronic: true, minAge: 45 },
  // Injuries
  { code: 'S72.0', display: 'Fracture du col du fémur', weight: 3, chronic: false, minAge: 70 },
  { code: 'S82', display: 'Fracture de la jambe, y compris la cheville', weight: 2, chronic: false },
  { code: 'S52', display: "Fracture de l'avant-bras", weight: 2, chronic: false },
  { code: 'S06.0', display: 'Commotion cérébrale', weight: 1.5, chronic: false },
  // Eye, ear, skin
  { code: 'H25', display: 'Cataracte sénile', weight: 6, chronic: false, minAge: 60 },
  { code: 'H40', display: 'Glaucome', weight: 3, chronic: true, minAge: 45 },
  { code: 'H91.1', display: 'Presbyacousie', weight: 6, chronic: true, minAge: 65 },
  { code: 'L40', display: 'Psoriasis', weight: 3, chronic: true, minAge: 10 },
  { code: 'L20', display: 'Dermatite atopique', weight: 4, chronic: true, maxAge: 40 },
  // Pregnancy and devices
  { code: 'O80', display: 'Accouchement unique et spontané', weight: 0, chronic: false, minAge: 16, maxAge: 46, sex: 'female' },
  { code: 'O24.4', display: 'Diabète sucré survenant au cours de la grossesse', weight: 0, chronic: false, minAge: 16, maxAge: 46, sex: 'female' },
  { code: 'Z96.6', display: "Présence d'implants articulaires orthopédiques", weight: 3, chronic: true, minAge: 60 },
  { code: 'Z95.0', display: "Présence d'un stimulateur cardiaque", weight: 1.5, chronic: true, minAge: 65 },
  // Minor episodes
  { code: 'R55', display: 'Syncope et collapsus', weight: 2, chronic: false },
  { code: 'R07.4', display: 'Douleur thoracique, sans précision', weight: 3, chronic: false, minAge: 18 },
];

export const CONDITION_BY_CODE: ReadonlyMap<string, ConditionEntry> = new Map(CONDITIONS.map((entry) => [entry.code, entry]));

export function conditionFits(entry: ConditionEntry, age: number, sex: 'male' | 'female'): boolean {
  return age >= (entry.minAge ?? 0) && age <= (entry.maxAge ?? 200) && (entry.sex === undefined || entry.sex === sex);
}
