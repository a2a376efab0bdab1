/**
 * MERGE_FIELDS against OVERWRITE, in the same run: a sync up of 10,000 dirty
 * records (one field edited locally on each, brought down first under each
 * mode) through the Collections target, against the emulator in a process of
 * its own over loopback through jsforce. Encrypted stores, opened before the
 * timed part. Rounds alternate the two modes; the figure is the median. The
 * closing note counts the calls each mode made: MERGE_FIELDS reads the
 * server's copies (one Collections retrieve per 2000 records), describes the
 * type once, and writes by composite (25 conditional PATCHes a call) where
 * OVERWRITE writes 200 records a call.
 *
 *     npx tsx bench/merge.bench.ts
 *     BENCH_MERGE_RECORDS=2000 BENCH_MERGE_ROUNDS=1 npx tsx bench/merge.bench.ts
 *     BENCH_MERGE_LATENCY=20 npx tsx bench/merge.bench.ts      (ms the emulator waits per request)
 *     BENCH_MERGE_LATENCY=0,20,50 npx tsx bench/merge.bench.ts (one emulator and table row per latency)
 *     BENCH_MERGE_ROUNDS=5 BENCH_MERGE_LATENCY=0,20,50,100 npx tsx bench/merge.bench.ts (docs/sync.md's table)
 *     BENCH_MERGE_PROFILE=/tmp/prof npx tsx bench/merge.bench.ts (a CPU profile of each timed sync up)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from 'jsforce';
import { SmartStore } from '../runtime/index.js';
import { type MergeMode, SyncManager } from '../runtime/sync/index.js';
import { type EmulatorProcess, startEmulatorProcess } from './emulator-handle.js';
import { median } from './stats.js';

const RECORDS = Number(process.env.BENCH_MERGE_RECORDS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_MERGE_ROUNDS ?? 3);
const LATENCIES = (process.env.BENCH_MERGE_LATENCY ?? '0').split(',').map(Number);
const PROFILE = process.env.BENCH_MERGE_PROFILE;
const KEY = 'bench store key';
const FIELDS = ['Name', 'Industry', 'NumberOfEmployees', 'BillingCity', 'Description'];
const SPECS = [
  { path: 'Id', type: 'string' as const },
  { path: 'LastModifiedDate', type: 'string' as const },
  { path: '__local__', type: 'string' as const },
  { path: '__sync_id__', type: 'integer' as const },
];

const folder = mkdtempSync(join(tmpdir(), 'soupkit-merge-bench-'));
let stores = 0;

const connect = (emulator: EmulatorProcess) =>
  new Connection({
    instanceUrl: emulator.instanceUrl,
    accessToken: emulator.accessToken,
    version: emulator.apiVersion,
  });

/** A store holding the org's records brought down under `mode`, each edited here (untimed). */
async function dirtyStore(
  emulator: EmulatorProcess,
  mode: MergeMode,
  round: number,
): Promise<{ store: SmartStore; manager: SyncManager }> {
  stores += 1;
  const store = SmartStore.open({ path: join(folder, `merge-${stores}.db`), key: KEY });
  store.registerSoup('accounts', SPECS);
  const manager = SyncManager.open({ store, connection: connect(emulator) });
  await manager.syncDown({
    target: {
      type: 'soql',
      query: `SELECT Id, ${FIELDS.join(', ')}, LastModifiedDate FROM Account`,
    },
    soupName: 'accounts',
    options: { mergeMode: mode },
  });
  store.transaction(() => {
    const all = store.query({
      queryType: 'range',
      soupName: 'accounts',
      indexPath: 'Id',
      order: 'ascending',
      pageSize: RECORDS * 2,
    }) as Record<string, unknown>[];
    store.upsert(
      'accounts',
      all.map((entry) => ({
        ...entry,
        BillingCity: `City ${mode} ${round}`,
        __local__: true,
        __locally_updated__: true,
      })),
    );
  });
  return { store, manager };
}

async function timedUp(emulator: EmulatorProcess, mode: MergeMode, round: number): Promise<Timed> {
  const { store, manager } = await dirtyStore(emulator, mode, round);
  const mark = await emulator.requestCount();
  const serverBefore = await emulator.cpuMs();
  const profiler = PROFILE === undefined ? undefined : new Session();
  if (profiler !== undefined) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await manager.syncUp({
    target: { updateFieldlist: FIELDS, createFieldlist: FIELDS },
    soupName: 'accounts',
    options: { mergeMode: mode },
  });
  const ms = performance.now() - started;
  const { user, system } = process.cpuUsage(cpuBefore);
  const cpu = (user + system) / 1000;
  if (profiler !== undefined && PROFILE !== undefined) {
    const { profile } = await profiler.post('Profiler.stop');
    writeFileSync(join(PROFILE, `${mode}-${round}.cpuprofile`), JSON.stringify(profile));
    profiler.disconnect();
  }
  const calls = (await emulator.requestCount()) - mark;
  const server = (await emulator.cpuMs()) - serverBefore;
  manager.stop();
  store.close();
  return { ms, cpu, server, calls };
}

/** One timed sync up: wall time, the client's and the emulator's CPU time (ms), calls made. */
interface Timed {
  readonly ms: number;
  readonly cpu: number;
  readonly server: number;
  readonly calls: number;
}

const rows: string[] = [];
for (const latency of LATENCIES) rows.push(await atLatency(latency));
rmSync(folder, { recursive: true, force: true });
if (rows.length > 1) {
  console.log(
    '\n| per request | OVERWRITE (ms) | MERGE_FIELDS (ms) | ratio (per round) | client CPU ratio | client + emulator CPU ratio |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

/** The rounds at one latency, printed; resolves with its table row. */
async function atLatency(latency: number): Promise<string> {
  const emulator = await startEmulatorProcess(['--latency', String(latency)]);
  try {
    await emulator.seed(RECORDS, 0);
    const merge: Timed[] = [];
    const overwrite: Timed[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      overwrite.push(await timedUp(emulator, 'OVERWRITE', round));
      merge.push(await timedUp(emulator, 'MERGE_FIELDS', round));
    }
    const m = median(merge.map((r) => r.ms));
    const o = median(overwrite.map((r) => r.ms));
    const rate = (ms: number) => Math.round((RECORDS * 1000) / ms).toLocaleString('en-US');
    console.log(
      `sync up of ${RECORDS.toLocaleString('en-US')} dirty records, ${latency} ms latency, median of ${ROUNDS}:`,
    );
    const rounds = (list: Timed[]) =>
      list
        .map((r) => `${r.ms.toFixed(0)} (cpu ${r.cpu.toFixed(0)} + ${r.server.toFixed(0)})`)
        .join(', ');
    console.log(`  rounds, ms (client + emulator CPU ms): OVERWRITE ${rounds(overwrite)}`);
    console.log(`                                         MERGE_FIELDS ${rounds(merge)}`);
    const cpuRatio = median(overwrite.map((r) => r.cpu)) / median(merge.map((r) => r.cpu));
    const both = (r: Timed) => r.cpu + r.server;
    const bothRatio = median(overwrite.map(both)) / median(merge.map(both));
    console.log(
      `  CPU: MERGE_FIELDS at ${cpuRatio.toFixed(2)}x of OVERWRITE's (client), ${bothRatio.toFixed(2)}x (client + emulator)`,
    );
    console.log(
      `  OVERWRITE     ${o.toFixed(0)} ms  (${rate(o)} records/s, ${overwrite[0]?.calls} calls)`,
    );
    console.log(
      `  MERGE_FIELDS  ${m.toFixed(0)} ms  (${rate(m)} records/s, ${merge[0]?.calls} calls)`,
    );
    console.log(
      `  MERGE_FIELDS runs at ${(o / m).toFixed(2)}x the speed of OVERWRITE (target >= 0.70x)`,
    );
    const perRound = merge.map((r, i) => ((overwrite[i]?.ms ?? 0) / r.ms).toFixed(2));
    return `| ${latency} ms | ${o.toFixed(0)} | ${m.toFixed(0)} | ${(o / m).toFixed(2)}x (${perRound.join(', ')}) | ${cpuRatio.toFixed(2)}x | ${bothRatio.toFixed(2)}x |`;
  } finally {
    await emulator.close();
  }
}
