/**
 * The app's data module, unmodified, on soupkit: a real encrypted store, a
 * real Mobile Sync, and soupkit's emulator (with its sample org) as the org.
 */
import { reset, type SoupkitEmulator, useSoupkitEmulator } from 'soupkit/compat';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import {
  addContact,
  editContact,
  openContacts,
  pushChanges,
  refreshContacts,
  searchContacts,
  serverContactCount,
} from '../src/contacts.js';

let org: SoupkitEmulator;
beforeAll(async () => {
  org = await useSoupkitEmulator();
});
afterAll(() => org.close());
beforeEach(() => openContacts());
afterEach(() => reset());

it('brings the contacts down and finds them offline', async () => {
  const count = await refreshContacts();
  expect(count).toBe(await serverContactCount());
  const found = await searchContacts('Coyote');
  expect(found.map((c) => `${c.FirstName} ${c.LastName}`)).toEqual(['Wile E. Coyote']);
});

it('sends an offline edit and a new contact to the org', async () => {
  await refreshContacts();
  const [wile] = await searchContacts('Coyote');
  if (wile === undefined) throw new Error('no Wile E. Coyote');
  await editContact(wile, { Title: 'Super Genius' });
  await addContact({ FirstName: 'Marvin', LastName: 'Martian' });
  await pushChanges();
  expect(org.emulator.org.get('Contact', wile.Id)?.Title).toBe('Super Genius');
  const marvin = org.emulator.org.all('Contact').find((c) => c.LastName === 'Martian');
  expect(marvin?.FirstName).toBe('Marvin');
  const [local] = await searchContacts('Martian');
  expect(local).toMatchObject({ Id: marvin?.Id, __local__: false });
});

it('keeps a local edit the org changed meanwhile (LEAVE_IF_CHANGED), and re-syncs only what changed', async () => {
  await refreshContacts();
  const [hank] = await searchContacts('Scorpio');
  if (hank === undefined) throw new Error('no Hank Scorpio');
  org.emulator.clock.advance(1000);
  org.emulator.org.update('Contact', hank.Id, { Title: 'Former CEO' });
  await editContact(hank, { Title: 'Chief Volcano Officer' });
  expect(await refreshContacts()).toBe(1);
  const [kept] = await searchContacts('Scorpio');
  expect(kept?.Title).toBe('Chief Volcano Officer');
  await pushChanges();
  // The org changed the record after the local copy was taken: the sync up leaves it.
  expect(org.emulator.org.get('Contact', hank.Id)?.Title).toBe('Former CEO');
});
