import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cruise, type ICruiseOptions, type IModule } from 'dependency-cruiser';
import { describe, expect, it } from 'vitest';

/**
 * What a production install runs: the compiled modules with `npm prune --omit=dev`. Every
 * package a module of Vigie loads must then be a dependency, and `vigie serve` must load
 * none of the seeding code, which demo, seed and the drills alone need.
 */
const ROOT = join(import.meta.dirname, '..');
const { options } = createRequire(import.meta.url)(join(ROOT, '.dependency-cruiser.cjs')) as { options: ICruiseOptions };
const SEEDING_PACKAGES = ['@faker-js/faker', '@etalab/decoupage-administratif'];

/** Vigie's modules and what they import, packages included (the layout's rules leave them out). */
async function cruised(): Promise<Map<string, IModule>> {
  const { exclude: _packages, ...withPackages } = options;
  const result = await cruise(['src'], { ...withPackages, tsConfig: { fileName: join(ROOT, 'tsconfig.json') }, baseDir: ROOT, outputType: 'json' });
  const output = typeof result.output === 'string' ? (JSON.parse(result.output) as { modules: IModule[] }) : result.output;
  return new Map(output.modules.map((module) => [module.source, module]));
}
let graph: Promise<Map<string, IModule>> | undefined;
const modules = () => (graph ??= cruised());

/** The package a path in node_modules belongs to. */
const packageOf = (path: string) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
/** The package an import specifier names: `@scope/name/sub` → `@scope/name`. */
const packageNamed = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

/**
 * The modules `vigie serve` loads: the command line's own imports (each command's module
 * is imported when it runs, so main.ts's dynamic imports are not followed), then the
 * serve command's, all of them.
 */
function loadedByServe(graph: Map<string, IModule>): Set<string> {
  const loaded = new Set<string>();
  const visit = (source: string, followDynamic: boolean) => {
    if (loaded.has(source) && followDynamic) return;
    loaded.add(source);
    for (const dependency of graph.get(source)?.dependencies ?? []) {
      if (dependency.dependencyTypes.includes('type-only')) continue;
      if (!followDynamic && dependency.dependencyTypes.includes('dynamic-import')) continue;
      visit(dependency.resolved, true);
    }
  };
  visit('src/cli/main.ts', false);
  visit('src/cli/serve-command.ts', true);
  return loaded;
}

describe('the packages at run time', () => {
  it('are all dependencies, none a development one: a pruned install runs every command', async () => {
    const { dependencies } = createRequire(import.meta.url)(join(ROOT, 'package.json')) as { dependencies: Record<string, string> };
    const outside = [...(await modules()).values()]
      .filter((module) => !module.source.endsWith('.test.ts'))
      .flatMap((module) =>
        module.dependencies
          .filter((dependency) => !dependency.coreModule && !dependency.module.startsWith('.') && !dependency.dependencyTypes.includes('type-only'))
          .filter((dependency) => !(packageNamed(dependency.module) in dependencies))
          .map((dependency) => `${module.source} → ${dependency.module}`),
      );
    expect(outside).toEqual([]);
  });

  it('that `vigie serve` loads hold no seeding code and no seeding package', async () => {
    const loaded = [...loadedByServe(await modules())];
    expect(loaded).toContain('src/api/app.ts');
    expect(loaded.filter((path) => /^src\/(seed|drills)\//.test(path))).toEqual([]);
    expect(loaded.map(packageOf).filter((name) => name && SEEDING_PACKAGES.includes(name))).toEqual([]);
  });

  it('would be seen if the command line imported a seeding command up front', async () => {
    const graph = await modules();
    const main = graph.get('src/cli/main.ts')!;
    const eager = { ...main, dependencies: main.dependencies.map((dependency) => ({ ...dependency, dependencyTypes: ['local', 'import'] })) };
    const loaded = [...loadedByServe(new Map(graph).set(main.source, eager as IModule))];
    expect(loaded.map(packageOf)).toContain('@faker-js/faker');
    expect(loaded.map(packageOf)).toContain('@etalab/decoupage-administratif');
  });
});
