/**
 * The metadata and layout sync-down targets against the emulator: one record
 * each, under the SDK ids; no ghosts.
 */
import { describe, expect, it } from 'vitest';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import { soupEntries, syncSetup } from '../../../helpers/sync.js';

const org = useEmulator({
  describes: SAMPLE_DESCRIBES,
  briefcaseRules: [
    { type: 'Account', where: "Name LIKE 'Brief%'" },
    { type: 'Contact', where: "LastName LIKE 'Brief%'" },
  ],
});

describe('metadata and layout sync down', () => {
  it('store the describe and the layout as one record each, under the SDK ids', async () => {
    const { store, manager } = syncSetup(org);
    store.registerSoup('metadata', [
      { path: 'Id', type: 'string' },
      { path: '__local__', type: 'string' },
    ]);
    const described = await manager.syncDown({
      target: { type: 'metadata', sobjectType: 'Account' },
      soupName: 'metadata',
    });
    expect(described).toMatchObject({ status: 'DONE', totalSize: 1 });
    const laid = await manager.syncDown({
      target: { type: 'layout', sobjectType: 'Contact', layoutType: 'Compact', mode: 'View' },
      soupName: 'metadata',
    });
    expect(laid.status).toBe('DONE');
    const [account, contact] = soupEntries(store, 'metadata');
    expect(account).toMatchObject({
      Id: 'Account',
      name: 'Account',
      keyPrefix: '001',
      __local__: false,
    });
    expect(contact).toMatchObject({
      Id: 'Contact-null-Compact-View-null',
      layoutType: 'Compact',
      mode: 'View',
    });
    const [request] = org.emulator.requests.filter((r) => r.path.includes('/ui-api/layout/'));
    expect(request?.query).toEqual({ layoutType: 'Compact', mode: 'View' });
    expect(await manager.cleanResyncGhosts(described.id)).toBe(0);
  });
});
