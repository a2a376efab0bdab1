/**
 * The app's contacts, offline: a soup in the user's store, synced with the
 * org by Mobile Sync, edited locally and synced back. This is plain
 * react-native-force code, as in a React Native app; nothing here knows about
 * soupkit (the tests map `react-native-force` to `soupkit/react-native-force`).
 */
import { forceUtil, mobilesync, net, smartstore } from 'react-native-force';

const SOUP = 'contacts';
const SYNC_DOWN = 'syncDownContacts';
const SYNC_UP = 'syncUpContacts';
const FIELDS = ['FirstName', 'LastName', 'Title', 'Email'];
const STORE = { isGlobalStore: false };

/** A contact as the soup keeps it. */
export interface Contact {
  Id: string;
  FirstName?: string;
  LastName: string;
  Title?: string | null;
  Email?: string | null;
  __local__?: boolean;
  __locally_created__?: boolean;
  __locally_updated__?: boolean;
  __locally_deleted__?: boolean;
  _soupEntryId?: number;
}

const registerSoup = forceUtil.promiser(smartstore.registerSoup);
const querySoup = forceUtil.promiser(smartstore.querySoup);
const upsertSoupEntries = forceUtil.promiser(smartstore.upsertSoupEntries);
const syncDown = forceUtil.promiser(mobilesync.syncDown);
const reSync = forceUtil.promiser(mobilesync.reSync);
const syncUp = forceUtil.promiser(mobilesync.syncUp);
const getSyncStatus = forceUtil.promiser(mobilesync.getSyncStatus);

/** Registers the soup (again: registering is idempotent, the data stays). */
export async function openContacts(): Promise<void> {
  await registerSoup(STORE, SOUP, [
    { path: 'Id', type: 'string' },
    { path: 'LastName', type: 'full_text' },
    { path: 'FirstName', type: 'full_text' },
    { path: '__local__', type: 'string' },
  ]);
}

/** Brings the org's contacts down (the first time), or what changed since (afterwards). */
export async function refreshContacts(): Promise<number> {
  const existing = await getSyncStatus(STORE, SYNC_DOWN);
  const state = (
    existing === null
      ? await syncDown(
          STORE,
          { type: 'soql', query: `SELECT Id, ${FIELDS.join(', ')}, LastModifiedDate FROM Contact` },
          SOUP,
          { mergeMode: mobilesync.MERGE_MODE.LEAVE_IF_CHANGED },
          SYNC_DOWN,
        )
      : await reSync(STORE, SYNC_DOWN)
  ) as { totalSize: number };
  return state.totalSize;
}

/** Contacts whose first or last name matches `text` (full-text), by last name. */
export async function searchContacts(text: string): Promise<Contact[]> {
  const cursor = (await querySoup(
    STORE,
    SOUP,
    smartstore.buildMatchQuerySpec(null, `${text}*`, 'ascending', 100, 'LastName'),
  )) as { currentPageOrderedEntries: Contact[] };
  return cursor.currentPageOrderedEntries.filter((c) => !c.__locally_deleted__);
}

/** Saves an edit locally, flagged for the next sync up. */
export async function editContact(contact: Contact, changes: Partial<Contact>): Promise<Contact> {
  const [saved] = (await upsertSoupEntries(STORE, SOUP, [
    { ...contact, ...changes, __local__: true, __locally_updated__: true },
  ])) as Contact[];
  if (saved === undefined) throw new Error('the edit was not saved');
  return saved;
}

/** Creates a contact locally (a local id until it syncs up). */
export async function addContact(fields: Omit<Contact, 'Id'>): Promise<Contact> {
  const [saved] = (await upsertSoupEntries(STORE, SOUP, [
    {
      ...fields,
      Id: `local_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`,
      attributes: { type: 'contact' },
      __local__: true,
      __locally_created__: true,
      __locally_updated__: false,
      __locally_deleted__: false,
    },
  ])) as Contact[];
  if (saved === undefined) throw new Error('the contact was not saved');
  return saved;
}

/** Sends local changes to the org. */
export async function pushChanges(): Promise<void> {
  await syncUp(
    STORE,
    { createFieldlist: FIELDS, updateFieldlist: FIELDS },
    SOUP,
    {
      mergeMode: mobilesync.MERGE_MODE.LEAVE_IF_CHANGED,
      fieldlist: FIELDS,
    },
    SYNC_UP,
  );
}

/** How many contacts the org has (straight from the REST API). */
export async function serverContactCount(): Promise<number> {
  const answer = (await forceUtil.promiser(net.query)('SELECT COUNT() FROM Contact')) as {
    totalSize: number;
  };
  return answer.totalSize;
}
