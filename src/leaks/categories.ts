/** The kinds of data a breach notification names (GDPR art. 33(3)(a)), in the chart's words. */
export const DATA_CATEGORIES = ['identity', 'stays', 'history', 'allergies', 'prescriptions', 'lab-results', 'notes', 'insurance'] as const;
export type DataCategory = (typeof DATA_CATEGORIES)[number];
