import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type ICruiseOptions, type ICruiseResult } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * The layout's rules, checked on the files themselves (ARCHITECTURE.md): the import rules
 * of .dependency-cruiser.cjs, and the folders' order, whose arrows may only point down.
 */
const ROOT = join(import.meta.dirname, '..');
const config = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as {
  forbidden: NonNullable<ICruiseOptions['ruleSet']>['forbidden'];
  options: ICruiseOptions;
};

async function cruised(baseDir: string, withTsConfig: boolean): Promise<ICruiseResult> {
  const { tsConfig: _tsConfig, ...options } = config.options;
  const tsConfig = withTsConfig ? { tsConfig: { fileName: join(ROOT, 'tsconfig.json') } } : {};
  const result = await cruise(['src'], { ...options, ...tsConfig, baseDir, validate: true, ruleSet: { forbidden: config.forbidden }, outputType: 'json' });
  return typeof result.output === 'string' ? (JSON.parse(result.output) as ICruiseResult) : result.output;
}

const violationsOf = (result: ICruiseResult) => result.summary.violations.map((violation) => `${violation.rule.name}: ${violation.from} → ${violation.to}`);

/** The fenced block of ARCHITECTURE.md with this info string, as lines. */
function block(name: string): string[] {
  const text = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  const found = new RegExp('```' + name + '\\n([\\s\\S]*?)```').exec(text);
  if (!found) throw new Error(`ARCHITECTURE.md has no ${name} block`);
  return found[1]!
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);
}

/** Arrows between folders that go up the layers: `from -> to`. */
function upwardArrows(result: ICruiseResult, layers: string[]): string[] {
  const folderOf = (path: string) => path.split('/')[1]!;
  const arrows = new Set<string>();
  for (const module of result.modules) {
    if (!module.source.startsWith('src/') || module.source.endsWith('.test.ts')) continue;
    for (const dependency of module.dependencies) {
      if (!dependency.resolved.startsWith('src/')) continue;
      const [from, to] = [folderOf(module.source), folderOf(dependency.resolved)];
      if (from !== to && layers.indexOf(to) > layers.indexOf(from)) arrows.add(`${from} -> ${to}`);
    }
  }
  return [...arrows].sort();
}

describe('the layout', () => {
  it('breaks none of the import rules: the gate alone reaches patient rows and claims, and no file depends on itself', async () => {
    const result = await cruised(ROOT, true);
    expect(result.summary.totalCruised).toBeGreaterThan(300);
    expect(violationsOf(result)).toEqual([]);
  });

  it('reads from bottom to top as ARCHITECTURE.md draws it: no folder uses one above it', async () => {
    const result = await cruised(ROOT, true);
    const layers = block('layers')[0]!.split(/\s+/);
    const folders = [...new Set(result.modules.filter((module) => module.source.startsWith('src/')).map((module) => module.source.split('/')[1]!))];
    // Every folder has its place in the picture.
    expect(folders.filter((folder) => !layers.includes(folder) && !folder.includes('.'))).toEqual([]);
    expect(upwardArrows(result, layers)).toEqual([]);
  });

  it('would see a module that reaches around the gate, however it imports', async () => {
    const result = await cruised(join(ROOT, 'test/architecture/sneaky'), false);
    expect(violationsOf(result).sort()).toEqual(
      [
        'gate-claim-only-in-the-gate: src/exports/takes-role.ts → src/gate/gate-role.ts',
        'gate-claim-only-in-the-gate: src/exports/takes-role.ts → src/store/gate-claim.ts',
        'login-claim-only-in-the-store: src/exports/as-owner.ts → src/store/login-claim.ts',
        'no-circular: src/guard/one.ts → src/guard/two.ts',
        'patient-keys-only-in-the-gate: src/exports/claims-keys.ts → src/crypto/patient-data.ts',
        'patient-rows-only-in-the-gate: src/api/dynamic.ts → src/store/patient-rows/patients.ts',
        'patient-rows-only-in-the-gate: src/api/js-specifier.ts → src/store/patient-rows/patients.ts',
        'the-gate-passes-on-no-claim: src/gate/leak.ts → src/store/patient-rows/patients.ts',
      ].sort(),
    );
  });
});
