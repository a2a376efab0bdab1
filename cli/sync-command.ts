/**
 * `soupkit sync`: the project's generated `userstore.json` and `usersyncs.json`
 * against the org, into an encrypted store file. The org is reached as by
 * `soupkit generate` (`org-auth.ts`); the store key comes from `--key-file` or
 * `SOUPKIT_STORE_KEY` and is never printed. Exit 0 only when every sync ends DONE.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../generator/config/load-config.js';
import { connectToOrg } from '../generator/describe/jsforce-describe-source.js';
import { closestName } from '../runtime/errors.js';
import { SmartStore } from '../runtime/store/smart-store.js';
import { stateErrorText } from '../runtime/sync/state-error.js';
import { SyncError } from '../runtime/sync/sync-error.js';
import { SyncManager } from '../runtime/sync/sync-manager.js';
import type { SyncState } from '../runtime/sync/sync-state.js';
import { CliError } from './cli-error.js';
import { type CliIo, EXIT, flagText, relativeTo, SILENT } from './io.js';
import { resolveOrgTarget } from './org-auth.js';
import { createProgressBar } from './progress-bar.js';
import { storeKey, storePath } from './store-access.js';

/** @internal Runs `soupkit sync` with parsed flags; resolves with the exit code. */
export async function runSync(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
): Promise<number> {
  const text = (name: string) => flagText(flags, name);
  const quiet = flags.has('quiet');
  const loaded = await loadConfig(text('config'), io.cwd);
  const { config } = loaded;
  const storeConfig = path.join(config.outDir, 'userstore.json');
  const syncsConfig = path.join(config.outDir, 'usersyncs.json');
  for (const file of [storeConfig, syncsConfig]) {
    if (!existsSync(file)) {
      throw new CliError(
        'CLI_NOT_GENERATED',
        `${relativeTo(io.cwd, file)} does not exist: run "soupkit generate" first`,
      );
    }
  }
  const key = await storeKey(text('key-file'), io);
  const target = await resolveOrgTarget({ flags, env: io.env, config });
  if (target === undefined) {
    throw new CliError(
      'CLI_NO_ORG',
      'soupkit sync needs an org: --org ALIAS, --instance-url URL with --access-token TOKEN (or SF_INSTANCE_URL and SF_ACCESS_TOKEN), --username with SF_PASSWORD, or the config\'s "org" with --live',
    );
  }
  const projectDir = loaded.path === undefined ? io.cwd : path.dirname(loaded.path);
  const storeFile = storePath(flags, io, projectDir);
  mkdirSync(path.dirname(storeFile), { recursive: true });
  const connection = await connectToOrg(target.auth, target.apiVersion);
  const store = SmartStore.open({ path: storeFile, key });
  try {
    const manager = SyncManager.open({
      store,
      connection,
      onWarning: (warning) =>
        io.stderr.write(
          `soupkit: warning: ${warning.syncName ?? warning.syncId}: ${warning.message}\n`,
        ),
    });
    // An entry the SDK would skip is skipped here too, and said on stderr.
    const logger = { warn: (message: string) => io.stderr.write(`soupkit: warning: ${message}\n`) };
    await manager.loadStoreConfig(storeConfig, { logger });
    await manager.loadSyncsConfig(syncsConfig, { logger });
    const all = (
      JSON.parse(await readFile(syncsConfig, 'utf8')) as { syncs: { syncName?: unknown }[] }
    ).syncs
      .map((sync) => sync.syncName)
      .filter(
        (name): name is string => typeof name === 'string' && manager.getSyncStatus(name) !== null,
      );
    const names = chosenSyncs(text('sync'), all);
    const width = Math.max(...names.map((name) => name.length));
    const states: SyncState[] = [];
    for (const name of names) {
      const bar = createProgressBar(quiet || flags.has('json') ? SILENT : io.stderr, name);
      const started = performance.now();
      const state = await manager
        .reSync(name, {
          onUpdate: (s) => bar.update({ done: s.progress, total: 100, name: s.status }),
          whenRunning: flags.has('wait') ? 'wait' : 'fail',
        })
        .catch((error: unknown) => {
          if (error instanceof SyncError && error.state !== undefined) return error.state;
          // Another process runs it: reported as that sync's line, the others still run.
          if (error instanceof SyncError && error.code === 'SYNC_ALREADY_RUNNING') {
            const stored = manager.getSyncStatus(name);
            if (stored !== null)
              return { ...stored, error: `${error.message} (--wait waits for it)` };
          }
          throw error;
        });
      bar.finish();
      states.push(state);
      if (!quiet && !flags.has('json')) {
        io.stdout.write(`${summaryLine(state, width, performance.now() - started)}\n`);
      }
    }
    if (flags.has('json')) io.stdout.write(`${JSON.stringify(states, null, 2)}\n`);
    const failed = states.filter((state) => state.status !== 'DONE');
    if (!quiet && !flags.has('json')) {
      io.stdout.write(
        `${states.length - failed.length} of ${states.length} syncs DONE into ${relativeTo(io.cwd, storeFile)} (${target.label})\n`,
      );
    }
    return failed.length === 0 ? EXIT.ok : EXIT.stale;
  } finally {
    store.close();
  }
}

function chosenSyncs(given: string | undefined, all: readonly string[]): string[] {
  if (given === undefined) return [...all];
  return given.split(',').map((name) => {
    if (all.includes(name)) return name;
    const close = closestName(name, all);
    throw new CliError(
      'CLI_BAD_VALUE',
      `--sync ${name}: usersyncs.json has no such sync${close === undefined ? '' : ` (did you mean ${close}?)`}; it has ${all.join(', ')}`,
    );
  });
}

function summaryLine(state: SyncState, width: number, ms: number): string {
  const name = (state.name ?? String(state.id)).padEnd(width);
  const size =
    state.totalSize < 0 ? '' : `${state.totalSize} record${state.totalSize === 1 ? '' : 's'}`;
  const error = state.status === 'DONE' ? '' : `  ${stateErrorText(state.error)}`;
  return `  ${name}  ${state.status.padEnd(7)}  ${size.padEnd(13)}  ${(ms / 1000).toFixed(1)} s${error}`;
}
