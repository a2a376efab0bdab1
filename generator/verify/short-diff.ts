/**
 * A short, readable difference between two texts: the common head and tail
 * are skipped and at most a few lines of what changed are shown, with line
 * numbers. Enough for `soupkit generate --check` and the golden tests.
 */

/**
 * Describes how `actual` differs from `expected`, or returns '' when equal.
 *
 * @example
 * shortDiff('a\nb\nc\n', 'a\nB\nc\n');
 * // '@@ line 2 @@\n- b\n+ B'
 */
export function shortDiff(expected: string, actual: string, maxLines = 12): string {
  if (expected === actual) return '';
  const a = expected.split('\n');
  const b = actual.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  ) {
    tail++;
  }
  const removed = a.slice(head, a.length - tail);
  const added = b.slice(head, b.length - tail);
  const lines = [`@@ line ${head + 1} @@`];
  const show = (prefix: string, items: string[]) => {
    const budget = Math.max(1, Math.floor(maxLines / 2));
    for (const item of items.slice(0, budget)) lines.push(`${prefix} ${item}`);
    if (items.length > budget) lines.push(`${prefix} … ${items.length - budget} more line(s)`);
  };
  show('-', removed);
  show('+', added);
  return lines.join('\n');
}
