// Soups: name, entries, index specs and features, and their sizes as bar charts.
import { get } from '../api.js';
import { barChart } from '../chart.js';
import { errorBox, h, table } from '../dom.js';

function bytesText(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** The Soups view. */
export async function renderSoups() {
  let soups;
  try {
    ({ soups } = await get('soups'));
  } catch (error) {
    return errorBox(error);
  }
  const rows = soups.map((soup) => [
    h('a', { href: `#entries?soup=${encodeURIComponent(soup.name)}` }, soup.name),
    soup.entries,
    bytesText(soup.bytes),
    h(
      'ul',
      { class: 'specs' },
      soup.indexSpecs.map((spec) =>
        h(
          'li',
          {},
          h('code', {}, spec.path),
          ` ${spec.type} `,
          h('small', {}, spec.columnName ?? ''),
        ),
      ),
    ),
    soup.features.join(', ') || '—',
    `${soup.dirty.total} dirty, ${soup.dirty.errors} with errors`,
  ]);
  return h(
    'section',
    { 'aria-labelledby': 'soups-title' },
    h('h2', { id: 'soups-title' }, 'Soups'),
    table(
      `${soups.length} soups`,
      ['Soup', 'Entries', 'Size', 'Index specs (path, type, column)', 'Features', 'Sync'],
      rows,
      'soups',
    ),
    h(
      'div',
      { class: 'charts' },
      h(
        'figure',
        {},
        barChart(
          'Entries per soup',
          soups.map((soup) => ({ label: soup.name, value: soup.entries })),
        ),
        h('figcaption', {}, 'Entries per soup'),
      ),
      h(
        'figure',
        {},
        barChart(
          'Bytes per soup',
          soups.map((soup) => ({ label: soup.name, value: soup.bytes })),
          bytesText,
        ),
        h('figcaption', {}, 'Bytes of JSON per soup'),
      ),
    ),
  );
}
