/**
 * The in-memory half of `generate` and `check`: the objects a config selects,
 * their describes from the source, the rendered files, and the files the
 * previous run listed. Config mistakes found on the way are explained here
 * (an object the source lacks, with the closest name it has) and name the
 * config file.
 */
import path from 'node:path';
import type { GeneratorConfig } from './config/config.js';
import type { LoadedConfig } from './config/load-config.js';
import { parseDescribe } from './describe/describe.js';
import type { DescribeProgress, DescribeSource } from './describe/describe-source.js';
import { type GeneratedFile, renderProject } from './emit/render-project.js';
import { ConfigError, DescribeError, GeneratorError } from './errors.js';
import { noDescribes, selectObjectNames, unknownObject } from './model/select-objects.js';
import { readManifestFiles } from './util/output-folder.js';

/** Options of `generate` and `check`. */
export interface GenerateOptions {
  readonly config: LoadedConfig;
  readonly source: DescribeSource;
  /** Output folder; default the config's `outDir`. Relative to the current folder. */
  readonly outDir?: string | undefined;
  /** Called after each describe is fetched. */
  readonly onProgress?: ((progress: DescribeProgress) => void) | undefined;
}

/** A rendered run: the output folder, the objects, the files, and the previous run's files. */
export interface Rendered {
  readonly outDir: string;
  readonly objects: readonly string[];
  readonly files: readonly GeneratedFile[];
  readonly previous: readonly string[];
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

/** @internal Renders a run in memory (see the module comment). */
export async function render(options: GenerateOptions): Promise<Rendered> {
  const { config } = options.config;
  try {
    const names = await objectsToDescribe(config, options.source);
    // Parse as each describe arrives where the source can: the raw JSON (all of
    // every describe) is then collected young, which keeps the heap small and the GC cheap.
    const { source, onProgress } = options;
    const describes = await (source.describeEach === undefined
      ? source.describe(names, onProgress).then((raws) => raws.map(parseDescribe))
      : source.describeEach(names, parseDescribe, onProgress)
    ).catch((error: unknown) => explainMissing(error, config, source));
    const files = renderProject(config, describes);
    const outDir = options.outDir === undefined ? config.outDir : path.resolve(options.outDir);
    const previous = await readManifestFiles(outDir);
    return { outDir, objects: names, files, previous };
  } catch (error) {
    throw withConfigFile(error, options.config.path);
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
