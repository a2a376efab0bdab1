/**
 * `npm run bench` (emulator part): is the emulator fast enough never to be the
 * bottleneck of the sync benchmarks? Both figures go through real jsforce over
 * loopback, each beside a baseline measured in the same run: a bare Node HTTP
 * server answering the same requests with bodies serialised in advance (the
 * floor of HTTP plus jsforce's own work).
 *
 * - read: `SELECT … FROM Account` over 100,000 records of ~800 bytes, pages of
 *   2000 followed through `nextRecordsUrl` (jsforce autoFetch); records/s.
 * - write: 10,000 Contact records created through sObject Collections, 200 a call; records/s.
 * - aggregate: `SELECT Industry, COUNT(Id), SUM(NumberOfEmployees) FROM Account
 *   GROUP BY Industry` over the same 100,000 records; ms per query (target < 1 s).
 *
 *     npx tsx bench/emulator.bench.ts
 *     BENCH_EMULATOR_RECORDS=20000 npx tsx bench/emulator.bench.ts
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Connection } from 'jsforce';
import { startEmulator } from '../emulator/index.js';
import { median } from './stats.js';

const READ_RECORDS = Number(process.env.BENCH_EMULATOR_RECORDS ?? 100_000);
const WRITE_RECORDS = 10_000;
const PAGE = 2000;
const BATCH = 200;
const ROUNDS = 3;
const READ_TARGET = 50_000;
const WRITE_TARGET = 10_000;
const AGGREGATE_TARGET_MS = 1000;
const AGGREGATE_SOQL =
  'SELECT Industry, COUNT(Id), SUM(NumberOfEmployees) FROM Account GROUP BY Industry';
const VERSION = '62.0';
const SAMPLES = join(fileURLToPath(new URL('..', import.meta.url)), 'samples', 'describes');
const SOQL =
  'SELECT Id, Name, Industry, NumberOfEmployees, BillingCity, Description, LastModifiedDate FROM Account';

function accountFields(i: number): Record<string, unknown> {
  return {
    Name: `Account ${i}`,
    Industry: ['Energy', 'Media', 'Technology'][i % 3],
    NumberOfEmployees: i % 5000,
    BillingCity: `City ${i % 97}`,
    Description: `Account number ${i}. ${'lorem ipsum dolor sit amet '.repeat(22)}`,
  };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    });
  });
}

/** A bare server answering the query pages and collection creates with pre-serialised bodies. */
async function baselineServer(
  pages: string[],
  createReply: string,
): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      res.setHeader('content-type', 'application/json;charset=UTF-8');
      const url = req.url ?? '';
      const next = /\/query\/01gBASE-(\d+)$/.exec(url);
      if (url.includes('/composite/sobjects')) {
        JSON.parse(Buffer.concat(chunks).toString());
        res.end(createReply);
      } else res.end(pages[next ? Number(next[1]) / PAGE : 0]);
    });
  });
  const url = await listen(server);
  return { url, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function connection(instanceUrl: string, accessToken: string): Connection {
  return new Connection({ instanceUrl, accessToken, version: VERSION });
}

async function readAll(conn: Connection): Promise<number> {
  const result = await conn.query(SOQL).run({ autoFetch: true, maxFetch: READ_RECORDS + 1 });
  return (result as { records: unknown[] }).records.length;
}

async function createAll(conn: Connection, offset: number): Promise<void> {
  for (let start = 0; start < WRITE_RECORDS; start += BATCH) {
    // Contacts, so that the Account reads of later rounds see the same 100,000 records.
    const records = Array.from({ length: BATCH }, (_, i) => ({
      attributes: { type: 'Contact' },
      FirstName: 'Bench',
      LastName: `Contact ${offset + start + i}`,
      Email: `contact${offset + start + i}@example.com`,
      Title: 'Buyer',
      Description: 'lorem ipsum dolor sit amet '.repeat(22),
    }));
    await conn.requestPost(`/services/data/v${VERSION}/composite/sobjects`, {
      allOrNone: false,
      records,
    });
  }
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const emulator = await startEmulator({ describes: SAMPLES, requestLogSize: 0 });
try {
  const seedStarted = performance.now();
  for (let start = 0; start < READ_RECORDS; start += 10_000) {
    emulator.org.insert(
      'Account',
      Array.from({ length: Math.min(10_000, READ_RECORDS - start) }, (_, i) =>
        accountFields(start + i),
      ),
    );
  }
  const seedMs = performance.now() - seedStarted;
  const conn = connection(emulator.instanceUrl, emulator.accessToken);

  // The baseline serves exactly the pages the emulator serves, serialised once.
  const first = (await conn.query(SOQL, { autoFetch: false })) as unknown as {
    records: Record<string, unknown>[];
  };
  const sample = first.records;
  const pages: string[] = [];
  for (let offset = 0; offset < READ_RECORDS; offset += PAGE) {
    const records = Array.from(
      { length: Math.min(PAGE, READ_RECORDS - offset) },
      (_, i) => sample[(offset + i) % sample.length],
    );
    const next = offset + PAGE;
    pages.push(
      JSON.stringify({
        totalSize: READ_RECORDS,
        done: next >= READ_RECORDS,
        ...(next >= READ_RECORDS
          ? {}
          : { nextRecordsUrl: `/services/data/v${VERSION}/query/01gBASE-${next}` }),
        records,
      }),
    );
  }
  const createReply = JSON.stringify(
    Array.from({ length: BATCH }, () => ({ id: '001EM0000000001AAA', success: true, errors: [] })),
  );
  const baseline = await baselineServer(pages, createReply);
  const raw = connection(baseline.url, 'baseline-token');
  const bytes = pages.reduce((sum, page) => sum + page.length, 0);

  const reads: { emulator: number[]; raw: number[] } = { emulator: [], raw: [] };
  const writes: { emulator: number[]; raw: number[] } = { emulator: [], raw: [] };
  const aggregates: number[] = [];
  const rssAfterSeed = process.memoryUsage().rss;
  for (let round = 0; round < ROUNDS; round++) {
    let count = 0;
    reads.raw.push(await timed(async () => void (await readAll(raw))));
    reads.emulator.push(
      await timed(async () => {
        count = await readAll(conn);
      }),
    );
    if (count !== READ_RECORDS)
      throw new Error(
        `read ${count} records, expected ${READ_RECORDS}: ${emulator.org.all('Account').length} in the org`,
      );
    aggregates.push(
      await timed(async () => {
        const groups = (await conn.query(AGGREGATE_SOQL)).records;
        if (groups.length !== 3) throw new Error(`${groups.length} groups, expected 3`);
      }),
    );
    writes.raw.push(await timed(() => createAll(raw, 0)));
    writes.emulator.push(await timed(() => createAll(conn, round * WRITE_RECORDS)));
  }
  await baseline.close();

  const perSecond = (records: number, ms: number) => Math.round((records / ms) * 1000);
  const line = (
    name: string,
    records: number,
    times: { emulator: number[]; raw: number[] },
    target: number,
  ) => {
    const emulatorRate = perSecond(records, median(times.emulator));
    const rawRate = perSecond(records, median(times.raw));
    const verdict = emulatorRate >= target ? 'ok' : 'BELOW';
    return `${name.padEnd(44)}${rawRate.toLocaleString('en').padStart(10)}${emulatorRate.toLocaleString('en').padStart(10)}  ${(emulatorRate / rawRate).toFixed(2)}×   ≥${target.toLocaleString('en')}/s ${verdict}`;
  };
  process.stdout.write(
    `soupkit emulator bench: jsforce ${VERSION} over loopback; ${READ_RECORDS.toLocaleString('en')} Account records of ~${Math.round(bytes / READ_RECORDS)} bytes of JSON (seeded in ${Math.round(seedMs)} ms); median of ${ROUNDS} rounds\n` +
      'baseline: a bare Node HTTP server answering the same requests with bodies serialised in advance\n\n' +
      `${'operation'.padEnd(44)}${'raw rec/s'.padStart(10)}${'emulator'.padStart(10)}  ratio   target\n` +
      `${line(`query, pages of ${PAGE} (autoFetch)`, READ_RECORDS, reads, READ_TARGET)}\n` +
      `${line(`collection create, ${BATCH} a call`, WRITE_RECORDS, writes, WRITE_TARGET)}\n` +
      `${'aggregate, GROUP BY Industry (COUNT, SUM)'.padEnd(44)}${`${Math.round(median(aggregates))} ms`.padStart(20)}          <${AGGREGATE_TARGET_MS} ms ${median(aggregates) < AGGREGATE_TARGET_MS ? 'ok' : 'ABOVE'}\n\n` +
      `RSS after seeding ${Math.round(rssAfterSeed / 1e6)} MB, at the end ${Math.round(process.memoryUsage().rss / 1e6)} MB\n`,
  );
} finally {
  await emulator.close();
}
