/**
 * `soupkit sync`: the project's generated `userstore.json` and `usersyncs.json`
 * against the org, into an encrypted store file. The org is found as by
 * `soupkit generate` (`org-auth.ts`), connected and checked once by the
 * runtime (`jsforce-connect.ts`) before anything is opened: an org that cannot
 * be used ends the run with one line and exit 2. The store key comes from
 * `--key-file` or `SOUPKIT_STORE_KEY` and is never printed. Ctrl-C stops the
 * run cleanly (`signals.ts`). An org lost mid-run (no answer, or the session
 * refused) leaves the later syncs not run and ends with exit 2. Exit 0 only
 * when every sync ends DONE.
 */
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../generator/config/load-config.js';
import { closestName } from '../runtime/errors.js';
import { SmartStore } from '../runtime/store/smart-store.js';
import {
  checkOrg,
  connectToOrg,
  isNetworkError,
  isSessionError,
} from '../runtime/sync/adapters/jsforce-connect.js';
import { SyncError } from '../runtime/sync/contracts/sync-error.js';
import type { SyncState } from '../runtime/sync/contracts/sync-state.js';
import { SyncManager } from '../runtime/sync/sync-manager.js';
import { CliError } from './cli-error.js';
import { reportError } from './error-report.js';
import { checkFolder } from './folder-check.js';
import { type CliIo, EXIT, flagText, oneLine, relativeTo, SILENT } from './io.js';
import { writeJsonError, writeJsonResult } from './json-output.js';
import { missingLibrary } from './optional-libraries.js';
import { resolveOrgTarget } from './org-auth.js';
import { createProgressBar, type ProgressBar } from './progress-bar.js';
import { EXIT_INTERRUPTED, PROCESS_SIGNALS, type SignalHost, watchInterrupts } from './signals.js';
import { storeKey, storePath } from './store-access.js';
import {
  notRunLine,
  ORG_LOSSES,
  type OrgLoss,
  type OrgLossKind,
  stoppedLine,
  summaryLine,
  withoutQueries,
} from './sync-report.js';

/**
 * @internal Runs `soupkit sync` with parsed flags; resolves with the exit code.
 * `signals` is where Ctrl-C comes from (the process, or a test's emitter).
 * With `--json` exactly one document is printed, after everything is closed: the
 * result, or the error (with the warnings said before it).
 */
export async function runSync(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
  signals: SignalHost = PROCESS_SIGNALS,
): Promise<number> {
  const json = flags.has('json');
  const warnings: string[] = [];
  try {
    const { code, states } = await syncAll(flags, io, signals, warnings);
    if (json) writeJsonResult(io, code, states, warnings);
    return code;
  } catch (error) {
    if (error instanceof CliError && error.code === 'CLI_INTERRUPTED') {
      if (json) writeJsonError(io, error, EXIT_INTERRUPTED, warnings);
      else io.stderr.write(`soupkit: ${error.message}\n`);
      return EXIT_INTERRUPTED;
    }
    // (A missing optional library is left to cli.ts, which names it.)
    if (json && missingLibrary(error) === undefined) return reportError(error, io, true, warnings);
    throw error;
  }
}

/** How a run ended: its exit code and the final state of each sync that ran. */
interface RunOutcome {
  readonly code: number;
  readonly states: readonly SyncState[];
}

async function syncAll(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
  signals: SignalHost,
  warnings: string[],
): Promise<RunOutcome> {
  const text = (name: string) => flagText(flags, name);
  const quiet = flags.has('quiet');
  const json = flags.has('json');
  const warn = (message: string) => {
    const line = oneLine(withoutQueries(message));
    if (json) warnings.push(line);
    else io.stderr.write(`soupkit: warning: ${line}\n`);
  };
  let manager: SyncManager | undefined;
  let bar: ProgressBar | undefined;
  // Listened for from the start: Ctrl-C while the config loads or the org is
  // checked stops the run before any sync, with a line, not silently.
  const interrupts = watchInterrupts(signals, {
    onFirst: () => {
      manager?.stop();
      bar?.finish();
      io.stderr.write(
        manager === undefined
          ? 'soupkit: stopping before the first sync (Ctrl-C again quits at once)\n'
          : 'soupkit: stopping: the current page or batch ends first (Ctrl-C again quits at once)\n',
      );
    },
    onSecond: () => {
      bar?.finish();
      // The one document --json promises, even when quitting at once.
      if (json) {
        writeJsonError(
          io,
          new CliError('CLI_INTERRUPTED', 'interrupted twice: quit at once'),
          EXIT_INTERRUPTED,
          warnings,
        );
      }
    },
  });
  const checkpoint = () => {
    if (interrupts.requested) {
      throw new CliError('CLI_INTERRUPTED', 'stopped before any sync ran');
    }
  };
  try {
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
    await checkFolder(path.dirname(storeFile), {
      origin: flags.has('store') ? '--store' : 'the store',
      needs: 'the store file needs a folder',
      file: storeFile,
      code: 'CLI_BAD_STORE_PATH',
      cwd: io.cwd,
    });
    checkpoint();
    // One request, no retries, before the store is made or any sync runs: an org that
    // cannot be used is one line (OrgConnectionError, exit 2), not one failure per sync.
    const connection = await connectToOrg(target.auth, target.apiVersion);
    await checkOrg(connection);
    checkpoint();
    mkdirSync(path.dirname(storeFile), { recursive: true });
    const store = SmartStore.open({ path: storeFile, key });
    try {
      const opened = SyncManager.open({
        store,
        connection,
        onWarning: (warning) => warn(`${warning.syncName ?? warning.syncId}: ${warning.message}`),
      });
      // An entry the SDK would skip is skipped here too, and said as a warning.
      const logger = { warn };
      await opened.loadStoreConfig(storeConfig, { logger });
      const syncs = await opened.loadSyncsConfig(syncsConfig, { logger });
      checkpoint();
      manager = opened;
      const all = syncs.inStore;
      const names = chosenSyncs(text('sync'), all);
      const width = Math.max(...names.map((name) => name.length));
      const print = (line: string) => {
        if (!quiet && !json) io.stdout.write(`${line}\n`);
      };
      const states: SyncState[] = [];
      let lost: OrgLoss | undefined;
      const notRun: string[] = [];
      for (const name of names) {
        if (interrupts.requested || lost !== undefined) {
          notRun.push(name);
          print(notRunLine(name, width, lost === undefined ? 'stopped' : lost.why));
          continue;
        }
        bar = createProgressBar(quiet || json ? SILENT : io.stderr, name);
        const started = performance.now();
        const outcome = await runOne(opened, name, flags.has('wait'), bar);
        bar.finish();
        if (outcome === undefined) {
          notRun.push(name);
          print(notRunLine(name, width, 'stopped'));
          continue;
        }
        states.push(outcome.state);
        if (outcome.state.status === 'STOPPED' && interrupts.requested) {
          print(stoppedLine(outcome.state, width));
          continue;
        }
        print(summaryLine(outcome.state, width, performance.now() - started));
        if (outcome.lost !== undefined) lost = ORG_LOSSES[outcome.lost](connection.instanceUrl);
      }
      const failed = states.filter((state) => state.status !== 'DONE');
      const code = interrupts.requested
        ? EXIT_INTERRUPTED
        : lost !== undefined
          ? EXIT.error
          : failed.length === 0
            ? EXIT.ok
            : EXIT.stale;
      const after =
        notRun.length === 0
          ? ''
          : `; ${notRun.length} sync${notRun.length === 1 ? ' was' : 's were'} not run: ${notRun.join(', ')}`;
      if (lost !== undefined) {
        if (json) warnings.push(`${lost.line}${after}`);
        else io.stderr.write(`soupkit: error: ${lost.line}${after}\n`);
      } else if (interrupts.requested && notRun.length > 0 && json) {
        warnings.push(`stopped by a signal${after}`);
      }
      print(
        `${states.length - failed.length} of ${names.length} syncs DONE into ${relativeTo(io.cwd, storeFile)} (${target.label})`,
      );
      return { code, states };
    } finally {
      manager = undefined;
      bar?.finish();
      store.close();
    }
  } finally {
    interrupts.dispose();
  }
}

/** A sync's final state, and whether it failed because the org can no longer be used. */
interface Outcome {
  readonly state: SyncState;
  readonly lost: OrgLossKind | undefined;
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
    return { state, lost: undefined };
  } catch (error) {
    if (error instanceof SyncError && error.state !== undefined) {
      const failed = error.state.status === 'FAILED';
      return {
        state: error.state,
        lost:
          failed && isNetworkError(error)
            ? 'no-answer'
            : failed && isSessionError(error)
              ? 'session'
              : undefined,
      };
    }
    if (error instanceof SyncError && error.code === 'SYNC_MANAGER_STOPPED') return undefined;
    // Another process runs it: reported as that sync's line, the others still run.
    if (error instanceof SyncError && error.code === 'SYNC_ALREADY_RUNNING') {
      const stored = manager.getSyncStatus(name);
      if (stored !== null) {
        return {
          state: { ...stored, error: `${error.message} (--wait waits for it)` },
          lost: undefined,
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
