import {
  buildModel,
  ConfigError,
  GeneratorError,
  parseDescribe,
  type SoupkitConfig,
  selectObjectNames,
} from 'soupkit/generator';
import { describe, expect, it } from 'vitest';
import { makeConfig, makeDescribe, makeField, systemFields, thrown } from '../builders.js';

const picklist = (values: string[], restricted = false) => ({
  type: 'picklist',
  restrictedPicklist: restricted,
  picklistValues: values.map((value) => ({
    value,
    label: value,
    active: true,
    defaultValue: false,
  })),
});

function accountDescribe() {
  return makeDescribe('Account', [
    ...systemFields(),
    makeField('Name', { nillable: false, nameField: true }),
    makeField('Rating', picklist(['Hot', 'Cold'], true)),
    makeField('Industry', picklist(['Banking', 'Banking', 'Retail'])),
    makeField('External__c', { externalId: true, unique: true }),
    makeField('Employees', { type: 'int' }),
    makeField('ParentId', {
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Parent',
    }),
    makeField('OwnerId', {
      type: 'reference',
      referenceTo: ['User', 'Group'],
      relationshipName: 'Owner',
      polymorphicForeignKey: true,
      nillable: false,
      defaultedOnCreate: true,
    }),
    makeField('Formula__c', { calculated: true, createable: false, updateable: false }),
    makeField('Body', { type: 'base64' }),
    makeField('Status', { nillable: false, defaultedOnCreate: false, updateable: false }),
  ]);
}

function contactDescribe() {
  return makeDescribe('Contact', [
    ...systemFields(),
    makeField('LastName', { nillable: false }),
    makeField('AccountId', {
      type: 'reference',
      referenceTo: ['Account'],
      relationshipName: 'Account',
    }),
  ]);
}

function model(config: SoupkitConfig, describes = [accountDescribe(), contactDescribe()]) {
  return buildModel(makeConfig(config), describes.map(parseDescribe));
}

describe(selectObjectNames.name, () => {
  it('matches globs but leaves out Feed/History/Share/ChangeEvent by default', () => {
    const names = [
      'Account',
      'AccountFeed',
      'AccountHistory',
      'AccountShare',
      'AccountChangeEvent',
      'Invoice__c',
    ];
    expect(selectObjectNames(makeConfig({}), names)).toEqual(['Account', 'Invoice__c']);
    expect(selectObjectNames(makeConfig({ objects: ['*__c'] }), names)).toEqual(['Invoice__c']);
    // An exact name is kept even when an exclusion glob matches it.
    expect(selectObjectNames(makeConfig({ objects: ['AccountHistory'] }), names)).toEqual([
      'AccountHistory',
    ]);
  });

  it('reports an exact name the source does not have', () => {
    const error = thrown(() =>
      selectObjectNames(makeConfig({ objects: ['Account', 'Nope__c'] }), ['Account']),
    );
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_UNKNOWN_OBJECT', key: 'objects[1]' });
  });
});

describe(buildModel.name, () => {
  it('sorts objects by name and fields with Id first', () => {
    const m = model({});
    expect(m.objects.map((o) => o.name)).toEqual(['Account', 'Contact']);
    expect(m.objects[0]?.fields.map((f) => f.name).slice(0, 4)).toEqual([
      'Id',
      'Body',
      'Employees',
      'External__c',
    ]);
  });

  it('marks required-on-create fields: createable, not nillable, not defaulted', () => {
    const fields = model({}).objects[0]?.fields ?? [];
    const required = fields.filter((f) => f.requiredOnCreate).map((f) => f.name);
    expect(required).toEqual(['Name', 'Status']);
  });

  it('maps picklists: closed when restricted, open otherwise, duplicate values once', () => {
    const account = model({}).objects[0];
    expect(
      account?.picklists.map((p) => [p.typeName, p.open, p.values.map((v) => v.value)]),
    ).toEqual([
      ['Account$Industry', true, ['Banking', 'Retail']],
      ['Account$Rating', false, ['Hot', 'Cold']],
    ]);
  });

  it('types references by their targets; polymorphic ones have several', () => {
    const m = model({});
    const parent = m.objects[0]?.fields.find((f) => f.name === 'ParentId');
    const owner = m.objects[0]?.fields.find((f) => f.name === 'OwnerId');
    expect(parent?.reference).toMatchObject({ relationshipName: 'Parent', polymorphic: false });
    expect(parent?.reference?.targets).toEqual([
      {
        objectName: 'Account',
        generated: true,
        typeName: 'Account',
        filePath: 'sobjects/Account.ts',
      },
    ]);
    expect(owner?.reference?.polymorphic).toBe(true);
    expect(owner?.reference?.targets.map((t) => [t.objectName, t.generated])).toEqual([
      ['Group', false],
      ['User', false],
    ]);
  });

  it('indexes Id, name and external-id fields, LastModifiedDate and the sync flags by default', () => {
    expect(model({}).objects[0]?.soup.indexSpecs).toEqual([
      { path: 'Id', type: 'string' },
      { path: 'Name', type: 'string' },
      { path: 'External__c', type: 'string' },
      { path: 'LastModifiedDate', type: 'string' },
      { path: '__local__', type: 'string' },
      { path: '__sync_id__', type: 'integer' },
    ]);
  });

  it('adds configured indexes, and a configured type replaces the default one', () => {
    const m = model({
      objects: [
        {
          name: 'Account',
          soupName: 'accounts',
          indexes: [
            { path: 'Name', type: 'full_text' },
            { path: 'Employees', type: 'integer' },
            { path: 'Parent.Name', type: 'string' },
          ],
        },
      ],
    });
    const soup = m.objects[0]?.soup;
    expect(soup?.soupName).toBe('accounts');
    expect(soup?.indexSpecs).toContainEqual({ path: 'Name', type: 'full_text' });
    expect(soup?.indexSpecs).toContainEqual({ path: 'Employees', type: 'integer' });
    expect(soup?.indexSpecs).toContainEqual({ path: 'Parent.Name', type: 'string' });
    expect(soup?.indexSpecs.filter((s) => s.path === 'Name')).toHaveLength(1);
  });

  it('rejects an index on a path that is not a chosen field', () => {
    const error = thrown(() =>
      model({
        objects: [
          { name: 'Account', fields: ['Name'], indexes: [{ path: 'Rating', type: 'string' }] },
        ],
      }),
    );
    expect(error).toMatchObject({
      code: 'CONFIG_UNKNOWN_INDEX_PATH',
      key: 'objects[0].indexes[0].path',
    });
  });

  it('chooses fields by list, globs and exclusions, always keeping Id and LastModifiedDate', () => {
    const pick = (fields: string[]) =>
      model({ objects: [{ name: 'Account', fields }] }).objects[0]?.fields.map((f) => f.name);
    expect(pick(['Name'])).toEqual(['Id', 'LastModifiedDate', 'Name']);
    expect(pick(['E*'])).toEqual(['Id', 'Employees', 'External__c', 'LastModifiedDate']);
    expect(
      pick(['!*__c', '!Body', '!OwnerId', '!ParentId', '!Status', '!Rating', '!Industry']),
    ).toEqual(['Id', 'Employees', 'LastModifiedDate', 'Name']);
  });

  it('rejects an unknown field name with the config key', () => {
    const error = thrown(() => model({ objects: [{ name: 'Account', fields: ['Name', 'Nmae'] }] }));
    expect(error).toBeInstanceOf(ConfigError);
    expect(error).toMatchObject({ code: 'CONFIG_UNKNOWN_FIELD', key: 'objects[0].fields[1]' });
  });

  it('builds a SOQL sync down from the chosen fields (no base64) and sync-up field lists', () => {
    const m = model({
      objects: [
        {
          name: 'Account',
          fields: ['Name', 'Body', 'Formula__c', 'Status'],
          syncDown: { where: 'Name != null', orderBy: 'Name', limit: 10, maxBatchSize: 500 },
          syncUp: { mergeMode: 'OVERWRITE', externalIdField: 'Name' },
        },
        { name: 'Contact', syncDown: false },
      ],
    });
    expect(m.objects[0]?.syncs).toEqual([
      {
        kind: 'syncDown',
        syncName: 'syncDownAccount',
        constName: 'accountSyncDown',
        soupName: 'Account',
        query:
          'SELECT Id, Formula__c, LastModifiedDate, Name, Status FROM Account WHERE Name != null ORDER BY Name LIMIT 10',
        where: 'Name != null',
        mergeMode: 'LEAVE_IF_CHANGED',
        maxBatchSize: 500,
      },
      {
        kind: 'syncUp',
        syncName: 'syncUpAccount',
        constName: 'accountSyncUp',
        soupName: 'Account',
        createFieldlist: ['Body', 'Name', 'Status'],
        updateFieldlist: ['Body', 'Name'],
        externalIdFieldName: 'Name',
        mergeMode: 'OVERWRITE',
        maxBatchSize: undefined,
      },
    ]);
    expect(m.objects[1]?.syncs.map((s) => s.kind)).toEqual(['syncUp']);
  });

  it('applies defaults, then globs, then the exact entry', () => {
    const m = model({
      defaults: { syncUp: false, fields: ['Name', 'LastName'] },
      objects: ['*', { name: 'Contact', syncUp: {} }],
    });
    expect(m.objects[0]?.syncs.map((s) => s.kind)).toEqual(['syncDown']);
    expect(m.objects[1]?.syncs.map((s) => s.kind)).toEqual(['syncDown', 'syncUp']);
    expect(m.objects[0]?.fields.map((f) => f.name)).toEqual(['Id', 'LastModifiedDate', 'Name']);
  });

  it('reports two objects claiming one soup name', () => {
    const error = thrown(() =>
      model({
        objects: [
          { name: 'Account', soupName: 'things' },
          { name: 'Contact', soupName: 'things' },
        ],
      }),
    );
    expect(error).toBeInstanceOf(GeneratorError);
    expect(error).toMatchObject({ code: 'GENERATE_NAME_COLLISION' });
  });

  it('reports a config that selects nothing', () => {
    expect(() => model({ objects: [] })).toThrow(/selects no object/);
  });

  it('reports a glob that selects nothing, naming the glob', () => {
    expect(() => model({ objects: ['Account', '*__c'] })).toThrow(
      '"objects[1]": "*__c" matches none of the describes given (excludeObjects left out)',
    );
  });
});
