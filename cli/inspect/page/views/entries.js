// Entries: a soup's entries in pages through a store cursor, filtered and
// sorted by an index path (the store's exact / range / like / match specs),
// and the full JSON of one entry.
import { get } from '../api.js';
import { cellText, errorBox, h, jsonBlock } from '../dom.js';

const PAGE_SIZES = [5, 10, 25, 50, 100];
const FILTERS = {
  all: 'all entries',
  exact: 'exact',
  range: 'range',
  like: 'like',
  match: 'match (full text)',
};

function select(id, label, options, selected) {
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name: id },
      options.map(([value, text]) => h('option', { value, selected: value === selected }, text)),
    ),
  );
}

function input(id, label, value = '', hint = undefined) {
  return h(
    'div',
    { class: 'field', 'data-for': id },
    h('label', { for: id }, label),
    h('input', { id, name: id, value, type: 'text', 'aria-describedby': hint && `${id}-hint` }),
    hint && h('small', { id: `${id}-hint` }, hint),
  );
}

/** The Entries view (`#entries?soup=Name`). */
export async function renderEntries(params) {
  let soups;
  try {
    ({ soups } = await get('soups'));
  } catch (error) {
    return errorBox(error);
  }
  const soupName = soups.some((soup) => soup.name === params.get('soup'))
    ? params.get('soup')
    : soups[0]?.name;
  const soup = soups.find((candidate) => candidate.name === soupName);
  const paths = soup ? soup.indexSpecs.map((spec) => spec.path) : [];
  const results = h('div', { class: 'results' });
  const detail = h('section', { class: 'entry', 'aria-label': 'Entry JSON', hidden: true });

  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter and sort' },
    select(
      'soup',
      'Soup',
      soups.map((s) => [s.name, s.name]),
      soupName,
    ),
    select('filter', 'Filter', Object.entries(FILTERS), 'all'),
    select(
      'path',
      'Index path',
      paths.map((path) => [path, path]),
      paths[0],
    ),
    input('key', 'Key', '', 'exact value, like pattern (% and _), or match terms'),
    input('begin', 'From', '', 'range start (empty: open)'),
    input('end', 'To', '', 'range end (empty: open)'),
    select('sort', 'Sort by', [['', '_soupEntryId'], ...paths.map((path) => [path, path])], ''),
    select(
      'order',
      'Order',
      [
        ['ascending', 'ascending'],
        ['descending', 'descending'],
      ],
      'ascending',
    ),
    select(
      'pageSize',
      'Page size',
      PAGE_SIZES.map((size) => [String(size), String(size)]),
      '10',
    ),
    h('button', { type: 'submit' }, 'Show entries'),
  );

  const showFields = () => {
    const filter = form.elements.filter.value;
    form.querySelector('[data-for="key"]').hidden = !['exact', 'like', 'match'].includes(filter);
    form.querySelector('[data-for="begin"]').hidden = filter !== 'range';
    form.querySelector('[data-for="end"]').hidden = filter !== 'range';
    form.elements.path.disabled = filter === 'all';
  };
  form.elements.filter.addEventListener('change', showFields);
  form.elements.soup.addEventListener('change', () => {
    location.hash = `entries?soup=${encodeURIComponent(form.elements.soup.value)}`;
  });
  showFields();

  const showEntry = async (id) => {
    try {
      const { entry } = await get('entry', { soup: soupName, id });
      detail.replaceChildren(
        h('h3', { id: 'entry-title' }, `${soupName} entry ${id}`),
        jsonBlock(entry, { tabindex: 0, 'aria-labelledby': 'entry-title' }),
        h(
          'button',
          {
            type: 'button',
            onclick: () => {
              detail.hidden = true;
            },
          },
          'Close',
        ),
      );
      detail.hidden = false;
      detail.querySelector('pre').focus();
    } catch (error) {
      detail.replaceChildren(errorBox(error));
      detail.hidden = false;
    }
  };

  const showPage = (page) => {
    const columns = ['_soupEntryId', ...paths];
    const rows = page.entries.map((entry) =>
      h(
        'tr',
        {},
        columns.map((column) => h('td', {}, cellText(entry[column]))),
        h(
          'td',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'link',
              onclick: () => showEntry(entry._soupEntryId),
              'aria-label': `JSON of entry ${entry._soupEntryId}`,
            },
            'JSON',
          ),
        ),
      ),
    );
    const move = async (index) => {
      try {
        showPage(await get('page', { cursor: page.cursorId, page: index }));
        results.querySelector('.pager button:not([disabled])')?.focus();
      } catch (error) {
        results.replaceChildren(errorBox(error));
      }
    };
    const last = Math.max(0, page.totalPages - 1);
    results.replaceChildren(
      h(
        'div',
        { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Entries' },
        h(
          'table',
          { class: 'entries' },
          h(
            'caption',
            {},
            `${page.totalEntries} ${page.totalEntries === 1 ? 'entry' : 'entries'} of ${soupName}`,
          ),
          h(
            'thead',
            {},
            h(
              'tr',
              {},
              [...columns, ''].map((column) => h('th', { scope: 'col' }, column)),
            ),
          ),
          h('tbody', {}, rows),
        ),
      ),
      h(
        'nav',
        { class: 'pager', 'aria-label': 'Pages' },
        h(
          'button',
          {
            type: 'button',
            disabled: page.pageIndex <= 0,
            onclick: () => move(page.pageIndex - 1),
          },
          'Previous page',
        ),
        h(
          'span',
          { class: 'page-number', 'aria-live': 'polite' },
          `Page ${Math.max(1, page.pageIndex + 1)} of ${Math.max(1, page.totalPages)}`,
        ),
        h(
          'button',
          {
            type: 'button',
            disabled: page.pageIndex >= last,
            onclick: () => move(page.pageIndex + 1),
          },
          'Next page',
        ),
      ),
    );
  };

  const run = async () => {
    const values = Object.fromEntries(new FormData(form));
    const filter = values.filter;
    try {
      showPage(
        await get('cursor', {
          soup: soupName,
          filter,
          path: filter === 'all' ? undefined : values.path,
          key: values.key,
          begin: values.begin,
          end: values.end,
          sort: values.sort,
          order: values.order,
          pageSize: values.pageSize,
        }),
      );
    } catch (error) {
      results.replaceChildren(errorBox(error));
    }
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  if (soup) await run();

  return h(
    'section',
    { 'aria-labelledby': 'entries-title' },
    h('h2', { id: 'entries-title' }, 'Entries'),
    soup ? form : h('p', {}, 'This store has no soups.'),
    results,
    detail,
  );
}
