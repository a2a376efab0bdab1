/**
 * The parallel renderer: a folder of describes rendered by worker threads
 * beside the main thread gives the files, errors and progress of one thread,
 * every worker really runs (counted on the `soupkit:generator:render` and
 * `worker_threads` diagnostics channels) and none is left once `generate`
 * returns or throws.
 */
import { execFile } from 'node:child_process';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { Worker } from 'node:worker_threads';
import {
  type DescribeProgress,
  fileDescribeSource,
  GeneratorError,
  generate,
  loadConfig,
} from 'soupkit/generator';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { writeSyntheticDescribes } from '../../bench/synthetic-describes.js';
import { bundledWorker } from '../../generator/parallel/worker-bundle.js';
import { MIN_PARALLEL_OBJECTS, renderWorkerCount } from '../../generator/parallel/worker-count.js';
import { RECORDED_DESCRIBES, REPO_ROOT } from '../helpers/paths.js';

const OBJECTS = 12;

let dir: string;
// Bundling the sources' worker the first time runs esbuild, whose synchronous API starts
// a worker thread of its own: bundle before the tests count the threads they start.
beforeAll(() => {
  bundledWorker(new URL('../../generator/parallel/render-worker.ts', import.meta.url));
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'soupkit-parallel-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

interface Run {
  readonly files: Map<string, string>;
  /** What `generate` said of each file. */
  readonly statuses: Map<string, string>;
  /** `workers` of every render report. */
  readonly reported: number[];
  readonly threads: Worker[];
  readonly progress: DescribeProgress[];
  readonly error?: unknown;
}

/** `generate` into `outName` with `SOUPKIT_GENERATE_WORKERS=workers`, watching the threads. */
async function run(
  workers: number,
  config: Record<string, unknown>,
  outName: string,
): Promise<Run> {
  const file = path.join(dir, `${outName}.config.json`);
  await writeFile(file, JSON.stringify({ outDir: outName, ...config }));
  const loaded = await loadConfig(file);
  const reported: number[] = [];
  const threads: Worker[] = [];
  const progress: DescribeProgress[] = [];
  const onRender = (report: unknown) => reported.push((report as { workers: number }).workers);
  const onThread = (message: unknown) => threads.push((message as { worker: Worker }).worker);
  subscribe('soupkit:generator:render', onRender);
  subscribe('worker_threads', onThread);
  const before = process.env.SOUPKIT_GENERATE_WORKERS;
  process.env.SOUPKIT_GENERATE_WORKERS = String(workers);
  let error: unknown;
  const statuses = new Map<string, string>();
  try {
    const result = await generate({
      config: loaded,
      source: fileDescribeSource(loaded.config.describes),
      outDir: path.join(dir, outName),
      onProgress: (p) => progress.push(p),
    });
    for (const file of result.files) statuses.set(file.path, file.status);
  } catch (thrown) {
    error = thrown;
  } finally {
    if (before === undefined) delete process.env.SOUPKIT_GENERATE_WORKERS;
    else process.env.SOUPKIT_GENERATE_WORKERS = before;
    unsubscribe('soupkit:generator:render', onRender);
    unsubscribe('worker_threads', onThread);
  }
  const files = await readTree(path.join(dir, outName));
  return { files, statuses, reported, threads, progress, error };
}

async function readTree(root: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(root, full), await readFile(full, 'utf8'));
  }
  return files;
}

/** Every worker started by the run has exited (a running one has a thread id). */
function expectAllExited(threads: readonly Worker[]): void {
  expect(threads.map((worker) => worker.threadId)).toEqual(threads.map(() => -1));
}

function syntheticFolder(count = OBJECTS): string {
  const describes = path.join(dir, 'describes');
  writeSyntheticDescribes(describes, count);
  return describes;
}

describe('generate in worker threads', () => {
  it('writes the files one thread writes, with every worker running and none left', async () => {
    const config = { describes: syntheticFolder(), objects: ['*'] };
    const alone = await run(0, config, 'alone');
    const parallel = await run(2, config, 'parallel');
    expect(alone.reported).toEqual([0]);
    expect(alone.threads).toEqual([]);
    expect(parallel.reported).toEqual([2]);
    expect(parallel.threads).toHaveLength(2);
    expectAllExited(parallel.threads);
    expect(parallel.files.size).toBe(alone.files.size);
    expect([...parallel.files.keys()].sort()).toEqual([...alone.files.keys()].sort());
    for (const [file, text] of alone.files) expect(parallel.files.get(file), file).toBe(text);
    // Into the folder the workers staged and renamed whole: all unchanged, none left beside it.
    const again = await run(2, config, 'parallel');
    expect(again.reported).toEqual([2]);
    expect(new Map(again.files)).toEqual(new Map(alone.files));
    expect((await readdir(dir)).filter((name) => name.includes('soupkit-new'))).toEqual([]);
    // Progress: one call per describe, counting up to the total, each name once.
    expect(parallel.progress.map((p) => p.done)).toEqual(alone.progress.map((p) => p.done));
    expect(parallel.progress.map((p) => p.name).sort()).toEqual(
      alone.progress.map((p) => p.name).sort(),
    );
  });

  it('updates a folder that exists as one thread does: the workers compare their files with it', async () => {
    const config = { describes: syntheticFolder(), objects: ['*'] };
    const names = [...(await run(0, config, 'alone')).files.keys()].sort();
    await run(2, config, 'parallel');
    // The same edits to both folders: a changed module, a missing one, a changed config.
    const [edited, removed] = names.filter((name) => name.startsWith('sobjects/'));
    for (const outName of ['alone', 'parallel']) {
      const root = path.join(dir, outName);
      await writeFile(path.join(root, edited as string), '// edited by hand\n');
      await rm(path.join(root, removed as string));
      await writeFile(path.join(root, 'userstore.json'), '{}\n');
    }
    const alone = await run(0, config, 'alone');
    const parallel = await run(2, config, 'parallel');
    expect(parallel.reported).toEqual([2]);
    expectAllExited(parallel.threads);
    expect(parallel.statuses.get(edited as string)).toBe('updated');
    expect(parallel.statuses.get(removed as string)).toBe('created');
    expect(parallel.statuses.get('userstore.json')).toBe('updated');
    expect([...parallel.statuses.values()].filter((s) => s === 'unchanged')).toHaveLength(
      names.length - 3,
    );
    expect(new Map(parallel.statuses)).toEqual(new Map(alone.statuses));
    expect(new Map(parallel.files)).toEqual(new Map(alone.files));
  });

  it('fails on an output file it cannot read with the error one thread gives', async () => {
    const config = { describes: syntheticFolder(), objects: ['*'] };
    const first = await run(0, config, 'alone');
    await run(2, config, 'parallel');
    const blocked = [...first.files.keys()].sort().find((name) => name.startsWith('soups/'));
    for (const outName of ['alone', 'parallel']) {
      // A folder where a generated file goes: it cannot be read as a file (EISDIR).
      const target = path.join(dir, outName, blocked as string);
      await rm(target);
      await mkdir(target);
    }
    const alone = await run(0, config, 'alone');
    const parallel = await run(2, config, 'parallel');
    expect(alone.error).toMatchObject({ code: 'GENERATE_WRITE_FAILED' });
    expect((alone.error as Error).message).toContain(`cannot write ${blocked}`);
    expect(parallel.error).toBeInstanceOf(alone.error?.constructor as typeof GeneratorError);
    expect(parallel.error).toMatchObject({
      code: 'GENERATE_WRITE_FAILED',
      message: (alone.error as Error).message.replaceAll('/alone/', '/parallel/'),
    });
    expectAllExited(parallel.threads);
  });

  it('loads the sources through tsx in the worker when they are not bundled', async () => {
    const config = { describes: syntheticFolder(), objects: ['*'] };
    const alone = await run(0, config, 'alone');
    process.env.SOUPKIT_WORKER_BUNDLE = '0';
    try {
      const parallel = await run(1, config, 'parallel');
      expect(parallel.reported).toEqual([1]);
      expect(parallel.threads).toHaveLength(1);
      expectAllExited(parallel.threads);
      expect(new Map(parallel.files)).toEqual(new Map(alone.files));
    } finally {
      delete process.env.SOUPKIT_WORKER_BUNDLE;
    }
  });

  it('renders family syncs (children entries) step by step, as one thread does', async () => {
    const config = {
      describes: RECORDED_DESCRIBES,
      objects: [
        { name: 'Account', children: ['Contacts', 'Opportunities'] },
        'Contact',
        'Opportunity',
        'Case',
        'Lead',
      ],
    };
    const alone = await run(0, config, 'alone');
    const parallel = await run(1, config, 'parallel');
    expect(parallel.error).toBeUndefined();
    expect(parallel.reported).toEqual([1]);
    expect(parallel.threads).toHaveLength(1);
    expectAllExited(parallel.threads);
    expect(alone.files.get('syncs/Account.ts')).toContain('parent_children');
    expect(new Map(parallel.files)).toEqual(new Map(alone.files));
  });

  it('fails on a bad describe with the error one thread gives: code, file, line, column', async () => {
    const describes = syntheticFolder();
    const broken = (await readdir(describes)).sort()[7] as string;
    const text = await readFile(path.join(describes, broken), 'utf8');
    await writeFile(path.join(describes, broken), text.replace('"fields": [', '"fields": [,'));
    const config = { describes, objects: ['*'] };
    const alone = await run(0, config, 'alone');
    const parallel = await run(2, config, 'parallel');
    expect(alone.error).toBeInstanceOf(GeneratorError);
    expect(parallel.error).toBeInstanceOf(alone.error?.constructor as typeof GeneratorError);
    expect(parallel.error).toMatchObject({
      code: 'DESCRIBE_SYNTAX',
      message: (alone.error as Error).message,
      origin: path.join(describes, broken),
    });
    expect((alone.error as Error).message).toMatch(/:\d+:\d+: invalid JSON/);
    expect(parallel.threads).toHaveLength(2);
    expectAllExited(parallel.threads);
    expect(parallel.files.size).toBe(0);
  });

  it('fails on a config mistake found while modelling with the error one thread gives', async () => {
    const describes = syntheticFolder();
    const name = (await readdir(describes)).sort()[5]?.replace('.describe.json', '') as string;
    const config = { describes, objects: ['*', { name, fields: ['Id', 'NoSuchField__c'] }] };
    const alone = await run(0, config, 'alone');
    const parallel = await run(1, config, 'parallel');
    expect(alone.error).toMatchObject({
      code: 'CONFIG_UNKNOWN_FIELD',
      key: 'objects[1].fields[1]',
    });
    expect(parallel.error).toBeInstanceOf(alone.error?.constructor as typeof GeneratorError);
    expect(parallel.error).toMatchObject({
      code: 'CONFIG_UNKNOWN_FIELD',
      key: 'objects[1].fields[1]',
      file: path.join(dir, 'parallel.config.json'),
      message: (alone.error as Error).message.replace('alone.config.json', 'parallel.config.json'),
    });
    expectAllExited(parallel.threads);
  });

  it('explains an object the folder lacks, as one thread does', async () => {
    const describes = syntheticFolder();
    const first = (await readdir(describes)).sort()[0]?.replace('.describe.json', '') as string;
    const config = { describes, objects: [first, 'Bench0003Acount__c'] };
    const alone = await run(0, config, 'alone');
    const parallel = await run(1, config, 'parallel');
    expect(alone.error).toMatchObject({ code: 'CONFIG_UNKNOWN_OBJECT' });
    expect(parallel.error).toMatchObject({
      code: 'CONFIG_UNKNOWN_OBJECT',
      message: (alone.error as Error).message.replace('alone.config.json', 'parallel.config.json'),
    });
    expectAllExited(parallel.threads);
  });
});

describe(renderWorkerCount.name, () => {
  it('renders small projects in the thread, large ones with the other cores', () => {
    expect(renderWorkerCount(MIN_PARALLEL_OBJECTS - 1, {})).toBe(0);
    expect(renderWorkerCount(1000, {})).toBe(Math.min(availableParallelism() - 1, 8));
    expect(renderWorkerCount(3, { SOUPKIT_GENERATE_WORKERS: '2' })).toBe(2);
    expect(renderWorkerCount(1000, { SOUPKIT_GENERATE_WORKERS: '0' })).toBe(0);
  });
});

describe('the worker bundle of the sources', () => {
  it("is made from today's sources (not the slower tsx fallback), and its modules read no import.meta outside emit/", () => {
    const bundle = bundledWorker(
      new URL('../../generator/parallel/render-worker.ts', import.meta.url),
    );
    expect(bundle?.href).toMatch(/render-worker-[0-9a-f]{12}\.mjs$/);
  });
});

describe('soupkit generate from the sources (tsx)', () => {
  it('runs its workers from the TypeScript sources', async () => {
    const config = { describes: syntheticFolder(), objects: ['*'] };
    await writeFile(
      path.join(dir, 'soupkit.config.json'),
      JSON.stringify({ ...config, outDir: 'out' }),
    );
    // Prints each render report on stderr, from inside the CLI's process.
    const hook = `data:text/javascript,${encodeURIComponent(
      "import { subscribe } from 'node:diagnostics_channel'; subscribe('soupkit:generator:render', (r) => process.stderr.write('render ' + JSON.stringify(r) + '\\n'));",
    )}`;
    const bin = path.join(REPO_ROOT, 'bin', 'soupkit.js');
    const stderr = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--import', hook, bin, 'generate'],
        { cwd: dir, env: { ...process.env, SOUPKIT_GENERATE_WORKERS: '1' }, timeout: 120_000 },
        (error, _stdout, err) => (error === null ? resolve(String(err)) : reject(error)),
      );
    });
    expect(stderr).toContain(`render {"objects":${OBJECTS},"workers":1}`);
    const alone = await run(0, config, 'alone');
    expect(new Map(await readTree(path.join(dir, 'out')))).toEqual(new Map(alone.files));
  });
});
