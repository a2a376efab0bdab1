/**
 * Finds, reads and validates `soupkit.config.json` or `soupkit.config.ts`.
 */
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigError } from '../errors.js';
import { parseJsonText } from '../json-text.js';
import { type GeneratorConfig, resolveConfig } from './config.js';

/** A validated config and where it came from. */
export interface LoadedConfig {
  /** The config file, or undefined when none was found and the defaults apply. */
  readonly path: string | undefined;
  /** The folder relative paths in the config are resolved against. */
  readonly baseDir: string;
  /** The config with defaults applied; paths are absolute. */
  readonly config: GeneratorConfig;
}

/** File names looked for, in order, when no path is given. */
export const CONFIG_FILE_NAMES: readonly string[] = [
  'soupkit.config.json',
  'soupkit.config.ts',
  'soupkit.config.mts',
  'soupkit.config.js',
  'soupkit.config.mjs',
];

/**
 * Loads the config. With a path, that file must exist; without one the
 * current folder is searched for `soupkit.config.json|ts|mts|js|mjs`, and when
 * none is there the defaults apply (relative to the current folder).
 * TypeScript configs are loaded with tsx (an optional dependency: without it the
 * import's `ERR_MODULE_NOT_FOUND` is thrown) and must `export default` the config.
 *
 * @example
 * const { config } = await loadConfig('examples/basic/soupkit.config.json');
 * config.outDir; // '/…/examples/basic/src/generated'
 */
export async function loadConfig(
  configPath?: string,
  cwd: string = process.cwd(),
): Promise<LoadedConfig> {
  let file: string | undefined;
  if (configPath !== undefined) {
    file = path.resolve(cwd, configPath);
    if (!(await exists(file))) {
      throw new ConfigError('CONFIG_NOT_FOUND', `config file not found: ${file}`, { file });
    }
  } else {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(cwd, name);
      if (await exists(candidate)) {
        file = candidate;
        break;
      }
    }
  }
  const baseDir = file === undefined ? path.resolve(cwd) : path.dirname(file);
  const value = file === undefined ? {} : await readConfigValue(file);
  const config = resolveConfig(value, {
    file,
    resolvePath: (relative) => path.resolve(baseDir, relative),
  });
  return { path: file, baseDir, config };
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

async function readConfigValue(file: string): Promise<unknown> {
  if (file.endsWith('.json')) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new ConfigError(
        'CONFIG_READ_FAILED',
        'cannot read the config file',
        { file },
        { cause: error },
      );
    }
    const parsed = parseJsonText(text);
    if (parsed.kind === 'error') {
      const { message, line, column } = parsed.problem;
      throw new ConfigError('CONFIG_SYNTAX', `invalid JSON: ${message}`, { file, line, column });
    }
    return parsed.value;
  }
  // tsx is an optional dependency: when it is missing, Node's ERR_MODULE_NOT_FOUND
  // goes up as it is, and the CLI says "npm install -D tsx" (cli/optional-libraries.ts).
  const { tsImport } = await import('tsx/esm/api');
  let module: { default?: unknown };
  try {
    module = (await tsImport(pathToFileURL(file).href, import.meta.url)) as { default?: unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(
      'CONFIG_READ_FAILED',
      `cannot load the config module: ${reason}`,
      { file },
      {
        cause: error,
      },
    );
  }
  // Outside an ESM package tsx loads the file as CommonJS: its exports object
  // (marked `__esModule`) arrives as `default`, holding the real default export.
  let value = module.default;
  if (
    typeof value === 'object' &&
    value !== null &&
    (value as { __esModule?: unknown }).__esModule === true
  ) {
    value = (value as { default?: unknown }).default;
  }
  if (value === undefined) {
    throw new ConfigError('CONFIG_INVALID', 'the config module must `export default` the config', {
      file,
    });
  }
  return value;
}
