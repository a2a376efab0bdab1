/**
 * The basic example: an encrypted SmartStore holding the soups generated from
 * `soupkit.config.json` (run `npm start` to regenerate `./generated`).
 *
 *     node --conditions=source --import tsx examples/basic/src/main.ts [store-file]
 *
 * Opens (creates) an encrypted store, registers every generated soup, upserts typed
 * Account and Contact records, queries them through the typed bindings (exact, range,
 * full-text match, like), updates one by external id, then closes the store, shows the
 * file is encrypted and reopens it with the key. Without a store-file argument the
 * store lives in a temporary folder that is removed at the end.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SmartStore, StoreError } from 'soupkit';
import {
  type Account,
  bindAccountSoup,
  bindContactSoup,
  type Contact,
  registerSoups,
  soups,
} from './generated/index.js';

const KEY = 'correct horse battery staple';

/** Every field of the generated `Account` type must be given: the compiler checks it. */
function account(fields: Pick<Account, 'Id' | 'Name'> & Partial<Account>): Account {
  return {
    AnnualRevenue: null,
    BillingAddress: null,
    BillingCity: null,
    BillingCountry: null,
    BillingPostalCode: null,
    BillingState: null,
    BillingStreet: null,
    CreatedById: '005000000000001AAA',
    CreatedDate: '2024-03-01T12:00:00.000+0000',
    Customer_Since__c: null,
    Description: null,
    External_Key__c: null,
    Industry: null,
    IsDeleted: false,
    LastActivityDate: null,
    LastModifiedById: '005000000000001AAA',
    LastModifiedDate: '2024-03-01T12:00:00.000+0000',
    NumberOfEmployees: null,
    OwnerId: '005000000000001AAA',
    ParentId: null,
    Phone: null,
    Rating: null,
    Segments__c: null,
    SystemModstamp: '2024-03-01T12:00:00.000+0000',
    Type: null,
    Website: null,
    ...fields,
  };
}

function contact(
  fields: Pick<Contact, 'Id' | 'FirstName' | 'LastName' | 'AccountId' | 'LastModifiedDate'> &
    Partial<Contact>,
): Contact {
  return {
    Email: null,
    LeadSource: null,
    MailingAddress: null,
    MailingCity: null,
    MailingCountry: null,
    MailingPostalCode: null,
    MailingState: null,
    MailingStreet: null,
    MobilePhone: null,
    Name: `${fields.FirstName ?? ''} ${fields.LastName}`.trim(),
    OwnerId: '005000000000001AAA',
    Phone: null,
    Preferred_Call_Time__c: null,
    Site_Location__Latitude__s: null,
    Site_Location__Longitude__s: null,
    Site_Location__c: null,
    Title: null,
    ...fields,
  };
}

function main(storeFile: string): void {
  const store = SmartStore.open({ path: storeFile, key: KEY });
  registerSoups(store);
  console.log(`soups: ${soups.map((soup) => soup.soupName).join(', ')}`);

  const accounts = bindAccountSoup(store);
  const contacts = bindContactSoup(store);
  accounts.upsert([
    account({ Id: '001000000000001AAA', Name: 'Acme Rockets', Industry: 'Manufacturing' }),
    account({ Id: '001000000000002AAA', Name: 'Globex Energy', Industry: 'Energy', Rating: 'Hot' }),
  ]);
  contacts.upsert([
    contact({
      Id: '003000000000001AAA',
      FirstName: 'Ada',
      LastName: 'Lovelace',
      AccountId: '001000000000001AAA',
      LastModifiedDate: '2024-03-01T09:00:00.000+0000',
      Title: 'CTO',
    }),
    contact({
      Id: '003000000000002AAA',
      FirstName: 'Grace',
      LastName: 'Hopper',
      AccountId: '001000000000001AAA',
      LastModifiedDate: '2024-03-05T09:00:00.000+0000',
    }),
    contact({
      Id: '003000000000003AAA',
      FirstName: 'Alan',
      LastName: 'Turing',
      AccountId: '001000000000002AAA',
      LastModifiedDate: '2024-03-09T09:00:00.000+0000',
    }),
  ]);
  console.log(
    `upserted ${accounts.count({ queryType: 'all' })} accounts, ${contacts.count({ queryType: 'all' })} contacts`,
  );

  // Exact match on an indexed path; `indexPath` and the key type are checked by the compiler.
  const acmePeople = contacts.query({
    queryType: 'exact',
    indexPath: 'AccountId',
    matchKey: '001000000000001AAA',
    orderPath: 'Name',
    order: 'ascending',
  });
  console.log(
    `contacts of Acme: ${acmePeople.map((row) => `${row.Name} (${row.Title ?? 'no title'})`).join(', ')}`,
  );

  // Queries are checked against the soup's index specs at compile time (never called):
  const notIndexed = () =>
    contacts.query({
      queryType: 'exact',
      // @ts-expect-error Title has no index in the Contact soup, so it cannot be queried on.
      indexPath: 'Title',
      matchKey: 'CTO',
    });
  void notIndexed;

  // Range over the ISO timestamps of LastModifiedDate.
  const since = contacts.query({
    queryType: 'range',
    indexPath: 'LastModifiedDate',
    beginKey: '2024-03-04',
    endKey: null,
    orderPath: 'LastModifiedDate',
    order: 'descending',
  });
  console.log(`modified since 2024-03-04: ${since.map((row) => row.Name).join(', ')}`);

  // Full-text search: Account.Name has a full_text index in the config.
  const energy = accounts.query({ queryType: 'match', indexPath: 'Name', matchKey: 'glob*' });
  console.log(
    `full-text "glob*": ${energy.map((row) => `${row.Name} [${row.Industry}]`).join(', ')}`,
  );

  const like = contacts.query({
    queryType: 'like',
    indexPath: 'Name',
    likeKey: 'A%',
    orderPath: 'Name',
  });
  console.log(`names like "A%": ${like.map((row) => row.Name).join(', ')}`);

  // Update by external id (the Salesforce Id): the existing entry is replaced, not duplicated.
  const [updated] = contacts.upsertByExternalId(
    [
      contact({
        Id: '003000000000003AAA',
        FirstName: 'Alan',
        LastName: 'Turing',
        AccountId: '001000000000002AAA',
        LastModifiedDate: '2024-03-10T09:00:00.000+0000',
        Title: 'Researcher',
      }),
    ],
    'Id',
  );
  console.log(
    `updated ${updated?.Name}: title ${updated?.Title}, entry ${updated?._soupEntryId}, ${contacts.count({ queryType: 'all' })} contacts`,
  );
  store.close();

  const header = readFileSync(storeFile).subarray(0, 15).toString('latin1');
  console.log(`store file encrypted: ${header !== 'SQLite format 3'}`);
  try {
    SmartStore.open({ path: storeFile, key: 'not the key' }).close();
    console.log('wrong key: opened (unexpected)');
  } catch (error) {
    console.log(`wrong key: ${error instanceof StoreError ? error.code : String(error)}`);
  }
  const reopened = SmartStore.open({ path: storeFile, key: KEY });
  const [ada] = bindContactSoup(reopened).query({
    queryType: 'exact',
    indexPath: 'Id',
    matchKey: '003000000000001AAA',
  });
  console.log(`reopened with the key: ${ada?.Name}, ${ada?.Title}`);
  reopened.close();
}

const given = process.argv[2];
const dir = given === undefined ? mkdtempSync(join(tmpdir(), 'soupkit-basic-')) : undefined;
try {
  main(given ?? join(dir as string, 'basic.db'));
} finally {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
}
