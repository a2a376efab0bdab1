/**
 * A disk cache of describes fetched from an org: each one saved as
 * `<Name>.describe.json` (the REST body, 2-space JSON), plus `global.describe.json`
 * with the org's object names when they were listed; the layout `fileDescribeSource`
 * reads, so the next run can work offline.
 */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { mapConcurrently } from '../concurrently.js';
import { DescribeError } from '../errors.js';
import type { DescribeSource, RawDescribe } from './describe-source.js';

/** Files written at once: one after the other, 1,000 describes took a second. */
const WRITE_CONCURRENCY = 16;

/** sObject API names: letters, digits and underscores (no path separators). */
const SAFE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Writes describes into `dir` as `<Name>.describe.json`, each file replaced atomically
 * (written beside, then renamed). Returns the paths written, in order.
 *
 * @example
 * await writeDescribeCache('.soupkit-cache/describes', describes);
 * // → ['/…/.soupkit-cache/describes/Account.describe.json', …]
 */
export async function writeDescribeCache(
  dir: string,
  describes: readonly RawDescribe[],
): Promise<string[]> {
  const root = path.resolve(dir);
  try {
    await mkdir(root, { recursive: true });
  } catch (error) {
    throw new DescribeError(
      'DESCRIBE_READ_FAILED',
      `cannot create the describe cache folder ${root}`,
      {},
      {
        cause: error,
      },
    );
  }
  for (const describe of describes) {
    if (!SAFE_NAME.test(describe.name)) {
      throw new DescribeError(
        'DESCRIBE_INVALID',
        `"${describe.name}" is not an sObject API name; not cached`,
        {
          origin: describe.origin,
          objectName: describe.name,
        },
      );
    }
  }
  return mapConcurrently(describes, WRITE_CONCURRENCY, async (describe) => {
    const file = path.join(root, `${describe.name}.describe.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    try {
      await writeFile(temporary, `${JSON.stringify(describe.json, null, 2)}\n`, 'utf8');
      await rename(temporary, file);
    } catch (error) {
      throw new DescribeError(
        'DESCRIBE_READ_FAILED',
        `cannot write the cached describe of ${describe.name}`,
        {
          origin: file,
          objectName: describe.name,
        },
        { cause: error },
      );
    }
    return file;
  });
}

/**
 * Writes the list of an org's objects as `global.describe.json` (`{"sobjects": [{"name"}]}`,
 * the part of `GET /sobjects` that `fileDescribeSource` reads), so an offline run
 * matches the config's globs against the same list.
 *
 * @example
 * await writeGlobalDescribeCache('.soupkit-cache/describes', ['Account', 'Contact']);
 */
export async function writeGlobalDescribeCache(
  dir: string,
  names: readonly string[],
): Promise<string> {
  const root = path.resolve(dir);
  const file = path.join(root, 'global.describe.json');
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await mkdir(root, { recursive: true });
    const body = { sobjects: names.map((name) => ({ name })) };
    await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, 'utf8');
    await rename(temporary, file);
  } catch (error) {
    throw new DescribeError(
      'DESCRIBE_READ_FAILED',
      'cannot write the cached global describe',
      {
        origin: file,
      },
      { cause: error },
    );
  }
  return file;
}

/**
 * Wraps a source so that every successful `describe()` call is also written to `dir`
 * (nothing is written when the call fails), together with the object list when
 * `listSObjectNames()` was asked for it. `onCached` hears the describe files written.
 *
 * @example
 * const source = cachingDescribeSource(jsforceDescribeSource(options), config.describeCache ?? config.describes);
 */
export function cachingDescribeSource(
  source: DescribeSource,
  dir: string,
  onCached?: (files: readonly string[]) => void,
): DescribeSource {
  let listed: readonly string[] | undefined;
  return {
    description: source.description,
    async listSObjectNames() {
      listed = await source.listSObjectNames();
      return listed;
    },
    async describe(names, onProgress) {
      const describes = await source.describe(names, onProgress);
      const files = await writeDescribeCache(dir, describes);
      if (listed !== undefined) await writeGlobalDescribeCache(dir, listed);
      onCached?.(files);
      return describes;
    },
  };
}
