/**
 * soupkit's own package folder (found from this module, in the sources or in
 * dist/): where the templates, the sample describes and package.json are.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** soupkit's package.json, as far as the CLI reads it. */
export interface SoupkitPackageJson {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

let found: { root: string; json: SoupkitPackageJson } | undefined;

function find(): { root: string; json: SoupkitPackageJson } {
  if (found !== undefined) return found;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = path.join(dir, 'package.json');
    if (existsSync(file)) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as Partial<SoupkitPackageJson>;
      if (json.name === 'soupkit' && typeof json.version === 'string') {
        found = { root: dir, json: json as SoupkitPackageJson };
        return found;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('soupkit: cannot find its own package.json');
    dir = parent;
  }
}

/** The folder holding soupkit's package.json. */
export function packageRoot(): string {
  return find().root;
}

/** soupkit's package.json. */
export function packageJson(): SoupkitPackageJson {
  return find().json;
}
