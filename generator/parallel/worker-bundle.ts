/**
 * The worker of the TypeScript sources as one JavaScript file. A worker thread
 * running `.ts` sources would need tsx's loader of its own, whose start costs
 * more CPU than the worker's share of a 1,000-object run saves on a busy
 * machine; esbuild (tsx's own) bundles the worker module and what it imports
 * instead, cached in the temporary folder until one of those files changes.
 * Only the sources run here: the build's worker is plain `.js` already.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What the cache remembers of a bundle: its file and the sources it was made of. */
interface BundleIndex {
  readonly bundle: string;
  /** Source path → `mtimeMs:size` when bundled. */
  readonly inputs: Readonly<Record<string, string>>;
}

type EsbuildApi = typeof import('esbuild');

/**
 * The bundled worker for `entry` (a `.ts` file URL), built when absent or out
 * of date; undefined when esbuild is not there or the bundle cannot be made or
 * saved (the caller then loads the sources through tsx).
 *
 * @example
 * bundledWorker(new URL('./render-worker.ts', import.meta.url)); // file:///tmp/soupkit-…/render-worker-1f2e….mjs
 */
export function bundledWorker(entry: URL): URL | undefined {
  const esbuild = loadEsbuild();
  if (esbuild === undefined) return undefined;
  try {
    return bundle(esbuild, entry);
  } catch {
    return undefined;
  }
}

function bundle(esbuild: EsbuildApi, entry: URL): URL {
  const file = fileURLToPath(entry);
  const folder = path.join(tmpdir(), `soupkit-worker-${process.getuid?.() ?? 'user'}`);
  const indexFile = path.join(
    folder,
    `${createHash('sha1').update(file).digest('hex').slice(0, 12)}.json`,
  );
  const cached = readIndex(indexFile);
  if (cached !== undefined && upToDate(cached)) return pathToFileURL(cached.bundle);
  const result = esbuild.buildSync({
    entryPoints: [file],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    // The bundle lives elsewhere: `import.meta.url` must still name the sources,
    // where the templates and ts-morph are found. The worker's modules that
    // read it are all in `generator/emit/`.
    define: {
      'import.meta.url': JSON.stringify(new URL('../emit/templates.ts', entry).href),
    },
  });
  const text = result.outputFiles?.[0]?.text ?? '';
  const inputs: Record<string, string> = {};
  const emitFolder = fileURLToPath(new URL('../emit/', entry));
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    const absolute = path.resolve(input);
    // The `define` above names one folder: a module elsewhere that reads its own URL would be misled.
    if (
      !absolute.startsWith(emitFolder) &&
      readFileSync(absolute, 'utf8').includes('import.meta')
    ) {
      throw new Error(`${absolute} reads import.meta outside generator/emit/`);
    }
    inputs[absolute] = stamp(absolute) ?? '';
  }
  const bundleFile = path.join(
    folder,
    `${path.basename(file, '.ts')}-${createHash('sha1').update(text).digest('hex').slice(0, 12)}.mjs`,
  );
  mkdirSync(folder, { recursive: true });
  // Written beside and renamed: another process may be reading the same files.
  const partial = `${bundleFile}.${process.pid}`;
  writeFileSync(partial, text);
  renameSync(partial, bundleFile);
  const index: BundleIndex = { bundle: bundleFile, inputs };
  writeFileSync(`${indexFile}.${process.pid}`, JSON.stringify(index));
  renameSync(`${indexFile}.${process.pid}`, indexFile);
  return pathToFileURL(bundleFile);
}

function loadEsbuild(): EsbuildApi | undefined {
  try {
    // From tsx, which depends on it: present wherever the sources run under tsx.
    const tsx = createRequire(import.meta.url).resolve('tsx/package.json');
    return createRequire(tsx)('esbuild') as EsbuildApi;
  } catch {
    return undefined;
  }
}

function readIndex(file: string): BundleIndex | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as BundleIndex;
  } catch {
    return undefined;
  }
}

function upToDate(index: BundleIndex): boolean {
  if (stamp(index.bundle) === undefined) return false;
  return Object.entries(index.inputs).every(([file, when]) => stamp(file) === when);
}

function stamp(file: string): string | undefined {
  try {
    const info = statSync(file);
    return `${info.mtimeMs}:${info.size}`;
  } catch {
    return undefined;
  }
}
