import { describe, expect, it } from 'vitest';
import {
  newSyncStateJson,
  syncStateFromJson,
  syncStateToJson,
} from '../../../../runtime/sync/contracts/sync-state-json.js';

describe('sync state JSON', () => {
  it('starts as the SDK starts a state, and round-trips key for key', () => {
    const json = newSyncStateJson(
      'syncDown',
      'contacts',
      { type: 'soql', query: 'SELECT Id, Name FROM Contact' },
      { mergeMode: 'OVERWRITE' },
      'syncDownContacts',
    );
    expect(json).toEqual({
      type: 'syncDown',
      name: 'syncDownContacts',
      target: { type: 'soql', query: 'SELECT Id, Name FROM Contact' },
      options: { mergeMode: 'OVERWRITE' },
      soupName: 'contacts',
      status: 'NEW',
      progress: 0,
      totalSize: -1,
      maxTimeStamp: -1,
      startTime: 0,
      endTime: 0,
      error: '',
    });
    const state = syncStateFromJson({ ...json, _soupEntryId: 7 });
    expect(state.id).toBe(7);
    expect(syncStateToJson(state)).toEqual({ ...json, _soupEntryId: 7 });
  });

  it('reads a state a native app wrote (no name, sync up target with androidImpl), endTime from its own key', () => {
    const state = syncStateFromJson({
      _soupEntryId: 3,
      type: 'syncUp',
      target: { androidImpl: 'com.salesforce.androidsdk.mobilesync.target.BatchSyncUpTarget' },
      options: { mergeMode: 'LEAVE_IF_CHANGED', fieldlist: ['Name'] },
      soupName: 'accounts',
      status: 'DONE',
      progress: 100,
      totalSize: 4,
      maxTimeStamp: -1,
      startTime: 1000,
      endTime: 2000,
      error: '',
    });
    expect(state).toMatchObject({
      name: undefined,
      status: 'DONE',
      startTime: 1000,
      endTime: 2000,
    });
  });

  it('refuses what is not a state', () => {
    for (const bad of [
      null,
      [],
      { _soupEntryId: 1, type: 'sideways' },
      { _soupEntryId: 1, type: 'syncUp', soupName: 's', target: {}, status: 'LOST' },
    ]) {
      expect(() => syncStateFromJson(bad)).toThrow(
        expect.objectContaining({ code: 'SYNC_BAD_STATE' }),
      );
    }
  });
});
