/**
 * `POST …/composite/graph` through real jsforce (`conn.requestPost`): each
 * graph all or none on its own, `@{ref.id}` references inside a graph, only
 * record operations as nodes, the platform's limits, and one API call for the
 * whole request.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../helpers/paths.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

type Json = Record<string, unknown>;

interface NodeAnswer {
  body: unknown;
  httpHeaders: Record<string, string>;
  httpStatusCode: number;
  referenceId: string;
}

interface GraphAnswer {
  graphs: {
    graphId: string;
    isSuccessful: boolean;
    graphResponse: { compositeResponse: NodeAnswer[] };
  }[];
}

function base(): string {
  return `/services/data/v${org.emulator.apiVersion}`;
}

function node(method: string, path: string, referenceId: string, body?: Json): Json {
  return { method, url: `${base()}${path}`, referenceId, ...(body ? { body } : {}) };
}

function post(graphs: unknown): Promise<GraphAnswer> {
  return org.connect().requestPost<GraphAnswer>('/composite/graph', { graphs });
}

async function refusal(graphs: unknown): Promise<{ errorCode: string; message: string }> {
  try {
    await post(graphs);
  } catch (error) {
    return error as { errorCode: string; message: string };
  }
  throw new Error('expected the graph request to fail');
}

describe('graphs', () => {
  it('runs each graph all or none on its own, references resolved within the graph', async () => {
    const accountsBefore = org.emulator.org.all('Account').length;
    const answer = await post([
      {
        graphId: 'good',
        compositeRequest: [
          node('POST', '/sobjects/Account', 'acct', { Name: 'Graph Acme' }),
          node('POST', '/sobjects/Contact', 'jane', { LastName: 'Doe', AccountId: '@{acct.id}' }),
          node('GET', '/sobjects/Contact/@{jane.id}', 'read'),
        ],
      },
      {
        graphId: 'bad',
        compositeRequest: [
          node('POST', '/sobjects/Account', 'acct', { Name: 'Rolled back' }),
          node('POST', '/sobjects/Contact', 'nameless', { AccountId: '@{acct.id}' }),
        ],
      },
    ]);
    const [good, bad] = answer.graphs;
    expect(good?.graphId).toBe('good');
    expect(good?.isSuccessful).toBe(true);
    const [acct, jane, read] = good?.graphResponse.compositeResponse ?? [];
    expect(acct?.httpStatusCode).toBe(201);
    expect(jane?.httpStatusCode).toBe(201);
    expect(read?.body).toMatchObject({
      LastName: 'Doe',
      AccountId: (acct?.body as Json | undefined)?.id,
    });

    expect(bad).toMatchObject({ graphId: 'bad', isSuccessful: false });
    expect(bad?.graphResponse.compositeResponse).toEqual([
      {
        body: [
          {
            errorCode: 'PROCESSING_HALTED',
            message:
              'The transaction was rolled back since another operation in the same transaction failed.',
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: 'acct',
      },
      {
        body: [
          {
            errorCode: 'REQUIRED_FIELD_MISSING',
            message: 'Required fields are missing: [LastName]',
            fields: ['LastName'],
          },
        ],
        httpHeaders: {},
        httpStatusCode: 400,
        referenceId: 'nameless',
      },
    ]);
    const names = org.emulator.org.all('Account').map((a) => a.Name);
    expect(names).toContain('Graph Acme');
    expect(names).not.toContain('Rolled back');
    expect(names).toHaveLength(accountsBefore + 1);
  });

  it('fails a graph whose node is not a record operation', async () => {
    const answer = await post([
      {
        graphId: 'g1',
        compositeRequest: [
          node('POST', '/sobjects/Account', 'acct', { Name: 'Never kept' }),
          node('GET', '/query?q=SELECT+Id+FROM+Account', 'q'),
        ],
      },
    ]);
    const [graph] = answer.graphs;
    expect(graph?.isSuccessful).toBe(false);
    expect(graph?.graphResponse.compositeResponse[1]).toMatchObject({
      httpStatusCode: 400,
      body: [{ errorCode: 'INVALID_INPUT' }],
    });
    expect(org.emulator.org.all('Account').map((a) => a.Name)).not.toContain('Never kept');
  });

  it('counts as one API call', async () => {
    org.emulator.apiUsage.reset();
    await post([
      {
        graphId: 'one',
        compositeRequest: [
          node('POST', '/sobjects/Account', 'a1', { Name: 'Count 1' }),
          node('POST', '/sobjects/Account', 'a2', { Name: 'Count 2' }),
        ],
      },
      {
        graphId: 'two',
        compositeRequest: [node('POST', '/sobjects/Account', 'a1', { Name: 'Count 3' })],
      },
    ]);
    expect(org.emulator.apiUsage.used).toBe(1);
  });
});

describe('limits and request errors', () => {
  it('refuses more than 500 nodes in all', async () => {
    const graph = (id: string, count: number) => ({
      graphId: id,
      compositeRequest: Array.from({ length: count }, (_, i) =>
        node('POST', '/sobjects/Account', `n${i}`, { Name: `N${i}` }),
      ),
    });
    const failed = await refusal([graph('g1', 300), graph('g2', 201)]);
    expect(failed.errorCode).toBe('LIMIT_EXCEEDED');
  });

  it('refuses a chain of references deeper than 15', async () => {
    const chain = Array.from({ length: 16 }, (_, i) =>
      i === 0
        ? node('POST', '/sobjects/Account', 'a0', { Name: 'Root' })
        : node('POST', '/sobjects/Account', `a${i}`, {
            Name: `A${i}`,
            ParentId: `@{a${i - 1}.id}`,
          }),
    );
    const failed = await refusal([{ graphId: 'deep', compositeRequest: chain }]);
    expect(failed.errorCode).toBe('LIMIT_EXCEEDED');
    const fifteen = await post([{ graphId: 'deep', compositeRequest: chain.slice(0, 15) }]);
    expect(fifteen.graphs[0]?.isSuccessful).toBe(true);
  });

  it('refuses a repeated or malformed graphId', async () => {
    const nodes = [node('POST', '/sobjects/Account', 'a', { Name: 'X' })];
    const repeated = await refusal([
      { graphId: 'same', compositeRequest: nodes },
      { graphId: 'same', compositeRequest: nodes },
    ]);
    expect(repeated.errorCode).toBe('INVALID_INPUT');
    const malformed = await refusal([{ graphId: '_starts-badly', compositeRequest: nodes }]);
    expect(malformed.errorCode).toBe('INVALID_INPUT');
  });
});
