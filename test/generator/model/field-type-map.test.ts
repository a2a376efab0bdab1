import { FIELD_TYPE_MAP, type KnownFieldType, renderProject } from 'soupkit/generator';
import { describe, expect, it } from 'vitest';
import { makeConfig, makeDescribe, makeField, systemFields } from '../builders.js';
import { compileInMemory } from '../compile-virtual.js';

/** The TypeScript each Salesforce type becomes (nillable field). */
const EXPECTED: Record<KnownFieldType, string> = {
  id: 'string',
  string: 'string | null',
  textarea: 'string | null',
  boolean: 'boolean | null',
  int: 'number | null',
  long: 'number | null',
  double: 'number | null',
  currency: 'number | null',
  percent: 'number | null',
  date: 'SalesforceDate | null',
  datetime: 'SalesforceDateTime | null',
  time: 'SalesforceTime | null',
  picklist: 'Everything__c$F_picklist | null',
  multipicklist: 'MultiPicklist<Everything__c$F_multipicklist> | null',
  combobox: 'Everything__c$F_combobox | null',
  reference: 'string | null',
  phone: 'string | null',
  url: 'string | null',
  email: 'string | null',
  encryptedstring: 'string | null',
  address: 'SalesforceAddress | null',
  location: 'SalesforceLocation | null',
  base64: 'string | null', // optional: not in the sync-down SOQL
  anyType: 'SalesforceAnyType | null',
  complexvalue: 'JsonValue | null',
  json: 'JsonValue | null',
};

function everythingDescribe() {
  const types = Object.keys(FIELD_TYPE_MAP) as KnownFieldType[];
  const fields = types
    .filter((type) => type !== 'id')
    .map((type) =>
      makeField(`F_${type}`, {
        type,
        ...(type === 'picklist' || type === 'multipicklist' || type === 'combobox'
          ? { picklistValues: [{ value: 'A', label: 'A', active: true, defaultValue: false }] }
          : {}),
        ...(type === 'reference' ? { referenceTo: ['User'], relationshipName: 'F_User' } : {}),
      }),
    );
  fields.push(makeField('F_vector', { type: 'vector' }));
  return makeDescribe('Everything__c', [...systemFields(), ...fields]);
}

describe('field type mapping', () => {
  const files = renderProject(makeConfig({ objects: ['Everything__c'] }), [everythingDescribe()]);
  const sobject = files.find((f) => f.path === 'sobjects/Everything__c.ts')?.contents ?? '';

  it.each(Object.entries(EXPECTED))('%s → %s', (type, tsType) => {
    const name = type === 'id' ? 'Id' : `F_${type}`;
    const optional = type === 'base64' ? '?' : '';
    expect(sobject).toContain(`\n  ${name}${optional}: ${tsType};\n`);
  });

  it('types an unknown (future) Salesforce type as unknown, with a comment', () => {
    expect(sobject).toContain(
      'Salesforce type `vector` is not known to soupkit: typed as `unknown`.',
    );
    expect(sobject).toContain('\n  F_vector: unknown;\n');
  });

  it('refuses a field name that is not a Salesforce API name (it would reach SOQL and code)', () => {
    const odd = makeDescribe('Everything__c', [
      ...systemFields(),
      makeField('Odd-Name', { type: 'string' }),
    ]);
    expect(() => renderProject(makeConfig({ objects: ['Everything__c'] }), [odd])).toThrow(
      /"name" must be a Salesforce API name/,
    );
  });

  it('the output with every type compiles', () => {
    expect(compileInMemory(files)).toEqual([]);
  });

  it('(the in-memory compile does report errors)', () => {
    const broken = [{ path: 'broken.ts', contents: "export const n: number = 'one';\n" }];
    expect(compileInMemory(broken)).toEqual([
      "broken.ts:1: Type 'string' is not assignable to type 'number'.",
    ]);
  });
});
