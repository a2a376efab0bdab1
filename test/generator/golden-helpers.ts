/**
 * Shared by the golden and type-check tests: where the golden cases live,
 * rendering a case in memory, and reading its expected files.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  fileDescribeSource,
  type GeneratedFile,
  loadConfig,
  renderProject,
} from 'soupkit/generator';
import { objectsToDescribe } from '../../generator/render-run.js';

export const GOLDEN_ROOT = fileURLToPath(new URL('./golden/', import.meta.url));
export { GOLDEN_CASES } from './golden/cases.js';

/** Renders a golden case in memory, as `generate` would write it. */
export async function renderCase(name: string): Promise<GeneratedFile[]> {
  const config = await loadConfig(path.join(GOLDEN_ROOT, name, 'soupkit.config.json'));
  const source = fileDescribeSource(config.config.describes);
  const names = await objectsToDescribe(config.config, source);
  return renderProject(config, await source.describe(names));
}

/** Every file under a case's `expected/`, by path relative to it (with `/`). */
export async function readExpected(name: string): Promise<Map<string, string>> {
  const root = path.join(GOLDEN_ROOT, name, 'expected');
  const out = new Map<string, string>();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else
        out.set(path.relative(root, full).split(path.sep).join('/'), await readFile(full, 'utf8'));
    }
  };
  await walk(root);
  return out;
}

/** The `.ts` files under a case's `expected/`, as absolute paths. */
export async function expectedTsFiles(name: string): Promise<string[]> {
  const files = await readExpected(name);
  return [...files.keys()]
    .filter((file) => file.endsWith('.ts'))
    .map((file) => path.join(GOLDEN_ROOT, name, 'expected', file));
}
