import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/cli-error.js';
import { generateHelp, mainHelp } from '../../cli/help.js';
import { flagValues, nearest, parseArgs } from '../../cli/parse-args.js';

function usageError(argv: string[]): CliError {
  try {
    parseArgs(argv);
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    return error as CliError;
  }
  throw new Error(`parseArgs(${JSON.stringify(argv)}) did not throw`);
}

describe('parseArgs()', () => {
  it('reads a command with value and boolean flags', () => {
    const parsed = parseArgs(['generate', '--config', 'a.json', '--check', '--out=gen', '-q']);
    expect(parsed.command).toBe('generate');
    expect([...parsed.flags]).toEqual([
      ['config', 'a.json'],
      ['check', true],
      ['out', 'gen'],
      ['quiet', true],
    ]);
  });

  it('reads short flags and global flags without a command', () => {
    expect(parseArgs(['-v']).flags.get('version')).toBe(true);
    expect(parseArgs(['generate', '-c', 'x.json']).flags.get('config')).toBe('x.json');
    expect(parseArgs([]).command).toBeUndefined();
  });

  it('treats "help generate" as generate --help', () => {
    const parsed = parseArgs(['help', 'generate']);
    expect(parsed.command).toBe('generate');
    expect(parsed.flags.get('help')).toBe(true);
  });

  it('normalises and checks values', () => {
    expect(parseArgs(['generate', '--api-version', 'v61']).flags.get('api-version')).toBe('61.0');
    expect(
      parseArgs(['generate', '--instance-url', 'https://a.my.salesforce.com/']).flags.get(
        'instance-url',
      ),
    ).toBe('https://a.my.salesforce.com');
    expect(usageError(['generate', '--concurrency', '0']).message).toBe(
      '--concurrency must be an integer from 1 to 64, got "0"',
    );
    expect(usageError(['generate', '--instance-url', 'acme']).code).toBe('CLI_BAD_VALUE');
  });

  it('accepts a value starting with - only in the = form', () => {
    expect(parseArgs(['generate', '--password=-secret']).flags.get('password')).toBe('-secret');
    expect(usageError(['generate', '--password', '-secret']).message).toBe(
      '--password needs a value (PASSWORD)',
    );
  });

  it('rejects unknown flags, suggesting the nearest', () => {
    const error = usageError(['generate', '--outdir', 'x']);
    expect(error.code).toBe('CLI_UNKNOWN_FLAG');
    expect(error.message).toBe(
      'unknown flag --outdir (did you mean --out?); run "soupkit generate --help"',
    );
    expect(usageError(['generate', '--chek']).message).toContain('did you mean --check?');
    expect(usageError(['generate', '--zzzzzzzz']).message).toBe(
      'unknown flag --zzzzzzzz; run "soupkit generate --help"',
    );
  });

  it('points generate flags given without the command to it', () => {
    expect(usageError(['--check']).message).toBe(
      'unknown flag --check (--check belongs to a command: soupkit generate --check); run "soupkit --help"',
    );
  });

  it('rejects unknown commands, duplicates, stray arguments and missing values', () => {
    expect(usageError(['generat']).message).toBe(
      'unknown command "generat" (did you mean "generate"?); run "soupkit --help"',
    );
    expect(usageError(['generate', '--out', 'a', '--out', 'b']).code).toBe('CLI_DUPLICATE_FLAG');
    expect(usageError(['generate', 'extra']).message).toBe(
      'unexpected argument "extra" to "soupkit generate"',
    );
    expect(usageError(['generate', '--out']).message).toBe('--out needs a value (DIR)');
    expect(usageError(['generate', '--check=yes']).message).toBe('--check takes no value');
  });

  it("accepts sf's --target-org and -o for --org", () => {
    for (const argv of [
      ['generate', '--target-org', 'dev'],
      ['generate', '--target-org=dev'],
      ['sync', '-o', 'dev'],
      ['sync', '--org', 'dev'],
    ]) {
      expect(parseArgs(argv).flags.get('org')).toBe('dev');
    }
    expect(usageError(['sync', '--org', 'a', '--target-org', 'b']).message).toBe(
      '--org is given twice',
    );
    expect(usageError(['generate', '--target-orgg', 'x']).message).toContain(
      'did you mean --target-org?',
    );
    expect(generateHelp()).toContain('-o, --org, --target-org ALIAS');
  });

  it('accepts --json on every command', () => {
    for (const command of ['generate', 'sync', 'init', 'emulator', 'status', 'inspect']) {
      expect(parseArgs([command, '--json']).flags.get('json')).toBe(true);
    }
  });

  it("takes the emulator's --access-token, --latency and repeated --user NAME:PASSWORD", () => {
    const { flags } = parseArgs([
      'emulator',
      '--access-token',
      'T',
      '--latency',
      '25',
      '--user',
      'a@example.com:pa,ss:word',
      '--user=b@example.com:x',
    ]);
    expect(flags.get('access-token')).toBe('T');
    expect(flags.get('latency')).toBe('25');
    // A password may hold commas and colons: the values stay apart.
    expect(flagValues(flags, 'user')).toEqual(['a@example.com:pa,ss:word', 'b@example.com:x']);
    expect(flagValues(parseArgs(['sync', '--sync', 'a', '--sync', 'b']).flags, 'sync')).toEqual([
      'a',
      'b',
    ]);
    expect(usageError(['emulator', '--user', 'nopassword']).message).toBe(
      '--user must be NAME:PASSWORD, got "nopassword"',
    );
    expect(usageError(['emulator', '--latency', 'soon']).code).toBe('CLI_BAD_VALUE');
  });

  it('marks command-line mistakes as usage errors', () => {
    expect(usageError(['generate', '--nope']).isUsageError).toBe(true);
    expect(new CliError('CLI_SF_FAILED', 'x').isUsageError).toBe(false);
  });
});

describe('nearest()', () => {
  it('suggests close words only', () => {
    expect(nearest('acess-token', ['access-token', 'out'])).toBe('access-token');
    expect(nearest('describe', ['describes', 'out'])).toBe('describes');
    expect(nearest('x', ['describes', 'out'])).toBeUndefined();
  });
});

describe('help', () => {
  it('lists every generate flag with its environment variable', () => {
    const text = generateHelp();
    for (const flag of [
      '--config',
      '--describes',
      '--org',
      '--instance-url',
      '--access-token',
      '--out',
      '--check',
    ]) {
      expect(text).toContain(flag);
    }
    expect(text).toContain('[env SF_ACCESS_TOKEN]');
    expect(mainHelp()).toContain(
      'Exit codes: 0 ok, 1 --check found stale files or a sync did not end DONE, 2 error (command line, config, describe, org).',
    );
  });
});
