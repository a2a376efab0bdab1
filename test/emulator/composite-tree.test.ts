/**
 * `POST …/composite/tree/{T}` through real jsforce, as `sf data import tree`
 * and CI seeders send it (`conn.request` / `conn.requestPost`): nested
 * children linked to their parents, results level by level, all or nothing
 * with every failed record listed, the platform's limits, and an unknown
 * field refusing the whole request with `INVALID_FIELD`.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

type Json = Record<string, unknown>;

interface TreeAnswer {
  hasErrors: boolean;
  results: { referenceId: string; id?: string; errors?: Json[] }[];
}

function post(type: string, body: unknown): Promise<TreeAnswer> {
  return org.connect().request<TreeAnswer>({
    method: 'POST',
    url: `/services/data/v${org.emulator.apiVersion}/composite/tree/${type}`,
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
}

/** A tree request jsforce refused: its errorCode, and the answer's body parsed. */
async function refusal(type: string, body: unknown): Promise<{ errorCode: string; body: unknown }> {
  try {
    await post(type, body);
  } catch (error) {
    const { errorCode, message } = error as { errorCode: string; message: string };
    let parsed: unknown = message;
    try {
      parsed = JSON.parse(message);
    } catch {
      // jsforce keeps the message of a platform error array as is
    }
    return { errorCode, body: parsed };
  }
  throw new Error('expected the tree request to fail');
}

function record(type: string, referenceId: string, fields: Json): Json {
  return { attributes: { type, referenceId }, ...fields };
}

describe('creating trees', () => {
  it('creates roots and nested children, linked, and answers their ids level by level', async () => {
    const answer = await org.connect().requestPost<TreeAnswer>('/composite/tree/Account', {
      records: [
        record('Account', 'acme', {
          Name: 'Tree Acme',
          Contacts: {
            records: [
              record('Contact', 'jane', { LastName: 'Doe', FirstName: 'Jane' }),
              record('contact', 'john', { lastname: 'Roe' }),
            ],
          },
        }),
        record('Account', 'globex', {
          Name: 'Tree Globex',
          ChildAccounts: { records: [record('Account', 'globexEu', { Name: 'Globex EU' })] },
        }),
      ],
    });
    expect(answer.hasErrors).toBe(false);
    expect(answer.results.map((r) => r.referenceId)).toEqual([
      'acme',
      'globex',
      'jane',
      'john',
      'globexEu',
    ]);
    const ids = new Map(answer.results.map((r) => [r.referenceId, r.id as string]));
    const { org: data } = org.emulator;
    expect(data.get('Account', ids.get('acme') as string)?.Name).toBe('Tree Acme');
    expect(data.get('Contact', ids.get('jane') as string)?.AccountId).toBe(ids.get('acme'));
    expect(data.get('Contact', ids.get('john') as string)).toMatchObject({
      LastName: 'Roe',
      AccountId: ids.get('acme'),
    });
    expect(data.get('Account', ids.get('globexEu') as string)?.ParentId).toBe(ids.get('globex'));
  });

  it('answers 201 Created', async () => {
    const response = await fetch(`${org.emulator.url}/services/data/v62.0/composite/tree/Contact`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${org.emulator.accessToken}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ records: [record('Contact', 'solo', { LastName: 'Solo' })] }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({
      hasErrors: false,
      results: [{ referenceId: 'solo', id: expect.stringMatching(/^003\w{15}$/) }],
    });
  });
});

describe('all or nothing', () => {
  it('writes nothing when a record fails, and lists every failed record', async () => {
    const before = {
      accounts: org.emulator.org.all('Account'),
      contacts: org.emulator.org.all('Contact'),
    };
    const failed = await refusal('Account', {
      records: [
        record('Account', 'ok1', {
          Name: 'Kept?',
          Contacts: {
            records: [
              record('Contact', 'noName', { FirstName: 'Nameless' }),
              record('Contact', 'fine', { LastName: 'Fine' }),
            ],
          },
        }),
        record('Account', 'tooLong', { Name: 'x'.repeat(300) }),
      ],
    });
    expect(failed.errorCode).toBe('ERROR_HTTP_400');
    expect(failed.body).toEqual({
      hasErrors: true,
      results: [
        {
          referenceId: 'tooLong',
          errors: [
            {
              statusCode: 'STRING_TOO_LONG',
              message: expect.stringContaining('max length=255'),
              fields: ['Name'],
            },
          ],
        },
        {
          referenceId: 'noName',
          errors: [
            {
              statusCode: 'REQUIRED_FIELD_MISSING',
              message: 'Required fields are missing: [LastName]',
              fields: ['LastName'],
            },
          ],
        },
      ],
    });
    expect(org.emulator.org.all('Account')).toEqual(before.accounts);
    expect(org.emulator.org.all('Contact')).toEqual(before.contacts);
  });

  it('lists each use of a repeated referenceId, and writes nothing', async () => {
    const before = org.emulator.org.all('Account').length;
    const failed = await refusal('Account', {
      records: [
        record('Account', 'twice', { Name: 'One' }),
        record('Account', 'twice', { Name: 'Two' }),
        record('Account', 'once', { Name: 'Three' }),
      ],
    });
    const body = failed.body as TreeAnswer;
    expect(body.hasErrors).toBe(true);
    expect(body.results.map((r) => [r.referenceId, r.errors?.[0]?.statusCode])).toEqual([
      ['twice', 'INVALID_INPUT'],
      ['twice', 'INVALID_INPUT'],
    ]);
    expect(org.emulator.org.all('Account')).toHaveLength(before);
  });

  it('refuses a record of another type than its place in the tree', async () => {
    const failed = await refusal('Account', {
      records: [record('Contact', 'wrongRoot', { LastName: 'Root' })],
    });
    expect(failed.body).toMatchObject({
      hasErrors: true,
      results: [
        {
          referenceId: 'wrongRoot',
          errors: [{ statusCode: 'INVALID_INPUT', message: expect.stringContaining('Contact') }],
        },
      ],
    });
  });

  it('refuses the whole request with INVALID_FIELD for an unknown field, as sf data import tree expects', async () => {
    const before = org.emulator.org.all('Account').length;
    const failed = await refusal('Account', {
      records: [
        record('Account', 'first', { Name: 'Saved first?' }),
        record('Account', 'bad', { Name: 'Bad', Colour__c: 'red' }),
      ],
    });
    expect(failed.errorCode).toBe('INVALID_FIELD');
    expect(failed.body).toBe("No such column 'Colour__c' on sobject of type Account");
    expect(org.emulator.org.all('Account')).toHaveLength(before);
  });
});

describe('limits', () => {
  it('refuses more than 200 records in all', async () => {
    const records = Array.from({ length: 201 }, (_, i) =>
      record('Account', `a${i}`, { Name: `A${i}` }),
    );
    const failed = await refusal('Account', { records });
    expect(failed.errorCode).toBe('LIMIT_EXCEEDED');
    await expect(post('Account', { records: records.slice(0, 200) })).resolves.toMatchObject({
      hasErrors: false,
    });
  });

  it('refuses a tree deeper than five levels', async () => {
    const chain = (depth: number): Json =>
      record('Account', `level${depth}`, {
        Name: `Level ${depth}`,
        ...(depth > 1 ? { ChildAccounts: { records: [chain(depth - 1)] } } : {}),
      });
    const failed = await refusal('Account', { records: [chain(6)] });
    expect(failed.errorCode).toBe('LIMIT_EXCEEDED');
    const five = await post('Account', { records: [chain(5)] });
    expect(five.results.map((r) => r.referenceId)).toEqual([
      'level5',
      'level4',
      'level3',
      'level2',
      'level1',
    ]);
  });

  it('answers NOT_FOUND for an unknown root type', async () => {
    const failed = await refusal('Nope__c', { records: [record('Nope__c', 'n', {})] });
    expect(failed.errorCode).toBe('NOT_FOUND');
  });
});
