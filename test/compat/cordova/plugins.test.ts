/**
 * `soupkit/cordova` against the emulator: mobilesync answering at RUNNING and
 * finishing with `sync` events on `document`, the network and oauth plugins,
 * the registry and the globals hybrid code expects.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCordova, installCordovaGlobals } from '../../../compat/cordova/index.js';
import type { smartstoreClient } from '../../../compat/cordova/smartstore-client.js';
import { reset, type SoupkitEmulator, useSoupkitEmulator } from '../../../compat/index.js';

type Fn = (...args: unknown[]) => unknown;
type AsyncFn = (...args: unknown[]) => Promise<unknown>;
interface State {
  _soupEntryId: number;
  status: string;
  progress: number;
  totalSize: number;
  type: string;
  isGlobalStore?: boolean;
}

const cordova = createCordova();
const { promiser } = cordova.require('com.salesforce.util.promiser') as {
  promiser: (object: object, method: string) => AsyncFn;
};
const sync = cordova.require('com.salesforce.plugin.mobilesync') as Record<string, Fn> & {
  MERGE_MODE: Record<string, string>;
};
const client = cordova.require('com.salesforce.plugin.smartstore.client') as ReturnType<
  typeof smartstoreClient
>;
const syncDown = promiser(sync, 'syncDown');
const syncUp = promiser(sync, 'syncUp');
const reSync = promiser(sync, 'reSync');
const getSyncStatus = promiser(sync, 'getSyncStatus');
const deleteSync = promiser(sync, 'deleteSync');
const cleanResyncGhosts = promiser(sync, 'cleanResyncGhosts');

let org: SoupkitEmulator;
beforeAll(async () => {
  org = await useSoupkitEmulator();
});
afterAll(() => org.close());
afterEach(() => reset());

/** The first `sync` event on the document matching `id` with a final status. */
function finished(id: number): Promise<State> {
  return new Promise((resolve) => {
    const listener = (event: Event) => {
      const detail = (event as CustomEvent<State>).detail;
      if (detail._soupEntryId === id && (detail.status === 'DONE' || detail.status === 'FAILED')) {
        cordova.document.removeEventListener('sync', listener);
        resolve(detail);
      }
    };
    cordova.document.addEventListener('sync', listener);
  });
}

async function accountsSoup(config: unknown = false) {
  await client.registerSoup(config, 'accounts', [
    { path: 'Id', type: 'string' },
    { path: 'Name', type: 'string' },
    { path: '__local__', type: 'string' },
  ]);
}

function accountsDown(tag: string) {
  return {
    type: 'soql',
    query: `SELECT Id, Name, LastModifiedDate FROM Account WHERE Name LIKE '${tag}%' ORDER BY Name`,
  };
}

describe('the mobilesync plugin', () => {
  it('answers a sync down when it runs, and finishes with a sync event (progress 100)', async () => {
    await accountsSoup();
    org.emulator.org.insert('Account', [{ Name: 'HyDown 1' }, { Name: 'HyDown 2' }]);
    const started = (await syncDown(accountsDown('HyDown'), 'accounts', {
      mergeMode: sync.MERGE_MODE.OVERWRITE,
    })) as State;
    expect(started.status).toBe('RUNNING');
    const done = await finished(started._soupEntryId);
    expect(done).toMatchObject({
      status: 'DONE',
      progress: 100,
      totalSize: 2,
      type: 'syncDown',
      isGlobalStore: false,
    });
    const rows = (await client.querySoup('accounts', {
      queryType: 'range',
      indexPath: 'Name',
      orderPath: 'Name',
    })) as {
      totalEntries: number;
    };
    expect(rows.totalEntries).toBe(2);
  });

  it('syncs up without a target, re-syncs by name, getSyncStatus null after deleteSync', async () => {
    await accountsSoup(true);
    const [id] = org.emulator.org.insert('Account', [{ Name: 'HyUp 1' }]);
    const down = (await syncDown(
      true,
      accountsDown('HyUp'),
      'accounts',
      { mergeMode: 'OVERWRITE' },
      'hyDown',
    )) as State;
    await finished(down._soupEntryId);
    const cursor = (await client.querySoup(true, 'accounts', {
      queryType: 'exact',
      indexPath: 'Id',
      matchKey: id,
    })) as {
      currentPageOrderedEntries: Record<string, unknown>[];
    };
    await client.upsertSoupEntries(true, 'accounts', [
      {
        ...cursor.currentPageOrderedEntries[0],
        Name: 'HyUp edited',
        __local__: true,
        __locally_updated__: true,
      },
    ]);
    const up = (await syncUp(true, 'accounts', {
      mergeMode: 'OVERWRITE',
      fieldlist: ['Name'],
    })) as State;
    expect(up.type).toBe('syncUp');
    expect((await finished(up._soupEntryId)).status).toBe('DONE');
    expect(org.emulator.org.get('Account', id ?? '')?.Name).toBe('HyUp edited');
    org.emulator.clock.advance(1000);
    org.emulator.org.update('Account', id ?? '', { Name: 'HyUp server' });
    const again = (await reSync(true, 'hyDown')) as State;
    expect(again._soupEntryId).toBe(down._soupEntryId);
    expect(await finished(down._soupEntryId)).toMatchObject({ status: 'DONE', totalSize: 1 });
    expect(await getSyncStatus(true, 'hyDown')).toMatchObject({ _soupEntryId: down._soupEntryId });
    await deleteSync(true, down._soupEntryId);
    expect(await getSyncStatus(true, 'hyDown')).toBeNull();
  });

  it('cleans resync ghosts', async () => {
    await accountsSoup();
    const [, ghost] = org.emulator.org.insert('Account', [
      { Name: 'HyGhost 1' },
      { Name: 'HyGhost 2' },
    ]);
    const down = (await syncDown(accountsDown('HyGhost'), 'accounts', {
      mergeMode: 'OVERWRITE',
    })) as State;
    await finished(down._soupEntryId);
    org.emulator.org.delete('Account', ghost ?? '');
    expect(await cleanResyncGhosts(down._soupEntryId)).toBe(1);
  });

  it('rejects a sync that fails before it runs', async () => {
    await expect(syncDown({ type: 'nonsense' }, 'accounts', {})).rejects.toThrow();
  });
});

describe('network, oauth and sdkinfo', () => {
  it('sends requests as force.js does in Cordova', async () => {
    const network = cordova.require('com.salesforce.plugin.network') as Record<string, Fn>;
    const send = promiser(network, 'sendRequest');
    const created = await new Promise<{ id: string }>((resolve, reject) =>
      network.sendRequest?.('/services/data', '/v66.0/sobjects/account/', resolve, reject, 'POST', {
        Name: 'Via plugin',
      }),
    );
    expect(org.emulator.org.get('Account', created.id)?.Name).toBe('Via plugin');
    const error = await new Promise((resolve) =>
      network.sendRequest?.(
        '/services/data',
        '/v66.0/sobjects/account/001000000000000AAA',
        () => resolve(null),
        resolve,
      ),
    );
    expect(JSON.stringify(error)).toContain('"status":404');
    expect(send).toBeTypeOf('function');
  });

  it('gives the credentials and the SDK info', async () => {
    const oauth = cordova.require('com.salesforce.plugin.oauth') as Record<string, Fn>;
    const credentials = (await promiser(oauth, 'getAuthCredentials')()) as Record<string, unknown>;
    expect(credentials).toMatchObject({
      accessToken: org.emulator.accessToken,
      instanceUrl: org.emulator.instanceUrl,
    });
    expect(Object.keys(credentials)).toEqual(
      expect.arrayContaining(['refreshToken', 'userId', 'orgId', 'loginUrl', 'userAgent']),
    );
    const sdkinfo = cordova.require('com.salesforce.plugin.sdkinfo') as Record<string, Fn>;
    expect(await promiser(sdkinfo, 'getInfo')()).toMatchObject({ sdkVersion: '14.0.0' });
  });
});

describe('the registry and the globals', () => {
  it('defines and requires modules once; an unknown module throws', () => {
    let built = 0;
    cordova.define('my.module', (_require, exports) => {
      built += 1;
      exports.answer = 42;
    });
    expect(cordova.require('my.module')).toEqual({ answer: 42 });
    expect(cordova.require('my.module')).toEqual({ answer: 42 });
    expect(built).toBe(1);
    expect(() => cordova.require('no.such.module')).toThrow(/no.such.module/);
  });

  it('installs cordova, window, document (deviceready sticky) and navigator, and puts them back', async () => {
    const uninstall = installCordovaGlobals();
    try {
      const g = globalThis as unknown as {
        document: EventTarget;
        window: { cordova: unknown; location: URL };
        navigator: { smartstoreClient: unknown };
        cordova: { require(id: string): unknown };
      };
      expect(g.window.cordova).toBe(g.cordova);
      expect(g.window.location.pathname).toBe('/index.html');
      const smartstore = g.cordova.require('com.salesforce.plugin.smartstore') as {
        QuerySpec: unknown;
      };
      expect((g as unknown as { QuerySpec: unknown }).QuerySpec).toBe(smartstore.QuerySpec);
      expect(g.navigator.smartstoreClient).toBe(
        g.cordova.require('com.salesforce.plugin.smartstore.client'),
      );
      await new Promise((resolve) => g.document.addEventListener('deviceready', resolve));
    } finally {
      uninstall();
    }
    expect((globalThis as Record<string, unknown>).cordova).toBeUndefined();
  });
});
