// Sync: every sync state, and the dirty and failed records of each soup.
import { get } from '../api.js';
import { dateText, errorBox, h, table } from '../dom.js';

function statusBadge(status) {
  return h('span', { class: `status status-${status.toLowerCase()}` }, status);
}

/** A server's error (a record's `__last_error__`, a FAILED sync's `error`) as `CODE: message`. */
function errorText(lastError) {
  if (lastError === null || lastError === undefined || lastError === '') return '';
  try {
    const parsed = JSON.parse(lastError);
    const first = Array.isArray(parsed) ? parsed[0] : parsed;
    const code = first?.errorCode ?? first?.statusCode;
    if (code) return `${code}: ${first.message ?? ''}`;
  } catch {
    // Not JSON: shown as it is.
  }
  return String(lastError);
}

/** The Sync view. */
export async function renderSync() {
  let syncs;
  let dirty;
  try {
    ({ syncs, dirty } = await get('syncs'));
  } catch (error) {
    return errorBox(error);
  }
  const headers = [
    'Id',
    'Name',
    'Type',
    'Soup',
    'Status',
    'Progress',
    'Records',
    'maxTimeStamp',
    'Started',
    'Ended',
  ];
  // Each sync takes two rows: its numbers, then its error and target across the table.
  const syncRows = syncs.flatMap((sync) => [
    h(
      'tr',
      { class: 'sync', 'data-sync': sync.name ?? sync.id },
      [
        String(sync.id),
        sync.name ?? '',
        sync.type,
        sync.soupName,
        statusBadge(sync.status),
        h('progress', { max: 100, value: sync.progress, 'aria-label': `${sync.progress}%` }),
        sync.totalSize < 0 ? '' : String(sync.totalSize),
        dateText(sync.maxTimeStamp),
        dateText(sync.startTime),
        dateText(sync.endTime),
      ].map((cell) => h('td', {}, cell)),
    ),
    h(
      'tr',
      { class: 'sync-detail', 'data-sync': sync.name ?? sync.id },
      h(
        'td',
        { colspan: headers.length },
        sync.error ? h('p', { class: 'error-text' }, `Error: ${errorText(sync.error)}`) : null,
        h(
          'details',
          {},
          h('summary', {}, `Target: ${sync.summary}`),
          h(
            'pre',
            { class: 'json' },
            JSON.stringify({ target: sync.target, options: sync.options }, null, 2),
          ),
        ),
      ),
    ),
  ]);
  const dirtySections = dirty.map(({ soup, records }) =>
    table(
      `${soup}: ${records.length} dirty or failed record${records.length === 1 ? '' : 's'}`,
      ['Entry', 'Id', 'local', 'created', 'updated', 'deleted', '__last_error__'],
      records.map((record) => [
        record._soupEntryId,
        record.Id ?? '',
        record.flags.__local__ ? 'yes' : '',
        record.flags.__locally_created__ ? 'yes' : '',
        record.flags.__locally_updated__ ? 'yes' : '',
        record.flags.__locally_deleted__ ? 'yes' : '',
        record.lastError ? h('span', { class: 'error-text' }, errorText(record.lastError)) : '',
      ]),
      'dirty',
    ),
  );
  return h(
    'section',
    { 'aria-labelledby': 'sync-title' },
    h('h2', { id: 'sync-title' }, 'Sync'),
    h(
      'div',
      { class: 'table-wrap', tabindex: 0, role: 'region', 'aria-label': 'Syncs' },
      h(
        'table',
        { class: 'syncs' },
        h('caption', {}, `${syncs.length} syncs`),
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            headers.map((header) => h('th', { scope: 'col' }, header)),
          ),
        ),
        h('tbody', {}, syncRows),
      ),
    ),
    h('h3', {}, 'Dirty and failed records'),
    dirtySections.length > 0 ? dirtySections : h('p', {}, 'No record waits for a sync up.'),
  );
}
