/**
 * Recently viewed and referenced records through real jsforce: `conn.recent()`
 * (`GET …/recent`, across types, newest first, `limit`), `sobject(T).recent()`
 * (`recentItems`), and the `LastViewedDate` / `LastReferencedDate` stamps that
 * viewing and `SOQL … FOR VIEW` / `FOR REFERENCE` leave.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { RECORDED_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({
  // Recorded describes: the samples have no LastViewedDate / LastReferencedDate.
  describes: RECORDED_DESCRIBES,
  records: {
    Account: [
      { '@ref': 'a1', Name: 'Recent One' },
      { '@ref': 'a2', Name: 'Recent Two' },
      { '@ref': 'gone', Name: 'Recent Gone' },
      { '@ref': 'queried', Name: 'Queried For View' },
      { '@ref': 'referenced', Name: 'Queried For Reference' },
    ],
    Contact: [{ '@ref': 'c1', LastName: 'Recent Contact' }],
  },
});

type Row = Record<string, unknown>;

function seed(ref: string): string {
  return org.emulator.seedIds.get(ref) as string;
}

describe('GET …/recent', () => {
  it('lists records viewed across types, newest first, with a limit', async () => {
    const { emulator } = org;
    emulator.org.markRecentlyViewed('Account', [seed('a1'), seed('gone')]);
    emulator.org.markRecentlyViewed('Contact', [seed('c1')]);
    emulator.org.markRecentlyViewed('Account', [seed('a2')]);
    emulator.org.delete('Account', seed('gone'));
    const conn = org.connect();
    const all = (await conn.recent()) as Row[];
    expect(all.slice(0, 3)).toEqual([
      {
        attributes: {
          type: 'Account',
          url: `/services/data/v${emulator.apiVersion}/sobjects/Account/${seed('a2')}`,
        },
        Id: seed('a2'),
        Name: 'Recent Two',
      },
      {
        attributes: {
          type: 'Contact',
          url: `/services/data/v${emulator.apiVersion}/sobjects/Contact/${seed('c1')}`,
        },
        Id: seed('c1'),
        Name: 'Recent Contact',
      },
      {
        attributes: {
          type: 'Account',
          url: `/services/data/v${emulator.apiVersion}/sobjects/Account/${seed('a1')}`,
        },
        Id: seed('a1'),
        Name: 'Recent One',
      },
    ]);
    expect(all.map((r) => r.Id)).not.toContain(seed('gone'));
    const two = (await conn.recent(1)) as Row[];
    expect(emulator.requests.at(-1)).toMatchObject({
      path: expect.stringMatching(/\/recent\?limit=1$/),
    });
    expect(two.map((r) => r.Id)).toEqual([seed('a2')]);
    const accounts = (await conn.sobject('Account').recent()) as Row[];
    expect(accounts.map((r) => r.Id).slice(0, 2)).toEqual([seed('a2'), seed('a1')]);
  });

  it('stamps LastViewedDate and LastReferencedDate on a view, without modifying the record', async () => {
    const { emulator } = org;
    const before = emulator.org.get('Account', seed('a1')) as Row;
    emulator.clock.advance(60_000);
    emulator.org.markRecentlyViewed('Account', [seed('a1')]);
    const after = emulator.org.get('Account', seed('a1')) as Row;
    expect(after.LastViewedDate).toEqual(expect.any(String));
    expect(after.LastReferencedDate).toBe(after.LastViewedDate);
    expect(Date.parse(after.LastViewedDate as string)).toBeGreaterThan(
      Date.parse(before.SystemModstamp as string),
    );
    expect(after.SystemModstamp).toBe(before.SystemModstamp);
    expect(after.LastModifiedDate).toBe(before.LastModifiedDate);
  });

  it('follows SOQL FOR VIEW and FOR REFERENCE, as jsforce’s own tests do', async () => {
    const conn = org.connect();
    await conn.query("SELECT Id, Name FROM Account WHERE Name = 'Queried For View' FOR VIEW");
    const viewed = org.emulator.org.get('Account', seed('queried')) as Row;
    expect(viewed.LastViewedDate).toEqual(expect.any(String));
    const recent = (await conn.recent(1)) as Row[];
    expect(recent).toMatchObject([{ Id: seed('queried'), attributes: { type: 'Account' } }]);

    await conn.query(
      "SELECT Id, Name FROM Account WHERE Name = 'Queried For Reference' FOR REFERENCE",
    );
    const referenced = org.emulator.org.get('Account', seed('referenced')) as Row;
    expect(referenced.LastReferencedDate).toEqual(expect.any(String));
    expect(referenced.LastViewedDate).toBeNull();
    expect(((await conn.recent(1)) as Row[])[0]?.Id).toBe(seed('referenced'));
    const viewedAccounts = (await conn.sobject('Account').recent()) as Row[];
    expect(viewedAccounts.map((r) => r.Id)).not.toContain(seed('referenced'));
  });

  it('refuses a limit that is not a count', async () => {
    const response = await fetch(
      `${org.emulator.url}/services/data/v${org.emulator.apiVersion}/recent?limit=abc`,
      { headers: { Authorization: `Bearer ${org.emulator.accessToken}` } },
    );
    expect(response.status).toBe(400);
    const [error] = (await response.json()) as { errorCode: string }[];
    expect(error?.errorCode).toBe('INVALID_QUERY_PARAMETER');
  });
});
