import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * DESIGN invariant 1: no module other than the gate reads the patient tables. Two checks
 * over the source tree: who imports the row-access module, and who writes SQL that
 * names a patient table.
 */
const ROOT = join(import.meta.dirname, '..');
const ROW_MODULE = 'store/patient-rows.ts';
const IMPORT_ALLOWED = [/^src\/gate\//, /^src\/seed\/writer\.ts$/];
const SQL_ALLOWED = [/^src\/store\/patient-rows\.ts$/, /^src\/store\/migrations\//];
const PATIENT_TABLE_SQL = /\b(?:FROM|JOIN|UPDATE|INTO|TABLE)\s+(?:patient|clinical_resource)\b/i;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.(ts|sql)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

export function violations(files: Array<{ path: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { path, text } of files) {
    // `import type` brings no code, only shapes; any other import of the module counts.
    const importsRows = /import\s+(?!type\b)[^;]*?from\s+['"][./]*(?:store\/)?patient-rows\.ts['"]/.test(text);
    if (importsRows && !IMPORT_ALLOWED.some((allowed) => allowed.test(path)) && path !== `src/${ROW_MODULE}`) {
      found.push(`${path} imports ${ROW_MODULE}`);
    }
    if (PATIENT_TABLE_SQL.test(text) && !SQL_ALLOWED.some((allowed) => allowed.test(path))) {
      found.push(`${path} queries a patient table`);
    }
  }
  return found;
}

describe('the one gate', () => {
  it('is the only reader of the patient tables', () => {
    const files = sourceFiles(join(ROOT, 'src')).map((path) => ({ path: relative(ROOT, path), text: readFileSync(path, 'utf8') }));
    expect(files.length).toBeGreaterThan(20);
    expect(violations(files)).toEqual([]);
  });

  it('would notice a module that bypasses it', () => {
    expect(
      violations([
        { path: 'src/api/sneaky.ts', text: "import { patientById } from '../store/patient-rows.ts';" },
        { path: 'src/exports/dump.ts', text: 'await sql.query(`SELECT body FROM patient`)' },
        { path: 'src/cli/x.ts', text: "db.query('select * from clinical_resource where 1=1')" },
      ]),
    ).toHaveLength(3);
  });
});
