/**
 * A one-line progress bar (describes of `generate`, pages of `sync`), drawn only
 * on a terminal: on anything else (a pipe, a file, CI logs) it prints nothing, so
 * output stays clean.
 */

/** How far a run is: `done` of `total`, and what it is on (a generator `DescribeProgress` fits). */
export interface Progress {
  readonly done: number;
  readonly total: number;
  readonly name: string;
}

/** The part of a stream the bar needs (`process.stderr` fits). */
export interface ProgressStream {
  readonly isTTY?: boolean | undefined;
  readonly columns?: number | undefined;
  write(text: string): unknown;
}

/** A progress bar; `update` as items finish, `finish` once at the end. */
export interface ProgressBar {
  update(progress: Progress): void;
  /**
   * Clears the line (the summary printed after it says what happened); later
   * updates draw nothing, so a run still ending (after Ctrl-C) cannot redraw it.
   */
  finish(): void;
}

const CLEAR_LINE = '\r\u001b[2K';
/** Redraw at most this often, except for the last item. */
const FRAME_MS = 50;

/**
 * The text of one frame, fitted to `columns`.
 *
 * @example
 * renderProgress('describing', { done: 3, total: 12, name: 'Account' }, 60);
 * // 'describing [#######---------------------]  3/12 Account'
 */
export function renderProgress(label: string, progress: Progress, columns: number): string {
  const { done, total, name } = progress;
  const count = `${String(done).padStart(String(total).length)}/${total}`;
  const fixed = label.length + count.length + 4;
  const barWidth = Math.max(10, Math.min(30, columns - fixed - 12));
  const filled = total === 0 ? barWidth : Math.round((done / total) * barWidth);
  const bar = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]`;
  const line = `${label} ${bar} ${count} ${name}`;
  return line.length > columns - 1 ? line.slice(0, Math.max(0, columns - 1)) : line;
}

/**
 * A bar on `stream` when it is a terminal, else a bar that draws nothing.
 *
 * @example
 * const bar = createProgressBar(process.stderr, 'describing');
 * await source.describe(names, (progress) => bar.update(progress));
 * bar.finish();
 */
export function createProgressBar(
  stream: ProgressStream,
  label: string,
  now: () => number = Date.now,
): ProgressBar {
  if (stream.isTTY !== true) return { update() {}, finish() {} };
  let lastDraw = Number.NEGATIVE_INFINITY;
  let drawn = false;
  let finished = false;
  return {
    update(progress) {
      if (finished) return;
      const time = now();
      if (progress.done < progress.total && time - lastDraw < FRAME_MS) return;
      lastDraw = time;
      drawn = true;
      stream.write(`${CLEAR_LINE}${renderProgress(label, progress, stream.columns || 80)}`);
    },
    finish() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
      finished = true;
    },
  };
}
