/**
 * The org of `soupkit generate` (where describes come from) and of `soupkit sync`
 * (what it syncs with), and how to authenticate, decided once here for both: flags first, then environment variables, then the config's `org`;
 * an sf CLI alias is turned into a token with `sf org display --json`.
 */
import { type ExecFileException, execFile } from 'node:child_process';
import { type GeneratorConfig, isApiVersion } from '../generator/config/config.js';
import { DEFAULT_API_VERSION, type OrgAuth } from '../runtime/sync/adapters/jsforce-connect.js';
import { CliError } from './cli-error.js';
import { ORG_FLAGS } from './flag-table.js';
import { checkValue } from './parse-args.js';

/** A live org to describe. */
export interface OrgTarget {
  readonly auth: OrgAuth;
  readonly apiVersion: string;
  readonly concurrency: number | undefined;
  /** For messages: `org my-sandbox`, `org at https://…`. */
  readonly label: string;
}

/** Options of {@link resolveOrgTarget}. */
export interface ResolveOrgOptions {
  readonly flags: ReadonlyMap<string, string | true>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly config: GeneratorConfig;
  /** The `sf` executable. @default env SOUPKIT_SF_BIN, else `sf` */
  readonly sfBin?: string;
}

const AUTH_FLAGS = [
  'org',
  'instance-url',
  'access-token',
  'username',
  'password',
  'login-url',
  'client-id',
  'client-secret',
];

/**
 * The org to describe, or `undefined` to read describe files.
 *
 * @example
 * const target = await resolveOrgTarget({ flags: new Map([['org', 'dev']]), env: process.env, config });
 * // → { auth: { kind: 'access-token', … }, apiVersion: '62.0', label: 'org dev', … }
 */
export async function resolveOrgTarget(options: ResolveOrgOptions): Promise<OrgTarget | undefined> {
  const { flags, env, config } = options;
  const flag = (name: string) => {
    const value = flags.get(name);
    return typeof value === 'string' ? value : undefined;
  };
  const given = AUTH_FLAGS.filter((name) => flags.has(name));
  const live = flags.has('live');
  for (const exclusive of ['describes', 'offline']) {
    if (flags.has(exclusive) && (given.length > 0 || live)) {
      const other = given.length > 0 ? `--${given[0]}` : '--live';
      throw new CliError('CLI_CONFLICT', `--${exclusive} cannot be combined with ${other}`);
    }
  }
  if (flags.has('describes') || flags.has('offline')) return undefined;
  const fromEnv = (name: string): string | undefined => {
    const spec = ORG_FLAGS.find((candidate) => candidate.name === name);
    const variable = spec?.env;
    const raw = variable === undefined ? undefined : env[variable];
    if (spec === undefined || variable === undefined || raw === undefined || raw === '')
      return undefined;
    return checkValue(spec, raw, `environment variable ${variable}`);
  };
  const value = (name: string) => flag(name) ?? fromEnv(name);

  const org = config.org;
  const apiVersion = () => value('api-version') ?? org?.apiVersion ?? config.apiVersion;
  const concurrency =
    flag('concurrency') === undefined ? org?.concurrency : Number(flag('concurrency'));
  const mode = chooseMode(flags, env, live, org?.alias, org?.instanceUrl);
  switch (mode) {
    case 'none':
      return undefined;
    case 'alias': {
      const alias = flag('org') ?? org?.alias ?? fromEnv('org');
      if (alias === undefined) {
        throw new CliError(
          'CLI_INCOMPLETE_AUTH',
          '--live needs "org.alias" or "org.instanceUrl" in the config, or --org ALIAS',
        );
      }
      const sfBin = options.sfBin ?? env.SOUPKIT_SF_BIN ?? 'sf';
      const shown = await sfOrgDisplay(sfBin, alias, env);
      return {
        auth: {
          kind: 'access-token',
          instanceUrl: shown.instanceUrl,
          accessToken: shown.accessToken,
        },
        apiVersion:
          apiVersion() ??
          (isApiVersion(shown.apiVersion ?? '') ? shown.apiVersion : undefined) ??
          DEFAULT_API_VERSION,
        concurrency,
        label: `org ${alias}`,
      };
    }
    case 'token': {
      const instanceUrl = value('instance-url') ?? org?.instanceUrl;
      const accessToken = value('access-token');
      if (instanceUrl === undefined) {
        throw new CliError(
          'CLI_INCOMPLETE_AUTH',
          'an access token needs an instance URL: --instance-url URL or SF_INSTANCE_URL',
        );
      }
      if (accessToken === undefined) {
        throw new CliError(
          'CLI_INCOMPLETE_AUTH',
          `an instance URL needs an access token: --access-token TOKEN or SF_ACCESS_TOKEN (instance ${instanceUrl})`,
        );
      }
      return {
        auth: { kind: 'access-token', instanceUrl, accessToken },
        apiVersion: apiVersion() ?? DEFAULT_API_VERSION,
        concurrency,
        label: `org at ${instanceUrl}`,
      };
    }
    case 'password': {
      const username = value('username');
      const password = value('password');
      if (username === undefined) {
        throw new CliError(
          'CLI_INCOMPLETE_AUTH',
          'a password login needs a username: --username USER or SF_USERNAME',
        );
      }
      if (password === undefined) {
        throw new CliError(
          'CLI_INCOMPLETE_AUTH',
          `a password login needs a password for ${username}: SF_PASSWORD (or --password)`,
        );
      }
      const clientId = value('client-id');
      const clientSecret = value('client-secret');
      if ((clientId === undefined) !== (clientSecret === undefined)) {
        throw new CliError(
          'CLI_INCOMPLETE_AUTH',
          'the OAuth password grant needs both a client id and a client secret (--client-id, --client-secret or SF_CLIENT_ID, SF_CLIENT_SECRET)',
        );
      }
      const loginUrl = value('login-url') ?? 'https://login.salesforce.com';
      return {
        auth: { kind: 'password', username, password, loginUrl, clientId, clientSecret },
        apiVersion: apiVersion() ?? DEFAULT_API_VERSION,
        concurrency,
        label: `org of ${username} at ${loginUrl}`,
      };
    }
  }
}

type Mode = 'none' | 'alias' | 'token' | 'password';

function chooseMode(
  flags: ReadonlyMap<string, string | true>,
  env: Readonly<Record<string, string | undefined>>,
  live: boolean,
  configAlias: string | undefined,
  configInstanceUrl: string | undefined,
): Mode {
  const has = (...names: string[]) => names.filter((name) => flags.has(name));
  const alias = has('org');
  const token = has('instance-url', 'access-token');
  const password = has('username', 'password', 'client-id', 'client-secret');
  const groups = [alias, token, password].filter((group) => group.length > 0);
  if (groups.length > 1) {
    const [a, b] = [groups[0]?.[0], groups[1]?.[0]];
    throw new CliError(
      'CLI_CONFLICT',
      `--${a} cannot be combined with --${b}: choose one way to reach the org`,
    );
  }
  if (alias.length > 0) return 'alias';
  if (token.length > 0) return 'token';
  if (password.length > 0) return 'password';
  const set = (name: string) => (env[name] ?? '') !== '';
  // Environment credentials are an explicit request for a live org; SF_TARGET_ORG is not
  // (sf users often set it globally), it only names the org for --live.
  if (set('SF_ACCESS_TOKEN')) return 'token';
  if (set('SF_USERNAME')) return 'password';
  if (!live) return 'none';
  if (configAlias !== undefined) return 'alias';
  if (configInstanceUrl !== undefined) return 'token';
  if (set('SF_TARGET_ORG')) return 'alias';
  throw new CliError(
    'CLI_INCOMPLETE_AUTH',
    '--live needs "org.alias" or "org.instanceUrl" in the config, or --org ALIAS',
  );
}

/** What `sf org display --json` says about an org. */
export interface SfOrgDisplay {
  readonly accessToken: string;
  readonly instanceUrl: string;
  readonly apiVersion: string | undefined;
  readonly username: string | undefined;
}

/**
 * Runs `sf org display --json --target-org ALIAS` and reads the session from it.
 *
 * @example
 * const org = await sfOrgDisplay('sf', 'my-sandbox', process.env);
 * org.instanceUrl; // 'https://acme--dev.sandbox.my.salesforce.com'
 */
export async function sfOrgDisplay(
  sfBin: string,
  alias: string,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SfOrgDisplay> {
  const args = ['org', 'display', '--json', '--target-org', alias];
  const command = `${sfBin} ${args.join(' ')}`;
  const { stdout, stderr, error } = await new Promise<{
    stdout: string;
    stderr: string;
    error: ExecFileException | null;
  }>((resolve) => {
    execFile(
      sfBin,
      args,
      {
        env: { ...env, SF_JSON_TO_STDOUT: 'true' } as NodeJS.ProcessEnv,
        maxBuffer: 16 * 1024 * 1024,
        timeout: 120_000,
        shell: process.platform === 'win32',
      },
      (failure, out, err) => resolve({ stdout: String(out), stderr: String(err), error: failure }),
    );
  });
  if (error?.code === 'ENOENT') {
    throw new CliError(
      'CLI_SF_NOT_FOUND',
      `the sf CLI was not found ("${sfBin}"); install @salesforce/cli, set SOUPKIT_SF_BIN, or pass --instance-url and --access-token`,
      { cause: error },
    );
  }
  let output: {
    status?: unknown;
    result?: Record<string, unknown>;
    message?: unknown;
    name?: unknown;
  };
  try {
    // sf writes JSON errors to stderr unless SF_JSON_TO_STDOUT is set; read either.
    output = JSON.parse(stdout.trim() === '' ? stderr : stdout);
  } catch (cause) {
    const detail = firstLine(stderr) ?? firstLine(stdout) ?? error?.message ?? 'no output';
    throw new CliError('CLI_SF_FAILED', `"${command}" did not print JSON: ${detail}`, { cause });
  }
  if (output.status !== 0 || error !== null) {
    const message =
      typeof output.message === 'string' ? output.message : (firstLine(stderr) ?? 'failed');
    const name = typeof output.name === 'string' ? `${output.name}: ` : '';
    throw new CliError('CLI_SF_FAILED', `"${command}" failed: ${name}${firstLine(message)}`, {
      cause: error ?? undefined,
    });
  }
  const result = output.result ?? {};
  const text = (key: string) =>
    typeof result[key] === 'string' && result[key] !== '' ? (result[key] as string) : undefined;
  const accessToken = text('accessToken');
  const instanceUrl = text('instanceUrl');
  if (accessToken === undefined || instanceUrl === undefined) {
    throw new CliError(
      'CLI_SF_FAILED',
      `"${command}" printed no ${accessToken === undefined ? 'accessToken' : 'instanceUrl'} for ${alias}; log in again with "sf org login web --alias ${alias}"`,
    );
  }
  return {
    accessToken,
    instanceUrl: instanceUrl.replace(/\/+$/, ''),
    apiVersion: text('apiVersion'),
    username: text('username'),
  };
}

function firstLine(text: string): string | undefined {
  const line = text.split('\n').find((candidate) => candidate.trim() !== '');
  return line?.trim();
}
