/**
 * `soupkit status`: what a store holds and where its syncs stand, for a
 * pipeline or a support call. Exit 0, or 1 when a sync is FAILED (and, with
 * `--fail-on-errors`, when a record carries `__last_error__`).
 */
import { stateErrorText } from '../runtime/sync/contracts/state-error.js';
import { type CliIo, EXIT, relativeTo } from './io.js';
import { writeJsonResult } from './json-output.js';
import { openExistingStore } from './store-access.js';
import { readStoreReport, type StoreReport } from './store-report.js';

/** @internal Runs `soupkit status` with parsed flags; resolves with the exit code. */
export async function runStatus(
  flags: ReadonlyMap<string, string | true>,
  io: CliIo,
): Promise<number> {
  const { store, path } = await openExistingStore(flags, io);
  let report: StoreReport;
  try {
    report = readStoreReport(store);
  } finally {
    store.close();
  }
  const unhealthy =
    report.failedSyncs > 0 || (flags.has('fail-on-errors') && report.recordErrors > 0);
  const code = unhealthy ? EXIT.unhealthy : EXIT.ok;
  if (flags.has('json')) writeJsonResult(io, code, report);
  else io.stdout.write(statusText(report, relativeTo(io.cwd, path)));
  return code;
}

/** @internal The report as `soupkit status` prints it. */
export function statusText(report: StoreReport, storeLabel: string): string {
  const soups = table(
    ['soup', 'entries', 'bytes', 'dirty', 'created', 'updated', 'deleted', 'errors'],
    report.soups.map((soup) => [
      soup.name,
      soup.entries,
      soup.bytes,
      soup.dirty.total,
      soup.dirty.created,
      soup.dirty.updated,
      soup.dirty.deleted,
      soup.dirty.errors,
    ]),
  );
  const syncs = table(
    ['id', 'sync', 'type', 'soup', 'status', 'progress', 'records', 'started', 'ended'],
    report.syncs.map((sync) => [
      sync.id,
      sync.name ?? '',
      sync.type,
      sync.soupName,
      sync.status,
      `${sync.progress}%`,
      sync.totalSize < 0 ? '' : sync.totalSize,
      sync.startTime ?? '',
      sync.endTime ?? '',
    ]),
  );
  const details = report.syncs.flatMap((sync) => [
    `  ${sync.name ?? `#${sync.id}`}: ${sync.target}`,
    ...(sync.error === '' ? [] : [`    error: ${stateErrorText(sync.error)}`]),
  ]);
  const verdict = [
    `${report.failedSyncs} sync${report.failedSyncs === 1 ? '' : 's'} FAILED`,
    `${report.recordErrors} record${report.recordErrors === 1 ? '' : 's'} with __last_error__`,
  ].join(', ');
  return [
    `store ${storeLabel}`,
    '',
    ...soups,
    '',
    ...(report.syncs.length === 0 ? ['no syncs'] : [...syncs, '', ...details]),
    '',
    verdict,
    '',
  ].join('\n');
}

/** Rows in columns: text left-aligned, numbers right-aligned. */
function table(
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => String(row[column] ?? '').length)),
  );
  const numeric = header.map(
    (_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'),
  );
  const line = (cells: readonly (string | number)[]) =>
    `  ${cells
      .map((cell, column) => {
        const width = widths[column] ?? 0;
        return numeric[column] ? String(cell).padStart(width) : String(cell).padEnd(width);
      })
      .join('  ')}`.trimEnd();
  return [line(header), ...rows.map(line)];
}
