/**
 * A FAILED state's `error` is the server's error answer as the SDK stores it
 * (the platform's JSON array, Android `SyncTask.kt` storing the message that
 * `SoqlSyncDownTarget.kt` builds from the answer's body), so it tells an
 * invalid query from a server fault by `errorCode`; a failure with no answer
 * keeps its message.
 */
import { describe, expect, it } from 'vitest';
import { SyncManager, stateErrorText } from '../../../../runtime/sync/index.js';
import { useEmulator } from '../../../helpers/emulator.js';
import { SAMPLE_DESCRIBES } from '../../../helpers/paths.js';
import { memoryStore } from '../../../helpers/store-helpers.js';
import { ACCOUNT_SPECS, rejection, seedAccounts } from '../../../helpers/sync.js';

const org = useEmulator({ describes: SAMPLE_DESCRIBES });

function setup() {
  const store = memoryStore();
  store.registerSoup('accounts', ACCOUNT_SPECS);
  // No retries: a 500 answers the sync at once.
  const manager = SyncManager.open({ store, connection: org.connect(), retry: { maxRetries: 0 } });
  return { store, manager };
}

/** The stored error, parsed as the platform's error array. */
function errorAnswer(error: string | undefined): { errorCode: string; message: string }[] {
  return JSON.parse(error ?? '') as { errorCode: string; message: string }[];
}

describe('state.error', () => {
  it('keeps INVALID_FIELD for a query naming a field the type does not have', async () => {
    const { manager } = setup();
    const failure = await rejection(
      manager.syncDown({
        target: { type: 'soql', query: 'SELECT Name, Nope__c FROM Account' },
        soupName: 'accounts',
        syncName: 'bad field',
      }),
    );
    expect(failure.code).toBe('SYNC_FAILED');
    const stored = manager.getSyncStatus('bad field');
    expect(stored?.status).toBe('FAILED');
    expect(stored?.error).toBe(failure.state?.error);
    const [answer, ...more] = errorAnswer(stored?.error);
    expect(more).toEqual([]);
    expect(answer?.errorCode).toBe('INVALID_FIELD');
    expect(answer?.message).toContain('Nope__c');
  });

  it('keeps UNKNOWN_EXCEPTION for a server fault, and is emptied by the next run that works', async () => {
    const { manager } = setup();
    seedAccounts(org, 'Faulty', 2);
    const body = [
      {
        errorCode: 'UNKNOWN_EXCEPTION',
        message:
          'An unexpected error occurred. Please include this ErrorId if you contact support: 1-2 (3)',
      },
    ];
    const fault = org.emulator.faults.add({
      method: 'GET',
      path: /\/query\?/,
      respond: { status: 500, body },
    });
    const failure = await rejection(
      manager.syncDown({
        target: { type: 'soql', query: "SELECT Name FROM Account WHERE Name LIKE 'Faulty%'" },
        soupName: 'accounts',
        syncName: 'faulty',
      }),
    );
    fault.remove();
    expect(failure.state?.status).toBe('FAILED');
    expect(errorAnswer(manager.getSyncStatus('faulty')?.error)).toEqual(body);
    const again = await manager.reSync('faulty');
    expect(again).toMatchObject({ status: 'DONE', error: '', totalSize: 2 });
  });

  it('keeps the message of a failure without a server answer', async () => {
    const { manager } = setup();
    const fault = org.emulator.faults.add({ method: 'GET', path: /\/query\?/, drop: true });
    const failure = await rejection(
      manager.syncDown({
        target: { type: 'soql', query: 'SELECT Name FROM Account' },
        soupName: 'accounts',
        syncName: 'dropped',
      }),
    );
    fault.remove();
    const error = manager.getSyncStatus('dropped')?.error ?? '';
    expect(error).not.toBe('');
    expect(() => JSON.parse(error)).toThrow();
    expect(failure.state?.error).toBe(error);
  });
});

describe('stateErrorText', () => {
  it('reads a server answer as CODE: message, several joined, anything else as it is', () => {
    expect(
      stateErrorText(
        '[{"message":"No such column","errorCode":"INVALID_FIELD"},{"statusCode":"X","message":"two\\nlines"}]',
      ),
    ).toBe('INVALID_FIELD: No such column; X: two lines');
    expect(stateErrorText('connect ECONNREFUSED 127.0.0.1:1')).toBe(
      'connect ECONNREFUSED 127.0.0.1:1',
    );
    expect(stateErrorText('[not json')).toBe('[not json');
  });
});
