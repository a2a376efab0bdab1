/**
 * The parser of the `soupkit` command line, driven by the flag table
 * (`flag-table.ts`): unknown commands and flags are rejected with the nearest
 * known one suggested, and every mistake is a `CliError` naming the flag.
 */

import { closestName } from '../runtime/errors.js';
import { CliError } from './cli-error.js';
import {
  COMMAND_FLAGS,
  COMMANDS,
  type CommandName,
  type FlagSpec,
  flagsOf,
  POSITIONALS,
} from './flag-table.js';

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
 * Accepts `--name value`, `--name=value`, `-c value` and a flag's aliases
 * (`--target-org` for `--org`); a value that starts with `-` must use the `=` form.
 * Throws `CliError` naming the flag on any mistake.
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
    flags.set(
      spec.name,
      typeof before === 'string' ? `${before}${spec.separator ?? ','}${checked}` : checked,
    );
  }
  if (positionals.length > (command === undefined ? 0 : POSITIONALS[command])) {
    const extra = positionals[command === undefined ? 0 : POSITIONALS[command]];
    const where = command === undefined ? '' : ` to "soupkit ${command}"`;
    throw new CliError('CLI_UNEXPECTED_ARGUMENT', `unexpected argument "${extra}"${where}`);
  }
  return { command, flags, positionals };
}

/**
 * The values of a repeatable flag, in the order given (none when absent).
 *
 * @example
 * flagValues(parseArgs(['emulator', '--user', 'a:1', '--user', 'b:2']).flags, 'user'); // ['a:1', 'b:2']
 */
export function flagValues(flags: ReadonlyMap<string, string | true>, name: string): string[] {
  const value = flags.get(name);
  if (typeof value !== 'string') return [];
  const spec = COMMANDS.flatMap((command) => COMMAND_FLAGS[command]).find(
    (candidate) => candidate.name === name,
  );
  return value.split(spec?.separator ?? ',');
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
  const long = written.slice(2);
  const found = written.startsWith('--')
    ? specs.find((spec) => spec.name === long || spec.aliases?.includes(long))
    : written.length === 2
      ? specs.find((spec) => spec.short === written.slice(1))
      : undefined;
  if (found) return found;
  const bare = written.replace(/^-+/, '');
  const close = nearest(
    bare,
    specs.flatMap((spec) => [spec.name, ...(spec.aliases ?? [])]),
  );
  const known = close === undefined ? undefined : `--${close}`;
  const owner =
    command === undefined
      ? COMMANDS.find((name) =>
          COMMAND_FLAGS[name].some((spec) => spec.name === bare || spec.aliases?.includes(bare)),
        )
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
