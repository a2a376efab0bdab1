/**
 * A disk cache of describes fetched from an org: each one saved as
 * `<Name>.describe.json` (the REST body, 2-space JSON), plus `global.describe.json`
 * with the org's object names when they were listed; the layout `fileDescribeSource`
 * reads, so the next run can work offline.
 */
import { mkdir, rename, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { DescribeError } from '../errors.js';
import { concurrencyLimit, mapConcurrently } from '../util/concurrently.js';
import type { DescribeSource, RawDescribe } from './describe-source.js';

/** Files written at once: one after the other, 1,000 describes took a second. */
const WRITE_CONCURRENCY = 16;

/** sObject API names: letters, digits and underscores (no path separators). */
const SAFE_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/**
 * Describes on their way into the cache: each is written beside its file as
 * soon as it is staged (while the rest are still being fetched), and
 * `commit()` moves them all into place, or `discard()` removes them. A failed
 * fetch or a describe that cannot be written leaves the cache as it was; only
 * a rename failing midway (within one folder, the last step) would leave part
 * of the new describes in place.
 */
class CacheStaging {
  readonly #root: string;
  readonly #staged = new Map<string, { file: string; temporary: string; written: Promise<void> }>();
  readonly #limit = concurrencyLimit(WRITE_CONCURRENCY);
  #folder: Promise<void> | undefined;
  #failure: unknown;

  constructor(dir: string) {
    this.#root = path.resolve(dir);
  }

  /** Starts writing one describe (a name staged twice is written once). */
  stage(describe: RawDescribe): void {
    if (this.#staged.has(describe.name) || this.#failure !== undefined) return;
    if (!SAFE_NAME.test(describe.name)) {
      this.#failure = new DescribeError(
        'DESCRIBE_INVALID',
        `"${describe.name}" is not an sObject API name; not cached`,
        { origin: describe.origin, objectName: describe.name },
      );
      return;
    }
    const file = path.join(this.#root, `${describe.name}.describe.json`);
    const temporary = `${file}.${process.pid}.tmp`;
    const written = this.#limit(async () => {
      await this.#makeFolder();
      await writeFile(temporary, `${JSON.stringify(describe.json, null, 2)}\n`, 'utf8');
    }).catch((error: unknown) => {
      this.#failure ??=
        error instanceof DescribeError ? error : cacheWriteFailed(describe.name, file, error);
    });
    this.#staged.set(describe.name, { file, temporary, written });
  }

  /** Stages what is not yet, waits for every write, then moves them into place; the paths in order. */
  async commit(describes: readonly RawDescribe[]): Promise<string[]> {
    for (const describe of describes) this.stage(describe);
    await Promise.all([...this.#staged.values()].map((entry) => entry.written));
    if (this.#failure !== undefined) {
      await this.discard();
      throw this.#failure;
    }
    const moved = await mapConcurrently(
      describes,
      WRITE_CONCURRENCY,
      async ({ name }): Promise<string> => {
        const entry = this.#staged.get(name) as { file: string; temporary: string };
        try {
          await rename(entry.temporary, entry.file);
        } catch (error) {
          throw cacheWriteFailed(name, entry.file, error);
        }
        return entry.file;
      },
    ).catch(async (error: unknown) => {
      await this.discard();
      throw error;
    });
    return moved;
  }

  /** Waits for the writes under way, then removes every file still staged. */
  async discard(): Promise<void> {
    const entries = [...this.#staged.values()];
    await Promise.all(entries.map((entry) => entry.written));
    await Promise.all(entries.map((entry) => unlink(entry.temporary).catch(() => undefined)));
  }

  #makeFolder(): Promise<void> {
    this.#folder ??= mkdir(this.#root, { recursive: true }).then(
      () => undefined,
      (error: unknown) => {
        throw new DescribeError(
          'DESCRIBE_READ_FAILED',
          `cannot create the describe cache folder ${this.#root}`,
          {},
          { cause: error },
        );
      },
    );
    return this.#folder;
  }
}

function cacheWriteFailed(name: string, file: string, error: unknown): DescribeError {
  return new DescribeError(
    'DESCRIBE_READ_FAILED',
    `cannot write the cached describe of ${name}`,
    { origin: file, objectName: name },
    { cause: error },
  );
}

/**
 * Writes describes into `dir` as `<Name>.describe.json`: all are written beside
 * their files first, then moved into place, so a describe that cannot be
 * written leaves the cache as it was. Returns the paths written, in order.
 *
 * @example
 * await writeDescribeCache('.soupkit-cache/describes', describes);
 * // → ['/…/.soupkit-cache/describes/Account.describe.json', …]
 */
export async function writeDescribeCache(
  dir: string,
  describes: readonly RawDescribe[],
): Promise<string[]> {
  return new CacheStaging(dir).commit(describes);
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
 * Wraps a source so that every successful `describe()` call is also written to
 * `dir`, together with the object list when `listSObjectNames()` was asked for
 * it. Each describe is written beside its file while the others are still being
 * fetched, and moved into place once the call has succeeded; when it fails,
 * nothing is. `onCached` hears the describe files written.
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
      // Each describe is written as it arrives, overlapping the requests still out.
      const staging = new CacheStaging(dir);
      let describes: readonly RawDescribe[];
      try {
        describes = await source.describe(names, (progress) => {
          if (progress.describe !== undefined) staging.stage(progress.describe);
          onProgress?.(progress);
        });
      } catch (error) {
        await staging.discard();
        throw error;
      }
      const files = await staging.commit(describes);
      if (listed !== undefined) await writeGlobalDescribeCache(dir, listed);
      onCached?.(files);
      return describes;
    },
  };
}
