/**
 * `npm run bench` (sync part): the sync engine against the emulator over
 * loopback through jsforce, each figure beside a baseline doing the same work
 * by hand in the same run:
 *
 * - sync down of N Account records (~800 bytes) in pages of 2000 at a fixed
 *   server latency of 0, 50 and 200 ms (an emulator process per latency),
 *   against the raw sequential loop (jsforce query + queryMore, a plain store
 *   `upsert` of each page, the next page asked for after the save); beside
 *   them, the raw loop asking for the next page before the save (what a
 *   look-ahead can reach);
 * - sync up of 10,000 records created locally through the Collections target,
 *   against raw jsforce collection creates plus the store writes of the ids.
 *
 * Stores are encrypted, like a user's, and opened (key derivation included)
 * before the timed part, for every side. Memory: the peak RSS growth of this
 * process while syncing 10,000 and 100,000 records into a store file. The
 * emulator runs in a process of its own (`bench/emulator-process.ts`), so the
 * figures are the sync's alone. Last, the cost per page of `JSON.parse`
 * against a structured clone (what a worker parsing pages would hand back).
 *
 *     npx tsx bench/sync.bench.ts
 *     BENCH_SYNC_RECORDS=20000 BENCH_SYNC_LATENCIES=0,50 npx tsx bench/sync.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { SmartStore } from '../runtime/index.js';
import { cleanRecord, createLocally, SyncManager } from '../runtime/sync/index.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-handle.js';
import { median } from './stats.js';

const RECORDS = Number(process.env.BENCH_SYNC_RECORDS ?? 50_000);
const MEMORY_RECORDS = (process.env.BENCH_SYNC_MEMORY ?? '10000,100000').split(',').map(Number);
const LATENCIES = (process.env.BENCH_SYNC_LATENCIES ?? '0,50,200').split(',').map(Number);
const UP_RECORDS = 10_000;
const ROUNDS = Number(process.env.BENCH_SYNC_ROUNDS ?? 5);
const KEY = 'bench store key';
const QUERY =
  'SELECT Id, Name, Industry, NumberOfEmployees, BillingCity, Description, LastModifiedDate FROM Account';
const SPECS = [
  { path: 'Id', type: 'string' as const },
  { path: 'Name', type: 'string' as const },
  { path: 'LastModifiedDate', type: 'string' as const },
  { path: '__local__', type: 'string' as const },
  { path: '__sync_id__', type: 'integer' as const },
];

const connect = (emulator: EmulatorProcess) =>
  new Connection({
    instanceUrl: emulator.instanceUrl,
    accessToken: emulator.accessToken,
    version: emulator.apiVersion,
  });

const folder = mkdtempSync(join(tmpdir(), 'soupkit-sync-bench-'));
let stores = 0;
/** A new encrypted store file: SQLite keeps a bounded page cache, so memory says what the sync holds. */
function freshStore(): SmartStore {
  stores += 1;
  const store = SmartStore.open({ path: join(folder, `bench-${stores}.db`), key: KEY });
  store.registerSoup('accounts', SPECS);
  return store;
}

interface Timed<T> {
  readonly ms: number;
  readonly rssGrowth: number;
  readonly value: T;
}

/** Times `work` on a store opened beforehand (outside the timed part), then closes it. */
async function timed<T>(work: (store: SmartStore) => Promise<T>): Promise<Timed<T>> {
  const store = freshStore();
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const value = await work(store);
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  store.close();
  return { ms, rssGrowth: peak - before, value };
}

type Page = { done: boolean; nextRecordsUrl?: string; records: Record<string, unknown>[] };

function saveRaw(store: SmartStore, page: Page): void {
  store.upsert(
    'accounts',
    page.records.map((r) => cleanRecord({ ...r, __sync_id__: 1 })),
    'Id',
  );
}

/** The baseline: query, save, then ask for the next page. */
async function rawSyncDown(emulator: EmulatorProcess, store: SmartStore): Promise<number> {
  const conn = connect(emulator);
  const base = `/services/data/v${emulator.apiVersion}`;
  let page = (await conn.request(`${base}/query?q=${encodeURIComponent(QUERY)}`)) as Page;
  let count = 0;
  for (;;) {
    saveRaw(store, page);
    count += page.records.length;
    if (page.done || page.nextRecordsUrl === undefined) return count;
    page = (await conn.request(page.nextRecordsUrl)) as Page;
  }
}

/** The reach of a look-ahead: the next page asked for before the current one is saved. */
async function rawAheadSyncDown(emulator: EmulatorProcess, store: SmartStore): Promise<number> {
  const conn = connect(emulator);
  const base = `/services/data/v${emulator.apiVersion}`;
  let page = (await conn.request(`${base}/query?q=${encodeURIComponent(QUERY)}`)) as Page;
  let count = 0;
  for (;;) {
    const next =
      page.done || page.nextRecordsUrl === undefined
        ? undefined
        : (conn.request(page.nextRecordsUrl) as Promise<Page>);
    // jsforce sends the request on the next turn of the event loop: let it go before the save.
    if (next !== undefined) await new Promise((resolve) => setImmediate(resolve));
    saveRaw(store, page);
    count += page.records.length;
    if (next === undefined) return count;
    page = await next;
  }
}

async function soupkitSyncDown(emulator: EmulatorProcess, store: SmartStore): Promise<number> {
  const manager = SyncManager.open({ store, connection: connect(emulator) });
  const state = await manager.syncDown({
    target: { type: 'soql', query: QUERY },
    soupName: 'accounts',
  });
  return state.totalSize;
}

function localCreates(store: SmartStore, offset: number): void {
  store.transaction(() => {
    for (let i = 0; i < UP_RECORDS; i++) {
      createLocally(
        store,
        'accounts',
        { Name: `Local ${offset + i}`, Industry: 'Media' },
        { sobjectType: 'Account' },
      );
    }
  });
}

async function rawSyncUp(emulator: EmulatorProcess, store: SmartStore): Promise<number> {
  const conn = connect(emulator);
  const base = `/services/data/v${emulator.apiVersion}`;
  const dirty = store.query({
    queryType: 'exact',
    soupName: 'accounts',
    indexPath: '__local__',
    matchKey: 'true',
    pageSize: 1_000_000,
    order: 'ascending',
    orderPath: null,
  } as never) as Record<string, unknown>[];
  for (let start = 0; start < dirty.length; start += 200) {
    const batch = dirty.slice(start, start + 200);
    const results = (await conn.requestPost(`${base}/composite/sobjects`, {
      allOrNone: false,
      records: batch.map((r) => ({
        attributes: { type: 'Account' },
        Name: r.Name,
        Industry: r.Industry,
      })),
    })) as { id: string }[];
    store.upsert(
      'accounts',
      batch.map((r, i) => cleanRecord({ ...r, Id: results[i]?.id })),
    );
  }
  return dirty.length;
}

async function soupkitSyncUp(emulator: EmulatorProcess, store: SmartStore): Promise<number> {
  const manager = SyncManager.open({ store, connection: connect(emulator) });
  const state = await manager.syncUp({
    soupName: 'accounts',
    target: { createFieldlist: ['Name', 'Industry'], updateFieldlist: ['Name', 'Industry'] },
    options: { mergeMode: 'OVERWRITE' },
  });
  return state.totalSize;
}

const rate = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString('en');
const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
const range = (values: number[]) =>
  `${Math.min(...values).toFixed(2)}–${Math.max(...values).toFixed(2)}`;
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

interface DownRow {
  readonly latency: number;
  readonly raw: number[];
  readonly ahead: number[];
  readonly soupkit: number[];
  readonly load: string;
}

/**
 * Sync down at one latency: ROUNDS rounds of raw, soupkit and raw ahead, the
 * order turning round by round (a run's disk writes can slow the next one).
 */
async function downAt(emulator: EmulatorProcess, latency: number): Promise<DownRow> {
  const row: DownRow = { latency, raw: [], ahead: [], soupkit: [], load: '' };
  const sides = [
    { times: row.raw, run: rawSyncDown },
    { times: row.soupkit, run: soupkitSyncDown },
    { times: row.ahead, run: rawAheadSyncDown },
  ];
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < sides.length; i++) {
      const side = sides[(round + i) % sides.length] as (typeof sides)[number];
      const run = await timed((store) => side.run(emulator, store));
      if (run.value !== RECORDS) throw new Error(`synced ${run.value} of ${RECORDS}`);
      side.times.push(run.ms);
    }
  }
  return { ...row, load: load() };
}

const offThread = parseOffThread();
const rows: DownRow[] = [];
const memory: { records: number; soupkit: number; raw: number }[] = [];
let upReport = '';
try {
  for (const latency of LATENCIES) {
    const emulator = await startEmulatorProcess(['--latency', String(latency)]);
    try {
      if (latency === 0) {
        // Memory at 10,000 and 100,000 records (the maximum over as many runs each).
        let seeded = 0;
        for (const records of MEMORY_RECORDS) {
          await emulator.seed(records - seeded, seeded);
          seeded = records;
          const soupkit: number[] = [];
          const raw: number[] = [];
          for (let round = 0; round < Math.min(ROUNDS, 3); round++) {
            soupkit.push((await timed((store) => soupkitSyncDown(emulator, store))).rssGrowth);
            raw.push((await timed((store) => rawSyncDown(emulator, store))).rssGrowth);
          }
          memory.push({ records, soupkit: Math.max(...soupkit), raw: Math.max(...raw) });
        }
        await emulator.close();
        continue;
      }
      await emulator.seed(RECORDS, 0);
      rows.push(await downAt(emulator, latency));
    } finally {
      if (latency !== 0) await emulator.close();
    }
  }
  if (LATENCIES.includes(0)) {
    const emulator = await startEmulatorProcess(['--latency', '0']);
    try {
      await emulator.seed(RECORDS, 0);
      rows.unshift(await downAt(emulator, 0));
      upReport = await syncUpReport(emulator);
    } finally {
      await emulator.close();
    }
  }
} finally {
  rmSync(folder, { recursive: true, force: true });
}

async function syncUpReport(emulator: EmulatorProcess): Promise<string> {
  const ups: { raw: number; soupkit: number }[] = [];
  let calls = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const rawStore = freshStore();
    localCreates(rawStore, round * 2 * UP_RECORDS);
    const rawStarted = performance.now();
    await rawSyncUp(emulator, rawStore);
    const rawMs = performance.now() - rawStarted;
    rawStore.close();
    const upStore = freshStore();
    localCreates(upStore, (round * 2 + 1) * UP_RECORDS);
    const mark = await emulator.requestCount();
    const started = performance.now();
    await soupkitSyncUp(emulator, upStore);
    const ms = performance.now() - started;
    calls = (await emulator.requestCount()) - mark;
    upStore.close();
    ups.push({ raw: rawMs, soupkit: ms });
  }
  const rawMs = median(ups.map((u) => u.raw));
  const ms = median(ups.map((u) => u.soupkit));
  return (
    `sync up ${UP_RECORDS.toLocaleString('en')} local creates (Collections), 0 ms: raw ${rate(UP_RECORDS, rawMs)} rec/s, soupkit ${rate(UP_RECORDS, ms)} rec/s, ` +
    `${(rawMs / ms).toFixed(2)}× (target ≥0.80; rounds ${range(ups.map((u) => u.raw / u.soupkit))}); HTTP calls ${calls} (⌈${UP_RECORDS}/200⌉ = ${Math.ceil(UP_RECORDS / 200)})\n`
  );
}

/**
 * What a worker parsing pages would save the saving thread: `JSON.parse` of
 * a page's text against the structured clone of the parsed page (the cost
 * of receiving it from the worker), and the save of the page.
 */
function parseOffThread(): string {
  const records = Array.from({ length: 2000 }, (_, i) => ({
    attributes: { type: 'Account', url: `/services/data/v62.0/sobjects/Account/001${i}` },
    Id: `001000000000${String(i).padStart(6, '0')}`,
    Name: `Account ${i}`,
    Industry: 'Energy',
    NumberOfEmployees: i,
    BillingCity: 'Springfield',
    Description: `Account ${i}. ${'lorem ipsum dolor sit amet '.repeat(22)}`,
    LastModifiedDate: '2026-01-01T00:00:00.000+0000',
  }));
  const text = JSON.stringify({ totalSize: 2000, done: true, records });
  const each = (work: () => void) => {
    const times: number[] = [];
    for (let i = 0; i < 15; i++) {
      const started = performance.now();
      work();
      times.push(performance.now() - started);
    }
    return median(times);
  };
  const parsed = JSON.parse(text) as Page;
  const parse = each(() => JSON.parse(text));
  const clone = each(() => structuredClone(parsed));
  const store = freshStore();
  const save = each(() => saveRaw(store, parsed));
  store.close();
  return (
    `a page of 2000 (${mb(text.length)} of JSON): JSON.parse ${parse.toFixed(1)} ms, structured clone ${clone.toFixed(1)} ms, ` +
    `save ${save.toFixed(1)} ms — parsing in a worker moves ${parse.toFixed(1)} ms off the saving thread and adds ${clone.toFixed(1)} ms of receiving\n`
  );
}

const table = rows
  .map((row) => {
    const raw = median(row.raw);
    const soupkit = median(row.soupkit);
    const ahead = median(row.ahead);
    const target = { 0: '≥0.95', 50: '≥1.50', 200: '≥1.40' }[row.latency] ?? '';
    return (
      `${`${row.latency} ms`.padEnd(8)}${rate(RECORDS, raw).padStart(10)}${rate(RECORDS, soupkit).padStart(10)}` +
      `${`${(raw / soupkit).toFixed(2)}×`.padStart(8)} ${`(${range(row.raw.map((r, i) => r / (row.soupkit[i] as number)))})`.padEnd(13)}` +
      `${`${(raw / ahead).toFixed(2)}×`.padStart(8)}  ${target.padEnd(7)} ${row.load}\n`
    );
  })
  .join('');
process.stdout.write(
  `soupkit sync bench: jsforce to the emulator (own process) over loopback, encrypted store files\n\n` +
    `sync down ${RECORDS.toLocaleString('en')} Accounts, pages of 2000; ratio = raw sequential loop time / soupkit time (per-round range)\n` +
    `${'latency'.padEnd(8)}${'raw rec/s'.padStart(10)}${'soupkit'.padStart(10)}${'ratio'.padStart(8)} ${'(rounds)'.padEnd(13)}${'raw ahead'.padStart(8)}  target  load (1/5/15 min)\n` +
    table +
    `\nmedians of ${ROUNDS} rounds, the sides' order turning each round\n` +
    memory
      .map(
        (m) =>
          `peak RSS growth syncing down ${m.records.toLocaleString('en')} records: soupkit ${mb(m.soupkit)}, raw loop ${mb(m.raw)}\n`,
      )
      .join('') +
    upReport +
    offThread,
);
