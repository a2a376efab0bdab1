// Small DOM helpers: every text goes in as text, never as HTML.

/** An element with attributes (`on…` are listeners) and children (strings become text). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined));
  return element;
}

/** A value as one table cell's text. */
export function cellText(value) {
  if (value === null || value === undefined) return '';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** A table with a caption, a header row and rows of cells (nodes or values). */
export function table(caption, headers, rows, className = '') {
  return h(
    'div',
    { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': caption },
    h(
      'table',
      { class: className },
      h('caption', {}, caption),
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headers.map((header) => h('th', { scope: 'col' }, header)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((row) =>
          h(
            'tr',
            {},
            row.map((cell) => h('td', {}, cell instanceof Node ? cell : cellText(cell))),
          ),
        ),
      ),
    ),
  );
}

/** An error box for a failed API call. */
export function errorBox(error) {
  return h('p', { class: 'error', role: 'alert' }, `${error.code ?? 'error'}: ${error.message}`);
}

/** A date (epoch ms) as a `<time>` with ISO text, or a dash before any. */
export function dateText(ms) {
  if (typeof ms !== 'number' || ms <= 0) return '—';
  const iso = new Date(ms).toISOString();
  return h('time', { datetime: iso }, iso);
}

/** An entry's JSON, pretty-printed, one `<span data-key>` per line (keys of the top level named). */
export function jsonBlock(value, attributes = {}) {
  const lines = JSON.stringify(value, null, 2).split('\n');
  return h(
    'pre',
    { class: 'json', ...attributes },
    lines.map((line, index) => {
      const key = /^ {2}"([^"]+)":/.exec(line)?.[1];
      return h('span', { 'data-key': key }, index < lines.length - 1 ? `${line}\n` : line);
    }),
  );
}
