// Smart SQL console: run a query (read-only, bounded by the store's budget and
// a timeout), see the rows as a table, or the diagnostics at their line and
// column under the editor.
import { runSmartSql } from '../api.js';
import { errorBox, h, table } from '../dom.js';

const EXAMPLE = 'select {Account:Name}, {Account:Industry} from {Account} order by {Account:Name}';
let lastQuery = EXAMPLE;

/** The caret block of one diagnostic: the source line and a marker under the span. */
function marker(text, diagnostic) {
  const line = text.split('\n')[diagnostic.line - 1] ?? '';
  const width = Math.max(1, Math.min(diagnostic.length, line.length - diagnostic.column + 1));
  return h(
    'div',
    { class: 'diagnostic', role: 'alert' },
    h(
      'p',
      {},
      h('strong', {}, `line ${diagnostic.line}, column ${diagnostic.column}`),
      ` ${diagnostic.severity} ${diagnostic.code}: ${diagnostic.message}`,
    ),
    h(
      'pre',
      { class: 'marker', 'data-line': diagnostic.line, 'data-column': diagnostic.column },
      `${line}\n${' '.repeat(diagnostic.column - 1)}${'^'.repeat(width)}`,
    ),
  );
}

/** The Smart SQL view. */
export async function renderSql() {
  const editor = h('textarea', {
    id: 'smartsql',
    name: 'smartsql',
    rows: 6,
    spellcheck: 'false',
    autocomplete: 'off',
    'aria-describedby': 'smartsql-help',
  });
  editor.value = lastQuery;
  const output = h('div', { class: 'results', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit' }, 'Run query');

  const run = async () => {
    const text = editor.value;
    lastQuery = text;
    button.disabled = true;
    output.replaceChildren(h('p', { class: 'busy' }, 'Running…'));
    try {
      const { rows, truncated } = await runSmartSql(text);
      const width = Math.max(0, ...rows.map((row) => row.length));
      output.replaceChildren(
        table(
          `${rows.length} row${rows.length === 1 ? '' : 's'}${truncated ? ' (first rows only)' : ''}`,
          Array.from({ length: width }, (_, index) => `column ${index + 1}`),
          rows,
          'query-rows',
        ),
      );
    } catch (error) {
      const diagnostics = error.diagnostics ?? [];
      output.replaceChildren(
        errorBox(error),
        ...diagnostics.map((diagnostic) => marker(text, diagnostic)),
      );
      const first = diagnostics[0];
      if (first) {
        editor.focus();
        editor.setSelectionRange(first.offset, first.offset + Math.max(1, first.length));
      }
    } finally {
      button.disabled = false;
    }
  };

  const form = h(
    'form',
    { class: 'console', 'aria-label': 'Smart SQL console' },
    h('label', { for: 'smartsql' }, 'Smart SQL'),
    editor,
    h(
      'p',
      { id: 'smartsql-help', class: 'hint' },
      'SELECT only; {soup:path} names an index path. Ctrl+Enter runs. Queries are read-only and stop at the store’s maxResultBytes or after a timeout.',
    ),
    button,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  editor.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      run();
    }
  });
  return h(
    'section',
    { 'aria-labelledby': 'sql-title' },
    h('h2', { id: 'sql-title' }, 'Smart SQL console'),
    form,
    output,
  );
}
