/**
 * The flag table of the `soupkit` CLI and its parser. Every flag is declared once
 * here (name, value, help, environment variable); the help text is built from the
 * table and unknown flags are rejected with the nearest known one suggested.
 */

import { isApiVersion } from '../generator/config/config.js';
import { closestName } from '../runtime/errors.js';
import { CliError } from './cli-error.js';

export type CommandName = 'generate' | 'sync' | 'init' | 'emulator' | 'status' | 'inspect';

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
  /** May be given several times; the values are kept in order, joined by `,`. */
  readonly repeatable?: true;
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

/** @internal The flags that say how to reach the org, shared by `generate` and `sync`. */
export const ORG_FLAGS: readonly FlagSpec[] = [
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
  ...ORG_FLAGS,
  {
    name: 'concurrency',
    value: 'N',
    description: 'describe requests (25 describes each) in flight at once (default 6)',
    parse: positiveInteger(64),
  },
  {
    name: 'cache-dir',
    value: 'DIR',
    description: 'where org describes are cached (default: describeCache, else describes)',
  },
  { name: 'quiet', short: 'q', description: 'print nothing but errors' },
];

/** @internal Flags of `soupkit sync`, in help order. */
export const SYNC_FLAGS: readonly FlagSpec[] = [
  {
    name: 'config',
    short: 'c',
    value: 'FILE',
    description: 'config file (default: soupkit.config.{json,ts,mts,js,mjs} in the current folder)',
  },
  {
    name: 'store',
    value: 'FILE',
    description: 'the encrypted store file (default .soupkit/store.db beside the config)',
  },
  {
    name: 'key-file',
    value: 'FILE',
    description: 'file holding the store key (else the SOUPKIT_STORE_KEY environment variable)',
  },
  {
    name: 'sync',
    value: 'NAME',
    repeatable: true,
    description:
      'run only this sync of usersyncs.json (repeat for more; default all, in file order)',
  },
  {
    name: 'wait',
    description:
      'when another process runs a sync (or a sync up of the same soup), wait for it instead of skipping it',
  },
  { name: 'json', description: 'print the final sync states as JSON' },
  ...ORG_FLAGS,
  { name: 'quiet', short: 'q', description: 'print nothing but errors' },
];

/** @internal Flags of `soupkit init`. */
export const INIT_FLAGS: readonly FlagSpec[] = [
  {
    name: 'force',
    description: 'write into a folder that is not empty (files of the scaffold are replaced)',
  },
  {
    name: 'soupkit-version',
    value: 'SPEC',
    description: 'the soupkit dependency written into package.json (default ^ this version)',
  },
  { name: 'quiet', short: 'q', description: 'print nothing but errors' },
];

/** @internal Flags of `soupkit emulator`. */
export const EMULATOR_FLAGS: readonly FlagSpec[] = [
  {
    name: 'describes',
    value: 'DIR',
    description: 'folder of <Name>.describe.json files (default: the bundled samples)',
  },
  {
    name: 'records',
    value: 'FILE',
    description: 'seed records (default: the bundled sample records with the bundled describes)',
  },
  {
    name: 'port',
    value: 'N',
    description: 'port on 127.0.0.1 (default: a free one)',
    parse: positiveInteger(65535),
  },
];

/** @internal The flags that name an existing store and its key (`status`, `inspect`). */
export const STORE_FLAGS: readonly FlagSpec[] = [
  {
    name: 'store',
    value: 'FILE',
    description: 'the encrypted store file (default .soupkit/store.db in the current folder)',
  },
  {
    name: 'key-file',
    value: 'FILE',
    description: 'file holding the store key (else the SOUPKIT_STORE_KEY environment variable)',
  },
];

/** @internal Flags of `soupkit status`. */
export const STATUS_FLAGS: readonly FlagSpec[] = [
  ...STORE_FLAGS,
  { name: 'json', description: 'print the report as JSON (the shape in docs/inspect.md)' },
  {
    name: 'fail-on-errors',
    description: 'exit 1 also when a record carries __last_error__ (always when a sync FAILED)',
  },
];

/** @internal Flags of `soupkit inspect`. */
export const INSPECT_FLAGS: readonly FlagSpec[] = [
  ...STORE_FLAGS,
  {
    name: 'port',
    value: 'N',
    description: 'port on 127.0.0.1 (default: a free one)',
    parse: positiveInteger(65535),
  },
  { name: 'open', description: 'open the page in the default browser' },
];

/** The flags a command accepts, global flags included. */
function flagsOf(command: CommandName | undefined): readonly FlagSpec[] {
  return [...(command === undefined ? [] : COMMAND_FLAGS[command]), ...GLOBAL_FLAGS];
}

const COMMAND_FLAGS: Record<CommandName, readonly FlagSpec[]> = {
  generate: GENERATE_FLAGS,
  sync: SYNC_FLAGS,
  init: INIT_FLAGS,
  emulator: EMULATOR_FLAGS,
  status: STATUS_FLAGS,
  inspect: INSPECT_FLAGS,
};

/** How many positional arguments a command takes. */
const POSITIONALS: Record<CommandName, number> = {
  generate: 0,
  sync: 0,
  init: 1,
  emulator: 0,
  status: 0,
  inspect: 0,
};

const COMMANDS = Object.keys(COMMAND_FLAGS) as CommandName[];

/** A parsed command line. */
export interface ParsedArgs {
  readonly command: CommandName | undefined;
  /** Flags given, by long name: `true` for booleans, the (checked) text otherwise. */
  readonly flags: ReadonlyMap<string, string | true>;
  /** Arguments that are not flags (`soupkit init DIR`). */
  readonly positionals: readonly string[];
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
    if (flags.has(spec.name) && !spec.repeatable)
      throw new CliError('CLI_DUPLICATE_FLAG', `${label} is given twice`);
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
    const checked = checkValue(spec, raw, label);
    const before = flags.get(spec.name);
    flags.set(spec.name, typeof before === 'string' ? `${before},${checked}` : checked);
  }
  if (positionals.length > (command === undefined ? 0 : POSITIONALS[command])) {
    const extra = positionals[command === undefined ? 0 : POSITIONALS[command]];
    const where = command === undefined ? '' : ` to "soupkit ${command}"`;
    throw new CliError('CLI_UNEXPECTED_ARGUMENT', `unexpected argument "${extra}"${where}`);
  }
  return { command, flags, positionals };
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
  const owner =
    command === undefined
      ? COMMANDS.find((name) => COMMAND_FLAGS[name].some((spec) => spec.name === bare))
      : undefined;
  const otherCommand =
    owner === undefined
      ? undefined
      : ` (${written} belongs to a command: soupkit ${owner} ${written})`;
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
  return `soupkit: typed SmartStore soups and Mobile Sync from Salesforce sObject describes

Usage:
  soupkit init [DIR] [--force]
  soupkit generate [--config FILE] [--describes DIR | --org ALIAS | --instance-url URL --access-token TOKEN] [--out DIR] [--check]
  soupkit sync [--config FILE] [--store FILE] [--key-file FILE] [--sync NAME]... [--wait] [--json] [org flags]
  soupkit emulator [--describes DIR] [--records FILE] [--port N]
  soupkit status [--store FILE] [--key-file FILE] [--json] [--fail-on-errors]
  soupkit inspect [--store FILE] [--key-file FILE] [--port N] [--open]
  soupkit --help | --version
  soupkit help COMMAND

Commands:
  init        scaffold a project that runs the offline loop (sync down, edit, sync up)
  generate    read describes (files or a live org) and write the generated TypeScript and JSON
  sync        run the project's syncs against the org into an encrypted store file
  emulator    run the local Salesforce REST emulator (the bundled samples by default)
  status      print a store's soups, dirty and failed records, and where its syncs stand
  inspect     look inside a store in the browser (a read-only page on 127.0.0.1)

Flags:
${table(GLOBAL_FLAGS)}

Exit codes: 0 ok, 1 --check found stale files or a sync did not end DONE, 2 error (command line, config, describe, org).
soupkit status exits 1 when a sync is FAILED (--fail-on-errors: or a record carries __last_error__).
Docs: docs/cli.md, shipped in the package (node_modules/soupkit/docs/cli.md)
`;
}

/** @internal The help of one command. */
export function commandHelp(command: CommandName): string {
  switch (command) {
    case 'generate':
      return generateHelp();
    case 'sync':
      return `Usage: soupkit sync [flags]

Runs the syncs of the project's usersyncs.json (the generated one, in the config's outDir)
against the org, into an encrypted store file: the soups of userstore.json are registered,
the syncs created the first time, then each is run (a sync down fetches what changed since
its last run, a sync up sends what is dirty). The key comes from --key-file or
SOUPKIT_STORE_KEY; it is never printed. Exit 0 only when every sync ends DONE.

Flags:
${table(flagsOf('sync'))}

Examples:
  SOUPKIT_STORE_KEY=... soupkit sync --org my-sandbox
  soupkit sync --instance-url http://127.0.0.1:8484 --access-token T --key-file .store-key --sync syncDownAccount --json
`;
    case 'status':
      return `Usage: soupkit status [flags]

Prints what an encrypted store holds: per soup its entries, bytes and dirty records
(created, updated, deleted, with __last_error__); per sync its type, target, status,
progress, last start and end, and error. Reads only. The key comes from --key-file or
SOUPKIT_STORE_KEY; it is never printed. Exit 0; 1 when a sync is FAILED, or with
--fail-on-errors when a record carries __last_error__; 2 when the store cannot be read.

Flags:
${table(flagsOf('status'))}

Examples:
  SOUPKIT_STORE_KEY=... soupkit status
  soupkit status --store app.db --key-file .store-key --json --fail-on-errors
`;
    case 'inspect':
      return `Usage: soupkit inspect [flags]

Opens an encrypted store read-only and serves a page on 127.0.0.1 to look inside it:
soups, entries, a Smart SQL console and sync states. The URL carries a random token and
is printed once; the key never leaves this process. Runs until interrupted.

Flags:
${table(flagsOf('inspect'))}

Example:
  SOUPKIT_STORE_KEY=... soupkit inspect --open
`;
    case 'init':
      return `Usage: soupkit init [DIR] [flags]

Scaffolds a project in DIR (default: the current folder) from soupkit's templates:
package.json, soupkit.config.json, sample describes and records, src/main.ts running the
offline loop (sync down, edit offline, a conflict, sync up) against the local emulator or
an org, and a README with the two commands. Refuses a folder that is not empty unless --force.

Flags:
${table(flagsOf('init'))}

Example:
  soupkit init my-offline-app && cd my-offline-app && npm install && npm start
`;
    case 'emulator':
      return `Usage: soupkit emulator [flags]

Runs the local Salesforce REST emulator on 127.0.0.1 until interrupted, and prints the
SF_INSTANCE_URL and SF_ACCESS_TOKEN to reach it (for soupkit generate and soupkit sync).

Flags:
${table(flagsOf('emulator'))}
`;
    default:
      return command satisfies never;
  }
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
