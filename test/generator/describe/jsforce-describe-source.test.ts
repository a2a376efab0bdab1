/**
 * The live-org describe source, through real jsforce over HTTP against the REST
 * emulator on loopback; and the disk cache that makes the next run offline.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator } from '../../../emulator/index.js';
import {
  cachingDescribeSource,
  writeDescribeCache,
} from '../../../generator/describe/describe-cache.js';
import type {
  DescribeProgress,
  DescribeSource,
} from '../../../generator/describe/describe-source.js';
import { fileDescribeSource } from '../../../generator/describe/file-describe-source.js';
import {
  jsforceDescribeSource,
  OrgRequestError,
} from '../../../generator/describe/jsforce-describe-source.js';
import { DescribeError } from '../../../generator/errors.js';
import { removeAll, tempProject } from '../../cli/run-cli.js';
import { useEmulator } from '../../helpers/emulator.js';
import { RECORDED_DESCRIBES as FIXTURES } from '../../helpers/paths.js';

const org = useEmulator({
  describes: FIXTURES,
  users: [{ username: 'dev@example.com', password: 'secret' }],
});

const dirs: string[] = [];
afterEach(() => removeAll(dirs));

/** An empty temporary folder, removed after the test. */
async function cacheDir(): Promise<string> {
  const dir = await tempProject({});
  dirs.push(dir);
  return dir;
}

function tokenSource(
  options: { accessToken?: string; batchSize?: number; concurrency?: number } = {},
) {
  const { accessToken = org.emulator.accessToken, batchSize, concurrency } = options;
  return jsforceDescribeSource({
    apiVersion: '62.0',
    auth: { kind: 'access-token', instanceUrl: org.emulator.instanceUrl, accessToken },
    batchSize,
    concurrency,
  });
}

const BATCH_PATH = '/services/data/v62.0/composite/batch';

async function failure(promise: Promise<unknown>): Promise<OrgRequestError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OrgRequestError);
  expect(error).toBeInstanceOf(DescribeError);
  return error as OrgRequestError;
}

describe('jsforceDescribeSource() with an access token', () => {
  it('lists the org objects from describeGlobal', async () => {
    const names = await tokenSource().listSObjectNames();
    expect(names).toContain('Account');
    expect(names).toContain('Custom__c');
    // the eight served describes and the User the emulator adds for its running user
    expect(names).toContain('User');
    expect(names).toHaveLength(9);
  });

  it('describes the objects asked, in the order asked, naming the URL as origin', async () => {
    const describes = await tokenSource().describe(['Opportunity', 'Account', 'Case']);
    expect(describes.map((entry) => entry.name)).toEqual(['Opportunity', 'Account', 'Case']);
    expect(describes.map((entry) => (entry.json as { name: string }).name)).toEqual([
      'Opportunity',
      'Account',
      'Case',
    ]);
    expect(describes[1]?.origin).toBe(
      `${org.emulator.url}/services/data/v62.0/sobjects/Account/describe`,
    );
    const recorded = JSON.parse(await readFile(join(FIXTURES, 'Account.describe.json'), 'utf8'));
    expect(describes[1]?.json).toEqual(recorded);
  });

  it('describes only the objects asked, in one composite/batch request', async () => {
    const before = org.emulator.requestCount;
    await tokenSource().describe(['Lead', 'Case']);
    const requests = org.emulator.requestsSince(before);
    expect(requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      `POST ${BATCH_PATH}`,
    ]);
    expect(requests[0]?.body).toEqual({
      batchRequests: [
        { method: 'GET', url: 'v62.0/sobjects/Lead/describe' },
        { method: 'GET', url: 'v62.0/sobjects/Case/describe' },
      ],
    });
  });

  it('sends one GET per describe with batchSize 1', async () => {
    const before = org.emulator.requestCount;
    const describes = await tokenSource({ batchSize: 1 }).describe(['Lead', 'Case']);
    expect(describes.map((entry) => entry.name)).toEqual(['Lead', 'Case']);
    const paths = org.emulator.requestsSince(before).map((entry) => entry.path);
    expect(paths.sort()).toEqual([
      '/services/data/v62.0/sobjects/Case/describe',
      '/services/data/v62.0/sobjects/Lead/describe',
    ]);
  });

  it('falls back to one GET per describe when the org refuses composite/batch, asking once even with batches in flight', async () => {
    const refusal = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/batch',
      times: Number.POSITIVE_INFINITY,
      respond: {
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      },
    });
    try {
      const before = org.emulator.requestCount;
      const names = ['Account', 'Case', 'Contact', 'Lead'];
      const source = tokenSource({ batchSize: 2, concurrency: 4 });
      const describes = await source.describe(names);
      expect(describes.map((entry) => (entry.json as { name: string }).name)).toEqual(names);
      const requests = org.emulator.requestsSince(before).map((e) => `${e.method} ${e.path}`);
      expect(requests.filter((r) => r.startsWith('POST'))).toEqual([`POST ${BATCH_PATH}`]);
      expect(requests.filter((r) => r.startsWith('GET'))).toHaveLength(4);
      expect(refusal.hits).toBe(1);
    } finally {
      refusal.remove();
    }
  });

  it('describes one by one a batch the org fails for another reason, and batches the rest', async () => {
    const failure = org.emulator.faults.add({
      method: 'POST',
      path: '/composite/batch',
      respond: {
        status: 400,
        body: [{ errorCode: 'LIMIT_EXCEEDED', message: 'Response too large' }],
      },
    });
    try {
      const before = org.emulator.requestCount;
      const source = tokenSource({ batchSize: 2, concurrency: 1 });
      const names = ['Account', 'Case', 'Contact', 'Lead'];
      const describes = await source.describe(names);
      expect(describes.map((entry) => (entry.json as { name: string }).name)).toEqual(names);
      expect(
        org.emulator.requestsSince(before).map((entry) => `${entry.method} ${entry.path}`),
      ).toEqual([
        `POST ${BATCH_PATH}`,
        'GET /services/data/v62.0/sobjects/Account/describe',
        'GET /services/data/v62.0/sobjects/Case/describe',
        `POST ${BATCH_PATH}`,
      ]);
      expect(failure.hits).toBe(1);
    } finally {
      failure.remove();
    }
  });

  it('reports 401 as an expired or invalid session, naming the object and the URL', async () => {
    const error = await failure(
      tokenSource({ accessToken: 'expired-token' }).describe(['Account']),
    );
    expect(error.failure).toBe('session');
    expect(error.code).toBe('DESCRIBE_ORG_SESSION');
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
    expect(error.objectName).toBe('Account');
    expect(error.url).toBe(`${org.emulator.url}${BATCH_PATH}`);
    expect(error.message).toContain('describe of Account failed: session expired or invalid');
    expect(error.message).toContain(`POST ${error.url}`);
    const batch = await failure(
      tokenSource({ accessToken: 'expired-token' }).describe([
        'Account',
        'Case',
        'Lead',
        'Contact',
      ]),
    );
    expect(batch.message).toContain('describe of Account, Case and 2 more failed');
    const single = await failure(
      tokenSource({ accessToken: 'expired-token', batchSize: 1 }).describe(['Account']),
    );
    expect(single.url).toBe(`${org.emulator.url}/services/data/v62.0/sobjects/Account/describe`);
    expect(single.message).toContain(`GET ${single.url}`);
  });

  it('reports 401 on the global describe too', async () => {
    const error = await failure(tokenSource({ accessToken: 'expired-token' }).listSObjectNames());
    expect(error.failure).toBe('session');
    expect(error.message).toContain('the global describe failed');
  });

  it('reports an unknown object as DESCRIBE_NOT_FOUND, the first failure in the order asked', async () => {
    const error = await failure(tokenSource().describe(['Account', 'Nope__c', 'Missing__c']));
    expect(error.code).toBe('DESCRIBE_NOT_FOUND');
    expect(error.failure).toBe('not-found');
    expect(error.objectName).toBe('Nope__c');
    expect(error.message).toContain('404 NOT_FOUND');
    // The batch answered 404 for it; asked again on its own, the error names that request.
    expect(error.url).toBe(`${org.emulator.url}/services/data/v62.0/sobjects/Nope__c/describe`);
  });

  it('fails fast when the org cannot be reached: a bounded number of attempts', async () => {
    // A server that drops every connection: counts how often the source tries.
    let attempts = 0;
    const dropper = createServer((socket) => {
      attempts += 1;
      socket.destroy();
    });
    await new Promise<void>((done) => dropper.listen(0, '127.0.0.1', done));
    const { port } = dropper.address() as AddressInfo;
    const url = `http://127.0.0.1:${port}`;
    try {
      const source = jsforceDescribeSource({
        apiVersion: '62.0',
        auth: { kind: 'access-token', instanceUrl: url, accessToken: 'x' },
      });
      const error = await failure(source.describe(['Account']));
      expect(error.failure).toBe('network');
      expect(error.code).toBe('DESCRIBE_ORG_UNREACHABLE');
      expect(error.message).toContain(`cannot reach POST ${url}${BATCH_PATH}`);
      expect(attempts).toBe(3);
    } finally {
      await new Promise((done) => dropper.close(done));
    }
  });

  it('rejects bad options eagerly', () => {
    const auth = { kind: 'access-token', instanceUrl: org.emulator.url, accessToken: 'x' } as const;
    expect(() => jsforceDescribeSource({ apiVersion: '62', auth })).toThrow(RangeError);
    expect(() => jsforceDescribeSource({ apiVersion: '62.0', auth, concurrency: 0 })).toThrow(
      'concurrency must be a positive integer, got 0',
    );
    expect(() => jsforceDescribeSource({ apiVersion: '62.0', auth, batchSize: 26 })).toThrow(
      'batchSize must be an integer from 1 to 25, got 26',
    );
  });
});

describe('jsforceDescribeSource() concurrency and progress', () => {
  const many = Array.from({ length: 12 }, (_, index) => ({
    name: `Thing${index}__c`,
    label: `Thing ${index}`,
    fields: [{ name: 'Id', type: 'id' }],
  }));

  it('keeps at most `concurrency` batches in flight and reports progress per object', async () => {
    const slow = await startEmulator({ describes: many, latencyMs: 40 });
    try {
      const source = jsforceDescribeSource({
        apiVersion: '62.0',
        auth: { kind: 'access-token', instanceUrl: slow.url, accessToken: slow.accessToken },
        concurrency: 3,
        batchSize: 2,
      });
      const progress: DescribeProgress[] = [];
      const names = many.map((entry) => entry.name);
      const describes = await source.describe(names, (step) => progress.push(step));
      expect(describes.map((entry) => entry.name)).toEqual(names);
      expect(slow.maxConcurrentRequests).toBe(3);
      expect(slow.requestCount).toBe(6);
      expect(progress).toHaveLength(12);
      expect(progress.map((step) => step.done)).toEqual(
        Array.from({ length: 12 }, (_, i) => i + 1),
      );
      expect(progress.every((step) => step.total === 12)).toBe(true);
    } finally {
      await slow.close();
    }
  });
});

describe('jsforceDescribeSource() with a username and password', () => {
  it('logs in with SOAP login() once, lazily, then describes', async () => {
    const before = org.emulator.requestCount;
    const source = jsforceDescribeSource({
      apiVersion: '61.0',
      auth: {
        kind: 'password',
        username: 'dev@example.com',
        password: 'secret',
        loginUrl: org.emulator.loginUrl,
      },
    });
    expect(org.emulator.requestCount).toBe(before);
    const [contact] = await source.describe(['Contact']);
    expect(contact?.json).toMatchObject({ name: 'Contact' });
    await source.listSObjectNames();
    const logins = org.emulator.requests
      .slice(before)
      .filter((entry) => entry.path.startsWith('/services/Soap/u/'));
    expect(logins).toMatchObject([{ method: 'POST', path: '/services/Soap/u/61.0', status: 200 }]);
  });

  it('uses the OAuth password grant when a client id and secret are given', async () => {
    const before = org.emulator.requestCount;
    const source = jsforceDescribeSource({
      apiVersion: '62.0',
      auth: {
        kind: 'password',
        username: 'dev@example.com',
        password: 'secret',
        loginUrl: org.emulator.loginUrl,
        clientId: 'id',
        clientSecret: 'secret',
      },
    });
    await source.describe(['Case']);
    expect(org.emulator.requestsSince(before)[0]?.path).toBe('/services/oauth2/token');
  });

  it('reports a refused login naming the user and the login URL', async () => {
    const source = jsforceDescribeSource({
      apiVersion: '62.0',
      auth: {
        kind: 'password',
        username: 'dev@example.com',
        password: 'wrong',
        loginUrl: org.emulator.loginUrl,
      },
    });
    const error = await failure(source.describe(['Account']));
    expect(error.failure).toBe('login');
    expect(error.message).toBe(
      `login as dev@example.com at ${org.emulator.loginUrl} failed: INVALID_LOGIN: Invalid username, password, security token; or user locked out.`,
    );
  });
});

describe('describe cache', () => {
  it('writes each describe as <Name>.describe.json that fileDescribeSource reads back', async () => {
    const dir = await cacheDir();
    const cached: string[] = [];
    const source = cachingDescribeSource(tokenSource(), join(dir, 'nested'), (files) =>
      cached.push(...files),
    );
    const live = await source.describe(['Account', 'Custom__c']);
    expect(cached).toEqual([
      join(dir, 'nested', 'Account.describe.json'),
      join(dir, 'nested', 'Custom__c.describe.json'),
    ]);
    expect((await readdir(join(dir, 'nested'))).sort()).toEqual([
      'Account.describe.json',
      'Custom__c.describe.json',
    ]);
    const offline = fileDescribeSource(join(dir, 'nested'));
    expect(await offline.listSObjectNames()).toEqual(['Account', 'Custom__c']);
    const again = await offline.describe(['Account', 'Custom__c']);
    expect(again.map((entry) => entry.json)).toEqual(live.map((entry) => entry.json));
  });

  it('also writes the object list when it was asked for', async () => {
    const dir = await cacheDir();
    const source = cachingDescribeSource(tokenSource(), dir);
    const names = await source.listSObjectNames();
    await source.describe(['Lead']);
    expect((await readdir(dir)).sort()).toEqual(['Lead.describe.json', 'global.describe.json']);
    const global = JSON.parse(await readFile(join(dir, 'global.describe.json'), 'utf8'));
    expect(global).toEqual({ sobjects: names.map((name) => ({ name })) });
    // Offline, the saved objects the org listed are available.
    expect(await fileDescribeSource(dir).listSObjectNames()).toEqual(['Lead']);
  });

  it('writes nothing when the describe call fails', async () => {
    const dir = await cacheDir();
    const source = cachingDescribeSource(tokenSource(), dir);
    await expect(source.describe(['Account', 'Nope__c'])).rejects.toBeInstanceOf(OrgRequestError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('leaves an earlier cache as it was when a later describe fails', async () => {
    const dir = await cacheDir();
    await writeFile(join(dir, 'Account.describe.json'), '{"name":"Account","earlier":true}\n');
    const source = cachingDescribeSource(tokenSource({ batchSize: 2 }), dir);
    // Account arrives (and is staged) before Nope__c's batch fails.
    await expect(source.describe(['Account', 'Case', 'Nope__c'])).rejects.toBeInstanceOf(
      OrgRequestError,
    );
    expect(await readdir(dir)).toEqual(['Account.describe.json']);
    expect(await readFile(join(dir, 'Account.describe.json'), 'utf8')).toContain('"earlier":true');
  });

  it('writes each describe while the others are still being fetched, and removes it when the call fails', async () => {
    const dir = await cacheDir();
    let seenWhileFetching: string[] = [];
    const slowSource: DescribeSource = {
      description: 'a source that fails after handing over Account',
      listSObjectNames: async () => ['Account', 'Case'],
      describe: async (_names, onProgress) => {
        const account = { origin: 'memory:Account', name: 'Account', json: { name: 'Account' } };
        onProgress?.({ done: 1, total: 2, name: 'Account', describe: account });
        for (let wait = 0; wait < 100 && seenWhileFetching.length === 0; wait += 1) {
          await new Promise((resume) => setTimeout(resume, 5));
          seenWhileFetching = await readdir(dir).catch(() => []);
        }
        throw new Error('Case could not be fetched');
      },
    };
    await expect(
      cachingDescribeSource(slowSource, dir).describe(['Account', 'Case']),
    ).rejects.toThrow('Case could not be fetched');
    expect(seenWhileFetching).toEqual([`Account.describe.json.${process.pid}.tmp`]);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses a name that is not an API name', async () => {
    const dir = await cacheDir();
    await expect(
      writeDescribeCache(dir, [{ name: '../evil', origin: 'x', json: {} }]),
    ).rejects.toMatchObject({ code: 'DESCRIBE_INVALID' });
  });
});
