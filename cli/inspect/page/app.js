// The inspector page: four views switched by the URL's hash, without a reload.
import { renderEntries } from './views/entries.js';
import { renderSoups } from './views/soups.js';
import { renderSql } from './views/sql.js';
import { renderSync } from './views/sync.js';

const VIEWS = {
  soups: { title: 'Soups', render: renderSoups },
  entries: { title: 'Entries', render: renderEntries },
  sql: { title: 'Smart SQL', render: renderSql },
  sync: { title: 'Sync', render: renderSync },
};

/** The view and its parameters in the hash: `#entries?soup=Account`. */
function route() {
  const [name, query = ''] = location.hash.slice(1).split('?');
  return { name: name in VIEWS ? name : 'soups', params: new URLSearchParams(query) };
}

async function show() {
  const { name, params } = route();
  const view = VIEWS[name];
  const main = document.getElementById('view');
  for (const link of document.querySelectorAll('nav a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${view.title} · soupkit inspect`;
  main.setAttribute('aria-busy', 'true');
  main.replaceChildren(await view.render(params));
  main.removeAttribute('aria-busy');
  main.dataset.view = name;
}

window.addEventListener('hashchange', () => {
  show().then(() => document.getElementById('view').focus({ preventScroll: true }));
});
show();
