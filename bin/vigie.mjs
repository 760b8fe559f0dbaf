#!/usr/bin/env node
// The `vigie` command: the compiled JavaScript of dist/ (`npm run build`). Without a build,
// bin/vigie-dev.mjs runs the same command from the TypeScript sources.
import { whyNotCurrent } from './compiled.mjs';

const stale = whyNotCurrent();
if (stale) {
  console.error(`vigie: ${stale}; run \`npm run build\` (or bin/vigie-dev.mjs, which runs the sources through tsx)`);
  process.exit(1);
}
await import('../dist/cli/main.js');
