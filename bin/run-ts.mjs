#!/usr/bin/env node
// Runs a TypeScript entry point (benchmarks, scripts) without a build step.
import { register } from 'tsx/esm/api';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

register();
const [entry, ...rest] = process.argv.slice(2);
if (!entry) throw new Error('usage: run-ts.mjs FILE.ts [args]');
process.argv = [process.argv[0], resolve(entry), ...rest];
await import(pathToFileURL(resolve(entry)).href);
