import { describe, expect, it } from 'vitest';
import { buildExactQuerySpec } from '../../../runtime/store/query-spec.js';
import { SmartStore } from '../../../runtime/store/smart-store.js';
import type { IndexSpec } from '../../../runtime/store/specs.js';
import {
  expectStoreError,
  fileStore,
  memoryStore,
  rawRows,
  trackStore,
} from '../../helpers/store-helpers.js';

const specs: IndexSpec[] = [
  { path: 'Id', type: 'string' },
  { path: 'Name', type: 'full_text' },
  { path: 'Age', type: 'integer' },
  { path: 'Score', type: 'floating' },
  { path: 'Address.City', type: 'json1' },
];

function schemaOf(path: string): Record<string, string> {
  return Object.fromEntries(
    rawRows(path, 'SELECT name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY name'),
  );
}

describe('registerSoup', () => {
  it('lays out the SDK tables, columns, indexes and FTS table', () => {
    const { store, path } = fileStore();
    store.registerSoup('people', specs);
    store.close();
    const schema = schemaOf(path);
    expect(schema.soup_attrs).toBe(
      'CREATE TABLE soup_attrs (id INTEGER PRIMARY KEY AUTOINCREMENT, soupName TEXT)',
    );
    expect(schema.soup_index_map).toBe(
      'CREATE TABLE soup_index_map (soupName TEXT, path TEXT, columnName TEXT, columnType TEXT)',
    );
    expect(schema.TABLE_1).toBe(
      'CREATE TABLE TABLE_1 (id INTEGER PRIMARY KEY AUTOINCREMENT, soup TEXT, created INTEGER, lastModified INTEGER, TABLE_1_0 TEXT, TABLE_1_1 TEXT, TABLE_1_2 INTEGER, TABLE_1_3 REAL)',
    );
    expect(schema.TABLE_1_0_idx).toBe('CREATE INDEX TABLE_1_0_idx on TABLE_1 ( TABLE_1_0 )');
    expect(schema.TABLE_1_4_idx).toBe(
      "CREATE INDEX TABLE_1_4_idx on TABLE_1 ( json_extract(soup, '$.Address.City') )",
    );
    expect(schema.TABLE_1_created_idx).toBe(
      'CREATE INDEX TABLE_1_created_idx on TABLE_1 ( created )',
    );
    expect(schema.TABLE_1_lastModified_idx).toBe(
      'CREATE INDEX TABLE_1_lastModified_idx on TABLE_1 ( lastModified )',
    );
    expect(schema.TABLE_1_fts).toBe('CREATE VIRTUAL TABLE TABLE_1_fts USING fts5(TABLE_1_1)');
  });

  it('records the specs with their column names, in order', () => {
    const store = memoryStore();
    store.registerSoup('people', specs);
    expect(store.getSoupIndexSpecs('people')).toEqual([
      { path: 'Id', type: 'string', columnName: 'TABLE_1_0' },
      { path: 'Name', type: 'full_text', columnName: 'TABLE_1_1' },
      { path: 'Age', type: 'integer', columnName: 'TABLE_1_2' },
      { path: 'Score', type: 'floating', columnName: 'TABLE_1_3' },
      { path: 'Address.City', type: 'json1', columnName: "json_extract(soup, '$.Address.City')" },
    ]);
    expect(store.hasIndexForPath('people', 'Age')).toBe(true);
    expect(store.hasIndexForPath('people', 'Nope')).toBe(false);
  });

  it('is a no-op for an existing soup (the old specs stay)', () => {
    const store = memoryStore();
    store.registerSoup('people', specs);
    const version = store.catalog.schemaVersion;
    store.registerSoup('people', [{ path: 'Other', type: 'string' }]);
    expect(store.getSoupIndexSpecs('people').map((spec) => spec.path)).toEqual(
      specs.map((spec) => spec.path),
    );
    expect(store.catalog.schemaVersion).toBe(version);
  });

  it('gives each soup its own table and survives reopening', () => {
    const { store, path } = fileStore();
    store.registerSoup('b', [{ path: 'x', type: 'string' }]);
    store.registerSoup('a', [{ path: 'y', type: 'integer' }]);
    expect(store.getAllSoupNames()).toEqual(['a', 'b']);
    expect(store.catalog.getSoup('b')?.tableName).toBe('TABLE_1');
    expect(store.catalog.getSoup('a')?.tableName).toBe('TABLE_2');
    store.close();
    const reopened = trackStore(SmartStore.open({ path }));
    expect(reopened.getAllSoupNames()).toEqual(['a', 'b']);
    expect(reopened.getSoupIndexSpecs('a')).toEqual([
      { path: 'y', type: 'integer', columnName: 'TABLE_2_0' },
    ]);
  });

  it('accepts the SDK test suite name with spaces and punctuation', () => {
    const store = memoryStore();
    const name = '123This should-be a_valid.soup+name!?100';
    store.registerSoup(name, [{ path: 'key', type: 'string' }]);
    expect(store.soupExists(name)).toBe(true);
    expect(store.upsert(name, [{ key: 'k' }, { key: 'j' }])[0]?._soupEntryId).toBe(1);
    // its name goes through Smart SQL for every query
    const spec = buildExactQuerySpec({ soupName: name, indexPath: 'key', matchKey: 'j' });
    expect(store.query(spec)).toMatchObject([{ key: 'j', _soupEntryId: 2 }]);
  });

  it('rejects bad soup names without touching the database', () => {
    const store = memoryStore();
    const bad = [
      '',
      '  ',
      ' padded',
      'a{b',
      'a}b',
      'a:b',
      "Robert'); DROP TABLE soup_attrs;--",
      'x\ny',
      7,
    ];
    for (const name of bad) {
      expectStoreError(
        () => store.registerSoup(name as string, [{ path: 'k', type: 'string' }]),
        'STORE_BAD_SOUP_NAME',
      );
    }
    expect(store.getAllSoupNames()).toEqual([]);
  });

  it('rejects bad index specs with the soup and path named', () => {
    const store = memoryStore();
    const noSpecs = expectStoreError(() => store.registerSoup('s', []), 'STORE_BAD_INDEX_SPEC');
    expect(noSpecs.message).toBe('No indexSpecs specified for soup: s');
    const cases: unknown[] = [
      [{ path: 'a', type: 'text' }],
      [{ path: '', type: 'string' }],
      [{ path: "a') ; DROP TABLE x; --", type: 'json1' }],
      [{ path: 'a..b', type: 'string' }],
      [{ path: 'a[0]', type: 'string' }],
      [{ path: '_soupEntryId', type: 'integer' }],
      [
        { path: 'a', type: 'string' },
        { path: 'a', type: 'integer' },
      ],
      [null],
      'not an array',
    ];
    for (const bad of cases) {
      expectStoreError(() => store.registerSoup('s', bad as IndexSpec[]), 'STORE_BAD_INDEX_SPEC');
    }
    expect(store.soupExists('s')).toBe(false);
  });
});

describe('dropSoup, dropAllSoups, clearSoup', () => {
  it('dropSoup removes tables and metadata; a new soup of that name restarts ids at 1', () => {
    const { store, path } = fileStore();
    store.registerSoup('people', specs);
    store.upsert('people', [{ Id: '1' }, { Id: '2' }]);
    store.dropSoup('people');
    expect(store.soupExists('people')).toBe(false);
    expectStoreError(() => store.getSoupIndexSpecs('people'), 'STORE_UNKNOWN_SOUP');
    store.dropSoup('people'); // unknown soup: no-op
    store.registerSoup('people', specs);
    expect(store.catalog.getSoup('people')?.tableName).toBe('TABLE_2');
    expect(store.upsert('people', [{ Id: '3' }])[0]?._soupEntryId).toBe(1);
    store.close();
    const schema = schemaOf(path);
    expect(schema.TABLE_1).toBeUndefined();
    expect(schema.TABLE_1_fts).toBeUndefined();
  });

  it('dropAllSoups removes every soup', () => {
    const store = memoryStore();
    store.registerSoup('a', specs);
    store.registerSoup('b', specs);
    store.dropAllSoups();
    expect(store.getAllSoupNames()).toEqual([]);
    store.registerSoup('a', specs);
    expect(store.getAllSoupNames()).toEqual(['a']);
  });

  it('clearSoup deletes entries but ids keep counting', () => {
    const store = memoryStore();
    store.registerSoup('people', specs);
    store.upsert('people', [{ Id: '1' }, { Id: '2' }]);
    store.clearSoup('people');
    expect(store.retrieve('people', [1, 2])).toEqual([]);
    expect(store.upsert('people', [{ Id: '3' }])[0]?._soupEntryId).toBe(3);
    const error = expectStoreError(() => store.clearSoup('nope'), 'STORE_UNKNOWN_SOUP');
    expect(error.message).toBe('Soup: nope does not exist');
  });

  it('the catalog follows the soups and bumps schemaVersion', () => {
    const store = memoryStore();
    const v0 = store.catalog.schemaVersion;
    store.registerSoup('people', specs);
    const v1 = store.catalog.schemaVersion;
    expect(v1).not.toBe(v0);
    const soup = store.catalog.getSoup('people');
    expect(soup?.hasFts).toBe(true);
    expect(soup?.indexes.map((index) => index.columnName)).toContain('TABLE_1_2');
    store.alterSoup('people', [{ path: 'Id', type: 'string' }], false);
    const v2 = store.catalog.schemaVersion;
    expect(v2).not.toBe(v1);
    expect(store.catalog.getSoup('people')?.hasFts).toBe(false);
    store.dropSoup('people');
    expect(store.catalog.schemaVersion).not.toBe(v2);
    expect(store.catalog.getSoupNames()).toEqual([]);
  });
});
