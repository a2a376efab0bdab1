/**
 * The in-memory half of `generate` and `check`: the objects a config selects,
 * their describes from the source, the rendered files, and the files the
 * previous run listed. Config mistakes found on the way are explained here
 * (an object the source lacks, with the closest name it has) and name the
 * config file.
 */
import { channel } from 'node:diagnostics_channel';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratorConfig } from './config/config.js';
import type { LoadedConfig } from './config/load-config.js';
import { parseDescribe } from './describe/describe.js';
import type { DescribeProgress, DescribeSource } from './describe/describe-source.js';
import { describeFolderOf } from './describe/file-describe-source.js';
import { renderProject } from './emit/render-project.js';
import { ConfigError, DescribeError, GeneratorError } from './errors.js';
import { noDescribes, selectObjectNames, unknownObject } from './model/select-objects.js';
import { renderInWorkers } from './parallel/render-parallel.js';
import { renderWorkerCount } from './parallel/worker-count.js';
import { type RenderedFile, readManifestFiles } from './util/output-folder.js';

/** Options of `generate` and `check`. */
export interface GenerateOptions {
  readonly config: LoadedConfig;
  readonly source: DescribeSource;
  /** Output folder; default the config's `outDir`. Relative to the current folder. */
  readonly outDir?: string | undefined;
  /** Called after each describe is fetched. */
  readonly onProgress?: ((progress: DescribeProgress) => void) | undefined;
}

/** What `render` publishes on the `soupkit:generator:render` diagnostics channel. */
export interface RenderReport {
  readonly objects: number;
  /** Worker threads that rendered the objects; 0 when the main thread did. */
  readonly workers: number;
}

/**
 * @internal A debug hook: each render reports how many worker threads it used
 * (`diagnostics_channel.subscribe('soupkit:generator:render', …)`).
 */
const renderChannel = channel('soupkit:generator:render');

/** Where a render may put or compare the files as it prints them (see `render`). */
export interface RenderTargets {
  /** A new, empty folder to write the objects' files into. */
  readonly stageDir?: string | undefined;
  /** Compare the files with the output folder (when it exists) as they are printed. */
  readonly compare?: boolean | undefined;
}

/** A rendered run: the output folder, the objects, the files, and the previous run's files. */
export interface Rendered {
  readonly outDir: string;
  readonly objects: readonly string[];
  /** Sorted by path; those with `onDisk` were compared with the output folder already. */
  readonly files: readonly RenderedFile[];
  readonly previous: readonly string[];
  /** The objects' files are in the staging folder given to `render`, without their text here. */
  readonly staged: boolean;
}

/**
 * @internal The objects a run describes: the config's names as they are, or, when
 * it holds a glob, those of the source's list that the config selects.
 */
export async function objectsToDescribe(
  config: GeneratorConfig,
  source: DescribeSource,
): Promise<string[]> {
  const entries = config.objects;
  return entries.some((e) => e.isGlob)
    ? selectObjectNames(config, await source.listSObjectNames(), source.description)
    : [...new Set(entries.map((e) => e.name))].sort();
}

/** @internal The output folder of a run, absolute. */
export function outDirOf(options: GenerateOptions): string {
  return options.outDir === undefined ? options.config.config.outDir : path.resolve(options.outDir);
}

/**
 * @internal Renders a run in memory (see the module comment). With `stageDir`
 * (a new, empty folder), worker threads may write the objects' files there
 * as they print them: `staged` says so, and those files come without text.
 * With `compare`, they may compare them with the output folder instead, each
 * in the thread that printed it (`onDisk`; an equal file comes without text).
 */
export async function render(
  options: GenerateOptions,
  { stageDir, compare = false }: RenderTargets = {},
): Promise<Rendered> {
  const { config } = options.config;
  try {
    const outDir = outDirOf(options);
    const names = await objectsToDescribe(config, options.source);
    const { source, onProgress } = options;
    // A folder of describes is read, parsed, modelled and printed in worker
    // threads when there are enough objects; describes from an org arrive on
    // this thread and are rendered here.
    const folder = describeFolderOf(source);
    const workers = folder === undefined ? 0 : renderWorkerCount(names.length);
    let files: readonly RenderedFile[];
    let staged = false;
    if (folder !== undefined && workers > 0) {
      ({ files, staged } = await renderInWorkers({
        config,
        folder,
        names,
        workers,
        onProgress,
        stageDir,
        compareDir: compare && (await isFolder(outDir)) ? outDir : undefined,
      }).catch((error: unknown) => explainMissing(error, config, source)));
    } else {
      // Parse as each describe arrives where the source can: the raw JSON (all of
      // every describe) is then collected young, which keeps the heap small and the GC cheap.
      const describes = await (source.describeEach === undefined
        ? source.describe(names, onProgress).then((raws) => raws.map(parseDescribe))
        : source.describeEach(names, parseDescribe, onProgress)
      ).catch((error: unknown) => explainMissing(error, config, source));
      files = renderProject(config, describes);
    }
    renderChannel.publish({ objects: names.length, workers } satisfies RenderReport);
    const previous = await readManifestFiles(outDir);
    return { outDir, objects: names, files, previous, staged };
  } catch (error) {
    throw withConfigFile(error, options.config.path);
  }
}

async function isFolder(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * A describe that is not found for an object the config names exactly is a
 * config mistake when the source does not offer that object: say so, with the
 * closest name it offers (the list is asked for only then). When listing fails
 * too (e.g. the describes folder does not exist), that failure says more.
 */
async function explainMissing(
  error: unknown,
  config: GeneratorConfig,
  source: DescribeSource,
): Promise<never> {
  if (!(error instanceof DescribeError) || error.code !== 'DESCRIBE_NOT_FOUND') throw error;
  const index = config.objects.findIndex((e) => !e.isGlob && e.name === error.objectName);
  if (index === -1) throw error;
  let available: readonly string[];
  try {
    available = await source.listSObjectNames();
  } catch (listing) {
    throw listing instanceof GeneratorError ? listing : error;
  }
  if (available.length === 0) throw noDescribes(source.description);
  if (available.includes(error.objectName as string)) throw error;
  throw unknownObject(error.objectName as string, index, available, source.description);
}

/** A config mistake found past loading names the config file too, as loading does. */
function withConfigFile(error: unknown, file: string | undefined): unknown {
  if (!(error instanceof ConfigError) || error.file !== undefined || file === undefined) {
    return error;
  }
  return new ConfigError(error.code, error.message, { file, key: error.key }, { cause: error });
}
