/**
 * Regenerates the golden files of the generator tests:
 * `test/generator/golden/<case>/expected/` from `<case>/soupkit.config.json`.
 * The only way golden files change; run with `npm run golden:update [case...]`
 * and review the diff before committing.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { check, fileDescribeSource, generate, loadConfig } from '../generator/index.js';
import { GOLDEN_CASES } from '../test/generator/golden/cases.js';

const goldenRoot = fileURLToPath(new URL('../test/generator/golden/', import.meta.url));
const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(GOLDEN_CASES as readonly string[]).includes(name));
if (unknown.length > 0) {
  console.error(
    `golden:update: no golden case ${unknown.join(', ')} (the cases: ${GOLDEN_CASES.join(', ')})`,
  );
  process.exit(2);
}
const cases = GOLDEN_CASES.filter((name) => wanted.length === 0 || wanted.includes(name));

for (const name of cases) {
  const dir = path.join(goldenRoot, name);
  const config = await loadConfig(path.join(dir, 'soupkit.config.json'));
  const outDir = path.join(dir, 'expected');
  const source = fileDescribeSource(config.config.describes);
  // Render once in memory first, so a failing case leaves its golden files alone.
  await check({ config, source, outDir });
  await rm(outDir, { recursive: true, force: true });
  const result = await generate({
    config,
    source,
    outDir,
  });
  const where = path.relative(process.cwd(), outDir);
  console.log(`${name}: ${result.files.length} files, ${result.objects.length} objects → ${where}`);
}
