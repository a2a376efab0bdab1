/**
 * What `soupkit sync` prints: one line per sync (its status, size, time and,
 * when it did not end DONE, why), the lines of a run cut short by Ctrl-C or by
 * a lost org, and the closing count. Every line stays one line whatever the server said.
 */
import { SESSION_HINT } from '../runtime/sync/adapters/jsforce-connect.js';
import { stateErrorText } from '../runtime/sync/contracts/state-error.js';
import type { SyncState } from '../runtime/sync/contracts/sync-state.js';
import { oneLine } from './io.js';

/**
 * URLs as people read them: without their query string, which for sync is
 * URL-encoded SOQL (`…/query?q=select%20Id%2C…`).
 *
 * @example
 * withoutQueries('request to http://h/services/data/v62.0/query?q=select%20Id failed'); // 'request to http://h/services/data/v62.0/query failed'
 */
export function withoutQueries(text: string): string {
  return text.replace(/(https?:\/\/[^\s?#]+)[?#][^\s]*/g, '$1');
}

/** Why a state did not end DONE, on one line, without URL-encoded SOQL. */
export function reasonText(state: SyncState): string {
  return oneLine(withoutQueries(stateErrorText(state.error)));
}

const COUNT = new Intl.NumberFormat('en-US');

/**
 * A sync's line in the summary.
 *
 * @example
 * summaryLine(state, 15, 1234);
 * // '  syncDownAccount  DONE     5 records      1.2 s'
 */
export function summaryLine(state: SyncState, width: number, ms: number): string {
  const name = oneLine(state.name ?? String(state.id)).padEnd(width);
  const size =
    state.totalSize < 0 ? '' : `${state.totalSize} record${state.totalSize === 1 ? '' : 's'}`;
  const error = state.status === 'DONE' ? '' : `  ${reasonText(state)}`;
  return `  ${name}  ${state.status.padEnd(7)}  ${size.padEnd(13)}  ${(ms / 1000).toFixed(1)} s${error}`;
}

/**
 * The line of a sync that Ctrl-C stopped: how far it got, and how to go on.
 *
 * @example
 * stoppedLine({ ...state, status: 'STOPPED', progress: 33, totalSize: 30000 }, 15);
 * // '  syncDownAccount  STOPPED at 33% of 30,000 records; run soupkit sync again to resume'
 */
export function stoppedLine(state: SyncState, width: number): string {
  const name = oneLine(state.name ?? String(state.id)).padEnd(width);
  const where =
    state.totalSize < 0
      ? 'before its first page'
      : `at ${state.progress}% of ${COUNT.format(state.totalSize)} record${state.totalSize === 1 ? '' : 's'}`;
  return `  ${name}  STOPPED ${where}; run soupkit sync again to resume`;
}

/**
 * The line of a sync that was not started (the run was stopped, or the org
 * stopped answering before its turn).
 *
 * @example
 * notRunLine('syncUpContact', 15, 'stopped'); // '  syncUpContact    not run (stopped)'
 */
export function notRunLine(name: string, width: number, why: string): string {
  return `  ${oneLine(name).padEnd(width)}  not run (${why})`;
}

/** Why the org can no longer be used for the rest of a run. */
export type OrgLossKind = 'no-answer' | 'session';

/** What a run says about a lost org: the reason on not-run lines, and the closing line. */
export interface OrgLoss {
  readonly why: string;
  readonly line: string;
}

/** The words of each way an org is lost, for the org at `url`. */
export const ORG_LOSSES: Readonly<Record<OrgLossKind, (url: string) => OrgLoss>> = {
  'no-answer': (url) => ({
    why: 'the org stopped answering',
    line: `the org at ${url} stopped answering`,
  }),
  session: (url) => ({
    why: 'the session expired',
    line: `the org at ${url} refused the session (401 INVALID_SESSION_ID); ${SESSION_HINT}`,
  }),
};
