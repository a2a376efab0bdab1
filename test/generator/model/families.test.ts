/**
 * Family syncs from the config's `children`: a parent_children sync down and
 * sync up with the relationship type read from the describe, the parent-id
 * field indexed in the children soup, and the errors that name the config key.
 */
import { describe, expect, it } from 'vitest';
import type { SoupkitConfig } from '../../../generator/config/config.js';
import { parseDescribe } from '../../../generator/describe/describe.js';
import { ConfigError } from '../../../generator/errors.js';
import { buildModel } from '../../../generator/model/build-model.js';
import { makeConfig, makeDescribe, makeField, systemFields, thrown } from '../builders.js';

const account = makeDescribe(
  'Account',
  [...systemFields(), makeField('Name', { type: 'string', nameField: true })],
  {
    childRelationships: [
      {
        childSObject: 'Contact',
        field: 'AccountId',
        relationshipName: 'Contacts',
        cascadeDelete: false,
      },
      {
        childSObject: 'Invoice__c',
        field: 'Account__c',
        relationshipName: 'Invoices__r',
        cascadeDelete: true,
      },
      { childSObject: 'Task', field: 'WhatId', relationshipName: null, cascadeDelete: false },
    ],
  },
);
const contact = makeDescribe('Contact', [
  ...systemFields(),
  makeField('LastName', { type: 'string' }),
  makeField('AccountId', {
    type: 'reference',
    referenceTo: ['Account'],
    relationshipName: 'Account',
  }),
]);
const invoice = makeDescribe('Invoice__c', [
  ...systemFields(),
  makeField('Account__c', {
    type: 'reference',
    referenceTo: ['Account'],
    relationshipName: 'Account__r',
  }),
]);
const describes = [account, contact, invoice].map(parseDescribe);

function model(config: SoupkitConfig) {
  return buildModel(makeConfig(config), describes);
}

describe('family syncs', () => {
  it('emit a parent_children sync down and sync up per child relationship, typed by cascadeDelete', () => {
    const m = model({
      objects: [
        {
          name: 'Account',
          children: ['Contacts', 'Invoices__r'],
          syncDown: { where: "Name != 'x'" },
        },
        'Contact',
        'Invoice__c',
      ],
    });
    const parent = m.objects.find((o) => o.name === 'Account');
    expect(parent?.syncs.map((s) => [s.kind, s.syncName])).toEqual([
      ['syncDown', 'syncDownAccount'],
      ['syncUp', 'syncUpAccount'],
      ['familySyncDown', 'syncDownAccountWithContacts'],
      ['familySyncUp', 'syncUpAccountWithContacts'],
      ['familySyncDown', 'syncDownAccountWithInvoices__r'],
      ['familySyncUp', 'syncUpAccountWithInvoices__r'],
    ]);
    const contacts = parent?.syncs[2];
    expect(contacts).toMatchObject({
      parentSoqlFilter: "Name != 'x'",
      relationshipType: 'LOOKUP',
      children: {
        sobjectType: 'Contact',
        sobjectTypePlural: 'Contacts',
        soupName: 'Contact',
        parentIdFieldName: 'AccountId',
      },
    });
    expect(parent?.syncs[4]).toMatchObject({ relationshipType: 'MASTER_DETAIL' });
    expect(parent?.syncFunctions.map((f) => f.name)).toEqual([
      'syncDownAccount',
      'reSyncAccount',
      'syncUpAccount',
      'syncDownAccountWithContacts',
      'syncUpAccountWithContacts',
      'syncDownAccountWithInvoices__r',
      'syncUpAccountWithInvoices__r',
    ]);
    const child = m.objects.find((o) => o.name === 'Invoice__c');
    expect(child?.soup.indexSpecs).toContainEqual({ path: 'Account__c', type: 'string' });
  });

  it('name the config key of an unknown relationship, of a child not generated, and of a missing parent-id field', () => {
    const unknown = thrown(() =>
      model({ objects: [{ name: 'Account', children: ['Contact'] }, 'Contact'] }),
    );
    expect(unknown).toBeInstanceOf(ConfigError);
    expect(unknown).toMatchObject({
      code: 'CONFIG_UNKNOWN_RELATIONSHIP',
      key: 'objects[0].children[0]',
    });
    expect((unknown as Error).message).toContain('did you mean "Contacts"?');
    const notGenerated = thrown(() =>
      model({ objects: [{ name: 'Account', children: ['Contacts'] }] }),
    );
    expect((notGenerated as Error).message).toContain('add "Contact" to objects');
    const unchosen = thrown(() =>
      model({
        objects: [
          { name: 'Account', children: ['Contacts'] },
          { name: 'Contact', fields: ['LastName'] },
        ],
      }),
    );
    expect(unchosen).toMatchObject({ code: 'CONFIG_SYNC_INDEX_MISSING', key: 'objects[1].fields' });
  });

  it('refuse a config whose synced soup would not index what sync needs', () => {
    const error = thrown(() =>
      model({ objects: [{ name: 'Account', indexes: [{ path: '__sync_id__', type: 'string' }] }] }),
    );
    expect(error).toMatchObject({
      code: 'CONFIG_SYNC_INDEX_MISSING',
      key: 'objects[0].indexes[0]',
    });
    expect((error as Error).message).toBe(
      '"objects[0].indexes[0]": soup Account is synced, so __sync_id__ (the sync id ghost cleaning filters on) must be indexed as integer, not string',
    );
  });
});
