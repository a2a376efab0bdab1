/**
 * The org connection of the runtime (`soupkit sync` and the generator's
 * describe source alike), through real jsforce over loopback: a session or a
 * login, the one default API version, and `checkOrg`'s one request telling
 * an unreachable org, a refused session, a missing API version and another
 * answer apart, each in one line naming the URL.
 */
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { connectToOrg as generatorConnect } from '../../../../generator/describe/jsforce-describe-source.js';
import {
  checkOrg,
  connectToOrg,
  DEFAULT_API_VERSION,
  OrgConnectionError,
  SESSION_HINT,
} from '../../../../runtime/sync/adapters/jsforce-connect.js';
import { useEmulator } from '../../../helpers/emulator.js';

const org = useEmulator({ users: [{ username: 'dev@example.com', password: 'secret' }] });

async function failure(promise: Promise<unknown>): Promise<OrgConnectionError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(OrgConnectionError);
  expect((error as Error).message).not.toContain('\n');
  return error as OrgConnectionError;
}

const session = (accessToken = org.emulator.accessToken) =>
  connectToOrg({ kind: 'access-token', instanceUrl: `${org.emulator.instanceUrl}/`, accessToken });

describe('connectToOrg', () => {
  it('uses the session given, at the default API version unless told', async () => {
    const connection = await session();
    expect(connection.version).toBe(DEFAULT_API_VERSION);
    expect(connection.instanceUrl).toBe(org.emulator.instanceUrl);
    await checkOrg(connection);
  });

  it('logs in with a username and password, and names a refused login', async () => {
    const auth = {
      kind: 'password',
      username: 'dev@example.com',
      password: 'secret',
      loginUrl: org.emulator.loginUrl,
    } as const;
    await checkOrg(await connectToOrg(auth, '61.0'));
    const refused = await failure(connectToOrg({ ...auth, password: 'wrong' }));
    expect(refused.code).toBe('ORG_LOGIN');
    expect(refused.message).toMatch(
      /^login as dev@example\.com at http:\/\/127\.0\.0\.1:\d+ failed: /,
    );
  });

  it('is what the generator connects with (its errors kept as describe errors)', async () => {
    const connection = await generatorConnect(
      { kind: 'access-token', instanceUrl: org.emulator.instanceUrl, accessToken: 'x' },
      '60.0',
    );
    expect(connection.constructor).toBe((await session()).constructor);
    expect(connection.version).toBe('60.0');
  });
});

describe('checkOrg', () => {
  it('sends one request and takes the org when it answers', async () => {
    const before = org.emulator.requestCount;
    await checkOrg(await session());
    expect(
      org.emulator.requestsSince(before).map((r) => `${r.method} ${r.path} ${r.status}`),
    ).toEqual([`GET /services/data/v${DEFAULT_API_VERSION} 200`]);
  });

  it('names an unreachable org by its URL, after one try', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const connection = await connectToOrg({
      kind: 'access-token',
      instanceUrl: `http://127.0.0.1:${port}`,
      accessToken: 'x',
    });
    const error = await failure(checkOrg(connection));
    expect(error.code).toBe('ORG_UNREACHABLE');
    expect(error.message).toBe(
      `cannot reach the org at http://127.0.0.1:${port} (connect ECONNREFUSED 127.0.0.1:${port})`,
    );
    const drop = org.emulator.faults.add({
      path: `/services/data/v${DEFAULT_API_VERSION}`,
      drop: true,
      times: Number.POSITIVE_INFINITY,
    });
    try {
      expect((await failure(checkOrg(await session()))).code).toBe('ORG_UNREACHABLE');
      expect(drop.hits).toBe(1);
    } finally {
      drop.remove();
    }
  });

  it('gives the session hint for a revoked token', async () => {
    const token = org.emulator.addAccessToken();
    org.emulator.revokeAccessToken(token);
    const error = await failure(checkOrg(await session(token)));
    expect(error.code).toBe('ORG_SESSION');
    expect(error.errorCode).toBe('INVALID_SESSION_ID');
    expect(error.message).toBe(
      `the org at ${org.emulator.instanceUrl}: session expired or invalid (401 INVALID_SESSION_ID from GET ${org.emulator.instanceUrl}/services/data/v62.0); ${SESSION_HINT}`,
    );
  });

  it('tells a missing API version and any other answer apart', async () => {
    const missing = org.emulator.faults.add({
      path: `/services/data/v${DEFAULT_API_VERSION}`,
      respond: {
        status: 404,
        body: [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }],
      },
    });
    const notServed = await failure(checkOrg(await session()));
    missing.remove();
    expect(notServed.code).toBe('ORG_NO_API_VERSION');
    expect(notServed.message).toContain(`does not serve API version ${DEFAULT_API_VERSION}`);
    const broken = org.emulator.faults.add({
      path: `/services/data/v${DEFAULT_API_VERSION}`,
      times: Number.POSITIVE_INFINITY,
      respond: {
        status: 503,
        body: [{ errorCode: 'SERVER_UNAVAILABLE', message: 'down\nfor maintenance' }],
      },
    });
    const other = await failure(checkOrg(await session()));
    broken.remove();
    expect(other.code).toBe('ORG_HTTP');
    expect(broken.hits).toBe(1);
    expect(other.message).toMatch(
      /^the org at http:\/\/127\.0\.0\.1:\d+ answered GET .* with SERVER_UNAVAILABLE: down$/,
    );
  });

  it('says an org that takes the connection but never answers is unreachable, in the time given', async () => {
    // A socket that accepts and keeps silent: only the timeout can end the request.
    const sockets = new Set<import('node:net').Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as { port: number };
    try {
      const connection = await connectToOrg({
        kind: 'access-token',
        instanceUrl: `http://127.0.0.1:${port}`,
        accessToken: 'x',
      });
      const error = await failure(checkOrg(connection, { timeoutMs: 300 }));
      expect(error.code).toBe('ORG_UNREACHABLE');
      expect(error.message).toBe(
        `cannot reach the org at http://127.0.0.1:${port} (no answer in 0.3 s)`,
      );
      expect(sockets.size).toBe(1);
    } finally {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('asks once when the org answers 420 (jsforce would retry it twice)', async () => {
    const gone = org.emulator.faults.add({
      path: `/services/data/v${DEFAULT_API_VERSION}`,
      times: Number.POSITIVE_INFINITY,
      respond: { status: 420, body: [{ errorCode: 'ORG_LOCKED', message: 'org is gone' }] },
    });
    const before = org.emulator.requestCount;
    try {
      const error = await failure(checkOrg(await session()));
      expect(error.code).toBe('ORG_HTTP');
      expect(gone.hits).toBe(1);
      expect(org.emulator.requestCount - before).toBe(1);
    } finally {
      gone.remove();
    }
  });
});
