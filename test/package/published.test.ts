/**
 * The published package, as a user meets it: `npm pack`, then the README's
 * "A project of your own" steps run verbatim, line by line, in a fresh folder
 * holding the tarball: `npm install` of the tarball alone (the runtime: light,
 * no generator or sync libraries), `npx soupkit init my-offline-app` (which
 * must write a soupkit dependency that installs: the tarball), and
 * `npm install && npm start` of the scaffold (the offline loop against the
 * in-process emulator), with no install-scripts warning. Then `npx soupkit
 * generate` against `npx soupkit emulator`, the scaffold's `npm test`, and the
 * strict-TypeScript note of the README (exactOptionalPropertyTypes compiles;
 * with skipLibCheck false only jsforce's own .d.ts fails). Slow, so it is one
 * test.
 *
 * The SQLCipher driver is not compiled again: its install script
 * (prebuild-install) finds the binary this checkout built, packed under the
 * name of the prebuilt download, as a local prebuild. Everything else of the
 * install is the user's; compiling SQLCipher (minutes on a busy machine) is
 * the driver's own build and tells nothing about soupkit's package.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
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

/** The lines of the README's "A project of your own" shell block, as written. */
async function readmeSteps(): Promise<string[]> {
  const readme = await readFile(join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## A project of your own'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((line) => line.trim() !== '');
}

/** npm's warnings about install scripts that allowScripts does not cover. */
function scriptWarnings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.includes('install-scripts'));
}

describe('the published package', () => {
  it('installs light, then the README steps scaffold a project that installs quietly and runs the loop', async () => {
    const work = await mkdtemp(join(tmpdir(), 'soupkit-published-'));
    dirs.push(work);
    const app = join(work, 'app');
    await mkdir(app);
    // A folder of its own for npm (no package.json above it decides where installs go).
    await writeFile(
      join(app, 'package.json'),
      '{ "name": "app", "private": true, "type": "module" }\n',
    );
    const packed = await sh('npm', ['pack', '--pack-destination', app, '--silent'], REPO_ROOT);
    const tarball = join(app, packed.stdout.trim().split('\n').at(-1) as string);
    const steps = await readmeSteps();
    expect(steps).toHaveLength(3);
    expect(steps[0]).toMatch(/^npm install \.\/soupkit-\d+\.\d+\.\d+\.tgz /);
    expect(steps[0]).toContain(`./${tarball.slice(app.length + 1)} `);
    // The user's npm settings, from the environment so the README's commands run as written.
    const installEnv = {
      ...(await withLocalPrebuild(work)),
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_foreground_scripts: 'false',
      SOUPKIT_STORE_KEY: 'published test',
    };
    const step = (index: number) => sh('sh', ['-c', steps[index] as string], app, installEnv);

    // 1. npm install ./soupkit-x.y.z.tgz: npm warns about the driver's script, as the README says.
    const tarballInstall = await step(0);
    expect(scriptWarnings(tarballInstall.stderr).filter((line) => /@\d/.test(line))).toEqual([
      expect.stringMatching(/^npm warn install-scripts +better-sqlite3-multiple-ciphers@/),
    ]);
    // The driver took the local prebuild: only the binary, none of node-gyp's build files.
    expect(await readdir(join(app, 'node_modules', DRIVER, 'build'))).toEqual(['Release']);
    // The runtime alone: the store works; no generator, sync client or parser came with it.
    const modules = await readdir(join(app, 'node_modules'));
    expect(modules).toContain('better-sqlite3-multiple-ciphers');
    for (const heavy of ['ts-morph', 'jsforce', 'tsx', 'typescript', '@jetstreamapp'])
      expect(modules).not.toContain(heavy);
    const storeScript =
      "import { SmartStore } from 'soupkit';\nconst s = SmartStore.open({ path: 'app.db', key: 'k' });\ns.registerSoup('a', [{ path: 'x', type: 'string' }]);\ns.upsert('a', [{ x: 'hi' }]);\nconsole.log(s.retrieve('a', [1])[0].x);\n";
    await writeFile(join(app, 'store.mjs'), storeScript);
    expect((await sh(process.execPath, ['store.mjs'], app)).stdout).toBe('hi\n');
    const withoutMorph = await sh('npx', ['soupkit', 'generate'], app).catch(
      (error: { stderr: string; code: number }) => error,
    );
    expect(withoutMorph).toMatchObject({
      code: 2,
      stderr:
        'soupkit: this command needs ts-morph, an optional dependency of soupkit: npm install ts-morph\n',
    });

    // 2. npx soupkit init my-offline-app: the dependency is the tarball, and it says so.
    const init = await step(1);
    expect(init.stdout).toContain(
      `soupkit: it depends on soupkit file:${tarball}, the tarball this soupkit was installed from`,
    );
    const project = join(app, 'my-offline-app');
    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(pkg.dependencies.soupkit).toBe(`file:${tarball}`);

    // 3. cd my-offline-app && npm install && npm start: no install-scripts warning, the loop runs.
    const started = await step(2);
    expect(scriptWarnings(started.stderr)).toEqual([]);
    const lines = started.stdout.split('\n');
    const first = lines.indexOf(OFFLINE_LOOP_STEPS[0]);
    expect(lines.slice(first, first + OFFLINE_LOOP_STEPS.length)).toEqual([...OFFLINE_LOOP_STEPS]);

    // The `source` export condition resolves to the TypeScript the package ships.
    await copyFile(join(app, 'store.mjs'), join(project, 'store.mjs'));
    expect(
      (await sh(process.execPath, ['--conditions=source', '--import', 'tsx', 'store.mjs'], project))
        .stdout,
    ).toBe('hi\n');

    emulator = spawn(
      'npx',
      ['soupkit', 'emulator', '--describes', 'describes', '--records', 'records.json'],
      {
        cwd: project,
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
      project,
    );
    // The org serves the describes npm start generated from: the same 11 files.
    expect(generated.stdout).toMatch(
      /11 files in src\/generated: 0 created, 0 updated, 11 unchanged/,
    );
    const checked = await sh('npm', ['test', '--silent'], project);
    expect(checked.stdout).toContain('up to date');

    // The generator's worker threads run from the package's build (plain .js),
    // with the same files as the main thread alone.
    const hook = `data:text/javascript,${encodeURIComponent(
      "import { subscribe } from 'node:diagnostics_channel'; subscribe('soupkit:generator:render', (r) => process.stderr.write('render ' + JSON.stringify(r) + '\\n'));",
    )}`;
    const threaded = await sh(
      process.execPath,
      ['--import', hook, join('node_modules', 'soupkit', 'bin', 'soupkit.js'), 'generate'],
      project,
      { ...npmEnv(), SOUPKIT_GENERATE_WORKERS: '1' },
    );
    expect(threaded.stderr).toMatch(/render \{"objects":\d+,"workers":1\}/);
    expect(threaded.stdout).toMatch(
      /11 files in src\/generated: 0 created, 0 updated, 11 unchanged/,
    );

    // Strict TypeScript, as the README says: exactOptionalPropertyTypes compiles with
    // skipLibCheck (the scaffold's); without it, only jsforce's own .d.ts fails.
    const strict = (skipLibCheck: boolean) =>
      JSON.stringify({
        extends: './tsconfig.json',
        compilerOptions: { exactOptionalPropertyTypes: true, skipLibCheck },
      });
    await writeFile(join(project, 'tsconfig.strict.json'), strict(true));
    await sh('npx', ['tsc', '-p', 'tsconfig.strict.json'], project);
    await writeFile(join(project, 'tsconfig.strict.json'), strict(false));
    const libCheck = await sh('npx', ['tsc', '-p', 'tsconfig.strict.json'], project).catch(
      (error: { stdout: string; code: number }) => error,
    );
    const failing = new Set(
      [...libCheck.stdout.matchAll(/^(\S+?)\(\d+,\d+\): error TS\d+/gm)].map((m) => m[1]),
    );
    expect([...failing]).toEqual(['node_modules/jsforce/lib/registry/base.d.ts']);
  }, 900_000);
});
