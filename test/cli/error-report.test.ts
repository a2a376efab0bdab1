/**
 * How the CLI ends on an error: a user's mistake in one line, a bug as a bug
 * report (stack only with SOUPKIT_DEBUG=1), and with --json sf's error document.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError } from '../../cli/cli-error.js';
import { reportError } from '../../cli/error-report.js';
import type { JsonError } from '../../cli/json-output.js';
import { missingLibrary } from '../../cli/optional-libraries.js';
import { InternalError, SoupkitError } from '../../runtime/errors.js';

function report(
  error: unknown,
  options: { json?: boolean; debug?: boolean; cwd?: string; warnings?: string[] } = {},
) {
  let stdout = '';
  let stderr = '';
  const code = reportError(
    error,
    {
      stdout: {
        write: (text: string) => {
          stdout += text;
          return true;
        },
      },
      stderr: {
        write: (text: string) => {
          stderr += text;
          return true;
        },
      },
      env: options.debug ? { SOUPKIT_DEBUG: '1' } : {},
      cwd: options.cwd ?? '/',
    },
    options.json ?? false,
    options.warnings,
  );
  return { code, stdout, stderr };
}

const BUG_REPORT = 'soupkit: internal error (a bug in soupkit, please report it with this output):';

describe('reportError()', () => {
  it('prints a user mistake as one line, no stack even when debugging', () => {
    expect(report(new CliError('CLI_UNKNOWN_FLAG', 'unknown flag --x'), { debug: true })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'soupkit: unknown flag --x\n',
    });
    expect(report(new SoupkitError('CONFIG_INVALID', 'bad\n  config'))).toEqual({
      code: 2,
      stdout: '',
      stderr: 'soupkit: error: bad config\n',
    });
  });

  it('keeps the error line one line whatever a server said: CR, escape sequences, U+2028', () => {
    const said = new SoupkitError(
      'ORG_HTTP',
      'the org answered\r\nFAIL\u001b[2K here\u2028and\tthere',
    );
    expect(report(said).stderr).toBe('soupkit: error: the org answered FAIL [2K here and there\n');
  });

  it('prints an INTERNAL error and a foreign exception as a bug report', () => {
    const internal = report(new InternalError('Unexpected index type: "x"'));
    expect(internal.code).toBe(2);
    expect(internal.stderr).toBe(
      `${BUG_REPORT} Unexpected index type: "x" (set SOUPKIT_DEBUG=1 for the stack trace)\n`,
    );
    const foreign = report(new TypeError('x is not a function'));
    expect(foreign.stderr).toBe(
      `${BUG_REPORT} x is not a function (set SOUPKIT_DEBUG=1 for the stack trace)\n`,
    );
    expect(report(new SoupkitError('INTERNAL', 'broken')).stderr).toMatch(/^soupkit: internal/);
  });

  it('adds the stack trace of a bug only with SOUPKIT_DEBUG=1', () => {
    const run = report(new InternalError('broken'), { debug: true });
    const lines = run.stderr.split('\n');
    expect(lines[0]).toBe(`${BUG_REPORT} broken`);
    expect(lines[1]).toBe('InternalError: broken');
    expect(run.stderr).toMatch(/\n\s+at /);
    expect(report(new InternalError('broken')).stderr).not.toMatch(/\n\s+at /);
  });

  it('with --json prints the error document on stdout only', () => {
    const usage = report(new CliError('CLI_NO_STORE_KEY', 'no key'), { json: true });
    expect(usage.stderr).toBe('');
    expect(JSON.parse(usage.stdout) as JsonError).toEqual({
      status: 2,
      name: 'CLI_NO_STORE_KEY',
      message: 'no key',
      exitCode: 2,
      warnings: [],
    });
    const bug = report(new RangeError('boom'), { json: true });
    expect((JSON.parse(bug.stdout) as JsonError).name).toBe('INTERNAL');
  });
});

describe('reportError() and file-system errors', () => {
  it('says a real EEXIST from mkdir as one user line, and --json names it FS_EEXIST with the warnings', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'soupkit-fs-error-'));
    try {
      await writeFile(join(dir, 'store.key'), 'key\n');
      const error = await mkdir(join(dir, 'store.key')).catch((caught: unknown) => caught);
      expect(report(error, { cwd: dir })).toEqual({
        code: 2,
        stdout: '',
        stderr: 'soupkit: error: cannot mkdir store.key: file exists (EEXIST)\n',
      });
      const json = report(error, { cwd: dir, json: true, warnings: ['said before'] });
      expect(JSON.parse(json.stdout) as JsonError).toEqual({
        status: 2,
        name: 'FS_EEXIST',
        message: 'cannot mkdir store.key: file exists (EEXIST)',
        exitCode: 2,
        warnings: ['said before'],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('missingLibrary()', () => {
  function notFound(specifier: string) {
    return Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/x.js`), {
      code: 'ERR_MODULE_NOT_FOUND',
    });
  }

  it('names the optional library whose import failed, tsx included', () => {
    expect(missingLibrary(notFound('jsforce'))?.install).toBe('jsforce');
    expect(missingLibrary(notFound('tsx/esm/api'))).toMatchObject({
      name: 'tsx',
      install: '-D tsx',
      why: 'to load a TypeScript config (soupkit.config.ts)',
    });
  });

  it('leaves other failures alone', () => {
    expect(missingLibrary(notFound('left-pad'))).toBeUndefined();
    expect(missingLibrary(new Error("Cannot find package 'jsforce'"))).toBeUndefined();
    expect(missingLibrary(undefined)).toBeUndefined();
  });
});
