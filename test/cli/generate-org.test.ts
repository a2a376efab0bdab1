/**
 * `soupkit generate` against a live org: the REST emulator on loopback, reached by
 * jsforce from the CLI in a child process, with every way of authenticating.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { RECORDED_DESCRIBES as FIXTURES } from '../helpers/paths.js';
import { FAKE_SF, removeAll, runCli, tempProject } from './run-cli.js';

// Child processes (tsx, ts-morph) are slow on a loaded machine; give them room.
vi.setConfig({ testTimeout: 120_000 });

const dirs: string[] = [];

const org = useEmulator({
  describes: FIXTURES,
  users: [{ username: 'dev@example.com', password: 'secret' }],
});

afterAll(async () => {
  await removeAll(dirs);
});

/** A project selecting two objects; `describes/` starts empty (it becomes the cache). */
async function project(config: Record<string, unknown> = {}): Promise<string> {
  const dir = await tempProject({
    'soupkit.config.json': JSON.stringify({
      outDir: 'src/generated',
      objects: ['Account', 'Contact'],
      ...config,
    }),
  });
  dirs.push(dir);
  return dir;
}

/** The describe resources asked for since `since`, on their own or inside a composite batch. */
function describeRequests(since: number): string[] {
  return org.emulator.requestsSince(since).flatMap((entry) => {
    if (entry.path.endsWith('/composite/batch')) {
      const { batchRequests } = entry.body as { batchRequests: { url: string }[] };
      return batchRequests.map((request) => `/services/data/${request.url}`);
    }
    return entry.path.includes('/sobjects') ? [entry.path] : [];
  });
}

describe('soupkit generate --instance-url --access-token', () => {
  it('describes only the selected objects, caches them, and the next run works offline', async () => {
    const dir = await project();
    const before = org.emulator.requestCount;
    const run = await runCli(
      [
        'generate',
        '--instance-url',
        org.emulator.instanceUrl,
        '--access-token',
        org.emulator.accessToken,
        '--api-version',
        '60.0',
      ],
      { cwd: dir },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      `soupkit: 2 objects (Account, Contact) from org at ${org.emulator.instanceUrl} (API 60.0)`,
    );
    expect(run.stdout).toContain(
      'cached 2 describes in describes (the next run without org flags reads them)',
    );
    expect(describeRequests(before).sort()).toEqual([
      '/services/data/v60.0/sobjects/Account/describe',
      '/services/data/v60.0/sobjects/Contact/describe',
    ]);
    expect((await readdir(join(dir, 'describes'))).sort()).toEqual([
      'Account.describe.json',
      'Contact.describe.json',
    ]);
    const cached = JSON.parse(await readFile(join(dir, 'describes/Account.describe.json'), 'utf8'));
    expect(cached).toEqual(
      JSON.parse(await readFile(join(FIXTURES, 'Account.describe.json'), 'utf8')),
    );

    const offlineBefore = org.emulator.requestCount;
    const offline = await runCli(['generate', '--check'], { cwd: dir });
    expect(offline.code).toBe(0);
    expect(offline.stdout).toContain('up to date (2 objects)');
    expect(org.emulator.requestCount).toBe(offlineBefore);
  });

  it('reads SF_INSTANCE_URL and SF_ACCESS_TOKEN from the environment, caching in describeCache', async () => {
    const dir = await project({ describeCache: '.soupkit-cache/describes' });
    const run = await runCli(['generate', '--concurrency', '1'], {
      cwd: dir,
      env: { SF_INSTANCE_URL: org.emulator.instanceUrl, SF_ACCESS_TOKEN: org.emulator.accessToken },
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('cached 2 describes in .soupkit-cache/describes');
    const offline = await runCli(['generate', '--check'], { cwd: dir });
    expect(offline.code).toBe(0);
  });

  it('--cache-dir elsewhere says how to read the cache offline, and leaves describes/ alone', async () => {
    const dir = await project();
    const run = await runCli(
      [
        'generate',
        '--instance-url',
        org.emulator.instanceUrl,
        '--access-token',
        org.emulator.accessToken,
        '--cache-dir',
        'fetched',
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(
      'cached 2 describes in fetched (read them offline with --describes fetched)',
    );
    expect((await readdir(join(dir, 'fetched'))).sort()).toEqual([
      'Account.describe.json',
      'Contact.describe.json',
    ]);
    const offline = await runCli(['generate', '--check', '--describes', 'fetched'], { cwd: dir });
    expect(offline.code).toBe(0);
  });

  it('--offline ignores org credentials in the environment', async () => {
    const dir = await project({ describes: FIXTURES });
    const before = org.emulator.requestCount;
    const run = await runCli(['generate', '--offline'], {
      cwd: dir,
      env: { SF_INSTANCE_URL: org.emulator.instanceUrl, SF_ACCESS_TOKEN: 'whatever' },
    });
    expect(run.code).toBe(0);
    expect(org.emulator.requestCount).toBe(before);
  });

  it('--check against the org writes neither generated files nor the cache', async () => {
    const dir = await project();
    const run = await runCli(
      [
        'generate',
        '--check',
        '--instance-url',
        org.emulator.instanceUrl,
        '--access-token',
        org.emulator.accessToken,
      ],
      { cwd: dir },
    );
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('missing  src/generated/index.ts');
    expect(await readdir(dir)).toEqual(['soupkit.config.json']);
  });

  it('reports an expired session in one line naming the object and the URL, exit 2', async () => {
    const dir = await project();
    const run = await runCli(
      ['generate', '--instance-url', org.emulator.instanceUrl, '--access-token', 'expired'],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `soupkit: error: describe of Account, Contact failed: session expired or invalid (401 INVALID_SESSION_ID from POST ${org.emulator.instanceUrl}/services/data/v62.0/composite/batch); get a fresh access token or log in again\n`,
    );
    expect(await readdir(dir)).toEqual(['soupkit.config.json']);
  });

  it('reports an object the org does not have', async () => {
    const dir = await project({ objects: ['Account', 'Nope__c'] });
    const run = await runCli(
      [
        'generate',
        '--instance-url',
        org.emulator.instanceUrl,
        '--access-token',
        org.emulator.accessToken,
      ],
      {
        cwd: dir,
      },
    );
    expect(run.code).toBe(2);
    // Checked against the org's describeGlobal before any describe is asked for.
    expect(run.stderr).toMatch(
      /^soupkit: error: .*soupkit\.config\.json: "objects\[1\]": no describe for "Nope__c" among the describes from org at http:\/\/127\.0\.0\.1:\d+/,
    );
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('names the missing half of token credentials', async () => {
    const dir = await project();
    const run = await runCli(['generate', '--access-token', 'abc'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'soupkit: an access token needs an instance URL: --instance-url URL or SF_INSTANCE_URL\n',
    );
  });
});

describe('soupkit generate with a username and password', () => {
  it('logs in with SF_USERNAME/SF_PASSWORD at SF_LOGIN_URL and selects globbed objects via describeGlobal', async () => {
    const dir = await project({ objects: ['Opp*'] });
    const before = org.emulator.requestCount;
    const run = await runCli(['generate'], {
      cwd: dir,
      env: {
        SF_USERNAME: 'dev@example.com',
        SF_PASSWORD: 'secret',
        SF_LOGIN_URL: org.emulator.loginUrl,
      },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      `soupkit: 2 objects (Opportunity, OpportunityContactRole) from org of dev@example.com at ${org.emulator.loginUrl} (API 62.0)`,
    );
    const paths = org.emulator.requestsSince(before).map((entry) => entry.path);
    expect(paths[0]).toBe('/services/Soap/u/62.0');
    expect(paths).toContain('/services/data/v62.0/sobjects');
    expect((await readdir(join(dir, 'describes'))).sort()).toEqual([
      'Opportunity.describe.json',
      'OpportunityContactRole.describe.json',
      'global.describe.json',
    ]);

    const offlineBefore = org.emulator.requestCount;
    const offline = await runCli(['generate', '--check'], { cwd: dir });
    expect(offline.stdout).toContain('up to date (2 objects)');
    expect(offline.code).toBe(0);
    expect(org.emulator.requestCount).toBe(offlineBefore);
  });

  it('reports a refused login in one line', async () => {
    const dir = await project();
    const run = await runCli(
      ['generate', '--username', 'dev@example.com', '--login-url', org.emulator.loginUrl],
      {
        cwd: dir,
        env: { SF_PASSWORD: 'wrong' },
      },
    );
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `soupkit: error: login as dev@example.com at ${org.emulator.loginUrl} failed: INVALID_LOGIN: Invalid username, password, security token; or user locked out.\n`,
    );
  });
});

describe('soupkit generate --org ALIAS (sf CLI auth)', () => {
  const sfEnv = () => ({
    SOUPKIT_SF_BIN: FAKE_SF,
    FAKE_SF_ALIAS: 'dev-sandbox',
    FAKE_SF_INSTANCE_URL: org.emulator.instanceUrl,
    FAKE_SF_ACCESS_TOKEN: org.emulator.accessToken,
  });

  it('takes the token, instance URL and API version from sf org display --json', async () => {
    const dir = await project();
    const before = org.emulator.requestCount;
    const run = await runCli(['generate', '--org', 'dev-sandbox'], { cwd: dir, env: sfEnv() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'soupkit: 2 objects (Account, Contact) from org dev-sandbox (API 61.0)',
    );
    expect(describeRequests(before).sort()).toEqual([
      '/services/data/v61.0/sobjects/Account/describe',
      '/services/data/v61.0/sobjects/Contact/describe',
    ]);
  });

  it("accepts sf's --target-org and -o for --org", async () => {
    for (const flag of ['--target-org', '-o']) {
      const dir = await project();
      const run = await runCli(['generate', flag, 'dev-sandbox'], { cwd: dir, env: sfEnv() });
      expect([run.code, run.stderr]).toEqual([0, '']);
      expect(run.stdout.split('\n')[0]).toBe(
        'soupkit: 2 objects (Account, Contact) from org dev-sandbox (API 61.0)',
      );
    }
  });

  it('reports an org error as the --json error document', async () => {
    const dir = await project();
    const run = await runCli(['generate', '--target-org', 'unknown', '--json'], {
      cwd: dir,
      env: sfEnv(),
    });
    expect([run.code, run.stderr]).toEqual([2, '']);
    expect(JSON.parse(run.stdout)).toEqual({
      status: 2,
      name: 'CLI_SF_FAILED',
      message: `"${FAKE_SF} org display --json --target-org unknown" failed: NamedOrgNotFoundError: No authorization information found for unknown.`,
      exitCode: 2,
      warnings: [],
    });
  });

  it('uses the config org alias with --live', async () => {
    const dir = await project({
      org: { alias: 'dev-sandbox', apiVersion: '59.0', concurrency: 2 },
    });
    const run = await runCli(['generate', '--live'], { cwd: dir, env: sfEnv() });
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(
      'soupkit: 2 objects (Account, Contact) from org dev-sandbox (API 59.0)',
    );
  });

  it('reports an alias sf does not know', async () => {
    const dir = await project();
    const run = await runCli(['generate', '--org', 'unknown'], { cwd: dir, env: sfEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `soupkit: "${FAKE_SF} org display --json --target-org unknown" failed: NamedOrgNotFoundError: No authorization information found for unknown.\n`,
    );
  });

  it('reports a missing sf CLI', async () => {
    const dir = await project();
    const run = await runCli(['generate', '--org', 'dev'], {
      cwd: dir,
      env: { SOUPKIT_SF_BIN: join(dir, 'no-such-sf') },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('the sf CLI was not found');
  });
});
