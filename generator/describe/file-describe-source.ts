/**
 * Describes from a folder of saved JSON: `<Name>.describe.json` per object (the
 * REST describe body, or `sf sobject describe --json` output) and, optionally,
 * `global.describe.json` (`GET /sobjects`), the org's object list.
 */
import { readFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DescribeError } from '../errors.js';
import { parseJsonText } from '../json-text.js';
import { compareText } from '../model/naming.js';
import { mapConcurrently } from '../util/concurrently.js';
import { parseGlobalDescribe } from './describe.js';
import type { DescribeProgress, DescribeSource, RawDescribe } from './describe-source.js';

const SUFFIX = '.describe.json';
const GLOBAL_FILE = `global${SUFFIX}`;
/** Describes in progress at once (reads are synchronous; `each` runs as each one is read). */
const READ_CONCURRENCY = 8;

/**
 * A `DescribeSource` over a folder of describe files. The object names are
 * those of the files in the folder; when `global.describe.json` is there too,
 * only the files of objects it lists (stray files are left out).
 *
 * @example
 * const source = fileDescribeSource('samples/describes');
 * await source.listSObjectNames(); // ['Account', 'Contact', 'Invoice__c', 'Opportunity']
 */
export function fileDescribeSource(dir: string): DescribeSource {
  const root = path.resolve(dir);
  const describeEach = describeFiles(root);
  const source: DescribeSource = {
    description: `describes in ${dir}`,
    async listSObjectNames() {
      const entries = await readDirectory(root);
      const saved = entries
        .filter((entry) => entry.endsWith(SUFFIX) && entry !== GLOBAL_FILE)
        .map((entry) => entry.slice(0, -SUFFIX.length));
      if (entries.includes(GLOBAL_FILE)) {
        // The global describe names the org's objects; only those saved here can be described.
        const file = path.join(root, GLOBAL_FILE);
        const known = new Set(parseGlobalDescribe(readJsonFile(file, 'global'), file));
        return saved.filter((name) => known.has(name)).sort(compareText);
      }
      return saved.sort(compareText);
    },
    describe(names, onProgress?: (progress: DescribeProgress) => void) {
      return describeEach(names, (raw) => raw, onProgress);
    },
    describeEach,
  };
  folders.set(source, root);
  return source;
}

/** The folder of each source made by `fileDescribeSource`. */
const folders = new WeakMap<DescribeSource, string>();

/**
 * @internal The absolute folder a source made by `fileDescribeSource` reads
 * (the parallel renderer reads it in worker threads), else undefined.
 */
export function describeFolderOf(source: DescribeSource): string | undefined {
  return folders.get(source);
}

/**
 * @internal Reads and parses the describe file of `name` in `root`, failing
 * as the source does (a `DescribeError` naming the file, and the line and
 * column of a syntax error).
 */
export function readDescribeFile(root: string, name: string): RawDescribe {
  const file = path.join(root, `${name}${SUFFIX}`);
  return { origin: file, name, json: readJsonFile(file, name) };
}

/** Reads and parses the describe files, `each` applied as each one arrives (see `DescribeSource`). */
function describeFiles(root: string): NonNullable<DescribeSource['describeEach']> {
  return async (names, each, onProgress) => {
    let done = 0;
    const settled = await mapConcurrently(names, READ_CONCURRENCY, async (name) => {
      const raw = readDescribeFile(root, name);
      done++;
      onProgress?.({ done, total: names.length, name });
      try {
        return { ok: true as const, value: each(raw) };
      } catch (error) {
        return { ok: false as const, error };
      }
    });
    return settled.map((result) => {
      if (!result.ok) throw result.error;
      return result.value;
    });
  };
}

async function readDirectory(root: string): Promise<string[]> {
  try {
    return await readdir(root);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message =
      code === 'ENOENT'
        ? `describes folder not found: ${root}`
        : code === 'ENOTDIR'
          ? `the describes folder ${root} is a file, not a folder`
          : `cannot read the describes folder ${root}`;
    throw new DescribeError('DESCRIBE_NOT_FOUND', message, {}, { cause: error });
  }
}

function readJsonFile(file: string, objectName: string): unknown {
  let text: string;
  try {
    // Synchronously: a describe file is usually cached, and an async read costs
    // the main thread (which parses) more than the read itself.
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new DescribeError(
      missing ? 'DESCRIBE_NOT_FOUND' : 'DESCRIBE_READ_FAILED',
      missing ? `no describe file for ${objectName}` : `cannot read the describe of ${objectName}`,
      { origin: file, objectName },
      { cause: error },
    );
  }
  const parsed = parseJsonText(text);
  if (parsed.kind === 'error') {
    throw new DescribeError('DESCRIBE_SYNTAX', `invalid JSON: ${parsed.problem.message}`, {
      origin: file,
      objectName,
      line: parsed.problem.line,
      column: parsed.problem.column,
    });
  }
  return parsed.value;
}
