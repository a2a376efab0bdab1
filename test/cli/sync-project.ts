/**
 * A project for the `soupkit sync` tests: examples/offline-sync's config,
 * describes and generated files in a temporary folder, with `store.key`
 * holding `KEY` on one line, readable by its owner only (as a key file should).
 */
import { cp, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/paths.js';

export const KEY = 'a key in a file';

/** A new project folder (remove it after the tests). */
export async function syncProject(prefix = 'soupkit-sync-'): Promise<string> {
  const project = await mkdtemp(join(tmpdir(), prefix));
  const example = join(REPO_ROOT, 'examples', 'offline-sync');
  await cp(join(example, 'soupkit.config.json'), join(project, 'soupkit.config.json'));
  await cp(join(example, 'describes'), join(project, 'describes'), { recursive: true });
  await cp(join(example, 'src', 'generated'), join(project, 'src', 'generated'), {
    recursive: true,
  });
  await writeFile(join(project, 'store.key'), `${KEY}\n`, { mode: 0o600 });
  return project;
}
