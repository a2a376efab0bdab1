#!/usr/bin/env node
// The `soupkit` command. In a source checkout it runs the TypeScript sources through
// tsx, so a stale dist/ is never used by mistake; a published package ships no
// sources and runs the compiled CLI from dist/.
import { existsSync } from 'node:fs';

const source = new URL('../cli/bin.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/bin.js', import.meta.url).href);
}
