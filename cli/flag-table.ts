/**
 * The flag table of the `soupkit` CLI: every command, every flag it accepts
 * (name, aliases, value, help, environment variable) and how its value is
 * checked, declared once. The parser (`parse-args.ts`) and the help text
 * (`help.ts`) are built from it.
 */

import { isApiVersion } from '../generator/config/config.js';

export type CommandName = 'generate' | 'sync' | 'init' | 'emulator' | 'status' | 'inspect';

/** One flag. */
export interface FlagSpec {
  /** Long name without dashes, e.g. `instance-url`. */
  readonly name: string;
  readonly short?: string;
  /** Other long names accepted for the same flag (the sf CLI's, e.g. `target-org`). */
  readonly aliases?: readonly string[];
  /** Placeholder of the value (`DIR`, `URL`); absent for a boolean flag. */
  readonly value?: string;
  readonly description: string;
  /** Environment variable read when the flag is absent. */
  readonly env?: string;
  /** Checks and normalises the value; throws a message on a bad one. */
  readonly parse?: (raw: string) => string;
  /** May be given several times; the values are kept in order, joined by `separator`. */
  readonly repeatable?: true;
  /** What joins the values of a repeatable flag (default `,`). */
  readonly separator?: string;
}

function positiveInteger(max: number) {
  return (raw: string): string => {
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) {
      throw new Error(`must be an integer from 1 to ${max}`);
    }
    return raw;
  };
}

function milliseconds(raw: string): string {
  if (!/^\d+$/.test(raw) || Number(raw) > 60_000) {
    throw new Error('must be a number of milliseconds from 0 to 60000');
  }
  return raw;
}

/** `NAME:PASSWORD`, split at the first colon (a password may hold colons). */
function userSpec(raw: string): string {
  const colon = raw.indexOf(':');
  if (colon <= 0 || colon === raw.length - 1) throw new Error('must be NAME:PASSWORD');
  return raw;
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

/** @internal Flags every command accepts. */
export const GLOBAL_FLAGS: readonly FlagSpec[] = [
  { name: 'help', short: 'h', description: 'show help' },
  { name: 'version', short: 'v', description: 'print the soupkit version' },
];

/** @internal The flags that say how to reach the org, shared by `generate` and `sync`. */
export const ORG_FLAGS: readonly FlagSpec[] = [
  {
    name: 'org',
    short: 'o',
    aliases: ['target-org'],
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
  { name: 'json', description: 'print one JSON document on stdout (docs/cli.md#json-output)' },
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
  { name: 'json', description: 'print the final sync states as one JSON document' },
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
    description:
      'the soupkit dependency written into package.json (default: the tarball or checkout this soupkit came from, else ^ this version)',
  },
  { name: 'json', description: 'print one JSON document on stdout (docs/cli.md#json-output)' },
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
  {
    name: 'access-token',
    value: 'TOKEN',
    description: 'the access token the emulator accepts (default: a random one)',
  },
  {
    name: 'user',
    value: 'NAME:PASSWORD',
    repeatable: true,
    // A password may hold commas; a NUL cannot be in a command-line argument.
    separator: '\0',
    description: 'a user for password logins (repeat for more)',
    parse: userSpec,
  },
  {
    name: 'latency',
    value: 'MS',
    description: 'delay every answer by MS milliseconds (default 0)',
    parse: milliseconds,
  },
  {
    name: 'json',
    description: 'print the URL, instance URL, access token and API version as one JSON document',
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
  {
    name: 'json',
    description: 'print the report as one JSON document (the shape in docs/inspect.md)',
  },
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
  { name: 'json', description: 'print the URL as one JSON document' },
];

/** @internal The flags a command accepts, global flags included. */
export function flagsOf(command: CommandName | undefined): readonly FlagSpec[] {
  return [...(command === undefined ? [] : COMMAND_FLAGS[command]), ...GLOBAL_FLAGS];
}

/** @internal Each command's own flags. */
export const COMMAND_FLAGS: Record<CommandName, readonly FlagSpec[]> = {
  generate: GENERATE_FLAGS,
  sync: SYNC_FLAGS,
  init: INIT_FLAGS,
  emulator: EMULATOR_FLAGS,
  status: STATUS_FLAGS,
  inspect: INSPECT_FLAGS,
};

/** @internal How many positional arguments a command takes. */
export const POSITIONALS: Record<CommandName, number> = {
  generate: 0,
  sync: 0,
  init: 1,
  emulator: 0,
  status: 0,
  inspect: 0,
};

/** @internal The command names, in help order. */
export const COMMANDS = Object.keys(COMMAND_FLAGS) as CommandName[];
