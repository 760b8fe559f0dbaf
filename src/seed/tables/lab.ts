/**
 * Lab orders and results as a French laboratory reports them: LOINC codes, UCUM units
 * (with the unit as printed on the report: "µmol/L", "G/L"), usual reference ranges, and a
 * plausible distribution of values — shifted for patients with a condition that changes
 * them (a diabetic's HbA1c, a kidney patient's creatinine).
 */
export interface Analyte {
  loinc: string;
  label: string;
  /** UCUM code. */
  ucum: string;
  /** As printed on the report. */
  unit: string;
  low?: number;
  high?: number;
  mean: number;
  sd: number;
  decimals: number;
  /** Added for men, subtracted for women (haemoglobin). */
  sexShift?: number;
}

export interface LabPanel {
  loinc: string;
  label: string;
  analytes: readonly Analyte[];
  weight: number;
}

const analyte = (a: Analyte): Analyte => a;

export const ANALYTES = {
  haemoglobin: analyte({
    loinc: '718-7',
    label: 'Hémoglobine',
    ucum: 'g/dL',
    unit: 'g/dL',
    low: 12,
    high: 17,
    mean: 13.9,
    sd: 1.2,
    decimals: 1,
    sexShift: 0.7,
  }),
  leukocytes: analyte({ loinc: '6690-2', label: 'Leucocytes', ucum: '10*9/L', unit: 'G/L', low: 4, high: 10, mean: 7, sd: 1.7, decimals: 1 }),
  platelets: analyte({ loinc: '777-3', label: 'Plaquettes', ucum: '10*9/L', unit: 'G/L', low: 150, high: 400, mean: 250, sd: 55, decimals: 0 }),
  mcv: analyte({ loinc: '787-2', label: 'Volume globulaire moyen (VGM)', ucum: 'fL', unit: 'fL', low: 80, high: 100, mean: 90, sd: 4.5, decimals: 0 }),
  sodium: analyte({ loinc: '2951-2', label: 'Sodium', ucum: 'mmol/L', unit: 'mmol/L', low: 136, high: 145, mean: 140, sd: 2.3, decimals: 0 }),
  potassium: analyte({ loinc: '2823-3', label: 'Potassium', ucum: 'mmol/L', unit: 'mmol/L', low: 3.5, high: 5, mean: 4.2, sd: 0.35, decimals: 1 }),
  creatinine: analyte({ loinc: '14682-9', label: 'Créatinine', ucum: 'umol/L', unit: 'µmol/L', low: 60, high: 110, mean: 80, sd: 14, decimals: 0 }),
  glucose: analyte({
    loinc: '14749-6',
    label: 'Glucose (glycémie à jeun)',
    ucum: 'mmol/L',
    unit: 'mmol/L',
    low: 3.9,
    high: 6.1,
    mean: 5.2,
    sd: 0.55,
    decimals: 1,
  }),
  cholesterol: analyte({ loinc: '2093-3', label: 'Cholestérol total', ucum: 'g/L', unit: 'g/L', low: 1.5, high: 2, mean: 1.95, sd: 0.32, decimals: 2 }),
  hdl: analyte({ loinc: '2085-9', label: 'Cholestérol HDL', ucum: 'g/L', unit: 'g/L', low: 0.4, mean: 0.56, sd: 0.12, decimals: 2 }),
  ldl: analyte({ loinc: '13457-7', label: 'Cholestérol LDL (calculé)', ucum: 'g/L', unit: 'g/L', high: 1.6, mean: 1.18, sd: 0.3, decimals: 2 }),
  triglycerides: analyte({ loinc: '2571-8', label: 'Triglycérides', ucum: 'g/L', unit: 'g/L', low: 0.35, high: 1.5, mean: 1.1, sd: 0.38, decimals: 2 }),
  tsh: analyte({ loinc: '3016-3', label: 'TSH', ucum: 'm[IU]/L', unit: 'mUI/L', low: 0.4, high: 4, mean: 1.8, sd: 0.75, decimals: 2 }),
  hba1c: analyte({ loinc: '4548-4', label: 'Hémoglobine glyquée (HbA1c)', ucum: '%', unit: '%', low: 4, high: 6, mean: 5.4, sd: 0.3, decimals: 1 }),
  crp: analyte({ loinc: '1988-5', label: 'Protéine C réactive (CRP)', ucum: 'mg/L', unit: 'mg/L', high: 5, mean: 2.5, sd: 2.5, decimals: 1 }),
  alt: analyte({ loinc: '1742-6', label: 'ALAT (transaminases)', ucum: 'U/L', unit: 'UI/L', high: 40, mean: 24, sd: 9, decimals: 0 }),
  ast: analyte({ loinc: '1920-8', label: 'ASAT (transaminases)', ucum: 'U/L', unit: 'UI/L', high: 40, mean: 23, sd: 7, decimals: 0 }),
  ggt: analyte({ loinc: '2324-2', label: 'Gamma-GT', ucum: 'U/L', unit: 'UI/L', high: 60, mean: 30, sd: 14, decimals: 0 }),
  ferritin: analyte({ loinc: '2276-4', label: 'Ferritine', ucum: 'ug/L', unit: 'µg/L', low: 20, high: 300, mean: 120, sd: 65, decimals: 0 }),
} as const;

type AnalyteName = keyof typeof ANALYTES;
const panel = (loinc: string, label: string, weight: number, names: AnalyteName[]): LabPanel => ({
  loinc,
  label,
  weight,
  analytes: names.map((name) => ANALYTES[name]),
});

export const LAB_PANELS: readonly LabPanel[] = [
  panel('58410-2', 'Numération formule sanguine (NFS)', 30, ['haemoglobin', 'leukocytes', 'platelets', 'mcv']),
  panel('24321-2', 'Ionogramme, créatinine, glycémie', 28, ['sodium', 'potassium', 'creatinine', 'glucose']),
  panel('24331-1', 'Bilan lipidique (EAL)', 12, ['cholesterol', 'hdl', 'ldl', 'triglycerides']),
  panel('3016-3', 'TSH', 8, ['tsh']),
  panel('4548-4', 'Hémoglobine glyquée (HbA1c)', 5, ['hba1c']),
  panel('1988-5', 'Protéine C réactive (CRP)', 10, ['crp']),
  panel('24325-3', 'Bilan hépatique', 6, ['alt', 'ast', 'ggt']),
  panel('2276-4', 'Ferritine', 4, ['ferritin']),
];

/** Panels a condition calls for (a diabetic's HbA1c every few months). */
export const PANELS_FOR_CONDITION: Readonly<Record<string, string>> = {
  E11: '4548-4',
  E10: '4548-4',
  'E03.9': '3016-3',
  E05: '3016-3',
  N18: '24321-2',
  'E78.0': '24331-1',
  D50: '2276-4',
  'K76.0': '24325-3',
};

/** How a condition moves a result: new mean and spread, by LOINC code. */
export const RESULT_SHIFTS: Readonly<Record<string, Readonly<Record<string, readonly [number, number]>>>> = {
  E11: { '4548-4': [7.4, 0.9], '14749-6': [8.3, 1.8] },
  E10: { '4548-4': [7.8, 1], '14749-6': [9, 2.5] },
  N18: { '14682-9': [175, 45], '2823-3': [4.8, 0.4] },
  D50: { '718-7': [10.4, 0.9], '2276-4': [11, 5], '787-2': [74, 4] },
  'E78.0': { '2093-3': [2.55, 0.3], '13457-7': [1.78, 0.28] },
  'E03.9': { '3016-3': [3.1, 1.6] },
  E05: { '3016-3': [0.08, 0.04] },
  J18: { '1988-5': [85, 40], '6690-2': [14, 3] },
  'K76.0': { '2324-2': [95, 40], '1742-6': [55, 15] },
  'F10.2': { '2324-2': [140, 60], '787-2': [101, 4] },
};

/** ABO and Rh(D) groups in France (Établissement français du sang) with their SNOMED CT codes. */
export const BLOOD_GROUPS: ReadonlyArray<{ text: string; snomed: string; display: string; weight: number }> = [
  { text: 'O+', snomed: '278147001', display: 'Blood group O Rh(D) positive', weight: 36 },
  { text: 'O-', snomed: '278148006', display: 'Blood group O Rh(D) negative', weight: 6 },
  { text: 'A+', snomed: '278149003', display: 'Blood group A Rh(D) positive', weight: 37 },
  { text: 'A-', snomed: '278152006', display: 'Blood group A Rh(D) negative', weight: 7 },
  { text: 'B+', snomed: '278150003', display: 'Blood group B Rh(D) positive', weight: 8 },
  { text: 'B-', snomed: '278153001', display: 'Blood group B Rh(D) negative', weight: 1 },
  { text: 'AB+', snomed: '278151004', display: 'Blood group AB Rh(D) positive', weight: 3 },
  { text: 'AB-', snomed: '278154007', display: 'Blood group AB Rh(D) negative', weight: 1 },
];
