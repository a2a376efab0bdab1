/**
 * A create whose answer was lost is looked up by the next run from the
 * server's clock (the `Date` of its answers), never the device's: with the
 * org's clock 2 hours behind the device (set before the org's first write, as
 * a real org's clock never jumps), the record is found, not created again.
 */
import { describe, expect, it } from 'vitest';
import { createLocally } from '../../../runtime/sync/index.js';
import { useEmulator } from '../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../helpers/paths.js';
import { rejection, serverRecords, soupEntries, syncSetup } from '../../helpers/sync.js';

const HOUR = 60 * 60 * 1000;
const org = useEmulator({ describes: SAMPLE_DESCRIBES });

describe('a create whose answer was lost, with the server clock 2 hours behind the device', () => {
  it('is found on the server by the next run, not created again', async () => {
    const tag = 'SlowServerClock';
    org.emulator.clock.advance(-2 * HOUR);
    try {
      expect(org.emulator.clock.now()).toBeLessThan(Date.now() - HOUR);
      const { store, manager } = syncSetup(org);
      createLocally(store, 'accounts', { Name: `${tag} 1` }, { sobjectType: 'Account' });
      const drop = org.emulator.faults.add({
        method: 'POST',
        path: '/composite/sobjects',
        dropAfterCommit: true,
      });
      const request = {
        soupName: 'accounts',
        syncName: tag,
        target: { createFieldlist: ['Name'], updateFieldlist: ['Name'] },
        options: { mergeMode: 'OVERWRITE' as const },
      };
      const error = await rejection(manager.syncUp(request));
      drop.remove();
      expect(error.state?.status).toBe('FAILED');
      expect(manager.getPendingWrites('accounts')).toMatchObject([
        { op: 'create', fields: ['Name'] },
      ]);
      // The note carries the server's time, 2 hours behind the device's.
      const serverAt = Number(manager.getPendingWrites('accounts')[0]?.serverAt);
      expect(Math.abs(serverAt - org.emulator.clock.now())).toBeLessThan(60_000);
      expect((await manager.reSync(tag)).status).toBe('DONE');
      const server = serverRecords(org, 'Account', 'Name', `${tag} `);
      expect(server).toHaveLength(1);
      expect(soupEntries(store, 'accounts').map((e) => [e.Id, e.__local__])).toEqual([
        [server[0]?.Id, false],
      ]);
    } finally {
      org.emulator.clock.advance(2 * HOUR);
    }
  });
});
