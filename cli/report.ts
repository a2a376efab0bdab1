/**
 * What `soupkit generate` prints: a per-file summary of a run, or the list of
 * stale, missing and extra files of a `--check`. Paths are shown relative to the
 * current folder.
 */
import path from 'node:path';
import type { CheckResult, GenerateResult } from '../generator/index.js';

/** Files listed one per line before the rest is summed up. */
const MAX_LISTED = 60;
/** Stale files shown with a diff under them (the diffs of the rest are left out). */
const MAX_DIFFS = 5;

interface Where {
  readonly cwd: string;
  readonly outDir: string;
}

function shown(where: Where, file: string): string {
  const relative = path.relative(where.cwd, path.join(where.outDir, file));
  return relative.startsWith('..') ? path.join(where.outDir, file) : relative;
}

function folder(where: Where): string {
  return path.relative(where.cwd, where.outDir) || '.';
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function objectList(objects: readonly string[]): string {
  if (objects.length <= 8) return objects.join(', ');
  return `${objects.slice(0, 8).join(', ')}, … ${objects.length - 8} more`;
}

/**
 * The summary of a generation.
 *
 * @example
 * formatGenerate(result, { cwd, outDir, source: 'describes in samples/describes', cachedFiles: [], elapsedMs: 120 });
 * // soupkit: 4 objects (Account, Contact, …) from describes in samples/describes
 * //   created    examples/basic/src/generated/index.ts
 * //   …
 * // 15 files in examples/basic/src/generated: 15 created, 0 updated, 0 unchanged, 0 removed (0.1 s)
 */
export function formatGenerate(
  result: GenerateResult,
  details: Where & {
    source: string;
    cachedFiles: readonly string[];
    /** True when offline runs read the cache by themselves (it is the config's describes or describeCache). */
    cacheReadOffline?: boolean;
    elapsedMs: number;
  },
): string {
  const lines = [
    `soupkit: ${plural(result.objects.length, 'object')} (${objectList(result.objects)}) from ${details.source}`,
  ];
  for (const file of result.files.slice(0, MAX_LISTED)) {
    lines.push(`  ${file.status.padEnd(10)} ${shown(details, file.path)}`);
  }
  if (result.files.length > MAX_LISTED) {
    lines.push(`  … ${result.files.length - MAX_LISTED} more files`);
  }
  if (details.cachedFiles.length > 0) {
    const dir = path.relative(details.cwd, path.dirname(details.cachedFiles[0] as string)) || '.';
    lines.push(
      `cached ${plural(details.cachedFiles.length, 'describe')} in ${dir} (${
        details.cacheReadOffline === false
          ? `read them offline with --describes ${dir}`
          : 'the next run without org flags reads them'
      })`,
    );
  }
  const count = (status: string) => result.files.filter((file) => file.status === status).length;
  const generated = result.files.length - count('removed');
  lines.push(
    `${plural(generated, 'file')} in ${folder(details)}: ${count('created')} created, ${count('updated')} updated, ` +
      `${count('unchanged')} unchanged, ${count('removed')} removed (${(details.elapsedMs / 1000).toFixed(1)} s)`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * The report of `--check`: `upToDate` and the text to print (stdout when up to date,
 * stderr otherwise).
 *
 * @example
 * formatCheck(result, { cwd, outDir }).text;
 * // soupkit: generated files in src/generated are out of date (1 stale):
 * //   stale    src/generated/sobjects/Account.ts
 * //       @@ line 12 @@ …
 * // run "soupkit generate" to update them
 */
export function formatCheck(
  result: CheckResult,
  where: Where,
): { upToDate: boolean; text: string } {
  if (result.ok) {
    return {
      upToDate: true,
      text: `soupkit: ${plural(result.files.length, 'generated file')} in ${folder(where)} up to date (${plural(result.objects.length, 'object')})\n`,
    };
  }
  const bad = result.files.filter((file) => file.status !== 'ok');
  const counts = (['stale', 'missing', 'extra'] as const)
    .map((status) => [status, bad.filter((file) => file.status === status).length] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${status}`);
  const lines = [
    `soupkit: generated files in ${folder(where)} are out of date (${counts.join(', ')}):`,
  ];
  let diffs = 0;
  for (const file of bad.slice(0, MAX_LISTED)) {
    const note = file.status === 'extra' ? ' (no longer generated)' : '';
    lines.push(`  ${file.status.padEnd(8)} ${shown(where, file.path)}${note}`);
    if (file.diff && diffs < MAX_DIFFS) {
      diffs += 1;
      for (const line of file.diff.split('\n')) lines.push(`      ${line}`);
    }
  }
  if (bad.length > MAX_LISTED) lines.push(`  … ${bad.length - MAX_LISTED} more files`);
  lines.push('run "soupkit generate" to update them');
  return { upToDate: false, text: `${lines.join('\n')}\n` };
}
