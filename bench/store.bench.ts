/**
 * `npm run bench` (store part): soupkit's SmartStore against raw
 * better-sqlite3-multiple-ciphers on the same schema, encrypted the same way,
 * measured in the same run. Each figure is printed beside the raw one with the
 * ratio soupkit/raw in throughput (1.00 = as fast as raw): the median over
 * interleaved slices of raw time / soupkit time for the same work.
 *
 * The raw baseline does the same honest work: it builds the stored JSON (entry
 * plus `_soupEntryId` and `_soupLastModifiedDate`) with JSON.stringify, writes
 * the same index columns and FTS rows in batches of the same size, and
 * JSON.parses the soup column of every row it reads.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3-multiple-ciphers';
import {
  buildExactQuerySpec,
  buildLikeQuerySpec,
  buildMatchQuerySpec,
  buildRangeQuerySpec,
  type IndexSpec,
  SmartStore,
} from '../runtime/index.js';
import { median } from './stats.js';

const RECORDS = Number(process.env.BENCH_RECORDS ?? 100_000);
const BATCH = 1_000;
const ROUNDS = 40;
const KEY = 'bench-key';
const SOUP = 'accounts';

const specs: IndexSpec[] = [
  { path: 'Id', type: 'string' },
  { path: 'Name', type: 'full_text' },
  { path: 'Industry', type: 'string' },
  { path: 'NumberOfEmployees', type: 'integer' },
];

// ------------------------------------------------------------------ data

function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  'Acme',
  'Global',
  'United',
  'Pacific',
  'Northern',
  'Summit',
  'Pioneer',
  'Vertex',
  'Harbor',
  'Granite',
  'Silver',
  'Bright',
  'Cedar',
  'Falcon',
  'Quantum',
  'Orchid',
  'Redwood',
  'Atlas',
  'Beacon',
  'Crescent',
];
const SUFFIXES = [
  'Holdings',
  'Industries',
  'Systems',
  'Partners',
  'Labs',
  'Logistics',
  'Foods',
  'Energy',
  'Media',
  'Health',
];
const INDUSTRIES = [
  'Agriculture',
  'Banking',
  'Biotechnology',
  'Chemicals',
  'Communications',
  'Construction',
  'Consulting',
  'Education',
  'Electronics',
  'Energy',
  'Engineering',
  'Entertainment',
  'Finance',
  'Healthcare',
  'Hospitality',
  'Insurance',
  'Machinery',
  'Manufacturing',
  'Media',
  'Technology',
];
const LOREM =
  'Long-standing customer with a multi-year agreement covering hardware, support and field services.';

function accountId(i: number): string {
  return `001${i.toString(36).toUpperCase().padStart(12, '0')}AAA`;
}

function makeAccounts(count: number): Record<string, unknown>[] {
  const random = prng(42);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return Array.from({ length: count }, (_, i) => ({
    attributes: { type: 'Account', url: `/services/data/v60.0/sobjects/Account/${accountId(i)}` },
    Id: accountId(i),
    Name: `${pick(WORDS)} ${pick(WORDS)} ${pick(SUFFIXES)} ${i}`,
    Industry: pick(INDUSTRIES),
    NumberOfEmployees: Math.floor(random() * 50_000),
    AnnualRevenue: Math.round(random() * 1e9) / 100,
    Type: pick(['Customer - Direct', 'Customer - Channel', 'Prospect', 'Partner']),
    Rating: pick(['Hot', 'Warm', 'Cold']),
    Phone: `(555) ${String(i % 1000).padStart(3, '0')}-${String(i % 10000).padStart(4, '0')}`,
    Website: `https://www.example-${i}.com`,
    BillingStreet: `${(i % 9000) + 100} Market Street, Suite ${i % 500}`,
    BillingCity: pick(['San Francisco', 'New York', 'Chicago', 'Austin', 'Seattle', 'Boston']),
    BillingState: pick(['CA', 'NY', 'IL', 'TX', 'WA', 'MA']),
    BillingPostalCode: String(10000 + (i % 89999)),
    BillingCountry: 'United States',
    OwnerId: `005${String(i % 97).padStart(12, '0')}AAA`,
    Description: LOREM,
    CreatedDate: '2024-03-01T10:15:00.000+0000',
    LastModifiedDate: '2025-01-20T08:30:00.000+0000',
    __local__: false,
    __locally_created__: false,
    __locally_updated__: false,
    __locally_deleted__: false,
  }));
}

// ----------------------------------------------------------------- raw side

/** The same layout the store creates (see docs/store.md), through the driver directly. */
function openRaw(path: string) {
  const db = new Database(path);
  db.pragma(`cipher = 'sqlcipher'`);
  db.pragma('legacy = 4');
  db.pragma('hmac_use = 1');
  db.pragma('kdf_iter = 4000');
  db.pragma('legacy_page_size = 4096');
  db.pragma('hmac_algorithm = 2');
  db.pragma('kdf_algorithm = 2');
  db.pragma('plaintext_header_size = 0');
  db.pragma(`key = '${KEY}'`);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(`CREATE TABLE TABLE_1 (id INTEGER PRIMARY KEY AUTOINCREMENT, soup TEXT, created INTEGER, lastModified INTEGER, TABLE_1_0 TEXT, TABLE_1_1 TEXT, TABLE_1_2 TEXT, TABLE_1_3 INTEGER);
CREATE INDEX TABLE_1_0_idx on TABLE_1 ( TABLE_1_0 );
CREATE INDEX TABLE_1_1_idx on TABLE_1 ( TABLE_1_1 );
CREATE INDEX TABLE_1_2_idx on TABLE_1 ( TABLE_1_2 );
CREATE INDEX TABLE_1_3_idx on TABLE_1 ( TABLE_1_3 );
CREATE INDEX TABLE_1_created_idx on TABLE_1 ( created );
CREATE INDEX TABLE_1_lastModified_idx on TABLE_1 ( lastModified );
CREATE VIRTUAL TABLE TABLE_1_fts USING fts5(TABLE_1_1);`);
  const insert = db.prepare(
    'INSERT INTO TABLE_1 (id, soup, created, lastModified, TABLE_1_0, TABLE_1_1, TABLE_1_2, TABLE_1_3) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  const insertFts = db.prepare('INSERT INTO TABLE_1_fts (rowid, TABLE_1_1) VALUES (?, ?)');
  let nextId = 1;
  const insertBatch = db.transaction((records: readonly Record<string, unknown>[]) => {
    for (const record of records) {
      const id = nextId++;
      const now = Date.now();
      const json = JSON.stringify({ ...record, _soupEntryId: id, _soupLastModifiedDate: now });
      const name = record.Name as string;
      insert.run(
        id,
        json,
        now,
        now,
        record.Id as string,
        name,
        record.Industry as string,
        Math.trunc(record.NumberOfEmployees as number),
      );
      insertFts.run(id, name);
    }
  });
  const page = (sql: string) => {
    const statement = db.prepare(sql).pluck();
    return (...args: unknown[]) =>
      (statement.all(...args) as string[]).map((json) => JSON.parse(json) as unknown);
  };
  return {
    db,
    insertBatch,
    exact: page(
      'SELECT soup FROM TABLE_1 WHERE TABLE_1_0 = ? ORDER BY TABLE_1_0 ASC LIMIT ? OFFSET ?',
    ),
    range: page(
      'SELECT soup FROM TABLE_1 WHERE TABLE_1_0 >= ? AND TABLE_1_0 <= ? ORDER BY TABLE_1_0 ASC LIMIT ? OFFSET ?',
    ),
    like: page(
      'SELECT soup FROM TABLE_1 WHERE TABLE_1_2 LIKE ? ORDER BY TABLE_1_2 ASC LIMIT ? OFFSET ?',
    ),
    match: page(
      'SELECT soup FROM TABLE_1 WHERE id IN (SELECT rowid FROM TABLE_1_fts WHERE TABLE_1_fts MATCH ?) ORDER BY TABLE_1_1 ASC LIMIT ? OFFSET ?',
    ),
  };
}

// ---------------------------------------------------------------- measuring

/** Milliseconds `fn` takes. */
function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

interface Row {
  readonly name: string;
  /** Operations per second over the whole run, each side. */
  readonly raw: number;
  readonly store: number;
  /** Median over the slices of (raw time / soupkit time) for the same slice. */
  readonly ratio: number;
  readonly target: number;
}

const rows: Row[] = [];

/**
 * Splits the work into `ROUNDS` slices and runs raw and soupkit slice by slice,
 * alternating which goes first, so both see the same machine load. The ratio
 * is the median of the per-slice ratios, which a burst of load from another
 * process cannot swing; ops/s are totals.
 */
function compare<T>(
  name: string,
  target: number,
  inputs: readonly T[],
  raw: (input: T) => void,
  store: (input: T) => void,
): void {
  let rawMs = 0;
  let storeMs = 0;
  const ratios: number[] = [];
  const slice = Math.ceil(inputs.length / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    const part = inputs.slice(round * slice, (round + 1) * slice);
    let sliceRaw = 0;
    let sliceStore = 0;
    const runRaw = () => {
      sliceRaw = time(() => {
        for (const input of part) raw(input);
      });
    };
    const runStore = () => {
      sliceStore = time(() => {
        for (const input of part) store(input);
      });
    };
    if (round % 2 === 0) {
      runRaw();
      runStore();
    } else {
      runStore();
      runRaw();
    }
    rawMs += sliceRaw;
    storeMs += sliceStore;
    ratios.push(sliceRaw / sliceStore);
  }
  rows.push({
    name,
    raw: (inputs.length / rawMs) * 1000,
    store: (inputs.length / storeMs) * 1000,
    ratio: median(ratios),
    target,
  });
}

function report(): void {
  const format = (n: number) => Math.round(n).toLocaleString('en-US').padStart(10);
  console.log('');
  console.log(
    'ratio: median over interleaved slices of raw time / soupkit time (1.00 = as fast as raw);',
  );
  console.log(
    'totals: soupkit ops/s / raw ops/s over the whole run (sensitive to bursts of other load)',
  );
  console.log(
    `${'operation'.padEnd(36)} ${'raw ops/s'.padStart(10)} ${'soupkit'.padStart(10)}  ratio  totals  target`,
  );
  for (const row of rows) {
    const verdict = row.ratio >= row.target ? 'ok' : 'BELOW';
    console.log(
      `${row.name.padEnd(36)} ${format(row.raw)} ${format(row.store)}  ${row.ratio.toFixed(2)}×  ${(row.store / row.raw).toFixed(2)}×   ≥${row.target.toFixed(2)} ${verdict}`,
    );
  }
}

// --------------------------------------------------------------------- main

function main(): void {
  const dir = mkdtempSync(join(tmpdir(), 'soupkit-bench-'));
  try {
    const accounts = makeAccounts(RECORDS);
    const averageBytes = Math.round(
      accounts.slice(0, 1000).reduce((sum, a) => sum + JSON.stringify(a).length, 0) / 1000,
    );
    console.log(
      `soupkit store bench: ${RECORDS.toLocaleString('en-US')} Account records (~${averageBytes} bytes of JSON), ${specs.length} indexes (string, full_text, string, integer), SQLCipher 4 / kdf_iter 4000, WAL`,
    );

    const raw = openRaw(join(dir, 'raw.db'));
    const store = SmartStore.open({ path: join(dir, 'store.db'), key: KEY });
    store.registerSoup(SOUP, specs);

    // Bulk upsert: each side loads every record once, in batches of BATCH,
    // interleaved batch by batch so both see the same machine conditions.
    let rawMs = 0;
    let storeMs = 0;
    const batchRatios: number[] = [];
    for (let from = 0; from < RECORDS; from += BATCH) {
      const batch = accounts.slice(from, from + BATCH);
      const first = (from / BATCH) % 2 === 0;
      const runRaw = () => time(() => raw.insertBatch(batch));
      const runStore = () => time(() => store.upsert(SOUP, batch));
      let batchRaw: number;
      let batchStore: number;
      if (first) {
        batchRaw = runRaw();
        batchStore = runStore();
      } else {
        batchStore = runStore();
        batchRaw = runRaw();
      }
      rawMs += batchRaw;
      storeMs += batchStore;
      batchRatios.push(batchRaw / batchStore);
    }
    rows.push({
      name: `bulk upsert (batches of ${BATCH})`,
      raw: (RECORDS / rawMs) * 1000,
      store: (RECORDS / storeMs) * 1000,
      ratio: median(batchRatios),
      target: 0.8,
    });

    const random = prng(7);
    const someId = () => accountId(Math.floor(random() * RECORDS));

    const exactKeys = Array.from({ length: 10_000 }, someId);
    compare(
      'exact lookup by Id (page of 10)',
      0.85,
      exactKeys,
      (key) => raw.exact(key, 10, 0),
      (key) => store.query(buildExactQuerySpec({ soupName: SOUP, indexPath: 'Id', matchKey: key })),
    );

    const rangeBegin = accountId(Math.floor(RECORDS / 4));
    const rangeEnd = accountId(Math.floor(RECORDS / 4) + Math.floor(RECORDS / 5));
    const rangePages = Array.from({ length: 600 }, () =>
      Math.floor(random() * Math.floor(RECORDS / 500)),
    );
    const rangeSpec = buildRangeQuerySpec({
      soupName: SOUP,
      indexPath: 'Id',
      beginKey: rangeBegin,
      endKey: rangeEnd,
      pageSize: 100,
    });
    compare(
      'range page of 100 by Id',
      0.85,
      rangePages,
      (page) => raw.range(rangeBegin, rangeEnd, 100, page * 100),
      (page) => store.query(rangeSpec, page),
    );

    const likeKeys = Array.from(
      { length: 2_000 },
      () => `${INDUSTRIES[Math.floor(random() * INDUSTRIES.length)]?.slice(0, 4)}%`,
    );
    compare(
      'like on Industry (page of 10)',
      0.85,
      likeKeys,
      (key) => raw.like(key, 10, 0),
      (key) =>
        store.query(buildLikeQuerySpec({ soupName: SOUP, indexPath: 'Industry', likeKey: key })),
    );

    const matchKeys = Array.from(
      { length: 100 },
      () =>
        `${WORDS[Math.floor(random() * WORDS.length)]?.toLowerCase()} ${SUFFIXES[Math.floor(random() * SUFFIXES.length)]?.toLowerCase()}`,
    );
    compare(
      'full-text match on Name (page of 10)',
      0.85,
      matchKeys,
      (key) => {
        const qualified = key
          .split(' ')
          .map((term) => `TABLE_1_1:${term}`)
          .join(' ');
        raw.match(qualified, 10, 0);
      },
      (key) =>
        store.query(buildMatchQuerySpec({ soupName: SOUP, indexPath: 'Name', matchKey: key })),
    );

    const rareKeys = Array.from({ length: 10_000 }, () => String(Math.floor(random() * RECORDS)));
    compare(
      'full-text match, selective (1 hit)',
      0.85,
      rareKeys,
      (key) => raw.match(`TABLE_1_1:${key}`, 10, 0),
      (key) =>
        store.query(buildMatchQuerySpec({ soupName: SOUP, indexPath: 'Name', matchKey: key })),
    );

    const counts = [
      raw.db.prepare('SELECT count(*) FROM TABLE_1').pluck().get(),
      store.count(buildRangeQuerySpec({ soupName: SOUP, indexPath: 'Id' })),
    ];
    report();
    console.log(`\nrows: raw ${String(counts[0])}, soupkit ${String(counts[1])}`);
    raw.db.close();
    store.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
