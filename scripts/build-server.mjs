// Compiles src/ into dist/ (tsconfig.build.json), copies beside the modules the files they
// read at run time (migrations, the password blocklist), then stamps the build complete.
import { spawnSync } from 'node:child_process';
import { cpSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { COMPILED, SOURCES, STAMP } from '../bin/compiled.mjs';

// Stamped with the time it started: a source saved while it ran is newer than the build.
const started = new Date();
rmSync(COMPILED, { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const compiled = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
if (compiled.status !== 0) process.exit(compiled.status ?? 1);
cpSync(SOURCES, COMPILED, { recursive: true, filter: (path) => statSync(path).isDirectory() || !path.endsWith('.ts') });
writeFileSync(STAMP, `${started.toISOString()}\n`);
utimesSync(STAMP, started, started);
