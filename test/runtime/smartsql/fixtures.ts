/**
 * Shared catalogs for the Smart SQL tests. `sdkCatalog` lays out the soups of
 * the Mobile SDK's Smart SQL tests the way its store does: employees is
 * TABLE_1 (firstName TABLE_1_0 … salary TABLE_1_5, education and isManager
 * json1), departments is TABLE_2 (deptCode TABLE_2_0, name TABLE_2_1, budget
 * TABLE_2_2, building json1). notes (TABLE_3) adds full-text paths.
 */
import type { IndexSpec } from '../../../runtime/index.js';
import { MemorySoupCatalog } from '../../../runtime/smartsql/index.js';

/** The soups of the SDK's Smart SQL tests (plus notes), in registration order. */
export const SDK_SOUPS: readonly (readonly [string, readonly IndexSpec[]])[] = [
  [
    'employees',
    [
      { path: 'firstName', type: 'string' },
      { path: 'lastName', type: 'string' },
      { path: 'deptCode', type: 'string' },
      { path: 'employeeId', type: 'string' },
      { path: 'managerId', type: 'string' },
      { path: 'salary', type: 'integer' },
      { path: 'education', type: 'json1' },
      { path: 'isManager', type: 'json1' },
    ],
  ],
  [
    'departments',
    [
      { path: 'deptCode', type: 'string' },
      { path: 'name', type: 'string' },
      { path: 'budget', type: 'integer' },
      { path: 'building', type: 'json1' },
    ],
  ],
  [
    'notes',
    [
      { path: 'title', type: 'full_text' },
      { path: 'body', type: 'full_text' },
      { path: 'kind', type: 'string' },
    ],
  ],
];

export function sdkCatalog(): MemorySoupCatalog {
  const catalog = new MemorySoupCatalog();
  for (const [soupName, specs] of SDK_SOUPS) {
    // The compile tables also cover a floating index, on notes.
    const extra: IndexSpec[] = soupName === 'notes' ? [{ path: 'rating', type: 'floating' }] : [];
    catalog.registerSoup(soupName, [...specs, ...extra]);
  }
  return catalog;
}

/**
 * Compares SQL texts the way a reader would: case-insensitive outside string
 * literals, whitespace-insensitive around punctuation. Used to check our
 * canonical output against the SDK's exact expected strings.
 */
export function normalizeSql(sql: string): string {
  let out = '';
  let i = 0;
  while (i < sql.length) {
    const c = sql.charAt(i);
    if (c === "'") {
      const close = sql.indexOf("'", i + 1);
      const endIndex = close < 0 ? sql.length : close + 1;
      out += sql.slice(i, endIndex);
      i = endIndex;
      continue;
    }
    out += c.toLowerCase();
    i++;
  }
  return out
    .replace(/\s+/g, ' ')
    .replace(/\s*([(),=<>|])\s*/g, '$1')
    .trim();
}
