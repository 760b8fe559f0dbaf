#!/usr/bin/env node
// The `vigie` command from the TypeScript sources, through tsx (a development dependency):
// no build needed, for development and the tests that run the command.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
