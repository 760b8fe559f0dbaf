import { csvLine } from './csv.ts';
import { carriersOf, honeyRowsFor, type Carrier } from './fingerprint/carriers.ts';
import { markedJson, retime } from './fingerprint/encode.ts';
import { HoneyRows } from './fingerprint/honey-rows.ts';
import type { ExportMarks } from './fingerprint/marks.ts';
import { minimised } from './minimise.ts';
import type { Purpose } from './purposes.ts';

export interface ExportShape {
  purpose: Purpose;
  fields: 'pseudonymised' | 'identified';
  format: 'ndjson' | 'csv';
  /** Patients counted at the request, for the honey rows' places. */
  patients: number;
}

/** How an export's resources become lines of its files: minimised or not, and marked. */
export interface ExportLines {
  carriers: Carrier[];
  line(resource: fhir4.Resource): string;
  /** The export's honey rows, where its purpose tolerates them. */
  honey: HoneyRows | undefined;
}

export function exportLines(marks: ExportMarks, shape: ExportShape): ExportLines {
  const carriers = carriersOf(shape.purpose, shape.fields, shape.format);
  const minimise = (resource: fhir4.Resource) => (shape.fields === 'pseudonymised' ? minimised(resource, (id) => marks.pseudonym(id)) : withoutMeta(resource));
  const shaped = carriers.includes('seconds')
    ? (resource: fhir4.Resource) => {
        const copy = minimise(resource);
        retime(marks, copy);
        return copy;
      }
    : minimise;
  const quoted = (text: string) => marks.quoted(text);
  return {
    carriers,
    line: shape.format === 'csv' ? (resource) => csvLine(shaped(resource), quoted) : (resource) => `${markedJson(marks, shaped(resource))}\n`,
    honey: carriers.includes('honey-rows') ? new HoneyRows(marks, honeyRowsFor(shape.patients), shape.patients) : undefined,
  };
}

/** An identified export carries the resources as stored, without Vigie's own version metadata. */
function withoutMeta(resource: fhir4.Resource): fhir4.Resource {
  const { meta: _meta, ...rest } = resource;
  return rest as fhir4.Resource;
}
