/**
 * A sync up of a create against an org that does not answer fails on the
 * first request (the server-clock probe, `GET /services/data`), which is not
 * retried: the failure is the sync's, with the unanswered call as its cause.
 */
import { createServer, type Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import {
  createLocally,
  openConnection,
  SalesforceRequestError,
  SyncManager,
} from '../../../runtime/sync/index.js';
import { memoryStore } from '../../helpers/store-helpers.js';
import { ACCOUNT_SPECS, rejection } from '../../helpers/sync.js';

const UP = {
  soupName: 'accounts',
  target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
  options: { mergeMode: 'OVERWRITE' as const },
};

async function dirtyManager(instanceUrl: string): Promise<SyncManager> {
  const store = memoryStore();
  store.registerSoup('accounts', ACCOUNT_SPECS);
  createLocally(store, 'accounts', { Name: 'Unreachable 1' }, { sobjectType: 'Account' });
  const connection = await openConnection({ instanceUrl, accessToken: 'token' });
  return SyncManager.open({ store, connection });
}

/** The first `SalesforceRequestError` along `cause`. */
function requestErrorIn(error: unknown): SalesforceRequestError | undefined {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (current instanceof SalesforceRequestError) return current;
  }
  return undefined;
}

describe('a sync up against an org that does not answer', () => {
  it('fails with the refused connection as its cause (a port listened on, then closed)', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const manager = await dirtyManager(`http://127.0.0.1:${port}`);
    const error = await rejection(manager.syncUp(UP));
    expect(error.code).toBe('SYNC_FAILED');
    expect(error.state?.status).toBe('FAILED');
    const cause = requestErrorIn(error);
    expect(cause?.answered).toBe(false);
    // The probe's own failure, not the create's that would follow it.
    expect(String((cause?.cause as Error | undefined)?.message)).toMatch(
      /\/services\/data failed, reason: .*ECONNREFUSED/,
    );
    manager.stop();
  });

  it('asks once: the probe is not retried', async () => {
    // A server that takes each connection and drops it (ECONNRESET, which jsforce retries by default).
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    try {
      const manager = await dirtyManager(`http://127.0.0.1:${port}`);
      const error = await rejection(manager.syncUp(UP));
      expect(error.code).toBe('SYNC_FAILED');
      expect(requestErrorIn(error)?.answered).toBe(false);
      expect(sockets).toHaveLength(1);
      manager.stop();
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
