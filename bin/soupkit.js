#!/usr/bin/env node
// The `soupkit` command. In a source checkout (tsconfig.json beside the sources) it
// runs the TypeScript sources through tsx, so a stale dist/ is never used by mistake;
// an installed package runs the compiled CLI from dist/ (the sources it ships are
// there for source maps and the `source` export condition, not run by this shim).
import { existsSync } from 'node:fs';

const checkout = existsSync(new URL('../tsconfig.json', import.meta.url));
const source = new URL('../cli/bin.ts', import.meta.url);
if (checkout && existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli/bin.js', import.meta.url).href);
}
