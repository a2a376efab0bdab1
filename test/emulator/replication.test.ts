/**
 * The replication resources through real jsforce (`sobject(T).updated()` /
 * `.deleted()`): which records a window holds, the dates rounded down to the
 * minute, `latestDateCovered` stopping at the org's present minute, and the
 * platform's errors for a bad window or a type that cannot be replicated.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

function sampleDescribe(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(SAMPLE_DESCRIBES, `${name}.describe.json`), 'utf8'));
}

/** A custom object the platform would not replicate (`replicateable: false`). */
const notReplicated = {
  ...sampleDescribe('Invoice__c'),
  name: 'Audit__c',
  label: 'Audit',
  keyPrefix: 'a09',
  replicateable: false,
};

const org = useEmulator(() => ({
  describes: [sampleDescribe('Account'), sampleDescribe('Contact'), notReplicated],
}));

const MINUTE = 60_000;
/** The org's time for these tests: 10:00:30 UTC, mid-minute on purpose. */
const T0 = Date.UTC(2026, 2, 10, 10, 0, 30);

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

let created: string[] = [];
let changedLater = '';
let deleted = '';

beforeAll(() => {
  const { clock, org: data } = org.emulator;
  clock.set(T0);
  created = data.insert('Account', [{ Name: 'Acme' }, { Name: 'Globex' }]);
  changedLater = data.insert('Account', [{ Name: 'Initech' }])[0] as string;
  clock.set(T0 + 3 * MINUTE);
  data.update('Account', changedLater, { Name: 'Initech 2' });
  clock.set(T0 + 5 * MINUTE);
  deleted = created[1] as string;
  data.delete('Account', deleted);
  clock.set(T0 + 10 * MINUTE);
});

describe('GET …/sobjects/{T}/updated', () => {
  it('lists the live records last changed in the window, dates rounded down to the minute', async () => {
    const conn = org.connect();
    // 10:00:45 rounds to 10:00:00, so the records stamped 10:00:30 are inside.
    const result = await conn
      .sobject('Account')
      .updated(iso(T0 + 15_000), new Date(T0 + 1.5 * MINUTE));
    expect(result.ids).toEqual([created[0]]);
    expect(result.latestDateCovered).toBe('2026-03-10T10:02:00.000+0000');
  });

  it('reports a record under the time of its latest change, and not once deleted', async () => {
    const conn = org.connect();
    const first = await conn.sobject('Account').updated(iso(T0), iso(T0 + 2 * MINUTE));
    expect(first.ids).not.toContain(changedLater);
    const later = await conn.sobject('Account').updated(iso(T0 + 2 * MINUTE), iso(T0 + 9 * MINUTE));
    expect(later.ids).toEqual([changedLater]);
    const all = await conn.sobject('Account').updated(iso(T0 - MINUTE), iso(T0 + 9 * MINUTE));
    expect(all.ids).not.toContain(deleted);
  });

  it('covers a window ending in the future only up to the present minute', async () => {
    const conn = org.connect();
    const now = org.emulator.clock.now();
    const result = await conn.sobject('account').updated(iso(T0), iso(now + 60 * MINUTE));
    expect(result.latestDateCovered).toBe(
      new Date(Math.floor(now / MINUTE) * MINUTE).toISOString().replace('Z', '+0000'),
    );
    expect(result.ids).toHaveLength(2);
  });

  it('accepts the date strings jsforce passes through (Date.prototype.toString)', async () => {
    const conn = org.connect();
    const result = await conn
      .sobject('Account')
      .updated(new Date(T0 - MINUTE).toString(), new Date(T0 + MINUTE).toString());
    expect(Array.isArray(result.ids)).toBe(true);
    expect(result.ids).toContain(created[0]);
  });
});

describe('GET …/sobjects/{T}/deleted', () => {
  it('lists the recycle-bin records deleted in the window, dated by their deletion', async () => {
    const conn = org.connect();
    const result = await conn
      .sobject('Account')
      .deleted(iso(T0 + 4 * MINUTE), iso(T0 + 6 * MINUTE));
    expect(result.deletedRecords).toHaveLength(1);
    expect(result.deletedRecords[0]?.id).toBe(deleted);
    expect(result.deletedRecords[0]?.deletedDate).toMatch(/^2026-03-10T10:05:30\.\d{3}\+0000$/);
    expect(result.latestDateCovered).toBe('2026-03-10T10:06:00.000+0000');
    // The delete log reaches back 15 days before the day of the call.
    expect(result.earliestDateAvailable).toBe('2026-02-23T00:00:00.000+0000');
  });

  it('lists nothing for a window before the deletion', async () => {
    const conn = org.connect();
    const result = await conn.sobject('Account').deleted(iso(T0), iso(T0 + 4 * MINUTE));
    expect(result.deletedRecords).toEqual([]);
  });
});

describe('the window rules', () => {
  it('refuses an end before the start, and a window that rounds to nothing', async () => {
    const accounts = org.connect().sobject('Account');
    const backwards = await rejectionOf(accounts.updated(iso(T0 + MINUTE), iso(T0)));
    expect(backwards.errorCode).toBe('INVALID_REPLICATION_DATE');
    // 10:00:05 and 10:00:55 both round down to 10:00:00.
    const sameMinute = await rejectionOf(accounts.deleted(iso(T0 - 25_000), iso(T0 + 25_000)));
    expect(sameMinute.errorCode).toBe('INVALID_REPLICATION_DATE');
  });

  it('refuses a start more than 30 days (updated) or 15 days (deleted) before today', async () => {
    const accounts = org.connect().sobject('Account');
    const day = 86_400_000;
    const updated = await rejectionOf(accounts.updated(iso(T0 - 31 * day), iso(T0)));
    expect(updated).toMatchObject({ errorCode: 'INVALID_REPLICATION_DATE' });
    await expect(accounts.updated(iso(T0 - 29 * day), iso(T0))).resolves.toMatchObject({
      ids: [],
    });
    const deletedOld = await rejectionOf(accounts.deleted(iso(T0 - 16 * day), iso(T0)));
    expect(deletedOld.errorCode).toBe('INVALID_REPLICATION_DATE');
    await expect(accounts.deleted(iso(T0 - 14 * day), iso(T0))).resolves.toMatchObject({
      deletedRecords: [],
    });
  });

  it('requires both dates, in ISO 8601', async () => {
    const conn = org.connect();
    const base = `/services/data/v${org.emulator.apiVersion}/sobjects/Account`;
    const missing = await rejectionOf(
      conn.request(`${base}/updated?start=${encodeURIComponent(iso(T0))}`),
    );
    expect(missing.errorCode).toBe('MISSING_ARGUMENT');
    const garbled = await rejectionOf(conn.request(`${base}/deleted?start=yesterday&end=today`));
    expect(garbled.errorCode).toBe('INVALID_REPLICATION_DATE');
  });

  it('answers NOT_FOUND for an unknown type and INVALID_TYPE for one not replicateable', async () => {
    const conn = org.connect();
    const unknown = await rejectionOf(conn.sobject('Nope__c').updated(iso(T0), iso(T0 + MINUTE)));
    expect(unknown.errorCode).toBe('NOT_FOUND');
    const audit = await rejectionOf(conn.sobject('Audit__c').deleted(iso(T0), iso(T0 + MINUTE)));
    expect(audit).toMatchObject({ errorCode: 'INVALID_TYPE' });
    expect(audit.message).toContain('Audit__c');
  });
});
