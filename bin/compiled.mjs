// Whether dist/ is the build of the sources as they are now. The build writes its stamp
// last (scripts/build-server.mjs), so a build that failed, or sources changed since, show.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SOURCES = join(ROOT, 'src');
export const COMPILED = join(ROOT, 'dist');
export const STAMP = join(COMPILED, '.built');

/** Why dist/ is not the build of the current sources, or undefined when it is. */
export function whyNotCurrent() {
  if (!existsSync(STAMP)) return 'dist/ holds no complete build';
  if (!existsSync(SOURCES)) return undefined;
  const built = statSync(STAMP).mtimeMs;
  const changed = readdirSync(SOURCES, { recursive: true }).find((file) => {
    if (file.endsWith('.test.ts')) return false;
    const stat = statSync(join(SOURCES, file));
    return stat.isFile() && stat.mtimeMs > built;
  });
  return changed && `src/${changed} changed after the last build`;
}
