import { DescribeError, parseDescribe, parseGlobalDescribe } from 'soupkit/generator';
import { describe, expect, it } from 'vitest';
import { makeDescribe, makeField, systemFields, thrown } from '../builders.js';

describe(parseDescribe.name, () => {
  it('reads the fields the generator needs and defaults absent flags', () => {
    const parsed = parseDescribe(
      makeDescribe('Account', [
        ...systemFields(),
        { name: 'Name', type: 'string', label: 'Account Name' },
      ]),
    );
    expect(parsed.name).toBe('Account');
    const name = parsed.fields.find((f) => f.name === 'Name');
    expect(name).toMatchObject({
      type: 'string',
      nillable: true,
      createable: false,
      picklistValues: [],
      referenceTo: [],
    });
  });

  it('unwraps the `sf sobject describe --json` envelope', () => {
    const raw = makeDescribe('Contact', systemFields());
    const parsed = parseDescribe({ ...raw, json: { status: 0, result: raw.json } });
    expect(parsed.fields.map((f) => f.name)).toEqual(['Id', 'LastModifiedDate']);
  });

  it.each([
    ['not an object', [], 'DESCRIBE_INVALID', /must be a JSON object/],
    ['no fields', { name: 'Account' }, 'DESCRIBE_INVALID', /"fields" must be an array/],
    [
      'another object',
      { name: 'Contact', fields: [] },
      'DESCRIBE_NAME_MISMATCH',
      /asked for Account but the describe is of Contact/,
    ],
    [
      'a field without type',
      { name: 'Account', fields: [{ name: 'Name' }] },
      'DESCRIBE_INVALID',
      /Account\.Name: "type" must be a non-empty string/,
    ],
    [
      'a field name that is no API name (it would reach the SOQL)',
      { name: 'Account', fields: [makeField('Name FROM User --', { type: 'string' })] },
      'DESCRIBE_INVALID',
      /Account\.fields\[0\]: "name" must be a Salesforce API name .*"Name FROM User --"/,
    ],
    [
      'a relationship name that is no API name',
      {
        name: 'Account',
        fields: [
          makeField('OwnerId', {
            type: 'reference',
            referenceTo: ['User'],
            relationshipName: "Owner') /*",
          }),
        ],
      },
      'DESCRIBE_INVALID',
      /Account\.OwnerId: "relationshipName" must be a Salesforce API name/,
    ],
    [
      'a reference target that is no API name',
      {
        name: 'Account',
        fields: [makeField('OwnerId', { type: 'reference', referenceTo: ['User*/'] })],
      },
      'DESCRIBE_INVALID',
      /Account\.OwnerId: referenceTo\[0\] must be a Salesforce API name/,
    ],
    [
      'a bad flag',
      { name: 'Account', fields: [makeField('Name', { nillable: 'yes' })] },
      'DESCRIBE_INVALID',
      /Account\.Name: "nillable" must be true or false/,
    ],
    [
      'bad picklist values',
      {
        name: 'Account',
        fields: [makeField('Type', { type: 'picklist', picklistValues: [{ label: 'x' }] })],
      },
      'DESCRIBE_INVALID',
      /Account\.Type\.picklistValues\[0\]: "value"/,
    ],
    [
      'bad referenceTo',
      { name: 'Account', fields: [makeField('OwnerId', { type: 'reference', referenceTo: [1] })] },
      'DESCRIBE_INVALID',
      /referenceTo/,
    ],
    [
      'a field twice',
      { name: 'Account', fields: [makeField('Name'), makeField('Name')] },
      'DESCRIBE_INVALID',
      /Account\.Name: field listed twice/,
    ],
  ])('reports %s', (_what, json, code, message) => {
    const error = thrown(() =>
      parseDescribe({ origin: 'describes/Account.describe.json', name: 'Account', json }),
    );
    expect(error).toBeInstanceOf(DescribeError);
    expect(error).toMatchObject({
      code,
      origin: 'describes/Account.describe.json',
      objectName: 'Account',
    });
    expect((error as Error).message).toMatch(/^describes\/Account\.describe\.json: /);
    expect((error as Error).message).toMatch(message);
  });

  it('names the field of a field error', () => {
    const error = thrown(() =>
      parseDescribe(makeDescribe('Account', [makeField('Rating', { length: 'long' })])),
    );
    expect(error).toMatchObject({ fieldName: 'Rating', code: 'DESCRIBE_INVALID' });
  });
});

describe(parseGlobalDescribe.name, () => {
  it('lists the sObject names', () => {
    expect(
      parseGlobalDescribe({ sobjects: [{ name: 'Account' }, { name: 'Contact' }] }, 'g.json'),
    ).toEqual(['Account', 'Contact']);
  });

  it('rejects a body without sobjects', () => {
    expect(() => parseGlobalDescribe({}, 'g.json')).toThrow(/"sobjects" array/);
  });
});
