/**
 * `FOR VIEW` and `FOR REFERENCE` through real jsforce: the returned records
 * become recently viewed (`GET /sobjects/{T}` `recentItems`, jsforce
 * `sobject(T).recent()`) or recently referenced (`GET /recent`, jsforce
 * `recent()`), as on the platform.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: {
    Account: [
      { '@ref': 'acme', Name: 'Acme' },
      { '@ref': 'globex', Name: 'Globex' },
      { '@ref': 'initech', Name: 'Initech' },
    ],
  },
});

const ids = (records: readonly { Id?: unknown }[]) => records.map((r) => r.Id).sort();

describe('FOR VIEW / FOR REFERENCE', () => {
  it('a query without them marks nothing', async () => {
    const conn = org.connect();
    await conn.query('SELECT Id FROM Account');
    expect(await conn.sobject('Account').recent()).toEqual([]);
  });

  it('FOR VIEW marks exactly the returned records viewed', async () => {
    const conn = org.connect();
    const result = await conn.query(
      "SELECT Id, Name FROM Account WHERE Name IN ('Acme', 'Globex') ORDER BY Name FOR VIEW",
    );
    expect(result.records.map((r) => r.Name)).toEqual(['Acme', 'Globex']);
    const recent = await conn.sobject('Account').recent();
    expect(ids(recent)).toEqual(
      [org.emulator.seedIds.get('acme'), org.emulator.seedIds.get('globex')].sort(),
    );
  });

  it('FOR REFERENCE marks records referenced, not viewed', async () => {
    const conn = org.connect();
    const initech = org.emulator.seedIds.get('initech') as string;
    await conn.query(`select id from account where id = '${initech}' for reference`);
    const viewed = await conn.sobject('Account').recent();
    expect(viewed.map((r) => r.Id)).not.toContain(initech);
    const referenced = await conn.recent();
    expect(referenced.map((r) => r.Id)).toContain(initech);
  });
});
