/**
 * The flag table of the `soupkit` CLI and its parser. Every flag is declared once
 * here (name, value, help, environment variable); the help text is built from the
 * table and unknown flags are rejected with the nearest known one suggested.
 */

import { isApiVersion } from '../generator/config/config.js';
import { closestName } from '../runtime/errors.js';
import { CliError } from './cli-error.js';

export type CommandName = 'generate';

/** One flag. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `instance-url`. */
  readonly name: string;
  readonly short?: string;
  /** Placeholder of the value (`DIR`, `URL`); absent for a boolean flag. */
  readonly value?: string;
  readonly description: string;
  /** Environment variable read when the flag is absent. */
  readonly env?: string;
  /** Checks and normalises the value; throws a message on a bad one. */
  readonly parse?: (raw: string) => string;
}

function positiveInteger(max: number) {
  return (raw: string): string => {
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
      throw new Error(`must be an integer from 1 to ${max}`);
    }
    return raw;
  };
}

function apiVersion(raw: string): string {
  const normalised = /^v?\d{2,3}$/.test(raw) ? `${raw.replace(/^v/, '')}.0` : raw.replace(/^v/, '');
  if (!isApiVersion(normalised)) throw new Error('must look like 62.0');
  return normalised;
}

function httpUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error('must be an http(s) URL, e.g. https://mydomain.my.salesforce.com');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error('must be an http(s) URL, e.g. https://mydomain.my.salesforce.com');
  }
  return raw.replace(/\/+$/, '');
}

/** Flags every command accepts. */
const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'help', short: 'h', description: 'show help' },
  { name: 'version', short: 'v', description: 'print the soupkit version' },
];

/** @internal Flags of `soupkit generate`, in help order. */
export const GENERATE_FLAGS: readonly FlagSpec[] = [
  {
    name: 'config',
    short: 'c',
    value: 'FILE',
    description: 'config file (default: soupkit.config.{json,ts,mts,js,mjs} in the current folder)',
  },
  { name: 'out', value: 'DIR', description: 'output folder (overrides outDir of the config)' },
  {
    name: 'check',
    description: 'regenerate in memory and exit 1 if generated files are stale, missing or extra',
  },
  { name: 'describes', value: 'DIR', description: 'read describes from this folder (no org)' },
  {
    name: 'offline',
    description:
      'read describes from the cache/describes folder, ignoring org flags in the environment',
  },
  {
    name: 'org',
    short: 'o',
    value: 'ALIAS',
    env: 'SF_TARGET_ORG',
    description: 'sf CLI alias or username of the org',
  },
  {
    name: 'instance-url',
    value: 'URL',
    env: 'SF_INSTANCE_URL',
    description: 'org instance URL (with --access-token)',
    parse: httpUrl,
  },
  {
    name: 'access-token',
    value: 'TOKEN',
    env: 'SF_ACCESS_TOKEN',
    description: 'session id / OAuth access token',
  },
  {
    name: 'username',
    value: 'USER',
    env: 'SF_USERNAME',
    description: 'username for a password login',
  },
  {
    name: 'password',
    value: 'PASSWORD',
    env: 'SF_PASSWORD',
    description: 'password (+ security token); prefer the env variable',
  },
  {
    name: 'login-url',
    value: 'URL',
    env: 'SF_LOGIN_URL',
    description: 'login host (default https://login.salesforce.com)',
    parse: httpUrl,
  },
  {
    name: 'client-id',
    value: 'ID',
    env: 'SF_CLIENT_ID',
    description: 'connected app id: use the OAuth password grant',
  },
  {
    name: 'client-secret',
    value: 'SECRET',
    env: 'SF_CLIENT_SECRET',
    description: 'connected app secret (with --client-id)',
  },
  {
    name: 'live',
    description: 'describe the org set in the config\'s "org" (alias or instanceUrl)',
  },
  {
    name: 'api-version',
    value: 'VERSION',
    env: 'SF_API_VERSION',
    description: 'API version of describe calls, e.g. 62.0',
    parse: apiVersion,
  },
  {
    name: 'concurrency',
    value: 'N',
    description: 'describe requests in flight at once (default 6)',
    parse: positiveInteger(64),
  },
  {
    name: 'cache-dir',
    value: 'DIR',
    description: 'where org describes are cached (default: describeCache, else describes)',
  },
  { name: 'quiet', short: 'q', description: 'print nothing but errors' },
];

/** The flags a command accepts, global flags included. */
function flagsOf(command: CommandName | undefined): readonly FlagSpec[] {
  return command === 'generate' ? [...GENERATE_FLAGS, ...GLOBAL_FLAGS] : GLOBAL_FLAGS;
}

const COMMANDS: readonly CommandName[] = ['generate'];

/** A parsed command line. */
export interface ParsedArgs {
  readonly command: CommandName | undefined;
  /** Flags given, by long name: `true` for booleans, the (checked) text otherwise. */
  readonly flags: ReadonlyMap<string, string | true>;
}

/**
 * Parses `argv` (without `node` and the script): `soupkit [command] [flags]`.
 * Accepts `--name value`, `--name=value`, `-c value`; a value that starts with `-`
 * must use the `=` form. Throws `CliError` naming the flag on any mistake.
 *
 * @example
 * parseArgs(['generate', '--config', 'soupkit.config.json', '--check']);
 * // → { command: 'generate', flags: Map { 'config' => 'soupkit.config.json', 'check' => true } }
 */
export function parseArgs(argv: readonly string[]): ParsedArgs {
  let command: CommandName | undefined;
  const positionals: string[] = [];
  const flags = new Map<string, string | true>();
  const tokens = [...argv];
  // The command comes first; flags before it may only be global ones.
  const first = tokens[0];
  if (first !== undefined && !first.startsWith('-')) {
    tokens.shift();
    if (first === 'help') {
      flags.set('help', true);
      const topic = tokens[0];
      if (topic !== undefined && !topic.startsWith('-')) tokens.shift();
      command = topic === undefined || topic.startsWith('-') ? undefined : commandNamed(topic);
    } else {
      command = commandNamed(first);
    }
  }
  const specs = flagsOf(command);
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as string;
    if (token === '--') {
      positionals.push(...tokens.slice(index + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }
    const equals = token.indexOf('=');
    const written = equals === -1 ? token : token.slice(0, equals);
    const spec = findFlag(specs, written, command);
    const label = `--${spec.name}`;
    if (flags.has(spec.name)) throw new CliError('CLI_DUPLICATE_FLAG', `${label} is given twice`);
    if (spec.value === undefined) {
      if (equals !== -1) throw new CliError('CLI_BAD_VALUE', `${label} takes no value`);
      flags.set(spec.name, true);
      continue;
    }
    let raw: string | undefined;
    if (equals !== -1) {
      raw = token.slice(equals + 1);
    } else {
      const following = tokens[index + 1];
      if (following !== undefined && !(following.startsWith('-') && following.length > 1)) {
        raw = following;
        index += 1;
      }
    }
    if (raw === undefined || raw === '') {
      throw new CliError('CLI_MISSING_VALUE', `${label} needs a value (${spec.value})`);
    }
    flags.set(spec.name, checkValue(spec, raw, label));
  }
  if (positionals.length > 0) {
    const where = command === undefined ? '' : ` to "soupkit ${command}"`;
    throw new CliError(
      'CLI_UNEXPECTED_ARGUMENT',
      `unexpected argument "${positionals[0]}"${where}`,
    );
  }
  return { command, flags };
}

/** @internal Checks an environment variable's value like the flag's. */
export function checkValue(spec: FlagSpec, raw: string, label: string): string {
  if (spec.parse === undefined) return raw;
  try {
    return spec.parse(raw);
  } catch (error) {
    throw new CliError('CLI_BAD_VALUE', `${label} ${(error as Error).message}, got "${raw}"`);
  }
}

function commandNamed(word: string): CommandName {
  if ((COMMANDS as readonly string[]).includes(word)) return word as CommandName;
  const close = nearest(word, COMMANDS);
  const hint = close === undefined ? '' : ` (did you mean "${close}"?)`;
  throw new CliError(
    'CLI_UNKNOWN_COMMAND',
    `unknown command "${word}"${hint}; run "soupkit --help"`,
  );
}

function findFlag(
  specs: readonly FlagSpec[],
  written: string,
  command: CommandName | undefined,
): FlagSpec {
  const found = written.startsWith('--')
    ? specs.find((spec) => spec.name === written.slice(2))
    : written.length === 2
      ? specs.find((spec) => spec.short === written.slice(1))
      : undefined;
  if (found) return found;
  const bare = written.replace(/^-+/, '');
  const close = nearest(
    bare,
    specs.map((spec) => spec.name),
  );
  const known = close === undefined ? undefined : `--${close}`;
  const otherCommand =
    command === undefined && GENERATE_FLAGS.some((spec) => spec.name === bare)
      ? ` (${written} belongs to a command: soupkit generate ${written})`
      : undefined;
  const hint = otherCommand ?? (known === undefined ? '' : ` (did you mean ${known}?)`);
  const scope = command === undefined ? 'soupkit' : `soupkit ${command}`;
  throw new CliError('CLI_UNKNOWN_FLAG', `unknown flag ${written}${hint}; run "${scope} --help"`);
}

/**
 * @internal The candidate closest to `word` by edit distance, when close enough to be a typo.
 *
 * @example
 * nearest('outdir', ['out', 'config']); // 'out'
 */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  const closest = closestName(word, candidates);
  if (closest !== undefined || word.length < 3) return closest;
  return candidates.find((candidate) => candidate.startsWith(word) || word.startsWith(candidate));
}

function flagColumn(spec: FlagSpec): string {
  const short = spec.short === undefined ? '    ' : `-${spec.short}, `;
  return `${short}--${spec.name}${spec.value === undefined ? '' : ` ${spec.value}`}`;
}

function table(specs: readonly FlagSpec[]): string {
  const width = Math.max(...specs.map((spec) => flagColumn(spec).length)) + 2;
  return specs
    .map((spec) => {
      const env = spec.env === undefined ? '' : ` [env ${spec.env}]`;
      return `  ${flagColumn(spec).padEnd(width)}${spec.description}${env}`;
    })
    .join('\n');
}

/** @internal `soupkit --help`. */
export function mainHelp(): string {
  return `soupkit: typed SmartStore soups and Mobile Sync configs from Salesforce sObject describes

Usage:
  soupkit generate [--config FILE] [--describes DIR | --org ALIAS | --instance-url URL --access-token TOKEN] [--out DIR] [--check]
  soupkit --help | --version
  soupkit help generate

Commands:
  generate    read describes (files or a live org) and write the generated TypeScript and JSON

Flags:
${table(GLOBAL_FLAGS)}

Exit codes: 0 ok, 1 --check found stale files, 2 error (command line, config, describe, org).
Docs: docs/cli.md
`;
}

/** @internal `soupkit generate --help`. */
export function generateHelp(): string {
  return `Usage: soupkit generate [flags]

Reads the describes of the objects the config selects and writes the generated files.
Describes come from, in this order: --describes DIR; a live org given by --org,
--instance-url/--access-token or --username/--password (or their environment variables),
or by the config's "org" with --live; else the cached/saved describes folder.
Describes fetched from an org are cached as <Name>.describe.json, so the next run works offline.

Flags:
${table(flagsOf('generate'))}

Examples:
  soupkit generate
  soupkit generate --config examples/basic/soupkit.config.json --check
  soupkit generate --org my-sandbox
  SF_INSTANCE_URL=https://acme.my.salesforce.com SF_ACCESS_TOKEN=00D... soupkit generate
`;
}
