/**
 * A server answer is checked before it touches the store, and the session
 * goes to the instance only. The emulator rewrites its real answers the way
 * a broken or hostile server would: collection results without ids or with
 * an id twice, a `nextRecordsUrl` to another host, paging that never ends,
 * a date far in the future, junk in `records`, a `local_…` id.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FaultAnswer } from '../../../../emulator/index.js';
import {
  createLocally,
  isLocalId,
  SyncManager,
  type SyncWarning,
} from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import { memoryStore } from '../../../helpers/store-helpers.js';
import {
  ACCOUNT_SPECS,
  rejection,
  seedAccounts,
  serverRecords,
  soupEntries,
  syncSetup,
} from '../../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });
/** Any query page, the first or a next one. */
const QUERY = /\/query(\/[^/?]+)?(\?|$)/;
const NEXT_PAGE = /\/query\/[^/?]+$/;

/** Another host on loopback that notes every request it gets. */
const other = { url: '', requests: [] as IncomingHttpHeaders[] };
const otherServer = createServer((req, res) => {
  other.requests.push(req.headers);
  res.setHeader('content-type', 'application/json');
  res.end(
    JSON.stringify({
      totalSize: 1,
      done: true,
      records: [{ attributes: { type: 'Account' }, Id: '001000000000999AAA', Name: 'planted' }],
    }),
  );
});
beforeAll(async () => {
  await new Promise<void>((resolve) => otherServer.listen(0, '127.0.0.1', resolve));
  other.url = `http://127.0.0.1:${(otherServer.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => otherServer.close(() => resolve())));

const seed = (tag: string, count: number) => seedAccounts(org, tag, count);

/** A rewrite of query pages' JSON. */
function pages(change: (page: Record<string, unknown>) => Record<string, unknown>) {
  return (answer: FaultAnswer): FaultAnswer => ({
    status: answer.status,
    body: change(answer.body as Record<string, unknown>),
  });
}

const soqlDown = (tag: string, extra: { maxBatchSize?: number } = {}) => ({
  target: {
    type: 'soql' as const,
    query: `SELECT Name FROM Account WHERE Name LIKE '${tag} %'`,
    ...extra,
  },
  soupName: 'accounts',
  syncName: tag,
});

const upRequest = (tag: string) => ({
  soupName: 'accounts',
  syncName: tag,
  target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
  options: { mergeMode: 'OVERWRITE' as const },
});

describe('collection create answers that cannot be trusted', () => {
  it('a success without an id leaves the record dirty with an error, and the next run finds it instead of creating it again', async () => {
    const tag = 'NoIdAnswer';
    const { store, manager } = syncSetup(org);
    for (let i = 0; i < 3; i++)
      createLocally(store, 'accounts', { Name: `${tag} ${i}` }, { sobjectType: 'Account' });
    const fault = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      rewrite: (answer) => ({
        status: answer.status,
        body: (answer.body as { id?: string }[]).map(({ id, ...rest }, i) =>
          i === 1 ? rest : { id, ...rest },
        ),
      }),
    });
    const state = await manager.syncUp(upRequest(tag));
    fault.remove();
    expect(state.status).toBe('DONE');
    const local = soupEntries(store, 'accounts', 'Name');
    expect(local.map((e) => [e.__local__, isLocalId(e.Id)])).toEqual([
      [false, false],
      [true, true],
      [false, false],
    ]);
    expect(String(local[1]?.__last_error__)).toContain('looks the record up');
    expect((await manager.reSync(tag)).status).toBe('DONE');
    const server = serverRecords(org, 'Account', 'Name', `${tag} `);
    expect(server).toHaveLength(3);
    const after = soupEntries(store, 'accounts', 'Name');
    expect(after.every((e) => e.__local__ === false && !isLocalId(e.Id))).toBe(true);
    expect(new Set(after.map((e) => e.Id))).toEqual(new Set(server.map((r) => r.Id)));
  });

  it('an id given twice, or one another entry holds, is taken by neither: no two entries share an Id and sync down still works', async () => {
    const tag = 'TwiceAnswer';
    const [existing] = seed(tag, 1);
    const { store, manager } = syncSetup(org);
    await manager.syncDown({ ...soqlDown(tag), syncName: `${tag} down` });
    for (let i = 1; i <= 3; i++)
      createLocally(store, 'accounts', { Name: `${tag} new ${i}` }, { sobjectType: 'Account' });
    const fault = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/sobjects',
      rewrite: (answer) => {
        const results = answer.body as { id: string }[];
        return {
          status: answer.status,
          body: results.map((result, i) =>
            i === 0
              ? { ...result, id: String(existing) }
              : { ...result, id: String(results[1]?.id) },
          ),
        };
      },
    });
    expect((await manager.syncUp(upRequest(tag))).status).toBe('DONE');
    fault.remove();
    const ids = soupEntries(store, 'accounts').map((e) => e.Id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(soupEntries(store, 'accounts').filter((e) => e.__local__ === true)).toHaveLength(3);
    expect((await manager.reSync(tag)).status).toBe('DONE');
    expect((await manager.reSync(`${tag} down`)).status).toBe('DONE');
    const server = serverRecords(org, 'Account', 'Name', `${tag} `);
    expect(server).toHaveLength(4);
    const after = soupEntries(store, 'accounts');
    expect(after.every((e) => e.__local__ === false)).toBe(true);
    expect(new Set(after.map((e) => e.Id))).toEqual(new Set(server.map((r) => r.Id)));
  });
});

describe('the session goes to the instance only', () => {
  it('a nextRecordsUrl on another host ends the sync (SYNC_BAD_RESPONSE) before anything is sent there', async () => {
    const tag = 'OtherHost';
    seed(tag, 3);
    const { store, manager } = syncSetup(org);
    org.emulator.faults.add({
      method: 'GET',
      path: QUERY,
      rewrite: pages((page) => ({
        ...page,
        done: false,
        nextRecordsUrl: `${other.url}/services/data/v62.0/query/01gFAKE-2000`,
      })),
    });
    const error = await rejection(manager.syncDown(soqlDown(tag)));
    expect(error.state?.status).toBe('FAILED');
    expect((error.cause as { code?: string }).code).toBe('SYNC_BAD_RESPONSE');
    expect(error.message).toContain('is not on the instance');
    expect(other.requests).toEqual([]);
    expect(soupEntries(store, 'accounts').map((e) => e.Name)).not.toContain('planted');
  });

  it('an absolute nextRecordsUrl of the instance itself is followed', async () => {
    const tag = 'SameOrigin';
    seed(tag, 450);
    const { store, manager } = syncSetup(org);
    const fault = org.emulator.faults.add({
      method: 'GET',
      path: QUERY,
      times: Number.POSITIVE_INFINITY,
      rewrite: pages((page) =>
        typeof page.nextRecordsUrl === 'string'
          ? { ...page, nextRecordsUrl: `${org.emulator.instanceUrl}${page.nextRecordsUrl}` }
          : page,
      ),
    });
    const state = await manager.syncDown(soqlDown(tag, { maxBatchSize: 200 }));
    fault.remove();
    expect(state.status).toBe('DONE');
    expect(soupEntries(store, 'accounts')).toHaveLength(450);
  });
});

describe('paging that would never end', () => {
  it('a nextRecordsUrl pointing back at itself ends the sync with SYNC_BAD_RESPONSE', async () => {
    const tag = 'SelfLoop';
    seed(tag, 300);
    const { manager } = syncSetup(org);
    const mark = org.emulator.requestCount;
    const fault = org.emulator.faults.add({
      method: 'GET',
      path: NEXT_PAGE,
      times: Number.POSITIVE_INFINITY,
      rewrite: pages((page) => ({
        ...page,
        done: false,
        nextRecordsUrl: page.nextRecordsUrl ?? '',
      })),
    });
    // Every next page names itself as the next one.
    const loop = org.emulator.faults.add({
      method: 'GET',
      path: /\/query\?/,
      rewrite: pages((page) => ({ ...page, done: false })),
    });
    const error = await rejection(manager.syncDown(soqlDown(tag, { maxBatchSize: 200 })));
    fault.remove();
    loop.remove();
    expect(error.message).toMatch(/followed before|no nextRecordsUrl/);
    expect(org.emulator.requestCount - mark).toBeLessThan(10);
  });

  it('empty pages that say they are not the last end the sync', async () => {
    const tag = 'EmptyPages';
    seed(tag, 3);
    const { manager } = syncSetup(org);
    let n = 0;
    const fault = org.emulator.faults.add({
      method: 'GET',
      path: QUERY,
      times: Number.POSITIVE_INFINITY,
      rewrite: pages((page) => ({
        ...page,
        records: [],
        done: false,
        nextRecordsUrl: `/services/data/v62.0/query/01gEMPTY-${++n}`,
      })),
    });
    const error = await rejection(manager.syncDown(soqlDown(tag)));
    fault.remove();
    expect(error.message).toContain('holds no records');
    expect(n).toBe(1);
  });

  it('far more records than totalSize end the sync', async () => {
    const tag = 'PastTotal';
    seed(tag, 3);
    const { manager } = syncSetup(org);
    const many = Array.from({ length: 2004 }, (_, i) => ({
      attributes: { type: 'Account' },
      Id: `001${String(i).padStart(12, '0')}AAA`,
      Name: `${tag} ${i}`,
      LastModifiedDate: '2024-01-01T00:00:00.000+0000',
    }));
    const fault = org.emulator.faults.add({
      method: 'GET',
      path: QUERY,
      rewrite: pages((page) => ({ ...page, totalSize: 1, records: many })),
    });
    const error = await rejection(manager.syncDown(soqlDown(tag)));
    fault.remove();
    expect(error.message).toContain('totalSize is 1');
  });
});

describe('a record dated far in the future', () => {
  it('is saved, is reported, and does not move maxTimeStamp past the server clock, so later changes still come down', async () => {
    const tag = 'FutureDate';
    const ids = seed(tag, 3);
    const store = memoryStore();
    store.registerSoup('accounts', ACCOUNT_SPECS);
    const warnings: SyncWarning[] = [];
    const manager = SyncManager.open({
      store,
      connection: org.connect(),
      onWarning: (w) => warnings.push(w),
    });
    const fault = org.emulator.faults.add({
      method: 'GET',
      path: QUERY,
      rewrite: pages((page) => ({
        ...page,
        records: (page.records as Record<string, unknown>[]).map((r, i) =>
          i === 0 ? { ...r, LastModifiedDate: '2999-01-01T00:00:00.000+0000' } : r,
        ),
      })),
    });
    const state = await manager.syncDown(soqlDown(tag));
    fault.remove();
    expect(state.status).toBe('DONE');
    expect(soupEntries(store, 'accounts')).toHaveLength(3);
    expect(warnings).toEqual([
      expect.objectContaining({ code: 'SYNC_DATE_AHEAD_OF_SERVER', syncName: tag }),
    ]);
    expect(state.maxTimeStamp).toBeLessThan(org.emulator.clock.now() + 60_000);
    org.emulator.org.update('Account', String(ids[2]), { Name: `${tag} later` });
    await manager.reSync(tag);
    expect(soupEntries(store, 'accounts').map((e) => e.Name)).toContain(`${tag} later`);
  });
});

describe('junk in a page', () => {
  const cases: [string, (page: Record<string, unknown>) => Record<string, unknown>, RegExp][] = [
    [
      'null and a number in records',
      (p) => ({ ...p, records: [null, 5] }),
      /record 0 is null, not an object/,
    ],
    [
      'a number as an Id',
      (p) => ({ ...p, records: [{ ...(p.records as object[])[0], Id: 42 }] }),
      /Id 42, not a server id/,
    ],
    ['totalSize "abc"', (p) => ({ ...p, totalSize: 'abc' }), /totalSize "abc"/],
    ['records that is not an array', (p) => ({ ...p, records: 'many' }), /records "many"/],
  ];
  it.each(cases)(
    '%s ends the sync with a typed error, and nothing of the page is saved',
    async (_, change, message) => {
      const tag = 'Junk';
      seed(tag, 2);
      const { store, manager } = syncSetup(org);
      const fault = org.emulator.faults.add({ method: 'GET', path: QUERY, rewrite: pages(change) });
      const error = await rejection(manager.syncDown(soqlDown(tag)));
      fault.remove();
      expect(error.state?.status).toBe('FAILED');
      expect((error.cause as { code?: string }).code).toBe('SYNC_BAD_RESPONSE');
      expect(error.message).toMatch(message);
      expect(soupEntries(store, 'accounts')).toEqual([]);
    },
  );

  it('a server record with a local_ id never replaces the local draft (OVERWRITE)', async () => {
    const tag = 'LocalIdFromServer';
    seed(tag, 1);
    const { store, manager } = syncSetup(org);
    const draft = createLocally(
      store,
      'accounts',
      { Name: 'my draft' },
      { sobjectType: 'Account' },
    );
    const fault = org.emulator.faults.add({
      method: 'GET',
      path: QUERY,
      rewrite: pages((page) => ({
        ...page,
        records: (page.records as object[]).map((r) => ({
          ...r,
          Id: draft.Id,
          Name: 'taken over',
        })),
      })),
    });
    const error = await rejection(manager.syncDown(soqlDown(tag)));
    fault.remove();
    expect(error.message).toContain('not a server id');
    expect(store.retrieve('accounts', [draft._soupEntryId])[0]).toMatchObject({
      Name: 'my draft',
      __locally_created__: true,
    });
  });
});
