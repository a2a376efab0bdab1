#!/usr/bin/env node
// The `soupkit` command. Runs the compiled CLI from dist/ when the package is built
// (published packages are); in a source checkout it loads the TypeScript through tsx.
import { existsSync } from 'node:fs';

const built = new URL('../dist/generator/cli/bin.js', import.meta.url);
if (existsSync(built)) {
  await import(built.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../generator/cli/bin.ts', import.meta.url).href);
}
