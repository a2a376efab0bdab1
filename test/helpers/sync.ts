/**
 * Sync test set-up: a fresh store with `accounts` and `contacts` soups indexed
 * as the SDK's templates index them, a manager on the file's emulator, and
 * small readers of the soups and of the emulator's org.
 */

import type { EmulatorRequestLogEntry } from '../../emulator/index.js';
import { buildAllQuerySpec } from '../../runtime/store/query-spec.js';
import type { SmartStore, StoredEntry } from '../../runtime/store/smart-store.js';
import { StoreError } from '../../runtime/store/store-error.js';
import {
  type ParentChildrenSyncDownTarget,
  type ParentChildrenSyncUpTarget,
  type RelationshipType,
  SYNC_UP_IMPLEMENTATIONS,
  SyncError,
  SyncManager,
} from '../../runtime/sync/index.js';
import type { EmulatorFixture } from './emulator.js';
import { memoryStore } from './store-helpers.js';

export const ACCOUNT_SPECS = [
  { path: 'Id', type: 'string' as const },
  { path: 'Name', type: 'string' as const },
  { path: 'LastModifiedDate', type: 'string' as const },
  { path: '__local__', type: 'string' as const },
  { path: '__sync_id__', type: 'integer' as const },
];

export const CONTACT_SPECS = [
  { path: 'Id', type: 'string' as const },
  { path: 'LastName', type: 'string' as const },
  { path: 'AccountId', type: 'string' as const },
  { path: 'LastModifiedDate', type: 'string' as const },
  { path: '__local__', type: 'string' as const },
  { path: '__sync_id__', type: 'integer' as const },
];

/** A fresh store with `accounts` and `contacts`, and a manager on the emulator. */
export function syncSetup(org: EmulatorFixture): { store: SmartStore; manager: SyncManager } {
  const store = memoryStore();
  store.registerSoup('accounts', ACCOUNT_SPECS);
  store.registerSoup('contacts', CONTACT_SPECS);
  return { store, manager: SyncManager.open({ store, connection: org.connect() }) };
}

/** Every entry of a soup, ordered by `orderPath`. */
export function soupEntries(store: SmartStore, soupName: string, orderPath = 'Id'): StoredEntry[] {
  return store.query({
    ...buildAllQuerySpec({ soupName, orderPath }),
    pageSize: 100_000,
  }) as StoredEntry[];
}

/** The SyncError a promise rejects with (fails the test when it resolves or rejects otherwise). */
export async function rejection(promise: Promise<unknown>): Promise<SyncError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof SyncError) return error;
    throw error;
  }
  throw new Error('expected a SyncError');
}

/** Creates `count` Accounts on the org, named `<tag> 0000`, `<tag> 0001`, …; resolves their ids. */
export function seedAccounts(org: EmulatorFixture, tag: string, count: number): string[] {
  return org.emulator.org.insert(
    'Account',
    Array.from({ length: count }, (_, i) => ({ Name: `${tag} ${String(i).padStart(4, '0')}` })),
  );
}

/** The org's records of `type` whose `field` starts with `prefix`. */
export function serverRecords(
  org: EmulatorFixture,
  type: string,
  field: string,
  prefix: string,
): Record<string, unknown>[] {
  return org.emulator.org.all(type).filter((r) => String(r[field]).startsWith(prefix));
}

/**
 * The requests the emulator answered since `mark`, without the versions list
 * a fresh client asks once to learn the server's clock.
 */
export function dataCalls(org: EmulatorFixture, mark: number): EmulatorRequestLogEntry[] {
  return org.emulator
    .requestsSince(mark)
    .filter((r) => !(r.method === 'GET' && r.path.replace(/\/$/, '') === '/services/data'));
}

/** A logged sub-request of a composite call. */
export interface LoggedSubrequest {
  readonly method: string;
  readonly url: string;
  readonly referenceId: string;
  readonly body?: Record<string, unknown>;
}

/** The sub-requests of a logged `POST …/composite` call. */
export function compositeRequests(logged: { body?: unknown } | undefined): LoggedSubrequest[] {
  const requests = (logged?.body as { compositeRequest?: LoggedSubrequest[] } | undefined)
    ?.compositeRequest;
  if (!Array.isArray(requests)) throw new Error('not a composite call');
  return requests;
}

/** Contacts under their Account, as the children of a parent_children target. */
export const CONTACTS_OF_ACCOUNT = {
  sobjectType: 'Contact',
  sobjectTypePlural: 'Contacts',
  soupName: 'contacts',
  parentIdFieldName: 'AccountId',
} as const;

/** A parent_children sync down of Accounts matching `filter` with their Contacts. */
export function accountFamiliesDown(
  filter: string,
  relationshipType: RelationshipType = 'MASTER_DETAIL',
): ParentChildrenSyncDownTarget {
  return {
    type: 'parent_children',
    parent: { sobjectType: 'Account', soupName: 'accounts' },
    parentFieldlist: ['Name'],
    parentSoqlFilter: filter,
    children: CONTACTS_OF_ACCOUNT,
    childrenFieldlist: ['LastName', 'AccountId'],
    relationshipType,
  };
}

/** The parent-children sync up of Accounts and their Contacts. */
export function accountFamiliesUp(
  relationshipType: RelationshipType = 'MASTER_DETAIL',
): ParentChildrenSyncUpTarget {
  return {
    androidImpl: SYNC_UP_IMPLEMENTATIONS.parent_children.androidImpl,
    parent: { sobjectType: 'Account', soupName: 'accounts' },
    children: CONTACTS_OF_ACCOUNT,
    createFieldlist: ['Name'],
    updateFieldlist: ['Name'],
    childrenCreateFieldlist: ['LastName', 'AccountId'],
    childrenUpdateFieldlist: ['LastName'],
    relationshipType,
  };
}

/**
 * `store` as a sync sees it, except that the `nth` transaction (1-based,
 * counted from now) that writes into `soupName` fails at its end, as a
 * COMMIT fails when the disk is full, once: everything it wrote is rolled
 * back. Everything else goes to `store` itself.
 */
export function storeThatFills(store: SmartStore, soupName: string, nth: number): SmartStore {
  let count = 0;
  let depth = 0;
  let wrote = false;
  return new Proxy(store, {
    get(target, property) {
      const value = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      if (property === 'upsert')
        return (soup: string, ...rest: unknown[]) => {
          if (soup === soupName) wrote = true;
          return (value as (...args: unknown[]) => unknown).apply(target, [soup, ...rest]);
        };
      if (property === 'transaction')
        return <T>(fn: () => T): T =>
          target.transaction(() => {
            // Only the outermost transaction commits.
            if (depth === 0) wrote = false;
            depth += 1;
            let result: T;
            try {
              result = fn();
            } finally {
              depth -= 1;
            }
            if (depth === 0 && wrote && ++count === nth) {
              const cause = Object.assign(new Error('database or disk is full'), {
                code: 'SQLITE_FULL',
              });
              throw new StoreError('STORE_SQLITE_ERROR', `commit failed: ${cause.message}`, {
                cause,
              });
            }
            return result;
          });
      return value.bind(target);
    },
  });
}
