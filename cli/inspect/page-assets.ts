/**
 * The page's files (`cli/inspect/page/`): HTML, CSS and ES modules served as
 * they are, from the package, by exact name only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../package-root.js';

/** A file of the page, ready to send. */
export interface PageAsset {
  readonly contentType: string;
  readonly body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The folder of the page's files. */
export function pageFolder(): string {
  return path.join(packageRoot(), 'cli', 'inspect', 'page');
}

/**
 * Every file of the page by its path under the folder (`index.html`,
 * `views/soups.js`), read once.
 */
export function loadPageAssets(folder = pageFolder()): ReadonlyMap<string, PageAsset> {
  const assets = new Map<string, PageAsset>();
  const walk = (dir: string, prefix: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const name = `${prefix}${entry.name}`;
      if (entry.isDirectory()) walk(path.join(dir, entry.name), `${name}/`);
      const contentType = TYPES[path.extname(entry.name)];
      if (entry.isFile() && contentType !== undefined) {
        assets.set(name, { contentType, body: readFileSync(path.join(dir, entry.name)) });
      }
    }
  };
  walk(folder, '');
  return assets;
}
