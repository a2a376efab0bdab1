/**
 * `check`: renders in memory and compares with the output folder, writing nothing.
 */

import { GeneratorError } from '../errors.js';
import { compareText } from '../model/naming.js';
import type { GenerateOptions } from '../render-run.js';
import { render } from '../render-run.js';
import { readCurrent, readIfExists, reasonOf, resolveInside } from '../util/output-folder.js';
import { shortDiff } from './short-diff.js';

/** How one file on disk compares with the generation. */
export type CheckStatus = 'ok' | 'stale' | 'missing' | 'extra';

/** The result of `check`. */
export interface CheckResult {
  readonly outDir: string;
  /** True when every file is up to date and there is nothing stale to remove. */
  readonly ok: boolean;
  readonly objects: readonly string[];
  readonly files: readonly {
    readonly path: string;
    readonly status: CheckStatus;
    /** For stale files: a short diff, on-disk (`-`) to generated (`+`). */
    readonly diff?: string;
  }[];
}

/**
 * Renders in memory and compares with the output folder, writing nothing:
 * lists stale, missing and extra (would be removed) files.
 *
 * @example
 * const result = await check({ config: await loadConfig('soupkit.config.json'), source });
 * if (!result.ok) process.exitCode = 1;
 */
export async function check(options: GenerateOptions): Promise<CheckResult> {
  const { outDir, objects, files, previous } = await render(options);
  const out: { path: string; status: CheckStatus; diff?: string }[] = [];
  const compared = await readCurrent(
    outDir,
    files,
    (file, target, error) =>
      new GeneratorError(
        'GENERATE_OUT_DIR',
        `cannot read ${file.path} (${target}): ${reasonOf(error)}`,
        { cause: error },
      ),
  );
  for (const { file, current } of compared) {
    if (current === undefined) out.push({ path: file.path, status: 'missing' });
    else if (current !== file.contents) {
      out.push({ path: file.path, status: 'stale', diff: shortDiff(current, file.contents) });
    } else out.push({ path: file.path, status: 'ok' });
  }
  const kept = new Set(files.map((f) => f.path));
  for (const stale of previous) {
    if (!kept.has(stale) && (await readIfExists(resolveInside(outDir, stale))) !== undefined) {
      out.push({ path: stale, status: 'extra' });
    }
  }
  out.sort((a, b) => compareText(a.path, b.path));
  return { outDir, ok: out.every((f) => f.status === 'ok'), objects, files: out };
}
