/**
 * The published package, as a user installs it: `npm pack`, then in a fresh
 * temporary project `npm install` of the tarball alone (the runtime: light, no
 * generator or sync libraries), `npx soupkit init`, `npm install` of the
 * scaffold, `npx soupkit generate` against `npx soupkit emulator`, and the
 * scaffold's offline loop against it. Slow, so it is one test.
 *
 * The SQLCipher driver is not compiled again: its install script
 * (prebuild-install) finds the binary this checkout built, packed under the
 * name of the prebuilt download, as a local prebuild. Everything else of the
 * install is the user's; compiling SQLCipher (minutes on a busy machine) is
 * the driver's own build and tells nothing about soupkit's package.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { OFFLINE_LOOP_STEPS } from '../helpers/offline-loop.js';
import { REPO_ROOT } from '../helpers/paths.js';

const run = promisify(execFile);
const dirs: string[] = [];
let emulator: ChildProcess | undefined;
afterAll(async () => {
  // npx runs the emulator in a child of its own: end the whole process group.
  if (emulator?.pid !== undefined) {
    try {
      process.kill(-emulator.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** npm without the repository's own settings or a user's org variables. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(SF_|SFDX_|SOUPKIT_|npm_)/i.test(name)) env[name] = value;
  }
  return env;
}

const DRIVER = 'better-sqlite3-multiple-ciphers';

/**
 * The environment under which the driver's install takes the binary this
 * checkout built as its prebuilt download (prebuild-install's `local_prebuilds`).
 */
async function withLocalPrebuild(work: string): Promise<NodeJS.ProcessEnv> {
  const driver = join(REPO_ROOT, 'node_modules', DRIVER);
  const { version } = JSON.parse(await readFile(join(driver, 'package.json'), 'utf8')) as {
    version: string;
  };
  const folder = join(work, 'prebuilds');
  await mkdir(folder, { recursive: true });
  // prebuild-install's file name; its `libc` part is empty on glibc Linux.
  const name = `${DRIVER}-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  await run('tar', ['czf', join(folder, name), '-C', driver, 'build/Release/better_sqlite3.node']);
  return {
    ...npmEnv(),
    [`npm_config_${DRIVER.replace(/[^a-zA-Z0-9]/g, '_')}_local_prebuilds`]: folder,
  };
}

async function sh(command: string, args: string[], cwd: string, env = npmEnv()) {
  return run(command, args, {
    cwd,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 600_000,
  });
}

describe('the published package', () => {
  it('installs light for the runtime, then scaffolds, generates against its emulator and runs the loop', async () => {
    const work = await mkdtemp(join(tmpdir(), 'soupkit-published-'));
    dirs.push(work);
    const packed = await sh('npm', ['pack', '--pack-destination', work, '--silent'], REPO_ROOT);
    const tarball = join(work, packed.stdout.trim().split('\n').at(-1) as string);
    const app = join(work, 'app');
    await sh('mkdir', ['-p', app], work);
    await writeFile(
      join(app, 'package.json'),
      '{ "name": "app", "private": true, "type": "module" }\n',
    );
    const install = [
      'install',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--foreground-scripts=false',
    ];
    const installEnv = await withLocalPrebuild(work);
    await sh('npm', [...install, tarball], app, installEnv);

    // The driver took the local prebuild: only the binary, none of node-gyp's build files.
    expect(await readdir(join(app, 'node_modules', DRIVER, 'build'))).toEqual(['Release']);
    // The runtime alone: the store works; no generator, sync client or parser came with it.
    const modules = await readdir(join(app, 'node_modules'));
    expect(modules).toContain('better-sqlite3-multiple-ciphers');
    for (const heavy of ['ts-morph', 'jsforce', 'tsx', 'typescript', '@jetstreamapp'])
      expect(modules).not.toContain(heavy);
    await writeFile(
      join(app, 'store.mjs'),
      "import { SmartStore } from 'soupkit';\nconst s = SmartStore.open({ path: 'app.db', key: 'k' });\ns.registerSoup('a', [{ path: 'x', type: 'string' }]);\ns.upsert('a', [{ x: 'hi' }]);\nconsole.log(s.retrieve('a', [1])[0].x);\n",
    );
    expect((await sh(process.execPath, ['store.mjs'], app)).stdout).toBe('hi\n');
    const withoutMorph = await sh('npx', ['soupkit', 'generate'], app).catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect(withoutMorph).toMatchObject({
      code: 2,
      stderr:
        'soupkit: this command needs ts-morph, an optional dependency of soupkit: npm install ts-morph\n',
    });

    await sh(
      'npx',
      ['soupkit', 'init', '.', '--force', '--soupkit-version', `file:${tarball}`],
      app,
    );
    await sh('npm', install, app, installEnv);
    // The `source` export condition resolves to the TypeScript the package ships.
    expect(
      (await sh(process.execPath, ['--conditions=source', '--import', 'tsx', 'store.mjs'], app))
        .stdout,
    ).toBe('hi\n');
    emulator = spawn(
      'npx',
      ['soupkit', 'emulator', '--describes', 'describes', '--records', 'records.json'],
      {
        cwd: app,
        env: npmEnv(),
        stdio: ['ignore', 'pipe', 'inherit'],
        detached: true,
      },
    );
    let banner = '';
    emulator.stdout?.on('data', (chunk: Buffer) => {
      banner += chunk.toString();
    });
    while (!banner.includes('SF_ACCESS_TOKEN'))
      await new Promise((resolve) => setTimeout(resolve, 50));
    const instanceUrl = /SF_INSTANCE_URL=(\S+)/.exec(banner)?.[1] as string;
    const accessToken = /SF_ACCESS_TOKEN=(\S+)/.exec(banner)?.[1] as string;
    const generated = await sh(
      'npx',
      ['soupkit', 'generate', '--instance-url', instanceUrl, '--access-token', accessToken],
      app,
    );
    expect(generated.stdout).toMatch(/11 files in src\/generated: 11 created/);
    const loop = await sh('npx', ['tsx', 'src/main.ts'], app, {
      ...npmEnv(),
      SF_INSTANCE_URL: instanceUrl,
      SF_ACCESS_TOKEN: accessToken,
      SOUPKIT_STORE_KEY: 'published test',
    });
    expect(loop.stdout.split('\n').slice(1, 7)).toEqual([...OFFLINE_LOOP_STEPS]);
    const checked = await sh('npm', ['test', '--silent'], app);
    expect(checked.stdout).toContain('up to date');
  }, 900_000);
});
