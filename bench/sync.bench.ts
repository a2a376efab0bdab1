/**
 * `npm run bench` (sync part): the sync engine against the emulator over
 * loopback through jsforce, each figure beside a baseline doing the same work
 * by hand in the same run:
 *
 * - sync down of N Account records (~800 bytes) in pages of 2000, against raw
 *   jsforce query + queryMore and a plain store `upsert` of each page;
 * - sync up of 10,000 records created locally through the Collections target,
 *   against raw jsforce collection creates plus the store writes of the ids.
 *
 * Memory: the peak RSS growth of this process while syncing 10,000 and N
 * records into a store file. The emulator runs in a process of its own
 * (`bench/emulator-process.ts`), so the figures are the sync's alone.
 *
 *     npx tsx bench/sync.bench.ts
 *     BENCH_SYNC_RECORDS=20000 npx tsx bench/sync.bench.ts
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { SmartStore } from '../runtime/index.js';
import { cleanRecord, createLocally, SyncManager } from '../runtime/sync/index.js';
import { startEmulatorProcess } from './emulator-handle.js';

const RECORDS = Number(process.env.BENCH_SYNC_RECORDS ?? 100_000);
const UP_RECORDS = 10_000;
const ROUNDS = Number(process.env.BENCH_SYNC_ROUNDS ?? 5);
const QUERY =
  'SELECT Id, Name, Industry, NumberOfEmployees, BillingCity, Description, LastModifiedDate FROM Account';
const SPECS = [
  { path: 'Id', type: 'string' as const },
  { path: 'Name', type: 'string' as const },
  { path: 'LastModifiedDate', type: 'string' as const },
  { path: '__local__', type: 'string' as const },
  { path: '__sync_id__', type: 'integer' as const },
];

const emulator = await startEmulatorProcess();
const requestCount = () => emulator.requestCount();
const seed = (count: number, offset: number) => emulator.seed(count, offset);

const connect = () =>
  new Connection({
    instanceUrl: emulator.instanceUrl,
    accessToken: emulator.accessToken,
    version: emulator.apiVersion,
  });

const folder = mkdtempSync(join(tmpdir(), 'soupkit-sync-bench-'));
let stores = 0;
/** A new store file: SQLite keeps a bounded page cache, so memory says what the sync holds. */
function freshStore(): SmartStore {
  stores += 1;
  const store = SmartStore.open({ path: join(folder, `bench-${stores}.db`) });
  store.registerSoup('accounts', SPECS);
  return store;
}

interface Timed<T> {
  readonly ms: number;
  readonly rssGrowth: number;
  readonly value: T;
}

async function timed<T>(work: () => Promise<T>): Promise<Timed<T>> {
  global.gc?.();
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { ms, rssGrowth: peak - before, value };
}

async function rawSyncDown(store: SmartStore): Promise<number> {
  const conn = connect();
  const base = `/services/data/v${emulator.apiVersion}`;
  type Page = { done: boolean; nextRecordsUrl?: string; records: Record<string, unknown>[] };
  let page = (await conn.request(`${base}/query?q=${encodeURIComponent(QUERY)}`)) as Page;
  let count = 0;
  for (;;) {
    store.upsert(
      'accounts',
      page.records.map((r) => cleanRecord({ ...r, __sync_id__: 1 })),
      'Id',
    );
    count += page.records.length;
    if (page.done || page.nextRecordsUrl === undefined) return count;
    page = (await conn.request(page.nextRecordsUrl)) as Page;
  }
}

async function soupkitSyncDown(store: SmartStore): Promise<number> {
  const manager = SyncManager.open({ store, connection: connect() });
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

async function rawSyncUp(store: SmartStore): Promise<number> {
  const conn = connect();
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

async function soupkitSyncUp(store: SmartStore): Promise<number> {
  const manager = SyncManager.open({ store, connection: connect() });
  const state = await manager.syncUp({
    soupName: 'accounts',
    target: { createFieldlist: ['Name', 'Industry'], updateFieldlist: ['Name', 'Industry'] },
    options: { mergeMode: 'OVERWRITE' },
  });
  return state.totalSize;
}

try {
  await seed(10_000, 0);
  // The same number of rounds at 10,000 records, so both peaks are maxima of as many runs.
  let small = await timed(() => soupkitSyncDown(freshStore()));
  for (let round = 1; round < ROUNDS; round++) {
    const again = await timed(() => soupkitSyncDown(freshStore()));
    if (again.rssGrowth > small.rssGrowth) small = again;
  }
  await seed(RECORDS - 10_000, 10_000);
  // Each side ROUNDS times, alternating, so a slow moment of the machine hits
  // both; the figures are the medians.
  const downs: { raw: Timed<number>; soupkit: Timed<number> }[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const raw = await timed(() => rawSyncDown(freshStore()));
    const soupkit = await timed(() => soupkitSyncDown(freshStore()));
    if (raw.value !== RECORDS || soupkit.value !== RECORDS)
      throw new Error(`synced ${soupkit.value} / ${raw.value} of ${RECORDS}`);
    downs.push({ raw, soupkit });
  }
  const ups: { raw: Timed<number>; soupkit: Timed<number> }[] = [];
  let calls = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const rawUpStore = freshStore();
    localCreates(rawUpStore, round * 2 * UP_RECORDS);
    const raw = await timed(() => rawSyncUp(rawUpStore));
    const upStore = freshStore();
    localCreates(upStore, (round * 2 + 1) * UP_RECORDS);
    const mark = await requestCount();
    const soupkit = await timed(() => soupkitSyncUp(upStore));
    calls = (await requestCount()) - mark;
    ups.push({ raw, soupkit });
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;
  const raw = {
    ms: median(downs.map((d) => d.raw.ms)),
    rssGrowth: Math.max(...downs.map((d) => d.raw.rssGrowth)),
  };
  const down = {
    ms: median(downs.map((d) => d.soupkit.ms)),
    rssGrowth: Math.max(...downs.map((d) => d.soupkit.rssGrowth)),
  };
  const rawUp = { ms: median(ups.map((u) => u.raw.ms)) };
  const up = { ms: median(ups.map((u) => u.soupkit.ms)) };
  const ratios = (pairs: { raw: Timed<number>; soupkit: Timed<number> }[]) =>
    pairs.map((p) => (p.raw.ms / p.soupkit.ms).toFixed(2)).join(', ');

  const rate = (count: number, ms: number) => Math.round((count / ms) * 1000).toLocaleString('en');
  const mb = (bytes: number) => `${Math.round(bytes / 1e6)} MB`;
  process.stdout.write(
    `soupkit sync bench: jsforce ${emulator.apiVersion} to the emulator (own process) over loopback, store files\n\n` +
      `${'operation'.padEnd(46)}${'raw rec/s'.padStart(10)}${'soupkit'.padStart(10)}  ratio  target\n` +
      `${`sync down ${RECORDS.toLocaleString('en')} Accounts, pages of 2000`.padEnd(46)}${rate(RECORDS, raw.ms).padStart(10)}${rate(RECORDS, down.ms).padStart(10)}  ${(raw.ms / down.ms).toFixed(2)}×  ≥0.80\n` +
      `${`sync up ${UP_RECORDS.toLocaleString('en')} local creates (Collections)`.padEnd(46)}${rate(UP_RECORDS, rawUp.ms).padStart(10)}${rate(UP_RECORDS, up.ms).padStart(10)}  ${(rawUp.ms / up.ms).toFixed(2)}×  ≥0.80\n\n` +
      `medians of ${ROUNDS} alternating rounds; ratios per round: down ${ratios(downs)}, up ${ratios(ups)}\n` +
      `sync up HTTP calls: ${calls} (⌈${UP_RECORDS}/200⌉ = ${Math.ceil(UP_RECORDS / 200)})\n` +
      `peak RSS growth while syncing down: 10,000 records ${mb(small.rssGrowth)}, ${RECORDS.toLocaleString('en')} records ${mb(down.rssGrowth)} (raw loop ${mb(raw.rssGrowth)})\n`,
  );
} finally {
  await emulator.close();
  rmSync(folder, { recursive: true, force: true });
}
