/**
 * The running user through real jsforce: a `User` record under the id every
 * session runs as, served with the emulator's own `User` describe (unless the
 * loaded describes bring one), so `OwnerId`, `CreatedById`, `Owner.Name` and
 * `CreatedBy.Name` resolve on every record as they do on an org.
 */
import { describe, expect, it } from 'vitest';
import { startEmulator } from '../../emulator/index.js';
import { EMULATED_USER_ID } from '../../emulator/org/records.js';
import { rejectionOf, useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  records: { Account: [{ '@ref': 'acme', Name: 'Acme' }] },
});

type Row = Record<string, unknown>;

describe('the User describe', () => {
  it('is listed by describeGlobal and described with key prefix 005', async () => {
    const conn = org.connect();
    const global = await conn.describeGlobal();
    const entry = global.sobjects.find((s) => s.name === 'User');
    expect(entry).toMatchObject({ keyPrefix: '005', queryable: true, createable: false });
    const user = await conn.sobject('User').describe();
    expect(user.name).toBe('User');
    const names = user.fields.map((f) => f.name);
    expect(names).toEqual(
      expect.arrayContaining(['Id', 'Username', 'Name', 'FirstName', 'LastName', 'Email']),
    );
    expect(user.fields.find((f) => f.name === 'Name')?.nameField).toBe(true);
  });
});

describe('the running user', () => {
  it('is a User record jsforce retrieves by the identity id', async () => {
    const conn = org.connect();
    const identity = await conn.identity();
    expect(identity.user_id).toBe(EMULATED_USER_ID);
    const user = (await conn.sobject('User').retrieve(identity.user_id)) as Row;
    expect(user).toMatchObject({
      Id: EMULATED_USER_ID,
      Username: identity.username,
      Name: 'Emulated User',
      IsActive: true,
    });
    expect(user.attributes).toMatchObject({ type: 'User' });
  });

  it('is who the identity service and the SOAP login name', async () => {
    const conn = org.connect();
    const [user] = (await conn.query('SELECT Name, Email, Username FROM User')).records as Row[];
    const identity = await conn.identity();
    expect(identity).toMatchObject({
      user_id: EMULATED_USER_ID,
      display_name: user?.Name,
      email: user?.Email,
    });
    const withLogin = await startEmulator({
      describes: SAMPLE_DESCRIBES,
      users: [{ username: 'dev@example.com', password: 'secret' }],
    });
    try {
      const soap = await fetch(`${withLogin.url}/services/Soap/u/62.0`, {
        method: 'POST',
        headers: { 'content-type': 'text/xml', soapaction: 'login' },
        body: '<Envelope><Body><login><username>dev@example.com</username><password>secret</password></login></Body></Envelope>',
      });
      expect(await soap.text()).toContain(`<userFullName>${String(user?.Name)}</userFullName>`);
    } finally {
      await withLogin.close();
    }
  });

  it('owns, created and last modified every record; SOQL resolves their names', async () => {
    const conn = org.connect();
    const result = await conn.query<Row>(
      "SELECT Name, OwnerId, Owner.Name, CreatedBy.Name, LastModifiedBy.Username FROM Account WHERE Name = 'Acme'",
    );
    expect(result.records[0]).toMatchObject({
      OwnerId: EMULATED_USER_ID,
      Owner: { attributes: { type: 'User' }, Name: 'Emulated User' },
      CreatedBy: { Name: 'Emulated User' },
      LastModifiedBy: { Username: 'emulator@soupkit.invalid' },
    });
    const users = await conn.query<Row>('SELECT Id, Name FROM User');
    expect(users.records.map((u) => u.Id)).toEqual([EMULATED_USER_ID]);
  });

  it('accepts itself as an owner and refuses an owner that is no user', async () => {
    const conn = org.connect();
    const owned = await conn
      .sobject('Account')
      .create({ Name: 'Owned', OwnerId: EMULATED_USER_ID });
    expect(owned).toMatchObject({ success: true });
    const error = await rejectionOf(
      conn.sobject('Account').create({ Name: 'Orphan', OwnerId: '005000000000009AAA' }),
    );
    expect(error).toMatchObject({ errorCode: 'INVALID_CROSS_REFERENCE_KEY' });
  });

  it('cannot be created, changed or deleted through the API', async () => {
    const users = org.connect().sobject('User');
    const create = await rejectionOf(users.create({ LastName: 'Other' }));
    expect(create).toMatchObject({
      errorCode: 'INVALID_TYPE_FOR_OPERATION',
      message: 'entity type cannot be inserted: User',
    });
    const update = await rejectionOf(users.update({ Id: EMULATED_USER_ID, LastName: 'Renamed' }));
    expect(update.errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
    const remove = await rejectionOf(users.destroy(EMULATED_USER_ID));
    expect(remove.errorCode).toBe('INVALID_TYPE_FOR_OPERATION');
  });
});

describe('a loaded User describe', () => {
  it('is served instead of the shipped one, with the running user in it', async () => {
    const user = {
      name: 'User',
      label: 'Person',
      keyPrefix: '005',
      queryable: true,
      fields: [
        { name: 'Id', type: 'id', nillable: false },
        { name: 'Name', type: 'string', nameField: true },
        { name: 'Username', type: 'string' },
        { name: 'Nickname__c', type: 'string' },
      ],
    };
    const emulator = await startEmulator({ describes: [user], accessToken: 't' });
    try {
      const base = `${emulator.url}/services/data/v${emulator.apiVersion}`;
      const headers = { Authorization: 'Bearer t' };
      const described = (await (
        await fetch(`${base}/sobjects/User/describe`, { headers })
      ).json()) as { label: string };
      expect(described.label).toBe('Person');
      const record = (await (
        await fetch(`${base}/sobjects/User/${EMULATED_USER_ID}`, { headers })
      ).json()) as Row;
      expect(record).toMatchObject({
        Name: 'Emulated User',
        Username: 'emulator@soupkit.invalid',
        Nickname__c: null,
      });
      expect(record).not.toHaveProperty('Email');
    } finally {
      await emulator.close();
    }
  });
});
