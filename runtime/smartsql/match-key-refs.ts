/**
 * The `{soup:path}` rewrite inside full-text MATCH keys, shared by the Smart SQL
 * compiler (literal keys) and the store's match query specs. Scanning lives
 * here once; what a reference resolves to, and which error a bad one raises,
 * stays with each caller.
 */

/** One brace group `{…}` found in a MATCH key. */
export interface MatchKeyRef {
  /** The text between the braces. */
  readonly text: string;
  /** The text before the first colon (all of `text` when there is none). */
  readonly soupName: string;
  /** The text after the first colon (`''` when there is none). */
  readonly path: string;
  /**
   * True when `text` holds exactly one colon (`{soup:path}`); false for other
   * groups, such as FTS5 column sets (`{a b}: term`).
   */
  readonly isSoupPath: boolean;
  /** Offset of `{` in the key. */
  readonly start: number;
  /** Offset just past `}` in the key. */
  readonly end: number;
}

/**
 * Returns what replaces a brace group: its FTS column name, or `undefined` to
 * keep the group as written. A caller reports bad references its own way
 * (a diagnostic, or a thrown error).
 */
export type MatchKeyRefResolver = (ref: MatchKeyRef) => string | undefined;

/**
 * Replaces every brace group `{…}` of a MATCH key with what `resolve` returns
 * for it. A group runs from a `{` to the next `}`; a `{` with no `}` after it
 * and all text outside groups are kept as written. Pure: it only calls
 * `resolve`, once per group, left to right.
 *
 * @example
 * rewriteMatchKeyRefs('{s:Name}:acme OR glob*', (ref) =>
 *   ref.isSoupPath && ref.soupName === 's' && ref.path === 'Name' ? 'TABLE_1_0' : undefined,
 * ); // => 'TABLE_1_0:acme OR glob*'
 */
export function rewriteMatchKeyRefs(key: string, resolve: MatchKeyRefResolver): string {
  let open = key.indexOf('{');
  if (open < 0) return key;
  let out = '';
  let i = 0;
  while (open >= 0) {
    const close = key.indexOf('}', open + 1);
    if (close < 0) break;
    const text = key.slice(open + 1, close);
    const colon = text.indexOf(':');
    const ref: MatchKeyRef = {
      text,
      soupName: colon < 0 ? text : text.slice(0, colon),
      path: colon < 0 ? '' : text.slice(colon + 1),
      isSoupPath: colon >= 0 && text.indexOf(':', colon + 1) < 0,
      start: open,
      end: close + 1,
    };
    const replacement = resolve(ref);
    out += key.slice(i, open) + (replacement ?? key.slice(open, close + 1));
    i = close + 1;
    open = key.indexOf('{', i);
  }
  return out + key.slice(i);
}
