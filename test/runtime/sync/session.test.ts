/**
 * An expired session during a sync: jsforce refreshes it once through the
 * OAuth refresh token and the sync goes on; a revoked refresh token fails the
 * sync (the SDK leaves it RUNNING) with every local change kept.
 */
import { describe, expect, it } from 'vitest';
import { createLocally, SyncManager } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { memoryStore } from '../../helpers/store-helpers.js';
import { ACCOUNT_SPECS, rejection, serverRecords, soupEntries } from '../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

function expiredSession() {
  const refreshToken = org.emulator.issueRefreshToken('dev@example.com');
  const expired = org.emulator.addAccessToken();
  org.emulator.revokeAccessToken(expired);
  const store = memoryStore();
  store.registerSoup('accounts', ACCOUNT_SPECS);
  const connection = org.connect({ accessToken: expired, refreshToken });
  return { store, connection, refreshToken, manager: SyncManager.open({ store, connection }) };
}

describe('an expired session', () => {
  it('is refreshed once, mid sync down and mid sync up, and the syncs go on', async () => {
    const { store, connection, manager } = expiredSession();
    org.emulator.org.insert(
      'Account',
      Array.from({ length: 450 }, (_, i) => ({ Name: `Session ${i}` })),
    );
    const refreshed: string[] = [];
    connection.on('refresh', (token: string) => refreshed.push(token));
    const mark = org.emulator.requestCount;
    const down = await manager.syncDown({
      target: {
        type: 'soql',
        query: "SELECT Name FROM Account WHERE Name LIKE 'Session %'",
        maxBatchSize: 200,
      },
      soupName: 'accounts',
    });
    expect(down.status).toBe('DONE');
    expect(soupEntries(store, 'accounts')).toHaveLength(450);
    expect(refreshed).toHaveLength(1);
    expect(
      org.emulator.requestsSince(mark).filter((r) => r.path.startsWith('/services/oauth2/token')),
    ).toHaveLength(1);

    org.emulator.revokeAccessToken(connection.accessToken as string);
    createLocally(store, 'accounts', { Name: 'Session created' }, { sobjectType: 'Account' });
    const up = await manager.syncUp({
      soupName: 'accounts',
      target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
      options: { mergeMode: 'OVERWRITE' },
    });
    expect(up.status).toBe('DONE');
    expect(refreshed).toHaveLength(2);
    // The create answered 401 before the refresh: sent again, applied once.
    expect(serverRecords(org, 'Account', 'Name', 'Session created')).toHaveLength(1);
  });

  it('with its refresh token revoked fails the sync and keeps the local change', async () => {
    const { store, refreshToken, manager } = expiredSession();
    org.emulator.revokeRefreshToken(refreshToken);
    const created = createLocally(
      store,
      'accounts',
      { Name: 'Session lost' },
      { sobjectType: 'Account' },
    );
    const error = await rejection(
      manager.syncUp({
        soupName: 'accounts',
        target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
        options: { mergeMode: 'OVERWRITE' },
      }),
    );
    expect(error.code).toBe('SYNC_FAILED');
    expect(error.state?.status).toBe('FAILED');
    expect(error.state?.error).not.toBe('');
    expect(store.retrieve('accounts', [created._soupEntryId])[0]).toMatchObject({
      Name: 'Session lost',
      __locally_created__: true,
    });
    expect(serverRecords(org, 'Account', 'Name', 'Session lost')).toHaveLength(0);
  });
});
