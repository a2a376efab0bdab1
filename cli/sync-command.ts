/**
 * `soupkit sync`: the project's generated `userstore.json` and `usersyncs.json`
 * against the org, into an encrypted store file. The org is found as by
 * `soupkit generate` (`org-auth.ts`), connected and checked once by the
 * runtime (`jsforce-connect.ts`) before anything is opened: an org that cannot
 * be used ends the run with one line and exit 2. The store key comes from
 * `--key-file` or `SOUPKIT_STORE_KEY` and is never printed. Ctrl-C stops the
 * run cleanly (`sync-signals.ts`). Exit 0 only when every sync ends DONE.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { loadConfig } from '../generator/config/load-config.js';
import { closestName } from '../runtime/errors.js';
import { SmartStore } from '../runtime/store/smart-store.js';
import { checkOrg, connectToOrg, isNetworkError } from '../runtime/sync/jsforce-connect.js';
import { SyncError } from '../runtime/sync/sync-error.js';
import { SyncManager } from '../runtime/sync/sync-manager.js';
import type { SyncState } from '../runtime/sync/sync-state.js';
import { CliError } from './cli-error.js';
import { type CliIo, EXIT, flagText, relativeTo, SILENT } from './io.js';
import { writeJsonResult } from './json-output.js';
import { resolveOrgTarget } from './org-auth.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';
import { storeKey, storePath } from './store-access.js';
import { notRunLine, oneLine, stoppedLine, summaryLine, withoutQueries } from './sync-report.js';
import {
  EXIT_INTERRUPTED,
  type Interrupts,
  PROCESS_SIGNALS,
  type SignalHost,
  watchInterrupts,
} from './sync-signals.js';

/**
 * @internal Runs `soupkit sync` with parsed flags; resolves with the exit code.
 * `signals` is where Ctrl-C comes from (the process, or a test's emitter).
 */
export async function runSync(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
  signals: SignalHost = PROCESS_SIGNALS,
): Promise<number> {
  const text = (name: string) => flagText(flags, name);
  const quiet = flags.has('quiet');
  const json = flags.has('json');
  const warnings: string[] = [];
  const warn = (message: string) => {
    const line = oneLine(withoutQueries(message));
    if (json) warnings.push(line);
    else io.stderr.write(`soupkit: warning: ${line}\n`);
  };
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
  const key = await storeKey(text('key-file'), io, warn);
  const target = await resolveOrgTarget({ flags, env: io.env, config });
  if (target === undefined) {
    throw new CliError(
      'CLI_NO_ORG',
      'soupkit sync needs an org: --org ALIAS, --instance-url URL with --access-token TOKEN (or SF_INSTANCE_URL and SF_ACCESS_TOKEN), --username with SF_PASSWORD, or the config\'s "org" with --live',
    );
  }
  const projectDir = loaded.path === undefined ? io.cwd : path.dirname(loaded.path);
  const storeFile = storePath(flags, io, projectDir);
  // One request, no retries, before the store is made or any sync runs: an org that
  // cannot be used is one line (OrgConnectionError, exit 2), not one failure per sync.
  const connection = await connectToOrg(target.auth, target.apiVersion);
  await checkOrg(connection);
  mkdirSync(path.dirname(storeFile), { recursive: true });
  const store = SmartStore.open({ path: storeFile, key });
  let bar: ProgressBar | undefined;
  let interrupts: Interrupts | undefined;
  try {
    const manager = SyncManager.open({
      store,
      connection,
      onWarning: (warning) => warn(`${warning.syncName ?? warning.syncId}: ${warning.message}`),
    });
    // An entry the SDK would skip is skipped here too, and said as a warning.
    const logger = { warn };
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
    const print = (line: string) => {
      if (!quiet && !json) io.stdout.write(`${line}\n`);
    };
    interrupts = watchInterrupts(
      signals,
      () => {
        manager.stop();
        bar?.finish();
        io.stderr.write(
          'soupkit: stopping: the current page or batch ends first (Ctrl-C again quits at once)\n',
        );
      },
      () => bar?.finish(),
    );
    const states: SyncState[] = [];
    let orgLost: string | undefined;
    let notRun = 0;
    for (const name of names) {
      if (interrupts.requested || orgLost !== undefined) {
        if (orgLost !== undefined) notRun += 1;
        print(
          notRunLine(name, width, orgLost === undefined ? 'stopped' : 'the org stopped answering'),
        );
        continue;
      }
      bar = createProgressBar(quiet || json ? SILENT : io.stderr, name);
      const started = performance.now();
      const state = await runOne(manager, name, flags.has('wait'), bar);
      bar.finish();
      if (state === undefined) {
        print(notRunLine(name, width, 'stopped'));
        continue;
      }
      states.push(state.state);
      if (state.state.status === 'STOPPED' && interrupts.requested) {
        print(stoppedLine(state.state, width));
        continue;
      }
      print(summaryLine(state.state, width, performance.now() - started));
      if (state.noAnswer) orgLost = connection.instanceUrl;
    }
    const failed = states.filter((state) => state.status !== 'DONE');
    const code = interrupts.requested
      ? EXIT_INTERRUPTED
      : orgLost !== undefined
        ? EXIT.error
        : failed.length === 0
          ? EXIT.ok
          : EXIT.stale;
    if (json) {
      writeJsonResult(io, code, states, warnings);
    } else if (orgLost !== undefined) {
      const after =
        notRun === 0 ? '' : `; ${notRun} sync${notRun === 1 ? ' was' : 's were'} not run`;
      io.stderr.write(`soupkit: the org at ${orgLost} stopped answering${after}\n`);
    }
    print(
      `${states.length - failed.length} of ${names.length} syncs DONE into ${relativeTo(io.cwd, storeFile)} (${target.label})`,
    );
    return code;
  } finally {
    interrupts?.dispose();
    bar?.finish();
    store.close();
  }
}

/** A sync's final state, and whether it failed for want of any answer from the org. */
interface Outcome {
  readonly state: SyncState;
  readonly noAnswer: boolean;
}

/** Runs one sync to its end; undefined when the manager was stopped before it started. */
async function runOne(
  manager: SyncManager,
  name: string,
  wait: boolean,
  bar: ProgressBar,
): Promise<Outcome | undefined> {
  try {
    const state = await manager.reSync(name, {
      onUpdate: (s) => bar.update({ done: s.progress, total: 100, name: s.status }),
      whenRunning: wait ? 'wait' : 'fail',
    });
    return { state, noAnswer: false };
  } catch (error) {
    if (error instanceof SyncError && error.state !== undefined) {
      return {
        state: error.state,
        noAnswer: error.state.status === 'FAILED' && isNetworkError(error),
      };
    }
    if (error instanceof SyncError && error.code === 'SYNC_MANAGER_STOPPED') return undefined;
    // Another process runs it: reported as that sync's line, the others still run.
    if (error instanceof SyncError && error.code === 'SYNC_ALREADY_RUNNING') {
      const stored = manager.getSyncStatus(name);
      if (stored !== null) {
        return {
          state: { ...stored, error: `${error.message} (--wait waits for it)` },
          noAnswer: false,
        };
      }
    }
    throw error;
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
